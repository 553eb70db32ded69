import { currentTime } from '../clock.ts';
import { describeValue, requireDeadline, requireDuration } from '../validate.ts';
import { cancelledNodes, type CancelNode } from './cancelNode.ts';
import { currentNode } from './context.ts';
import { deadlines, type TimedEntry } from './deadlineHeap.ts';
import { Waiter } from './waiter.ts';

// Every function here is a checkpoint: it raises `Cancelled` if the calling context is already
// cancelled, and a wait is woken by cancellation at once (its waiter is parked in the context's
// cancel node).

/** Yields to the event loop once, then raises `Cancelled` if the calling context is cancelled. */
export function checkpoint(): Promise<void> {
  const node = currentNode();
  return new Promise<void>((resolve, reject) => {
    setImmediate(() => (node?.cancelled ? reject(node.cancelledError()) : resolve()));
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
  if (node?.cancelled) return Promise.reject(node.cancelledError());
  return new Waiter<never>(null, 'sleepForever').parkIn(node);
}

/**
 * Waits for a foreign promise as a checkpoint: raises `Cancelled` as soon as the context is
 * cancelled. The work behind the promise goes on (pass `currentSignal()` to it to stop it), and
 * its later rejection is handled here, never reported as unhandled.
 */
export function cancellable<T>(promise: PromiseLike<T>): Promise<T> {
  if (promise === null || (typeof promise !== 'object' && typeof promise !== 'function')
    || typeof (promise as PromiseLike<T>).then !== 'function') {
    throw new TypeError(`cancellable(promise) expects a promise or thenable, got ${describeValue(promise)}`);
  }
  const node = currentNode();
  const waiter = new Waiter<T>(null, 'cancellable');
  Promise.resolve(promise).then((value) => waiter.wake(value), (error: unknown) => waiter.fail(error));
  if (node?.cancelled) return Promise.reject(node.cancelledError());
  return waiter.parkIn(node);
}

function sleepUntilChecked(deadline: number): Promise<void> {
  const node = currentNode();
  if (node?.cancelled) return Promise.reject(node.cancelledError());
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
  return cancelledNodes === 0 ? undefined : rejectIfCancelled(currentNode());
}

/**
 * @internal The rejection a checkpoint returns when `node` is already cancelled, else undefined: the
 * "raise if cancelled" half of every wait, shared by the primitives.
 */
export function rejectIfCancelled(node: CancelNode | undefined): Promise<never> | undefined {
  return node?.cancelled ? Promise.reject(node.cancelledError()) : undefined;
}
