import { rejectIfContextCancelled } from '../core/checkpoints.ts';
import { currentNode } from '../core/context.ts';
import { LineWaiter, WaitLine } from './waitList.ts';

let nextEventId = 1;

/** A one-shot flag that tasks wait on: once `set()`, every `wait()` returns at once. */
export class Event {
  readonly id = nextEventId++;
  #set = false;
  readonly #waiters = new WaitLine<LineWaiter<void>>();

  /** Sets the flag and wakes every waiter. Idempotent. */
  set(): void {
    if (this.#set) return;
    this.#set = true;
    for (let waiter = this.#waiters.shift(); waiter; waiter = this.#waiters.shift()) waiter.wake();
  }

  isSet(): boolean {
    return this.#set;
  }

  /** Waits until the flag is set (a checkpoint). */
  wait(): Promise<void> {
    const cancelled = rejectIfContextCancelled();
    if (cancelled) return cancelled;
    if (this.#set) return Promise.resolve();
    const waiter = new LineWaiter<void>(this, 'wait');
    this.#waiters.push(waiter);
    return waiter.parkIn(currentNode());
  }

  statistics(): { waiters: number } {
    return { waiters: this.#waiters.length };
  }
}
