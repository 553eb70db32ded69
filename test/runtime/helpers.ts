// Shared helpers of the runtime tests: an ordered event log, a way to see whether a promise has
// settled without waiting on it, and a count of the handles that keep the process alive.
import assert from 'node:assert/strict';

import { isCancelled } from '../../runtime/src/index.ts';

/** An ordered log of what a test's tasks did; assertions compare the order, never times. */
export class Log {
  readonly events: string[] = [];

  add(event: string): void {
    this.events.push(event);
  }

  indexOf(event: string): number {
    const index = this.events.indexOf(event);
    assert.notEqual(index, -1, `expected "${event}" in the log: ${JSON.stringify(this.events)}`);
    return index;
  }

  /** Asserts that `first` was logged, and logged before `second`. */
  before(first: string, second: string): void {
    assert.ok(this.indexOf(first) < this.indexOf(second), `expected "${first}" before "${second}": ${JSON.stringify(this.events)}`);
  }
}

/** Yields to the event loop `turns` times (macrotasks), letting timers of 0 ms and immediates run. */
export async function turns(count = 1): Promise<void> {
  for (let i = 0; i < count; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/** Waits on a plain timer, outside the runtime (for tests that must not use the code under test). */
export function plainDelay(ms: number): Promise<void> {
  return new Promise<void>((resolve) => setTimeout(resolve, ms));
}

/** Collects the process's `event` events ('warning', 'unhandledRejection'…) while `body` runs and a little after. */
export async function processEventsDuring<T>(event: 'warning' | 'unhandledRejection', body: () => Promise<unknown>): Promise<T[]> {
  const seen: T[] = [];
  const listener = (value: T): void => { seen.push(value); };
  process.on(event, listener);
  try {
    await body();
    await plainDelay(20);
    await turns(3);
  } finally {
    process.off(event, listener);
  }
  return seen;
}

/** Process warnings (TimeoutOverflowWarning, MaxListenersExceededWarning…) while `body` runs and a little after. */
export function warningsDuring(body: () => Promise<unknown>): Promise<Error[]> {
  return processEventsDuring<Error>('warning', body);
}

/** Observes a promise's outcome without awaiting it: `state()` is pending, fulfilled or rejected. */
export function observe<T>(promise: Promise<T>): { state(): 'pending' | 'fulfilled' | 'rejected'; value(): T | undefined; error(): unknown } {
  let state: 'pending' | 'fulfilled' | 'rejected' = 'pending';
  let value: T | undefined;
  let error: unknown;
  promise.then(
    (v) => { state = 'fulfilled'; value = v; },
    (e: unknown) => { state = 'rejected'; error = e; },
  );
  return { state: () => state, value: () => value, error: () => error };
}

/** Awaits `promise` and returns what it rejected with; fails if it resolved. */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    const value = await promise;
    assert.fail(`expected a rejection, got the value ${String(value)}`);
  } catch (error) {
    if (error instanceof assert.AssertionError) throw error;
    return error;
  }
}

/** Asserts `error` is a `Cancelled` (by `isCancelled`, `instanceof` and name). */
export function assertCancelled(error: unknown, message = 'expected a Cancelled'): void {
  assert.ok(isCancelled(error), `${message}, got ${describe(error)}`);
  assert.equal((error as Error).name, 'Cancelled');
}

/** The errors inside an ExceptionGroup (AggregateError), flattened through nested groups. */
export function leaves(error: unknown): unknown[] {
  if (error instanceof AggregateError) {
    const list = (error as AggregateError & { exceptions?: readonly unknown[] }).exceptions ?? error.errors;
    return list.flatMap(leaves);
  }
  return [error];
}

export function describe(value: unknown): string {
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  return String(value);
}

/** The kinds of resources that keep the event loop alive: timers and immediates, counted by kind. */
export function liveTimers(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) {
    if (kind === 'Timeout' || kind === 'Immediate') counts[kind] = (counts[kind] ?? 0) + 1;
  }
  return counts;
}

/** Every active resource kind, sorted: compared before and after a piece of code. */
export function activeResources(): string[] {
  return process.getActiveResourcesInfo().slice().sort();
}

/** A distinct error a test throws on purpose, to find again in what comes out. */
export class Boom extends Error {
  override name = 'Boom';
  constructor(readonly tag: string) {
    super(`boom ${tag}`);
  }
}

/** A promise with its resolve function, for gates a test opens in a chosen order. */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((ok) => { resolve = ok; });
  return { promise, resolve };
}
