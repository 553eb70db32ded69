import { isCancelled } from '../errors.ts';
import { describeValue, requireFunction } from '../validate.ts';
import { CancelScope, type ScopeNode } from './cancelScope.ts';
import type { CancelNode } from './cancelNode.ts';
import { currentNode } from './context.ts';
import { ExceptionGroup } from './exceptionGroup.ts';
import { recordEnd, recordSpawn } from '../tracing/recorder.ts';
import { scheduleStart, Task, type TaskOwner } from './task.ts';

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

/** `createTaskGroup(body)`, the group named `options.name` in messages and the task tree. */
export function createTaskGroup<T>(options: TaskGroupOptions, body: (tg: TaskGroup) => Promise<T> | T): Promise<T | undefined>;
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
export function createTaskGroup<T>(body: (tg: TaskGroup) => Promise<T> | T): Promise<T | undefined>;
export function createTaskGroup<T>(first: unknown, second?: unknown): Promise<T | undefined> {
  const named = typeof first !== 'function';
  const body = named ? second : first;
  requireFunction(body, named ? 'createTaskGroup(options, body)' : 'createTaskGroup(body)');
  const name = named ? requireName(first, 'createTaskGroup') : undefined;
  return runGroup(makeTaskGroup(name), body as (tg: TaskGroup) => Promise<T> | T);
}

export interface TaskGroupOptions {
  /** Shown in messages and the task tree (`task group "name"`); default `task group #<id>`. */
  name?: string;
}

async function runGroup<T>(group: TaskGroup, body: (tg: TaskGroup) => Promise<T> | T): Promise<T | undefined> {
  const core = coreOf(group);
  const value = await group.cancelScope.run(() => core.runBody(group, body));
  // The scope swallowed its own cancellation: the body's value still stands if it had returned.
  return group.cancelScope.cancelledCaught ? (core.bodyValue as T | undefined) : value;
}

// A group exists only inside `createTaskGroup`, which runs it and waits for its tasks: a group
// made any other way would run tasks that nothing waits for, outside the task tree.
const CREATED_BY_CREATE_TASK_GROUP = Symbol('createTaskGroup');
let makeTaskGroup: (name: string | undefined) => TaskGroup;
let coreOf: (group: TaskGroup) => GroupCore;

/** What `createTaskGroup` hands its body: starts tasks in the group. Made only by `createTaskGroup`. */
export class TaskGroup {
  /** `tg.cancelScope.cancel()` cancels the body and every task. */
  readonly cancelScope: CancelScope;
  readonly #core: GroupCore;

  static {
    makeTaskGroup = (name) => new TaskGroup(CREATED_BY_CREATE_TASK_GROUP, name);
    coreOf = (group) => group.#core;
  }

  private constructor(token: symbol, name: string | undefined) {
    if (token !== CREATED_BY_CREATE_TASK_GROUP) {
      throw new TypeError('a TaskGroup is made by createTaskGroup, which runs it and waits for its tasks: `await createTaskGroup(async (tg) => { tg.startSoon(fn) })`');
    }
    this.cancelScope = new CancelScope(name === undefined ? {} : { name });
    this.#core = new GroupCore(this.cancelScope);
  }

  /** Runs `fn(...args)` as a child task, on a later turn, never synchronously. */
  startSoon<A extends unknown[]>(fn: TaskFunction<A>, ...args: A): void;
  startSoon<A extends unknown[]>(options: TaskOptions, fn: TaskFunction<A>, ...args: A): void;
  startSoon(first: unknown, ...rest: unknown[]): void {
    const core = this.#core;
    core.ensureOpen('startSoon');
    // A function first is the common case, and never a promise: straight to the task.
    const task = typeof first === 'function'
      ? new Task(undefined, core, first as TaskFunction<unknown[]>, rest)
      : taskFromOptions(first, rest, core, 'TaskGroup.startSoon');
    task.attach(core.node);
    core.live++;
    recordSpawn(task, core.node.id, TaskGroup.prototype.startSoon);
    scheduleStart(task);
  }

