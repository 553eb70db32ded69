import { describeValue, requireCount, requireFunction } from '../validate.ts';
import { TokenPool } from './tokenPool.ts';

let nextSemaphoreId = 1;

export interface SemaphoreOptions {
  /** Releasing beyond this value throws. Default: no limit. */
  maxValue?: number;
}

/** A counter of permits: `acquire` takes one (waiting in FIFO order while none is free), `release` gives one back. */
export class Semaphore {
  readonly id = nextSemaphoreId++;
  readonly maxValue: number;
  readonly #pool: TokenPool;

  constructor(initial: number, options: SemaphoreOptions = {}) {
    requireCount(initial, 'new Semaphore(initial)', 0);
    if (typeof options !== 'object' || options === null) {
      throw new TypeError(`new Semaphore(initial, options) expects an options object, got ${describeValue(options)}`);
    }
    const { maxValue = Infinity } = options;
    requireCount(maxValue, 'new Semaphore(initial, { maxValue })', 1, true);
    if (initial > maxValue) throw new RangeError(`new Semaphore(${initial}, { maxValue: ${maxValue} }): initial exceeds maxValue`);
    this.maxValue = maxValue;
    this.#pool = new TokenPool(initial, this);
  }

  /** Takes a permit, waiting while none is free (a checkpoint). */
  acquire(): Promise<void> {
    return this.#pool.take(undefined);
  }

  /** Takes a permit if one is free and nobody waits; false otherwise. */
  acquireNowait(): boolean {
    return this.#pool.tryTake();
  }

  /** Gives a permit back (to the first waiter, if any); throws beyond `maxValue`. */
  release(): void {
    if (this.#pool.waiting === 0 && this.#pool.free >= this.maxValue) {
      throw new RangeError(`Semaphore#${this.id}.release: the value would exceed maxValue ${this.maxValue}`);
    }
    this.#pool.give();
  }

  get value(): number {
    return this.#pool.free;
  }

  async run<T>(body: () => Promise<T> | T): Promise<T> {
    requireFunction(body, `Semaphore#${this.id}.run(body)`);
    await this.acquire();
    try {
      return await body();
    } finally {
      this.release();
    }
  }

  statistics(): { value: number; waiters: number } {
    return { value: this.value, waiters: this.#pool.waiting };
  }
}
