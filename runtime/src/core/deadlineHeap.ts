import { currentTime } from '../clock.ts';

/** Anything that must happen at a deadline: a sleeper waking, a cancel scope cancelling. */
export interface TimedEntry {
  /** When `fire` is due, on the `currentTime()` clock. Finite while the entry is in the heap. */
  deadline: number;
  /** Position in the heap, or -1 when not in it. Only the heap writes it. */
  heapIndex: number;
  fire(): void;
}

// setTimeout fires after 1 ms for any delay above 2^31-1 ms (with a warning): far deadlines are
// armed in steps of at most this long.
const MAX_TIMER_DELAY = 2 ** 31 - 1;

// A timer this late means something held the event loop: the task tree warns about it.
const LATE_TIMER_MS = 100;

/**
 * The one timer mechanism behind every deadline and sleep: a binary min-heap of entries and a
 * single `setTimeout` armed for the earliest.
 *
 * Invariant: while the heap is non-empty, one timer is armed and ref'd, for a time no later than
 * the earliest deadline (it may be earlier: removing the earliest entry leaves the timer as it is,
 * and an early firing only re-arms). While the heap is empty the timer, if any, is unref'd, so
 * finished work never keeps the process alive; keeping it armed spares a clearTimeout and a
 * setTimeout per block in the common case of short blocks that end before their deadline.
 */
class DeadlineHeap {
  #entries: TimedEntry[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;
  #armedFor = Infinity;

  add(entry: TimedEntry): void {
    entry.heapIndex = this.#entries.length;
    this.#entries.push(entry);
    this.#siftUp(entry.heapIndex);
    this.#arm();
  }

  remove(entry: TimedEntry): void {
    const index = entry.heapIndex;
    if (index < 0) return;
    entry.heapIndex = -1;
    const last = this.#entries.pop()!;
    if (index < this.#entries.length) {
      this.#entries[index] = last;
      last.heapIndex = index;
      this.#siftDown(index);
      this.#siftUp(last.heapIndex);
    }
    if (this.#entries.length === 0) this.#timer?.unref();
  }

  /** Re-places an entry whose deadline changed (a scope's deadline moved while it runs). */
  update(entry: TimedEntry): void {
    if (entry.heapIndex < 0) return;
    this.#siftUp(entry.heapIndex);
    this.#siftDown(entry.heapIndex);
    this.#arm();
  }

  get size(): number {
    return this.#entries.length;
  }

  #arm(): void {
    const first = this.#entries[0];
    if (first === undefined) return;
    if (first.deadline >= this.#armedFor) {
      this.#timer!.ref();
      return;
    }
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    const delay = Math.min(Math.max(Math.ceil(first.deadline - currentTime()), 1), MAX_TIMER_DELAY);
    this.#armedFor = first.deadline;
    this.#timer = setTimeout(this.#onTimer, delay);
  }

  /** The latest firing (by the timer or a checkpoint) more than 100 ms after its deadline: the event loop was blocked then. */
  lateTimer: { lateByMs: number; at: number } | null = null;

  #onTimer = (): void => {
    this.#timer = undefined;
    this.#armedFor = Infinity;
    this.#fireDue(currentTime());
    this.#arm();
  };

  /**
   * Fires the entries already due, without waiting for the timer: every checkpoint calls it, so
   * that a deadline passed while the event loop was blocked raises at the first checkpoint
   * after, even when the timer's turn has not come (it comes after the immediates, after the
   * rest of a timer callback's turn…). Reads the clock only while an entry is armed: ~50 ns.
   */
  fireOverdue(): void {
    const first = this.#entries[0];
    if (first === undefined) return;
    const now = currentTime();
    if (first.deadline <= now) this.#fireDue(now);
  }

  #fireDue(now: number): void {
    const first = this.#entries[0];
    if (first !== undefined && now - first.deadline > LATE_TIMER_MS) this.lateTimer = { lateByMs: now - first.deadline, at: now };
    // Entries fired here may add or remove others (a cancelled scope drops its sleepers): take
    // the due one off the heap first, then fire it.
    for (let first = this.#entries[0]; first !== undefined && first.deadline <= now; first = this.#entries[0]) {
      this.remove(first);
      first.fire();
    }
  }

  #siftUp(index: number): void {
    const entries = this.#entries;
    const entry = entries[index]!;
    while (index > 0) {
      const parentIndex = (index - 1) >> 1;
      const parent = entries[parentIndex]!;
      if (parent.deadline <= entry.deadline) break;
      entries[index] = parent;
      parent.heapIndex = index;
      index = parentIndex;
    }
    entries[index] = entry;
    entry.heapIndex = index;
  }

  #siftDown(index: number): void {
    const entries = this.#entries;
    const entry = entries[index]!;
    const length = entries.length;
    for (;;) {
      let childIndex = 2 * index + 1;
      if (childIndex >= length) break;
      const right = childIndex + 1;
      if (right < length && entries[right]!.deadline < entries[childIndex]!.deadline) childIndex = right;
      const child = entries[childIndex]!;
      if (entry.deadline <= child.deadline) break;
      entries[index] = child;
      child.heapIndex = index;
      index = childIndex;
    }
    entries[index] = entry;
    entry.heapIndex = index;
  }
}

export const deadlines = new DeadlineHeap();
