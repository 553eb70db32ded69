import { isCancelled } from '../errors.ts';
import { describeValue, requireFunction } from '../validate.ts';
import { CancelScope } from './cancelScope.ts';
import { context, currentNode } from './context.ts';
import { ExceptionGroup } from './exceptionGroup.ts';
import { Task } from './task.ts';

/** Options of `startSoon` and `start`. */
export interface TaskOptions {
  /** Shown in the task tree; defaults to the function's name. */
  name?: string;
}

/** Handed to a task started with `tg.start`: it calls `started()` once it is ready. */
export interface TaskStatus<T = void> {
  /** Resolves the caller's `start()` with `value` and moves the task into its group. Once only. */
  started(value?: T): void;
}

/** A `TaskStatus` whose `started` does nothing: the default for a task that may run either way. */
export const TASK_STATUS_IGNORED: TaskStatus<never> = Object.freeze({ started(): void {} });

type TaskFunction<A extends unknown[]> = (...args: A) => unknown;

/**
 * Runs `body` with a task group: every task started in it runs inside the group's cancel scope,
 * and the block settles only after all of them have ended.
 *
 * - It resolves the body's value when the body returned; `undefined` when the body was ended by
 *   the group's own cancellation (`tg.cancelScope.cancel()`).
 * - When a task or the body throws anything but `Cancelled`, the group is cancelled, waits for
 *   all its tasks, then rejects with an `ExceptionGroup` of every such error.
 * - Cancelled from outside, it lets the bare `Cancelled` through.
 *
 * @example
 * await createTaskGroup(async (tg) => {
 *   tg.startSoon(fetchUser, 1);
 *   tg.startSoon(fetchUser, 2);
 * }); // both have finished here
 */
export function createTaskGroup<T>(body: (tg: TaskGroup) => Promise<T> | T): Promise<T | undefined> {
  requireFunction(body, 'createTaskGroup(body)');
  const group = new TaskGroup();
  return group.cancelScope.run(() => group.runBody(body));
}

export class TaskGroup {
  /** `tg.cancelScope.cancel()` cancels the body and every task. */
  readonly cancelScope = new CancelScope({ name: 'task group' });
  // Tasks not yet ended, including those inside `start` before `started()`: while any is
  // live the group cannot close (trio keeps a nursery open for pending starts the same way).
  #live = 0;
  #closed = false;
  #errors: unknown[] = [];
  #allEnded: (() => void) | undefined;

