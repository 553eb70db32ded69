import type { CancelNode } from './cancelNode.ts';

/** What a cancel node sees of a waiter parked in it. */
export interface Parked {
  node: CancelNode | null;
  prev: Parked | null;
  next: Parked | null;
  readonly waitingOn: string;
  cancel(error: unknown): void;
}

/**
 * One parked wait: a sleep, a queue `get`, a lock `acquire`… It is linked into the cancel node it
 * waits in, so that cancelling that node wakes it at once with `Cancelled`.
 *
 * Invariant: a waiter is settled at most once. `node` is non-null exactly while it is parked;
 * whichever of `wake`, `fail` and `cancel` comes first unlinks it, the others then do nothing.
 * This is what makes every primitive cancel-safe: an item handed to a waiter by `wake` cannot be
 * lost to a later cancellation, and a cancelled waiter is never handed anything.
 */
export class Waiter<T = void> implements Parked {
  /** The node this waiter is parked in; only `CancelNode.park`/`unpark` write it. */
  node: CancelNode | null = null;
  prev: Parked | null = null;
  next: Parked | null = null;
  /** The primitive waited on (a Queue, a Lock…), or null for a sleep; with `operation`, for the task tree. */
  readonly on: { readonly id: number } | null;
  readonly operation: string;
  readonly promise: Promise<T>;
  #resolve!: (value: T) => void;
  #reject!: (error: unknown) => void;

  constructor(on: { readonly id: number } | null, operation: string) {
    this.on = on;
    this.operation = operation;
    this.promise = new Promise<T>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
  }

  /** What it waits on, as the task tree shows it: "sleep", "Queue#3.get"… Made on demand: waits are hot. */
  get waitingOn(): string {
    return this.on === null ? this.operation : `${this.on.constructor.name}#${this.on.id}.${this.operation}`;
  }

  // A waiter outside any scope is never linked into a node: this flag stands in for `node` there.
  #unparkedPending = false;

  /** Parks the waiter in `node` (or, outside any scope, only marks it pending). */
  parkIn(node: CancelNode | undefined): Promise<T> {
    if (node === undefined) this.#unparkedPending = true;
    else node.park(this);
    return this.promise;
  }

  /** Settles with a value. Returns false if the waiter was already settled. */
  wake(value: T): boolean {
    if (!this.#settle()) return false;
    this.#resolve(value);
    return true;
  }

  /** Settles with an error that is not a cancellation (a closed queue, a foreign rejection). */
  fail(error: unknown): boolean {
    if (!this.#settle()) return false;
    this.#reject(error);
    return true;
  }

  /** Settles with `Cancelled`; called by the node when it becomes cancelled. */
  cancel(error: unknown): void {
    if (!this.#settle()) return;
    this.onCancel();
    this.#reject(error);
  }

  /** Hook for primitives: leave their own wait lists before the rejection goes out. */
  protected onCancel(): void {}

  #settle(): boolean {
    if (this.node !== null) {
      this.node.unpark(this);
      return true;
    }
    if (!this.#unparkedPending) return false;
    this.#unparkedPending = false;
    return true;
  }
}
