import { describeValue, requireCount, requireFunction } from '../validate.ts';
import { currentOwner, describeOwner, OUTSIDE_TASKS } from './lock.ts';
import { TokenPool } from './tokenPool.ts';

export interface CapacityLimiterStatistics {
  borrowedTokens: number;
  totalTokens: number;
  borrowers: object[];
  tasksWaiting: number;
}

let nextLimiterId = 1;

/** The owner of the tokens that `run()` calls hold. */
const RUN = Object.freeze({ name: 'CapacityLimiter.run' });

/**
 * At most `totalTokens` borrowers at once, one token each. A borrower is the calling task (or
 * an object given to `acquireOnBehalfOf`); outside any task, each `acquire()` borrows for itself
 * (see `OUTSIDE_TASKS`). A released token goes to the first waiter, never to a newcomer;
 * raising `totalTokens` wakes waiters in order.
 */
export class CapacityLimiter {
  readonly id = nextLimiterId++;
  #total: number;
  readonly #borrowers = new Set<object>();
  // Borrowers standing in line: a second acquire by one of them is refused like one by a holder.
  readonly #waiting = new Set<object>();
  // Tokens held by `run()` calls, and by code outside tasks: each call is its own borrower, so
  // no set needs to remember it.
  #runs = 0;
  #outside = 0;
  readonly #pool: TokenPool;

  constructor(totalTokens: number) {
    requireCount(totalTokens, 'new CapacityLimiter(totalTokens)', 1, true);
    this.#total = totalTokens;
    this.#pool = new TokenPool(
      totalTokens,
      this,
      (borrower) => {
        if (borrower === RUN || borrower === OUTSIDE_TASKS) {
          if (borrower === RUN) this.#runs++;
          else this.#outside++;
          return;
        }
        this.#waiting.delete(borrower as object);
        this.#borrowers.add(borrower as object);
      },
      (borrower) => this.#waiting.delete(borrower as object),
    );
  }

  /** Borrows a token for the calling task, waiting in line while none is free (a checkpoint). */
  acquire(): Promise<void> {
    const borrower = currentOwner();
    return borrower === OUTSIDE_TASKS ? this.#pool.take(OUTSIDE_TASKS) : this.acquireOnBehalfOf(borrower);
  }

  /** Borrows a token for `borrower` (any object that identifies who holds it). */
  acquireOnBehalfOf(borrower: object): Promise<void> {
    if (typeof borrower !== 'object' || borrower === null) {
      return Promise.reject(new TypeError(`CapacityLimiter#${this.id}.acquireOnBehalfOf(borrower) expects an object, got ${describeValue(borrower)}`));
    }
    if (this.#borrowers.has(borrower) || this.#waiting.has(borrower)) {
      const what = this.#borrowers.has(borrower) ? 'already holds' : 'is already waiting for';
      return Promise.reject(new TypeError(`CapacityLimiter#${this.id}: this borrower ${what} one of its tokens (one token per borrower)`));
    }
    const inLine = this.#pool.waiting;
    const taking = this.#pool.take(borrower);
    if (this.#pool.waiting > inLine) this.#waiting.add(borrower);
    return taking;
  }

  /** Gives back the calling task's token (outside any task: one taken outside any task); throws if it holds none. */
  release(): void {
    const borrower = currentOwner();
    if (borrower !== OUTSIDE_TASKS) {
      this.releaseOnBehalfOf(borrower);
    } else if (this.#outside > 0) {
      this.#outside--;
      this.#giveBack();
    } else {
      throw new TypeError(`CapacityLimiter#${this.id}.release: ${describeOwner(borrower)} holds no token of this limiter; release it where it was acquired, or use limiter.run(body)`);
    }
  }

  releaseOnBehalfOf(borrower: object): void {
    if (!this.#borrowers.delete(borrower)) {
      throw new TypeError(`CapacityLimiter#${this.id}.release: this borrower holds no token of this limiter`);
    }
    this.#giveBack();
  }

  // A token came back: to the first waiter, or the pool; withdrawn if the total was lowered.
  #giveBack(): void {
    if (this.borrowedTokens + this.#pool.free >= this.#total) return;
    this.#pool.give();
  }

  /**
   * Runs `body` holding a token. Each call borrows for itself, so one task may run several
   * bodies at once through the limiter (each still takes its own token).
   */
  run<T>(body: () => Promise<T> | T): Promise<T> {
    requireFunction(body, `CapacityLimiter#${this.id}.run(body)`);
    return this.#runHolding(body);
  }

  async #runHolding<T>(body: () => Promise<T> | T): Promise<T> {
    await this.#pool.take(RUN);
    try {
      return await body();
    } finally {
      this.#runs--;
      this.#giveBack();
    }
  }

  get totalTokens(): number {
    return this.#total;
  }

  /** Raising it wakes waiters in order; lowering it takes effect as tokens come back. */
  set totalTokens(value: number) {
    requireCount(value, `CapacityLimiter#${this.id}.totalTokens`, 1, true);
    this.#total = value;
    this.#pool.setFree(Math.max(0, value - this.borrowedTokens));
  }

  get borrowedTokens(): number {
    return this.#borrowers.size + this.#runs + this.#outside;
  }

  get availableTokens(): number {
    return Math.max(0, this.#total - this.borrowedTokens);
  }

  /**
   * `borrowers` lists the tasks and objects holding a token, and `{ name: 'code outside any task' }`
   * once per token taken by `acquire()` outside tasks; tokens of `run()` calls count in
   * `borrowedTokens` only.
   */
  statistics(): CapacityLimiterStatistics {
    return {
      borrowedTokens: this.borrowedTokens,
      totalTokens: this.#total,
      borrowers: [...this.#borrowers, ...new Array<object>(this.#outside).fill(OUTSIDE_TASKS)],
      tasksWaiting: this.#pool.waiting,
    };
  }
}