  /**
   * Starts `fn(...args, taskStatus)` and resolves with the value it passes to
   * `taskStatus.started()`. Until then the task runs inside the caller (cancelling the caller
   * cancels it, and its errors reject `start` without failing the group); after, it belongs to
   * the group.
   */
  start<T = void, A extends unknown[] = []>(fn: (...args: [...A, TaskStatus<T>]) => unknown, ...args: A): Promise<T>;
  start<T = void, A extends unknown[] = []>(options: TaskOptions, fn: (...args: [...A, TaskStatus<T>]) => unknown, ...args: A): Promise<T>;
  start(first: unknown, ...rest: unknown[]): Promise<unknown> {
    const core = this.#core;
    core.ensureOpen('start');
    const starting = new Starting(core);
    const task = typeof first === 'function'
      ? new Task(undefined, starting, first as TaskFunction<unknown[]>, rest)
      : taskFromOptions(first, rest, starting, 'TaskGroup.start');
    rest.push(new StartStatus(task, starting));
    task.attach(currentNode());
    core.live++;
    recordSpawn(task, core.node.id, TaskGroup.prototype.start);
    scheduleStart(task);
    return starting.promise;
  }
}

/** A task group's state and outcome, out of the public class's reach. */
class GroupCore implements TaskOwner {
  readonly node: ScopeNode;
  readonly startPending = false;
  readonly home = null;
  /**
   * Tasks not yet ended, including those inside `start` before `started()`: while any is live
   * the group cannot close (trio keeps a nursery open for pending starts the same way).
   */
  live = 0;
  #closed = false;
  #errors: unknown[] = [];
  #allEnded: (() => void) | undefined;
  // A task ended by cancellation: once all have ended, the group raises Cancelled like them.
  #sawCancelled = false;
  /** The body's value, once it has returned. */
  bodyValue: unknown = undefined;

  constructor(readonly scope: CancelScope) {
    this.node = scope.node;
    this.node.isGroup = true;
  }

