import { rejectIfContextCancelled } from '../core/checkpoints.ts';
import { currentNode } from '../core/context.ts';
import { LineWaiter, WaitLine } from './waitList.ts';

/**
 * Counted tokens with a FIFO line of waiters: the common core of Lock, Semaphore and
 * CapacityLimiter.
 *
 * Invariant: waiters stand in line only while no token is free. A released token goes straight
 * to the first waiter (woken already holding it), never back to the pool while someone waits, so
 * a newcomer cannot overtake the line.
 */
export class TokenPool {
  #free: number;
  readonly #line = new WaitLine<OwnedWaiter>();

  /**
   * `primitive` is what waiters are shown waiting on (the Lock, the limiter…); `handedTo` hears
   * of every token that becomes an owner's; `gaveUp` of every owner that left the line cancelled.
   */
  constructor(
    free: number,
    readonly primitive: { readonly id: number },
    readonly handedTo: (owner: unknown) => void = () => {},
    readonly gaveUp: (owner: unknown) => void = () => {},
  ) {
    this.#free = free;
  }

  get free(): number {
    return this.#free;
  }

  get waiting(): number {
    return this.#line.length;
  }

  /** Takes a token without waiting; false if none is free or others already wait. */
  tryTake(): boolean {
    if (this.#free <= 0 || this.#line.length > 0) return false;
    this.#free--;
    return true;
  }

  /**
   * Takes a token for `owner`, waiting in line for one (a checkpoint). `handedTo(owner)` is
   * called the moment the token is `owner`'s, before the promise settles.
   */
  take(owner: unknown): Promise<void> {
    const cancelled = rejectIfContextCancelled();
    if (cancelled) return cancelled;
    if (this.tryTake()) {
      this.handedTo(owner);
      return Promise.resolve();
    }
    const waiter = new OwnedWaiter(this, owner);
    this.#line.push(waiter);
    return waiter.parkIn(currentNode());
  }

  /** Gives a token back: to the first waiter if there is one, else to the pool. */
  give(): void {
    const waiter = this.#line.shift();
    if (waiter) this.#handOver(waiter);
    else this.#free++;
  }

  /** Sets how many tokens are free (a limiter's total changed); free ones go to waiters first, in order. */
  setFree(count: number): void {
    this.#free = count;
    while (this.#free > 0 && this.#line.length > 0) {
      this.#free--;
      this.#handOver(this.#line.shift()!);
    }
  }

  #handOver(waiter: OwnedWaiter): void {
    this.handedTo(waiter.owner);
    waiter.wake();
  }
}

class OwnedWaiter extends LineWaiter<void> {
  constructor(readonly pool: TokenPool, readonly owner: unknown) {
    super(pool.primitive, 'acquire');
  }

  protected override onCancel(): void {
    super.onCancel();
    this.pool.gaveUp(this.owner);
  }
}
