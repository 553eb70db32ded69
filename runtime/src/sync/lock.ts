import { currentTask } from '../core/task.ts';
import { requireFunction } from '../validate.ts';
import { TokenPool } from './tokenPool.ts';

let nextLockId = 1;

/**
 * @internal Who holds a lock or a limiter token: the calling task, or, for code outside any task, this
 * one owner. Code outside tasks (an existing framework's request handlers, a top-level
 * `Promise.all`) is many flows the runtime cannot tell apart, so the rule there is looser:
 * its acquires are never refused as a re-entry (two requests wait for each other like two
 * tasks), and its releases are checked only against tasks (a task cannot release what code
 * outside tasks holds, nor the reverse). Which outside flow releases is the caller's to get
 * right; `run(body)` always does. The contract: docs/runtime.md, "Ownership".
 */
export const OUTSIDE_TASKS = Object.freeze({ name: 'code outside any task' });

/** @internal The task the calling code runs in, or OUTSIDE_TASKS: the owner of locks and limiter tokens. */
export function currentOwner(): object {
  return currentTask() ?? OUTSIDE_TASKS;
}

/** "this task" or "code outside any task", for the errors of ownership checks. */
export function describeOwner(owner: object): string {
  return owner === OUTSIDE_TASKS ? 'code outside any task' : 'this task';
}

/**
 * Mutual exclusion, held by one task (or one flow of code outside tasks) at a time; waiters get
 * it in FIFO order, and a released lock goes to the first waiter, never to a newcomer.
 */
export class Lock {
  readonly id = nextLockId++;
  #owner: object | undefined;
  readonly #pool = new TokenPool(1, this, (owner) => (this.#owner = owner as object));

  /** Takes the lock, waiting in line while another task holds it (a checkpoint). */
  acquire(): Promise<void> {
    const owner = currentOwner();
    if (owner !== OUTSIDE_TASKS && this.#owner === owner) {
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

  /** Releases the lock; throws if the calling task (or code outside tasks) does not hold it. */
  release(): void {
    const owner = currentOwner();
    if (this.#owner === undefined || this.#owner !== owner) {
      const holder = this.#owner === undefined ? 'nobody holds it' : this.#owner === OUTSIDE_TASKS ? 'code outside any task holds it' : 'a task holds it';
      throw new TypeError(`Lock#${this.id}.release: ${describeOwner(owner)} does not hold this lock (${holder}); release it where it was acquired, or use lock.run(body)`);
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
