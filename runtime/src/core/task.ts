import { CancelNode } from './cancelNode.ts';
import { context, currentNode } from './context.ts';

export type TaskState = 'starting' | 'running' | 'done' | 'failed' | 'cancelled';

/** Who hears how a task ended: its group (or, before `started()`, its `start` call). */
export interface TaskOwner {
  taskEnded(task: Task, error: unknown): void;
  /** True while the task is inside `start` and has not called `started()`: its starter waits on it. */
  readonly startPending: boolean;
}

/**
 * A child task: a node of the cancel tree, so that cancellation reaches its waiters, and so that
 * `started()` can move it from its starter's scope into its group by re-linking one node.
 */
export class Task extends CancelNode {
  state: TaskState = 'starting';
  /** With tracing on: when it was started (`currentTime()`), and the stack of its spawn call. */
  startedAt = -1;
  spawnStack: { stack?: string } | undefined = undefined;
  // What to call on the first turn; dropped once called, so a parked task keeps nothing extra.
  #fn: ((...args: unknown[]) => unknown) | undefined;
  #args: unknown[] | undefined;

  constructor(
    readonly name: string,
    readonly owner: TaskOwner,
    fn: (...args: unknown[]) => unknown,
    args: unknown[],
  ) {
    super();
    this.#fn = fn;
    this.#args = args;
  }

  get label(): string {
    return `task "${this.name}"`;
  }

  /** Runs the task function in this task's context and reports the outcome to the owner once. */
  async run(): Promise<void> {
    const fn = this.#fn!;
    const args = this.#args!;
    this.#fn = this.#args = undefined;
    this.state = 'running';
    let error: unknown;
    try {
      await fn(...args);
    } catch (thrown) {
      error = thrown ?? new Error(`task "${this.name}" threw ${String(thrown)}`);
    }
    this.owner.taskEnded(this, error);
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
  for (const task of batch) context.run(task, runTask, task);
}

function runTask(task: Task): void {
  // eslint-disable-next-line corral/no-floating-runtime-call -- run() reports the outcome to the task's owner and never rejects
  void task.run();
}

/** The task the calling code runs in (the nearest task up the cancel tree), or undefined at top level. */
export function currentTask(): Task | undefined {
  for (let node = currentNode(); node; node = node.parent ?? undefined) {
    if (node instanceof Task) return node;
  }
  return undefined;
}
