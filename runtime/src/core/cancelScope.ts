import { currentTime } from '../clock.ts';
import { cancellationIn } from '../errors.ts';
import { describeValue, requireDeadline, requireFunction } from '../validate.ts';
import { CancelNode } from './cancelNode.ts';
import { context, currentNode } from './context.ts';
import { recordCancel } from '../tracing/recorder.ts';
import { deadlines, type TimedEntry } from './deadlineHeap.ts';
import { stopWatchingOverrun, watchOverrun } from './overrun.ts';

export interface CancelScopeOptions {
  /** Absolute deadline on the `currentTime()` clock, in ms. Default: Infinity (none). */
  deadline?: number;
  /** Block cancellation of enclosing scopes (not this scope's own). Default: false. */
  shield?: boolean;
  /** Shown in the task tree and in `Cancelled` messages. */
  name?: string;
  /** Cancel this scope when the signal aborts (at once if it already has). */
  signal?: AbortSignal;
}

/**
 * A region of code that can be cancelled: by `cancel()`, by its deadline, or by its signal.
 * Cancellation reaches every checkpoint inside it, including those of tasks whose group runs
 * inside it, and is caught again at this scope's exit when it was this scope's own.
 *
 * @example
 * const scope = new CancelScope({ deadline: currentTime() + 1_000 });
 * const value = await scope.run(async () => fetchAll());
 * if (scope.cancelledCaught) console.log('gave up after 1 s');
 */
export class CancelScope {
  readonly #name: string | undefined;
  readonly #node: ScopeNode;
  #state: 'new' | 'running' | 'exited' = 'new';
  #cancelledCaught = false;
  #signal: AbortSignal | undefined;

  constructor(options: CancelScopeOptions = {}) {
    if (typeof options !== 'object' || options === null) {
      throw new TypeError(`new CancelScope() expects an options object, got ${describeValue(options)}`);
    }
    const { deadline = Infinity, shield = false, name, signal } = options;
    requireDeadline(deadline, 'new CancelScope({ deadline })');
    if (typeof shield !== 'boolean') throw new TypeError(`new CancelScope({ shield }) expects a boolean, got ${describeValue(shield)}`);
    if (name !== undefined && typeof name !== 'string') throw new TypeError(`new CancelScope({ name }) expects a string, got ${describeValue(name)}`);
    if (signal !== undefined && !(signal instanceof AbortSignal)) {
      throw new TypeError(`new CancelScope({ signal }) expects an AbortSignal, got ${describeValue(signal)}`);
    }
    this.#node = new ScopeNode(this);
    this.#name = name;
    this.#node.deadline = deadline;
    this.#node.shield = shield;
    this.#signal = signal;
    if (signal?.aborted) this.cancel(signal.reason);
  }

  /**
   * Runs `body` inside this scope. Resolves to the body's value, or to `undefined` when this
   * scope's own cancellation reached its exit and was caught there. Not a checkpoint. A scope
   * runs once.
   */
  run<T>(body: (scope: CancelScope) => Promise<T> | T): Promise<T | undefined> {
    requireFunction(body, 'CancelScope.run(body)');
    this.#enter();
    return this.#runEntered(body);
  }

  async #runEntered<T>(body: (scope: CancelScope) => Promise<T> | T): Promise<T | undefined> {
    try {
      return await context.run(this.#node, body, this);
    } catch (error) {
      if (this.#catchesOwn(error)) {
        this.#cancelledCaught = true;
        return undefined;
      }
      throw error;
    } finally {
      this.#exit();
    }
  }

