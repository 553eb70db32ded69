import { currentTask } from '../core/task.ts';
import { requireFunction } from '../validate.ts';
import { TokenPool } from './tokenPool.ts';

let nextLockId = 1;

/** @internal Code outside any task holds locks under this owner. */
export const TOP_LEVEL = Object.freeze({ name: 'top level' });

/** @internal The task the calling code runs in, or TOP_LEVEL: the owner of locks and limiter tokens. */
export function currentOwner(): object {
  return currentTask() ?? TOP_LEVEL;
}

/**
 * Mutual exclusion between tasks, held by one task at a time; waiters get it in FIFO order, and
 * a released lock goes to the first waiter, never to a newcomer.
 */
export class Lock {
  readonly id = nextLockId++;
  #owner: object | undefined;
  readonly #pool = new TokenPool(1, this, (owner) => (this.#owner = owner as object));

  /** Takes the lock, waiting in line while another task holds it (a checkpoint). */
  acquire(): Promise<void> {
    const owner = currentOwner();
    if (this.#owner === owner) {
      return Promise.reject(new TypeError(`Lock#${this.id}.acquire: this task already holds the lock (it is not re-entrant)`));
    }
    return this.#pool.take(owner);
  }

  /** Takes the lock if it is free and nobody waits; false otherwise. Not a checkpoint. */
  acquireNowait(): boolean {
    if (!this.#pool.tryTake()) return false;
    this.#owner = currentOwner();
    return true;
  }

  /** @internal True when the calling task holds the lock (for Condition). */
  heldByCaller(): boolean {
    return this.#owner !== undefined && this.#owner === currentOwner();
  }

  /** Releases the lock; throws if the calling task does not hold it. */
  release(): void {
    if (this.#owner === undefined || this.#owner !== currentOwner()) {
      throw new TypeError(`Lock#${this.id}.release: the calling task does not hold this lock`);
    }
    this.#owner = undefined;
    this.#pool.give();
  }

  locked(): boolean {
    return this.#owner !== undefined;
  }

  /** Runs `body` holding the lock, and releases it however the body ends. */
  async run<T>(body: () => Promise<T> | T): Promise<T> {
    requireFunction(body, `Lock#${this.id}.run(body)`);
    await this.acquire();
    try {
      return await body();
    } finally {
      this.release();
    }
  }

  statistics(): { locked: boolean; waiters: number } {
    return { locked: this.locked(), waiters: this.#pool.waiting };
  }
}