  /** Runs the body, then waits for every task; see `createTaskGroup`. */
  async runBody<T>(group: TaskGroup, body: (tg: TaskGroup) => Promise<T> | T): Promise<T> {
    let value: T | undefined;
    let cancelled: unknown;
    try {
      value = await body(group);
      this.bodyValue = value;
    } catch (thrown) {
      const error = this.node.receive(thrown);
      if (isCancelled(error)) cancelled = error;
      else this.#fail(error);
    }
    this.node.joining = true;
    if (this.live > 0) await new Promise<void>((resolve) => (this.#allEnded = resolve));
    this.#closed = true;
    if (this.#errors.length > 0) {
      const count = this.#errors.length;
      throw new ExceptionGroup(`unhandled error${count === 1 ? '' : 's'} in ${this.node.label} (${count} sub-exception${count === 1 ? '' : 's'})`, this.#errors);
    }
    // The group's scope decides at its exit whether this Cancelled was its own to swallow. A
    // cancelled task counts like a cancelled body: the group did not finish its work, and a
    // cancellation from outside must reach the caller's code (a group is no checkpoint sink).
    if (cancelled !== undefined) throw cancelled;
    if (this.#sawCancelled && this.node.cancelled) throw this.node.cancelledError();
    return value as T;
  }

  /**
   * Invariant: every task counted in `live` comes through here exactly once (a started task
   * directly, a task inside `start` through its `Starting`).
   */
  taskEnded(task: Task, error: unknown): void {
    task.state = stateAfter(error);
    if (task.state === 'failed') this.#fail(error);
    if (task.state === 'cancelled') this.#sawCancelled = true;
    this.startEnded(task, error);
  }

  /** A task inside `start` ended before `started()`: it leaves without touching the group's outcome. */
  startEnded(task: Task, error: unknown): void {
    recordEnd(task, error);
    task.end();
    if (--this.live === 0) this.#allEnded?.();
  }

  ensureOpen(method: string): void {
    if (this.#closed) {
      throw new TypeError(`TaskGroup.${method}: this task group has ended and takes no new tasks; start them in a group that is still open`);
    }
  }

  #fail(error: unknown): void {
    this.#errors.push(error);
    this.scope.cancel(error);
  }
}

/**
 * The owner of a task inside `start` until it calls `started()`: its outcome then is the
 * starter's (it rejects `start`, never fails the group). After `started()`, the group owns it.
 */
class Starting implements TaskOwner {
  isStarted = false;
  /** What `start` returns: settled by `started()` or by the task ending first. */
  readonly promise: Promise<unknown>;
  resolve!: (value: unknown) => void;
  reject!: (error: unknown) => void;

  constructor(readonly group: GroupCore) {
    this.promise = new Promise((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
  }

  get startPending(): boolean {
    return !this.isStarted;
  }

  get home(): CancelNode {
    return this.group.node;
  }

  taskEnded(task: Task, error: unknown): void {
    if (this.isStarted) {
      this.group.taskEnded(task, error);
      return;
    }
    const never = new Error(`task "${task.name}" ended without calling taskStatus.started()`);
    task.state = stateAfter(error);
    this.reject(error ?? (task.cancelled ? task.cancelledError() : never));
    this.group.startEnded(task, error);
  }
}

class StartStatus<T> implements TaskStatus<T> {
  constructor(
    readonly task: Task,
    readonly starting: Starting,
  ) {}

  started(value?: T): void {
    if (this.starting.isStarted) {
      throw new TypeError(`task "${this.task.name}" called taskStatus.started() twice; call it once, when ready`);
    }
    if (this.task.ended) {
      throw new TypeError(`task "${this.task.name}" called taskStatus.started() after it had ended (${this.task.state}); call it while the task runs, once it is ready`);
    }
    this.starting.isStarted = true;
    this.task.reparent(this.starting.group.node);
    this.starting.resolve(value);
  }
}

function stateAfter(error: unknown): 'done' | 'cancelled' | 'failed' {
  return error === undefined ? 'done' : isCancelled(error) ? 'cancelled' : 'failed';
}

// A task from `startSoon`/`start`'s arguments when the first is not a function: `options, fn,
// ...args`, or a mistake.
function taskFromOptions(first: unknown, rest: unknown[], owner: TaskOwner, where: string): Task {
  rejectPromise(first, where);
  if (typeof first !== 'object' || first === null) {
    throw new TypeError(`${where}(fn, ...args) expects a function (or options, then a function), got ${describeValue(first)}`);
  }
  const name = requireName(first, where);
  const fn = rest.shift();
  rejectPromise(fn, where);
  requireFunction(fn, `${where}(options, fn, ...args)`);
  return new Task(name, owner, fn as TaskFunction<unknown[]>, rest);
}

function requireName(options: unknown, where: string): string | undefined {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`${where}(options, …) expects an options object, got ${describeValue(options)}`);
  }
  const name = (options as TaskOptions).name;
  if (name !== undefined && typeof name !== 'string') {
    throw new TypeError(`${where}({ name }) expects a string name, got ${describeValue(name)}`);
  }
  return name;
}

// `tg.startSoon(fetchUser(1))`: the call has already run, outside the group, and nothing would
// wait for it. Its later rejection is handled here (it must not crash the process the caller
// thought the group protected), and the error shows the form that was meant.
function rejectPromise(value: unknown, where: string): void {
  if (!isThenable(value)) return;
  Promise.resolve(value).catch(() => {});
  const call = where.replace('TaskGroup.', 'tg.');
  throw new TypeError(
    `${where}() expects a function, got a promise: the call already ran, outside the task group. `
      + `Pass the function and its arguments, \`${call}(fetchUser, 1)\`, or an arrow, \`${call}(() => fetchUser(1))\``,
  );
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  if (typeof value !== 'object' || value === null) return false;
  try {
    return typeof (value as { then?: unknown }).then === 'function';
  } catch {
    return false;
  }
}