  /** Cancels this scope (before, during or after `run`; idempotent). */
  cancel(reason?: unknown): void {
    const node = this.#node;
    if (node.cancelCalled) return;
    node.cancelCalled = true;
    node.cancelReason = reason;
    node.cancelOrigin = node;
    recordCancel(this, reason);
    if (this.#state !== 'running') return; // entering applies it; after exit it changes nothing
    this.#stopTimer();
    node.recompute();
    watchOverrun(node);
  }

  /** As given, or `CancelScope#<id>` (`task group #<id>` for a task group's scope). */
  get name(): string {
    return this.#name ?? (this.#node.isGroup ? `task group #${this.#node.id}` : `CancelScope#${this.#node.id}`);
  }

  /** @internal True when the name was given rather than made up from the id. */
  get named(): boolean {
    return this.#name !== undefined;
  }

  /** Unique among the scopes and tasks of the process's task tree. */
  get id(): number {
    return this.#node.id;
  }

  get deadline(): number {
    return this.#node.deadline;
  }

  /** Moving the deadline takes effect at once, earlier or later, while the scope runs. */
  set deadline(value: number) {
    requireDeadline(value, 'CancelScope.deadline');
    this.#node.deadline = value;
    if (this.#state === 'running' && !this.#node.cancelCalled) this.#scheduleDeadline();
  }

  get shield(): boolean {
    return this.#node.shield;
  }

  set shield(value: boolean) {
    if (typeof value !== 'boolean') throw new TypeError(`CancelScope.shield expects a boolean, got ${describeValue(value)}`);
    this.#node.shield = value;
    if (this.#state === 'running') this.#node.recompute();
  }

  /** `cancel()` was called, the deadline passed, or the signal aborted. */
  get cancelCalled(): boolean {
    return this.#node.cancelCalled;
  }

  /** This scope's exit swallowed its own `Cancelled`. */
  get cancelledCaught(): boolean {
    return this.#cancelledCaught;
  }

  /** Aborts (reason: a `Cancelled`) when this scope becomes cancelled, directly or from outside. */
  get signal(): AbortSignal {
    return this.#node.signal;
  }

  /** @internal The node in the cancel tree; for the runtime's own modules only. */
  get node(): ScopeNode {
    return this.#node;
  }

  #enter(): void {
    if (this.#state !== 'new') {
      throw new TypeError(`CancelScope "${this.name}" has already been ${this.#state === 'running' ? 'entered' : 'used'}: a scope runs once; make a new one`);
    }
    this.#state = 'running';
    const signal = this.#signal;
    if (signal?.aborted) this.cancel(signal.reason);
    else if (signal) listenTo(signal, this);
    this.#node.attach(currentNode());
    if (!this.#node.cancelCalled) this.#scheduleDeadline();
    else watchOverrun(this.#node);
  }

  #exit(): void {
    this.#state = 'exited';
    this.#stopTimer();
    if (this.#node.cancelCalled) stopWatchingOverrun(this.#node);
    if (this.#signal) stopListeningTo(this.#signal, this);
    this.#node.end();
  }

  // The scope swallows a Cancelled only when it caused it and no enclosing cancellation would
  // raise it again right after: its own cancel must be called and its parent's must not reach it.
  #catchesOwn(error: unknown): boolean {
    if (!this.#node.cancelCalled || cancellationIn(error) === undefined) return false;
    const parent = this.#node.parent;
    return this.#node.shield || parent === null || !parent.cancelled;
  }

  // The node is its own entry in the deadline heap (heapIndex ≥ 0 while armed).
  #scheduleDeadline(): void {
    const node = this.#node;
    if (node.deadline === Infinity) {
      deadlines.remove(node); // no clock read: most scopes (groups, shields) have no deadline
    } else if (node.deadline <= currentTime()) {
      this.cancel(new DeadlineExceeded(node.deadline));
    } else if (node.heapIndex < 0) {
      deadlines.add(node);
    } else {
      deadlines.update(node);
    }
  }

  #stopTimer(): void {
    deadlines.remove(this.#node);
  }

}

/**
 * The running scopes made with each foreign signal (a framework's request signal, say). A
 * signal gets one 'abort' listener however many scopes share it: one per scope made Node warn
 * of a leak at 11 concurrent requests. Added when the first scope enters, removed when the last
 * exits. Invariant: a signal is a key here exactly while it carries `cancelScopesOf`.
 */
const scopesBySignal = new WeakMap<AbortSignal, Set<CancelScope>>();

function listenTo(signal: AbortSignal, scope: CancelScope): void {
  const scopes = scopesBySignal.get(signal);
  if (scopes !== undefined) {
    scopes.add(scope);
    return;
  }
  scopesBySignal.set(signal, new Set([scope]));
  signal.addEventListener('abort', cancelScopesOf, { once: true });
}

function stopListeningTo(signal: AbortSignal, scope: CancelScope): void {
  const scopes = scopesBySignal.get(signal);
  if (scopes === undefined || !scopes.delete(scope) || scopes.size > 0) return;
  scopesBySignal.delete(signal);
  signal.removeEventListener('abort', cancelScopesOf);
}

function cancelScopesOf(event: Event): void {
  const signal = event.target as AbortSignal;
  const scopes = scopesBySignal.get(signal);
  scopesBySignal.delete(signal);
  for (const scope of scopes ?? []) scope.cancel(signal.reason);
}

/** @internal A cancel scope's node in the cancel tree. */
export class ScopeNode extends CancelNode implements TimedEntry {
  deadline = Infinity;
  /** The scope of a task group (the tree shows it as the group). Set by TaskGroup. */
  isGroup = false;
  /** A task group whose body has ended and that waits for its tasks. Set by TaskGroup. */
  joining = false;
  /** Position in the deadline heap while its deadline is armed; only the heap writes it. */
  heapIndex = -1;

  constructor(readonly scope: CancelScope) {
    super();
  }

  /** The deadline passed. */
  fire(): void {
    this.scope.cancel(new DeadlineExceeded(this.deadline));
  }

  get label(): string {
    if (!this.isGroup) return `scope "${this.scope.name}"`;
    return this.scope.named ? `task group "${this.scope.name}"` : this.scope.name;
  }
}

/** The reason given to `cancel()` when a scope's deadline passes. */
class DeadlineExceeded {
  constructor(readonly deadline: number) {}
  toString(): string {
    return `deadline ${this.deadline.toFixed(1)} passed`;
  }
}
