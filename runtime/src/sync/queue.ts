import { rejectIfContextCancelled } from '../core/checkpoints.ts';
import { currentNode } from '../core/context.ts';
import { ClosedResourceError, EndOfStream, WouldBlock } from '../errors.ts';
import { requireCount } from '../validate.ts';
import { RingBuffer } from './ringBuffer.ts';
import { LineWaiter, WaitLine } from './waitList.ts';

export interface QueueStatistics {
  size: number;
  maxsize: number;
  waitingPutters: number;
  waitingGetters: number;
}

class Putter<T> extends LineWaiter<void> {
  constructor(queue: Queue<T>, readonly item: T) {
    super(queue, 'put');
  }
}

let nextQueueId = 1;

/**
 * A bounded FIFO channel between tasks. `put` waits while the queue is full, `get` while it is
 * empty; both are checkpoints. Waiters are served first come, first served.
 *
 * Invariants:
 * - getters wait only while the buffer is empty and no putter waits; putters wait only while
 *   the buffer is full (or, at maxsize 0, while no getter waits).
 * - an item is in exactly one place: the buffer, a waiting putter, or handed to one getter.
 *   Cancelling a waiter takes it out of its line first, so it never loses or duplicates an item.
 *
 * @example
 * const jobs = Queue.withMaxsize<Job>(16);
 * tg.startSoon(async () => { for await (const job of jobs) await handle(job); });
 * await jobs.put(job);
 * jobs.close(); // the consumer drains what is buffered, then its loop ends
 */
export class Queue<T> implements AsyncIterable<T> {
  readonly id = nextQueueId++;
  readonly #maxsize: number;
  readonly #buffer: RingBuffer<T>;
  readonly #getters = new WaitLine<LineWaiter<T>>();
  readonly #putters = new WaitLine<Putter<T>>();
  #closed = false;

  /** A queue holding at most `maxsize` items; 0 makes every `put` wait for a `get` (a rendezvous). */
  static withMaxsize<T>(maxsize: number): Queue<T> {
    return new Queue<T>(maxsize);
  }

  constructor(maxsize: number) {
    requireCount(maxsize, 'Queue.withMaxsize(maxsize)', 0, true);
    this.#maxsize = maxsize;
    // Start small and double: a large maxsize is a bound, not an allocation.
    this.#buffer = new RingBuffer<T>(Math.min(maxsize, 16));
  }

  get size(): number {
    return this.#buffer.length;
  }

  get maxsize(): number {
    return this.#maxsize;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Puts `item`, waiting while the queue is full. Throws `ClosedResourceError` after `close()`. */
  put(item: T): Promise<void> {
    if (this.#closed) return Promise.reject(this.#closedError('put'));
    const cancelled = rejectIfContextCancelled();
    if (cancelled) return cancelled;
    if (this.#offer(item)) return Promise.resolve();
    const putter = new Putter(this, item);
    this.#putters.push(putter);
    return putter.parkIn(currentNode());
  }

  /** Puts `item` without waiting; throws `WouldBlock` when the queue is full. */
  putNowait(item: T): void {
    if (this.#closed) throw this.#closedError('putNowait');
    if (!this.#offer(item)) throw new WouldBlock(`Queue#${this.id} is full (maxsize ${this.#maxsize})`);
  }

  /** Takes the next item, waiting while the queue is empty; `EndOfStream` once closed and drained. */
  get(): Promise<T> {
    const cancelled = rejectIfContextCancelled();
    if (cancelled) return cancelled;
    if (this.#buffer.length > 0 || this.#putters.length > 0) return Promise.resolve(this.#take());
    if (this.#closed) return Promise.reject(new EndOfStream(`Queue#${this.id} is closed and drained`));
    const getter = new LineWaiter<T>(this, 'get');
    this.#getters.push(getter);
    return getter.parkIn(currentNode());
  }

  /** Takes the next item without waiting; throws `WouldBlock` when empty, `EndOfStream` when closed and drained. */
  getNowait(): T {
    if (this.#buffer.length > 0 || this.#putters.length > 0) return this.#take();
    if (this.#closed) throw new EndOfStream(`Queue#${this.id} is closed and drained`);
    throw new WouldBlock(`Queue#${this.id} is empty`);
  }

  /**
   * No more `put`: waiting putters fail with `ClosedResourceError`, getters drain what is
   * buffered, then get `EndOfStream`. Idempotent.
   */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (let putter = this.#putters.shift(); putter; putter = this.#putters.shift()) putter.fail(this.#closedError('put'));
    // Getters wait only on an empty buffer (invariant above): they all get EndOfStream.
    for (let getter = this.#getters.shift(); getter; getter = this.#getters.shift()) {
      getter.fail(new EndOfStream(`Queue#${this.id} is closed and drained`));
    }
  }

  statistics(): QueueStatistics {
    return {
      size: this.#buffer.length,
      maxsize: this.#maxsize,
      waitingPutters: this.#putters.length,
      waitingGetters: this.#getters.length,
    };
  }

  /** `for await (const item of queue)`: takes items until the queue is closed and drained. */
  async *[Symbol.asyncIterator](): AsyncGenerator<T, void, undefined> {
    for (;;) {
      try {
        yield await this.get();
      } catch (error) {
        if (error instanceof EndOfStream) return;
        throw error;
      }
    }
  }

  // Hands the item to the first waiting getter, or buffers it if there is room. False if full.
  #offer(item: T): boolean {
    const getter = this.#getters.shift();
    if (getter) {
      getter.wake(item);
      return true;
    }
    if (this.#buffer.length >= this.#maxsize) return false;
    this.#buffer.push(item);
    return true;
  }

  // Takes the oldest item (buffer first, then the first putter's); the caller checked there is
  // one. A putter whose item leaves it, or who gains room in the buffer, is woken.
  #take(): T {
    if (this.#buffer.length === 0) {
      const putter = this.#putters.shift()!;
      putter.wake();
      return putter.item;
    }
    const item = this.#buffer.shift();
    const putter = this.#putters.shift();
    if (putter) {
      this.#buffer.push(putter.item);
      putter.wake();
    }
    return item;
  }

  #closedError(method: string): ClosedResourceError {
    return new ClosedResourceError(`Queue#${this.id}.${method}: the queue is closed`);
  }
}
