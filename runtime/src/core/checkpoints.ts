import { currentTime } from '../clock.ts';
import { describeValue, requireDeadline, requireDuration } from '../validate.ts';
import { cancelledNodes, type CancelNode } from './cancelNode.ts';
import { currentNode } from './context.ts';
import { deadlines, type TimedEntry } from './deadlineHeap.ts';
import { LineWaiter, WaitLine } from '../sync/waitList.ts';
import { Waiter } from './waiter.ts';

// Every function here is a checkpoint: it raises `Cancelled` if the calling context is already
// cancelled, and a wait is woken by cancellation at once (its waiter is parked in the context's
// cancel node).

/** Yields to the event loop once, then raises `Cancelled` if the calling context is cancelled. */
export function checkpoint(): Promise<void> {
  const node = currentNode();
  return new Promise<void>((resolve, reject) => {
    setImmediate(() => {
      deadlines.fireOverdue();
      if (node?.cancelled) reject(node.cancelledError());
      else resolve();
    });
  });
}

/** Waits `ms` milliseconds (a checkpoint). `sleep(0)` and negative values only yield once. */
export function sleep(ms: number): Promise<void> {
  requireDuration(ms, 'sleep(ms)');
  return sleepUntilChecked(ms === Infinity ? Infinity : currentTime() + ms);
}

/** Waits until `deadline` on the `currentTime()` clock (a checkpoint). */
export function sleepUntil(deadline: number): Promise<void> {
  requireDeadline(deadline, 'sleepUntil(deadline)');
  return sleepUntilChecked(deadline);
}

/** Waits until cancelled. */
export function sleepForever(): Promise<never> {
  const node = currentNode();
  return rejectIfCancelled(node) ?? new Waiter<never>(null, 'sleepForever').parkIn(node);
}

/**
 * Waits for a foreign promise as a checkpoint: raises `Cancelled` as soon as the context is
 * cancelled. The work behind the promise goes on (pass `currentSignal()` to it to stop it), and
 * its later rejection is handled here, never reported as unhandled. A cancelled wait keeps
 * nothing alive, however long the promise lives (see `follow`).
 */
export function cancellable<T>(promise: PromiseLike<T>): Promise<T> {
  if (promise === null || (typeof promise !== 'object' && typeof promise !== 'function')
    || typeof (promise as PromiseLike<T>).then !== 'function') {
    throw new TypeError(`cancellable(promise) expects a promise or thenable, got ${describeValue(promise)}`);
  }
  const node = currentNode();
  const followers = follow(promise);
  const cancelled = rejectIfCancelled(node);
  if (cancelled) return cancelled;
  const waiter = new LineWaiter<T>(null, 'cancellable');
  followers.push(waiter);
  return waiter.parkIn(node);
}

/**
 * The waits on each foreign promise, while it is pending. A promise is subscribed to once (one
 * `then`, which it keeps until it settles), and its waits stand in a line that a cancelled wait
 * leaves: with a `then` per wait, 100,000 cancelled waits on one long-lived promise (a shutdown
 * signal waited on with a timeout, in a loop) kept 180 MB until it settled.
 */
const followersOf = new WeakMap<object, WaitLine<LineWaiter<any>>>();

/** The line of waits on `promise`, subscribed to on first use; it also marks its rejection handled. */
function follow<T>(promise: PromiseLike<T>): WaitLine<LineWaiter<T>> {
  const existing = followersOf.get(promise);
  if (existing !== undefined) return existing;
  const followers = new WaitLine<LineWaiter<T>>();
  followersOf.set(promise, followers);
  const settle = (each: (waiter: LineWaiter<T>) => void): void => {
    followersOf.delete(promise);
    for (let waiter = followers.shift(); waiter !== null; waiter = followers.shift()) each(waiter);
  };
  Promise.resolve(promise).then(
    (value) => settle((waiter) => waiter.wake(value)),
    (error: unknown) => settle((waiter) => waiter.fail(error)),
  );
  return followers;
}

function sleepUntilChecked(deadline: number): Promise<void> {
  const node = currentNode();
  const cancelled = rejectIfCancelled(node);
  if (cancelled) return cancelled;
  if (deadline === Infinity) return sleepForever();
  if (deadline <= currentTime()) return checkpoint();
  const sleeper = new Sleeper(deadline);
  deadlines.add(sleeper);
  return sleeper.parkIn(node);
}

/** A parked sleep: a waiter that is also its own entry in the deadline heap. */
class Sleeper extends Waiter<void> implements TimedEntry {
  heapIndex = -1;

  constructor(public deadline: number) {
    super(null, 'sleep');
  }

  fire(): void {
    this.wake();
  }

  protected override onCancel(): void {
    deadlines.remove(this);
  }
}

/**
 * @internal The rejection a wait returns when its context is already cancelled, else undefined: the
 * "raise if cancelled" half of every checkpoint, for a wait that may not need to wait (a
 * `put` with room, a free lock). It reads the context only when something is cancelled.
 */
export function rejectIfContextCancelled(): Promise<never> | undefined {
  deadlines.fireOverdue();
  return cancelledNodes === 0 ? undefined : rejectIfNodeCancelled(currentNode());
}

/**
 * @internal The rejection a checkpoint returns when `node` is already cancelled, else undefined: the
 * "raise if cancelled" half of every wait, shared by the primitives. A deadline that has passed
 * counts, though its timer has not run yet (the event loop was blocked past it).
 */
export function rejectIfCancelled(node: CancelNode | undefined): Promise<never> | undefined {
  deadlines.fireOverdue();
  return rejectIfNodeCancelled(node);
}

function rejectIfNodeCancelled(node: CancelNode | undefined): Promise<never> | undefined {
  return node?.cancelled ? Promise.reject(node.cancelledError()) : undefined;
}
