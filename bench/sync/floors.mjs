// Hand-written floors for the synchronisation workloads: the least a promise-based version of
// each primitive can do, with no cancellation, no fairness bookkeeping beyond FIFO, no checks.

const RESOLVED = Promise.resolve();

/** A bounded channel over a ring buffer; FIFO lines of waiting putters and getters. */
export class RingChannel {
  #buffer;
  #head = 0;
  #length = 0;
  #getters = new Line();
  #putters = new Line();

  constructor(capacity) {
    this.#buffer = new Array(capacity);
  }

  put(item) {
    const getter = this.#getters.shift();
    if (getter !== undefined) {
      getter(item);
      return RESOLVED;
    }
    if (this.#length < this.#buffer.length) {
      this.#buffer[(this.#head + this.#length++) % this.#buffer.length] = item;
      return RESOLVED;
    }
    return new Promise((resolve) => this.#putters.push({ item, resolve }));
  }

  get() {
    if (this.#length > 0) {
      const item = this.#buffer[this.#head];
      this.#buffer[this.#head] = undefined;
      this.#head = (this.#head + 1) % this.#buffer.length;
      this.#length--;
      const putter = this.#putters.shift();
      if (putter !== undefined) {
        this.#buffer[(this.#head + this.#length++) % this.#buffer.length] = putter.item;
        putter.resolve();
      }
      return Promise.resolve(item);
    }
    const putter = this.#putters.shift();
    if (putter !== undefined) {
      putter.resolve();
      return Promise.resolve(putter.item);
    }
    return new Promise((resolve) => this.#getters.push(resolve));
  }
}

/** A counting semaphore: a released permit goes straight to the first waiter. */
export class Semaphore {
  #free;
  #waiters = new Line();

  constructor(permits) {
    this.#free = permits;
  }

  acquire() {
    if (this.#free > 0) {
      this.#free--;
      return RESOLVED;
    }
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  release() {
    const next = this.#waiters.shift();
    if (next !== undefined) next();
    else this.#free++;
  }

  async run(body) {
    await this.acquire();
    try {
      return await body();
    } finally {
      this.release();
    }
  }
}

/** A FIFO of waiters: an array with a moving head (Array#shift is O(n) on long arrays). */
class Line {
  #items = [];
  #head = 0;

  push(item) {
    this.#items.push(item);
  }

  shift() {
    if (this.#head === this.#items.length) return undefined;
    const item = this.#items[this.#head];
    this.#items[this.#head++] = undefined;
    if (this.#head === this.#items.length) {
      this.#items.length = 0;
      this.#head = 0;
    }
    return item;
  }
}