  /** Runs `fn(...args)` as a child task, on a later turn, never synchronously. */
  startSoon<A extends unknown[]>(fn: TaskFunction<A>, ...args: A): void;
  startSoon<A extends unknown[]>(options: TaskOptions, fn: TaskFunction<A>, ...args: A): void;
  startSoon(...call: unknown[]): void {
    const { fn, args, name } = parseCall(call, 'TaskGroup.startSoon');
    this.#ensureOpen('startSoon');
    const task = new Task(name);
    task.attach(this.cancelScope.node);
    this.#live++;
    context.run(task, queueMicrotask, () => this.#run(task, fn, args));
  }

  /**
   * Starts `fn(...args, taskStatus)` and resolves with the value it passes to
   * `taskStatus.started()`. Until then the task runs inside the caller (cancelling the caller
   * cancels it, and its errors reject `start` without failing the group); after, it belongs to
   * the group.
   */
  start<T = void, A extends unknown[] = []>(fn: (...args: [...A, TaskStatus<T>]) => unknown, ...args: A): Promise<T>;
  start<T = void, A extends unknown[] = []>(options: TaskOptions, fn: (...args: [...A, TaskStatus<T>]) => unknown, ...args: A): Promise<T>;
  start(...call: unknown[]): Promise<unknown> {
    const { fn, args, name } = parseCall(call, 'TaskGroup.start');
    this.#ensureOpen('start');
    const task = new Task(name);
    task.attach(currentNode());
    this.#live++;
    return new Promise((resolve, reject) => {
      const status = new StartStatus(task, this.cancelScope, resolve);
      context.run(task, queueMicrotask, () => this.#run(task, fn, [...args, status], status, reject));
    });
  }

  /** @internal Runs the body, then waits for every task; see `createTaskGroup`. */
  async runBody<T>(body: (tg: TaskGroup) => Promise<T> | T): Promise<T> {
    let value: T | undefined;
    let cancelled: unknown;
    try {
      value = await body(this);
    } catch (error) {
      if (isCancelled(error)) cancelled = error;
      else this.#fail(error);
    }
    if (this.#live > 0) await new Promise<void>((resolve) => (this.#allEnded = resolve));
    this.#closed = true;
    if (this.#errors.length > 0) {
      const count = this.#errors.length;
      throw new ExceptionGroup(`unhandled error${count === 1 ? '' : 's'} in a task group (${count} sub-exception${count === 1 ? '' : 's'})`, this.#errors);
    }
    // The group's scope decides at its exit whether this Cancelled was its own to swallow.
    if (cancelled !== undefined) throw cancelled;
    return value as T;
  }

  // Calls the task function and follows its promise. A synchronous throw counts as a failure.
  #run(task: Task, fn: TaskFunction<unknown[]>, args: unknown[], status?: StartStatus<unknown>, reject?: (e: unknown) => void): void {
    task.state = 'running';
    let result: unknown;
    try {
      result = fn(...args);
    } catch (error) {
      this.#ended(task, error, status, reject);
      return;
    }
    Promise.resolve(result).then(
      () => this.#ended(task, undefined, status, reject),
      (error: unknown) => this.#ended(task, error ?? new Error(`task "${task.name}" rejected with ${String(error)}`), status, reject),
    );
  }

  // Invariant: every task counted in #live comes through here exactly once.
  #ended(task: Task, error: unknown, status: StartStatus<unknown> | undefined, reject: ((e: unknown) => void) | undefined): void {
    task.state = error === undefined ? 'done' : isCancelled(error) ? 'cancelled' : 'failed';
    if (status !== undefined && !status.isStarted) {
      // Before started(), the outcome is the starter's: it rejects `start`, never fails the group.
      const never = new Error(`task "${task.name}" ended without calling taskStatus.started()`);
      reject!(error ?? (task.cancelled ? task.cancelledError() : never));
    } else if (error !== undefined && !isCancelled(error)) {
      this.#fail(error);
    }
    task.detach();
    if (--this.#live === 0) this.#allEnded?.();
  }

  #fail(error: unknown): void {
    this.#errors.push(error);
    this.cancelScope.cancel(error);
  }

  #ensureOpen(method: string): void {
    if (this.#closed) {
      throw new TypeError(`TaskGroup.${method}: this task group has ended and takes no new tasks; start them in a group that is still open`);
    }
  }
}

class StartStatus<T> implements TaskStatus<T> {
  isStarted = false;

  constructor(
    readonly task: Task,
    readonly groupScope: CancelScope,
    readonly resolve: (value: T | undefined) => void,
  ) {}

  started(value?: T): void {
    if (this.isStarted) throw new TypeError(`task "${this.task.name}" called taskStatus.started() twice; call it once, when ready`);
    this.isStarted = true;
    this.task.reparent(this.groupScope.node);
    this.resolve(value);
  }
}

function parseCall(call: unknown[], where: string): { fn: TaskFunction<unknown[]>; args: unknown[]; name: string } {
  const [first, ...rest] = call;
  const hasOptions = typeof first === 'object' && first !== null;
  const fn = hasOptions ? rest.shift() : first;
  requireFunction(fn, `${where}(${hasOptions ? 'options, ' : ''}fn, ...args)`);
  const name = hasOptions ? (first as TaskOptions).name : undefined;
  if (name !== undefined && typeof name !== 'string') {
    throw new TypeError(`${where}({ name }) expects a string name, got ${describeValue(name)}`);
  }
  return { fn: fn as TaskFunction<unknown[]>, args: hasOptions ? rest : rest, name: name ?? (fn.name || 'anonymous') };
}
