// Helpers of the synchronisation-primitive tests (sync-*.test.ts): one call run in a cancel scope
// of its own, so that a test can cancel that one wait and watch how it ends.
import assert from 'node:assert/strict';

import { CancelScope, createTaskGroup } from '../../runtime/src/index.ts';
import { describe as describeValue, observe, turns } from './helpers.ts';

export interface ScopedCall<T> {
  /** The scope the call runs in: `scope.cancel()` cancels this one call. */
  readonly scope: CancelScope;
  /** The call's own promise, observed (never unhandled). */
  readonly promise: Promise<T>;
  state(): 'pending' | 'fulfilled' | 'rejected';
  value(): T | undefined;
  error(): unknown;
  /** Settles when the scope's block has ended (never rejects). */
  readonly done: Promise<void>;
}

/**
 * Calls `fn` synchronously inside a new CancelScope (the call is made before this returns), so
 * a test can make several calls in a known order and cancel each one on its own.
 */
export function inScope<T>(fn: () => Promise<T>, options: { cancelled?: boolean } = {}): ScopedCall<T> {
  const scope = new CancelScope();
  if (options.cancelled) scope.cancel();
  let promise: Promise<T> | undefined;
  const block = scope.run(() => (promise = fn()));
  assert.ok(promise, 'CancelScope.run calls its body synchronously');
  const seen = observe(promise);
  const done = block.then(() => undefined, () => undefined);
  return { scope, promise, state: seen.state, value: seen.value, error: seen.error, done };
}

/**
 * Runs `fn` as the one task of a task group and returns its value: where a test checks what a
 * task may do (ownership, re-entry), since code outside tasks is checked more loosely.
 */
export async function inTask<T>(fn: () => Promise<T>): Promise<T> {
  let value!: T;
  await createTaskGroup((tg) => {
    tg.startSoon(async () => { value = await fn(); });
  });
  return value;
}

/** Lets every pending continuation run (a few turns of the event loop). */
export function settle(): Promise<void> {
  return turns(3);
}

/** Asserts `error` is an instance of `cls` whose message mentions every fragment (case-insensitive). */
export function assertError(error: unknown, cls: abstract new (...args: never[]) => Error, ...fragments: string[]): void {
  assert.ok(error instanceof cls, `expected a ${cls.name}, got ${describeValue(error)}`);
  for (const fragment of fragments) {
    assert.ok(
      error.message.toLowerCase().includes(fragment.toLowerCase()),
      `expected the ${cls.name} message to mention "${fragment}": ${error.message}`,
    );
  }
}

/** Runs `fn`, which must throw synchronously, and returns what it threw. */
export function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  assert.fail('expected a synchronous throw');
}
