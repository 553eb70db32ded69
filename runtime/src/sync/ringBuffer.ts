/**
 * A FIFO buffer on a circular array whose capacity is a power of two, grown by doubling.
 * Queue items live here; shifting does not move the others (Array#shift would be O(n)).
 */
export class RingBuffer<T> {
  #items: (T | undefined)[];
  #head = 0;
  #length = 0;
  #mask: number;

  constructor(initialCapacity = 16) {
    let capacity = 16;
    while (capacity < initialCapacity && capacity < 1 << 30) capacity <<= 1;
    this.#items = new Array<T | undefined>(capacity);
    this.#mask = capacity - 1;
  }

  get length(): number {
    return this.#length;
  }

  push(item: T): void {
    if (this.#length > this.#mask) this.#grow();
    this.#items[(this.#head + this.#length) & this.#mask] = item;
    this.#length++;
  }

  /** Takes the first item; the caller checks `length` first. */
  shift(): T {
    const item = this.#items[this.#head] as T;
    this.#items[this.#head] = undefined; // let it be collected
    this.#head = (this.#head + 1) & this.#mask;
    this.#length--;
    return item;
  }

  #grow(): void {
    const old = this.#items;
    const capacity = old.length * 2;
    const items = new Array<T | undefined>(capacity);
    for (let i = 0; i < this.#length; i++) items[i] = old[(this.#head + i) & this.#mask];
    this.#items = items;
    this.#head = 0;
    this.#mask = capacity - 1;
  }
}
