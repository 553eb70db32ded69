import type { Task } from '../core/task.ts';
import type { SpawnSite } from './spawnSites.ts';
import type { FinishedTaskRecord } from './types.ts';

const STATES = ['done', 'failed', 'cancelled'] as const;

/**
 * The last `size` finished tasks, in a ring of columns: recording one writes a few slots and
 * allocates nothing, and keeps no task alive (an object per finished task, or the task itself
 * kept until overwritten, made the garbage collector copy every short task once more: most of
 * what tracing cost them). Records are made only when someone reads them.
 */
export class TaskHistory {
  #ids: Float64Array;
  #parentIds: Float64Array;
  #startedAt: Float64Array;
  #endedAt: Float64Array;
  #states: Uint8Array;
  #names: string[];
  #sites: (SpawnSite | undefined)[];
  #errors: unknown[];
  // The slot the next record goes to; `#count` of the slots before it (cyclically) are filled.
  #next = 0;
  #count = 0;

  constructor(readonly size: number) {
    this.#ids = new Float64Array(size);
    this.#parentIds = new Float64Array(size);
    this.#startedAt = new Float64Array(size);
    this.#endedAt = new Float64Array(size);
    this.#states = new Uint8Array(size);
    this.#names = new Array<string>(size).fill('');
    this.#sites = new Array<SpawnSite | undefined>(size).fill(undefined);
    this.#errors = new Array<unknown>(size).fill(undefined);
  }

  /** Called as `task` ends (its state set, its start time known), before it leaves its parent. */
  record(task: Task, endedAt: number, error: unknown): void {
    if (this.size === 0) return;
    const slot = this.#next;
    const state = task.state === 'failed' ? 1 : task.state === 'cancelled' ? 2 : 0;
    this.#ids[slot] = task.id;
    this.#parentIds[slot] = task.parent === null ? -1 : task.parent.id;
    this.#startedAt[slot] = task.started!.at;
    this.#endedAt[slot] = endedAt;
    this.#states[slot] = state;
    this.#names[slot] = task.name;
    this.#sites[slot] = task.spawnSite;
    this.#errors[slot] = state === 1 ? error : undefined;
    this.#next = slot + 1 === this.size ? 0 : slot + 1;
    if (this.#count < this.size) this.#count++;
  }

  /** Oldest first. */
  records(describeError: (error: unknown) => string): FinishedTaskRecord[] {
    const records: FinishedTaskRecord[] = [];
    for (let i = 0; i < this.#count; i++) {
      const slot = (this.#next - this.#count + i + this.size) % this.size;
      const parentId = this.#parentIds[slot]!;
      const record: FinishedTaskRecord = {
        id: this.#ids[slot]!,
        name: this.#names[slot]!,
        parentId: parentId < 0 ? null : parentId,
        state: STATES[this.#states[slot]!]!,
        startedAt: this.#startedAt[slot]!,
        endedAt: this.#endedAt[slot]!,
      };
      if (record.state === 'failed') record.error = describeError(this.#errors[slot]);
      const site = this.#sites[slot]?.location;
      if (site) record.spawnSite = site;
      records.push(record);
    }
    return records;
  }
}
