import { describeValue, functionName } from '../validate.ts';
import { CancelNode } from './cancelNode.ts';
import { context, currentNode } from './context.ts';
import { recordBatchStart, tracing, type BatchStart } from '../tracing/recorder.ts';
import type { SpawnSite } from '../tracing/spawnSites.ts';

export type TaskState = 'starting' | 'running' | 'done' | 'failed' | 'cancelled';

/** Who hears how a task ended: its group (or, before `started()`, its `start` call). */
export interface TaskOwner {
  taskEnded(task: Task, error: unknown): void;
  /** True while the task is inside `start` and has not called `started()`: its starter waits on it. */
  readonly startPending: boolean;
  /** Where the task belongs if its parent ends first: its group, for a task inside `start`. */
  readonly home: CancelNode | null;
}

/**
 * A child task: a node of the cancel tree, so that cancellation reaches its waiters, and so that
 * `started()` can move it from its starter's scope into its group by re-linking one node.
 */
export class Task extends CancelNode {
  state: TaskState = 'starting';
  /** With tracing on: when it began to run (shared by its batch), and where it was started. */
  started: BatchStart | undefined = undefined;
  spawnSite: SpawnSite | undefined = undefined;
  // What to call on the first turn; dropped once called, so a parked task keeps nothing extra.
  #fn: ((...args: unknown[]) => unknown) | undefined;
  #args: unknown[] | undefined;
  // The name given, or the function to take it from when first asked: most tasks are never
  // named in a message or a tree, and reading a function's name safely costs a call per spawn.
  #name: string | ((...args: unknown[]) => unknown);

  /** `name`: the name given, else undefined to use the function's own (or "anonymous"). */
  constructor(
    name: string | undefined,
    readonly owner: TaskOwner,
    fn: (...args: unknown[]) => unknown,
    args: unknown[],
  ) {
    super();
    this.#name = name ?? fn;
    this.#fn = fn;
    this.#args = args;
  }

  get name(): string {
    const name = this.#name;
    if (typeof name === 'string') return name;
    return (this.#name = functionName(name) ?? 'anonymous');
  }

  /**
   * A task has no deadline of its own (the scopes around it do). A getter, not a field: a field
   * holding Infinity keeps a heap number of its own in every task (16 bytes each).
   */
  get deadline(): number {
    return Infinity;
  }

  /** It has ended and left the tree. */
  get ended(): boolean {
    return this.state === 'done' || this.state === 'failed' || this.state === 'cancelled';
  }

  /** The function it runs, until its first turn. */
  get body(): ((...args: unknown[]) => unknown) | undefined {
    return this.#fn;
  }

  get label(): string {
    return `task "${this.name}"`;
  }

  override adoptedBy(): CancelNode | null {
    return this.owner.home;
  }

  /**
   * Calls the task function (in this task's context) and reports its outcome to the owner once.
   * Its promise is followed with `then`, not awaited in an async wrapper: a second async frame
   * per task doubled the cost of cancelling parked tasks and added ~300 bytes to each.
   */
  run(): void {
    const fn = this.#fn!;
    const args = this.#args!;
    this.#fn = this.#args = undefined;
    this.state = 'running';
    let result: unknown;
    try {
      result = fn(...args);
    } catch (thrown) {
      this.#ended(thrown, true);
      return;
    }
    if (result instanceof Promise) {
      result.then(() => this.#ended(undefined, false), (thrown: unknown) => this.#ended(thrown, true));
    } else {
      // A plain value or a foreign thenable: settle it as `await` would, one turn later.
      Promise.resolve(result).then(() => this.#ended(undefined, false), (thrown: unknown) => this.#ended(thrown, true));
    }
  }

  #ended(thrown: unknown, failed: boolean): void {
    this.owner.taskEnded(this, failed ? this.receive(thrown ?? new Error(`task "${this.name}" threw ${describeValue(thrown)}`)) : undefined);
  }
}

// Tasks waiting for their first turn. One microtask starts a whole batch, in the order they
// were started: a queueMicrotask (an async resource on Node 20) per task would cost more than
// the task. Invariant: `flushScheduled` is true exactly while `pending` is non-empty.
let pending: Task[] = [];
let flushScheduled = false;

/** Runs `task` on a later turn, never synchronously. */
export function scheduleStart(task: Task): void {
  pending.push(task);
  if (flushScheduled) return;
  flushScheduled = true;
  queueMicrotask(flushPending);
}

function flushPending(): void {
  const batch = pending;
  pending = [];
  flushScheduled = false;
  if (tracing.on) recordBatchStart(batch);
  for (const task of batch) context.run(task, runTask, task);
}

function runTask(task: Task): void {
  task.run();
}

/** The task the calling code runs in (the nearest task up the cancel tree), or undefined at top level. */
export function currentTask(): Task | undefined {
  for (let node = currentNode(); node; node = node.parent ?? undefined) {
    if (node instanceof Task) return node;
  }
  return undefined;
}
