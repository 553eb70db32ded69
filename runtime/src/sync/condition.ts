import { shield } from '../core/blocks.ts';
import { rejectIfCancelled } from '../core/checkpoints.ts';
import { currentNode } from '../core/context.ts';
import { requireCount } from '../validate.ts';
import { Lock } from './lock.ts';
import { LineWaiter, WaitLine } from './waitList.ts';

let nextConditionId = 1;

/**
 * Waiting for a state change under a lock: `wait()` releases the lock, waits for `notify`, and
 * takes the lock back before it returns, even when cancelled (so the caller's `finally` still
 * holds it).
 */
export class Condition {
  readonly id = nextConditionId++;
  readonly lock: Lock;
  readonly #waiters = new WaitLine<LineWaiter<void>>();

  constructor(lock: Lock = new Lock()) {
    if (!(lock instanceof Lock)) throw new TypeError('new Condition(lock) expects a Lock');
    this.lock = lock;
  }

  acquire(): Promise<void> {
    return this.lock.acquire();
  }

  release(): void {
    this.lock.release();
  }

  locked(): boolean {
    return this.lock.locked();
  }

  /** Runs `body` holding the condition's lock (as `async with condition:`). */
  run<T>(body: () => Promise<T> | T): Promise<T> {
    return this.lock.run(body);
  }

  /** Releases the lock, waits to be notified (a checkpoint), then re-acquires the lock. */
  async wait(): Promise<void> {
    if (!this.lock.heldByCaller()) {
      throw new TypeError(`Condition#${this.id}.wait: the calling task must hold the condition's lock`);
    }
    const node = currentNode();
    const cancelled = rejectIfCancelled(node);
    if (cancelled) return cancelled;
    const waiter = new LineWaiter<void>(this, 'wait');
    this.#waiters.push(waiter);
    this.lock.release();
    try {
      await waiter.parkIn(node);
    } finally {
      await shield(() => this.lock.acquire());
    }
  }

  /** Wakes the first `n` waiters. The caller must hold the lock. */
  notify(n = 1): void {
    requireCount(n, `Condition#${this.id}.notify(n)`, 0, true);
    if (!this.lock.heldByCaller()) {
      throw new TypeError(`Condition#${this.id}.notify: the calling task must hold the condition's lock`);
    }
    for (let i = 0; i < n; i++) {
      const waiter = this.#waiters.shift();
      if (!waiter) break;
      waiter.wake();
    }
  }

  /** Wakes every waiter. The caller must hold the lock. */
  notifyAll(): void {
    this.notify(Infinity);
  }

  statistics(): { waiters: number; locked: boolean } {
    return { waiters: this.#waiters.length, locked: this.lock.locked() };
  }
}
