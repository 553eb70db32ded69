import { Waiter } from '../core/waiter.ts';

/**
 * A waiter that also stands in a primitive's FIFO line (a queue's getters, a lock's acquirers).
 * Cancellation takes it out of the line before rejecting it, so a cancelled waiter is never
 * handed anything, and the resource goes to the next in line.
 */
export class LineWaiter<T = void> extends Waiter<T> {
  line: WaitLine<LineWaiter<T>> | null = null;
  lineNext: LineWaiter<T> | null = null;
  linePrev: LineWaiter<T> | null = null;

  protected override onCancel(): void {
    this.line?.remove(this);
  }
}

/**
 * FIFO of waiters, intrusive (no allocation per entry), O(1) at both ends and for removal.
 *
 * Invariant: every waiter in a line is pending; anything that settles one (a hand-over, a
 * cancellation, a close) takes it out of the line first or in the same step.
 */
export class WaitLine<W extends LineWaiter<any>> {
  #head: W | null = null;
  #tail: W | null = null;
  #length = 0;

  get length(): number {
    return this.#length;
  }

  push(waiter: W): void {
    waiter.line = this;
    waiter.linePrev = this.#tail;
    if (this.#tail) this.#tail.lineNext = waiter;
    else this.#head = waiter;
    this.#tail = waiter;
    this.#length++;
  }

  /** Takes the first waiter out of the line, or returns null. */
  shift(): W | null {
    const head = this.#head;
    if (head) this.remove(head);
    return head;
  }

  remove(waiter: W): void {
    if (waiter.line !== this) return;
    if (waiter.linePrev) waiter.linePrev.lineNext = waiter.lineNext;
    else this.#head = waiter.lineNext as W | null;
    if (waiter.lineNext) waiter.lineNext.linePrev = waiter.linePrev;
    else this.#tail = waiter.linePrev as W | null;
    waiter.line = waiter.lineNext = waiter.linePrev = null;
    this.#length--;
  }

}
