import { currentTime } from '../clock.ts';
import { effectiveDeadline } from '../core/blocks.ts';
import { sleep } from '../core/checkpoints.ts';
import { isCancelled } from '../errors.ts';
import { describeValue, requireCount, requireDuration, requireFunction } from '../validate.ts';

export interface RetryOptions {
  /** How many calls at most, the first included (an integer ≥ 1). Default 3. */
  attempts?: number;
  /** Delay before the second call, in ms; it doubles after each failure. Default 100. */
  baseDelay?: number;
  /** Upper bound of a delay, in ms. Default 10,000. */
  maxDelay?: number;
  /** Which errors to retry: error classes, or a predicate. Default: every error but `Cancelled`. */
  retryOn?: readonly (abstract new (...args: never[]) => unknown)[] | ((error: unknown) => boolean);
  /** Spread of each delay, as a fraction: 0.1 makes a delay anywhere from 100 % to 110 %. Default 0. */
  jitter?: number;
}

/**
 * Calls `fn` until it succeeds, up to `attempts` times, sleeping between calls with exponential
 * back-off. Never retries `Cancelled`; gives up at once with the last error when the next
 * back-off would end past the effective deadline; otherwise rethrows the last error.
 */
export function retry<T>(fn: (attempt: number) => Promise<T> | T, options: RetryOptions = {}): Promise<T> {
  requireFunction(fn, 'retry(fn, options)');
  const { attempts = 3, baseDelay = 100, maxDelay = 10_000, retryOn, jitter = 0 } = options;
  requireCount(attempts, 'retry(fn, { attempts })', 1);
  requireDuration(baseDelay, 'retry(fn, { baseDelay })');
  requireDuration(maxDelay, 'retry(fn, { maxDelay })');
  if (typeof jitter !== 'number' || !(jitter >= 0)) throw new RangeError(`retry(fn, { jitter }) expects a fraction ≥ 0, got ${describeValue(jitter)}`);
  return retryChecked(fn, attempts, baseDelay, maxDelay, jitter, toRetryPredicate(retryOn));
}

async function retryChecked<T>(
  fn: (attempt: number) => Promise<T> | T,
  attempts: number,
  baseDelay: number,
  maxDelay: number,
  jitter: number,
  shouldRetry: (error: unknown) => boolean,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (error) {
      if (isCancelled(error) || attempt >= attempts || !shouldRetry(error)) throw error;
      const delay = Math.min(maxDelay, baseDelay * 2 ** (attempt - 1)) * (1 + Math.random() * jitter);
      if (currentTime() + delay > effectiveDeadline()) throw error;
      await sleep(delay);
    }
  }
}

function toRetryPredicate(retryOn: RetryOptions['retryOn']): (error: unknown) => boolean {
  if (retryOn === undefined) return () => true;
  if (Array.isArray(retryOn)) return (error) => retryOn.some((errorClass) => error instanceof errorClass);
  if (typeof retryOn === 'function') return retryOn as (error: unknown) => boolean;
  throw new TypeError(`retry(fn, { retryOn }) expects error classes or a predicate, got ${describeValue(retryOn)}`);
}
