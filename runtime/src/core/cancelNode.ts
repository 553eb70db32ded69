import { setMaxListeners } from 'node:events';

import { currentTime } from '../clock.ts';
import { Cancelled, cancellationIn, StaleCancelledError } from '../errors.ts';
import { textOf } from '../validate.ts';
import type { Parked } from './waiter.ts';

// One id counter for every runtime in the process (a copy from before the one-runtime handshake
// runs its own, see processRuntime.ts), so that the task tree, which merges them, never sees two
// nodes with one id.
const ids: { next: number } = ((globalThis as Record<symbol, unknown>)[Symbol.for('corral.ids')] ??= { next: 1 }) as { next: number };

/**
 * The nodes without a parent: top-level scopes and groups. The task tree is walked from here;
 * everything below is reached through `children()`. Only `attach`/`detach` write it.
 */
export const roots = new Set<CancelNode>();

/**
 * How many nodes in the tree are cancelled. Invariant: the number of attached nodes (roots
 * and their descendants) whose `cancelled` is true; only `recompute` and `detach` change it.
 * While it is 0, nothing anywhere can be cancelled, and a wait that need not wait can skip
 * looking up its context (an AsyncLocalStorage read) to check.
 */
export let cancelledNodes = 0;

/** What the nodes reached by one change of cancellation share; see `recompute`. */
interface Wave {
  error?: Cancelled;
  at?: number;
}

/**
 * What `recompute` has still to visit: an explicit stack in place of deep recursion. Entry `i`
 * is `nodes[i]` with `waves[i]`, and, when `runs[i]`, the siblings after it too (a list of
 * children met below the recursion limit). Invariant: `running` is true exactly while a
 * `recompute` walks.
 */
const walk = { running: false, nodes: [] as CancelNode[], waves: [] as Wave[], runs: [] as boolean[] };

/** How deep `recompute` recurses before it goes on through `walk`: a bounded use of the call stack. */
const RECURSION_LIMIT = 64;

function pushWalk(node: CancelNode, wave: Wave, run: boolean): void {
  walk.nodes.push(node);
  walk.waves.push(wave);
  walk.runs.push(run);
}

/**
 * The plumbing of cancellation (trio's CancelStatus): a tree of nodes, one per running cancel
 * scope and one per task, along which cancellation travels down to the waiters parked in it.
 * `CancelScope` is the origination side: it decides *that* a node is cancelled (`cancel()`, a
 * deadline, a signal); this file decides *who sees it*.
 *
 * Invariant: `cancelled === cancelCalled || (!shield && parent !== null && parent.cancelled)`,
 * for every node in the tree. Only `recompute` restores it, and every write to `cancelCalled`,
 * `shield` or `parent` is followed by a call to it.
 */
export abstract class CancelNode {
  /** Unique among scopes and tasks of this runtime copy: the task tree's ids. */
  readonly id = ids.next++;
  /** The enclosing node; a task's changes once, when `started()` moves it into its group. */
  parent: CancelNode | null = null;
  // Children and waiters are intrusive doubly-linked lists: O(1) link and unlink, no Set per node.
  #firstChild: CancelNode | null = null;
  #prevSibling: CancelNode | null = null;
  #nextSibling: CancelNode | null = null;
  #firstWaiter: Parked | null = null;

  /** This node's own cancellation was requested. Written by the owning scope only. */
  cancelCalled = false;
  /** Enclosing cancellation does not reach through this node. Written by the owning scope only. */
  shield = false;
  /** This node's own deadline (Infinity for tasks and for scopes without one). */
  abstract readonly deadline: number;
  /** Effective cancellation: see the invariant above. Read by every checkpoint. */
  cancelled = false;
  /** Why it was cancelled, passed on to `Cancelled` and the abort signal. */
  cancelReason: unknown = undefined;
  /** Name of the node that originated the cancellation this node sees, for error messages. */
  cancelOrigin: CancelNode | null = null;
  /**
   * When this node became cancelled (`currentTime()`), for "stuck cancelling" in the task tree;
   * undefined before. (Not -1: once a fractional time is written, a field that held -1 keeps a
   * heap number of its own in every node made after, cancelled or not.)
   */
  cancelledAt: number | undefined = undefined;

  #controller: AbortController | null = null;

  /** How messages and the task tree name this node: `scope "x"`, `task "y"`. */
  abstract get label(): string;

  /** Links this node under `parent` and takes on its cancellation state. */
  attach(parent: CancelNode | undefined): void {
    this.parent = parent ?? null;
    if (parent) {
      this.#nextSibling = parent.#firstChild;
      if (parent.#firstChild) parent.#firstChild.#prevSibling = this;
      parent.#firstChild = this;
    } else {
      roots.add(this);
    }
    this.recompute();
  }

  /** Unlinks this node from its parent; its waiters, if any, stay parked. */
  detach(): void {
    const parent = this.parent;
    if (parent) {
      if (this.#prevSibling) this.#prevSibling.#nextSibling = this.#nextSibling;
      else parent.#firstChild = this.#nextSibling;
      if (this.#nextSibling) this.#nextSibling.#prevSibling = this.#prevSibling;
    } else {
      roots.delete(this);
    }
    this.#prevSibling = this.#nextSibling = null;
    this.parent = null;
    if (this.cancelled) cancelledNodes--;
  }

  /**
   * The node's code has ended: it leaves the tree. A child still linked to it then is a task
   * inside `tg.start()` whose starter (a scope or a task) ended before the task called
   * `started()`; it moves to where it would have gone (`adoptedBy`), so that cancelling its group
   * still reaches it and the group can end, as trio keeps it under the nursery.
   */
  end(): void {
    this.detach();
    if (this.#firstChild !== null) this.#rehomeChildren();
  }

  #rehomeChildren(): void {
    for (let child = this.#firstChild, next; child !== null; child = next) {
      next = child.#nextSibling;
      const home = child.adoptedBy();
      if (home !== null) child.reparent(home);
    }
  }

  /** Where this node goes when its parent ends before it: nowhere, except for a starting task. */
  adoptedBy(): CancelNode | null {
    return null;
  }

  /** Moves this node under another parent (a task whose `started()` was called). */
  reparent(parent: CancelNode): void {
    this.detach();
    this.attach(parent);
  }

  /**
   * Restores the invariant here and, where the state changed, in the whole subtree. The nodes
   * reached by one change share a `Wave`: the one `Cancelled` their waiters are woken with
   * (creating 10,000 errors with stack traces would cost more than the cancellation itself;
   * later checkpoints make fresh ones) and the time it happened (a clock reading per node was a
   * fifth of the cost of cancelling 10,000 parked tasks).
   *
   * Depth: the call stack does not grow with the tree. The walk recurses at most
   * RECURSION_LIMIT levels (the usual shallow trees, as fast as plain recursion); below that, the
   * rest of a level's children waits on an explicit stack (`walk`) and is walked from there
   * afresh, so a tree 100,000 deep costs a little heap. A recompute that starts while a walk
   * runs (an abort listener cancelling another scope, a scope whose signal is an enclosing
   * scope's `signal`) joins that walk's stack instead of starting its own, so chains of signals
   * do not recurse either; it has been applied when the outermost recompute returns.
   */
  recompute(): void {
    if (this.#shouldBeCancelled() === this.cancelled) return; // nothing changes here, so nor below
    if (walk.running) {
      pushWalk(this, {}, false);
      return;
    }
    walk.running = true;
    try {
      this.#visit({}, 0);
      for (let node = walk.nodes.pop(); node !== undefined; node = walk.nodes.pop()) {
        const wave = walk.waves.pop()!;
        const run = walk.runs.pop()!;
        for (let current: CancelNode | null = node; current !== null; current = run ? current.#nextSibling : null) current.#visit(wave, 0);
      }
    } finally {
      walk.running = false;
    }
  }

  // This node, then, if it changed, its subtree: by recursion down to RECURSION_LIMIT levels
  // below where the walk started (the fast way for the usual shallow trees), and deeper than
  // that through the stack, where the walk starts again at depth 0.
  #visit(wave: Wave, depth: number): void {
    if (!this.#update(wave) || this.#firstChild === null) return;
    if (depth >= RECURSION_LIMIT) {
      pushWalk(this.#firstChild, wave, true);
      return;
    }
    for (let child: CancelNode | null = this.#firstChild; child !== null; child = child.#nextSibling) child.#visit(wave, depth + 1);
  }

  #shouldBeCancelled(): boolean {
    return this.cancelCalled || (!this.shield && this.parent !== null && this.parent.cancelled);
  }

  // One step of the walk: restores this node's own state; true if it changed.
  #update(wave: Wave): boolean {
    const next = this.#shouldBeCancelled();
    if (next === this.cancelled) return false;
    this.cancelled = next;
    cancelledNodes += next ? 1 : -1;
    if (next && !this.cancelCalled) {
      this.cancelReason = this.parent!.cancelReason;
      this.cancelOrigin = this.parent!.cancelOrigin;
    }
    if (next) {
      this.cancelledAt = wave.at ??= currentTime();
      this.#deliver(wave);
    }
    return true;
  }

  /** A fresh `Cancelled` describing this node's cancellation, for a checkpoint to throw. */
  cancelledError(): Cancelled {
    const origin = this.cancelOrigin?.label ?? this.label;
    const reason = this.cancelReason;
    const because = reason === undefined ? '' : `: ${textOf(reason)}`;
    return new Cancelled(`cancelled by ${origin}${because}`, reason === undefined ? undefined : { cause: reason });
  }

  /**
   * What `error`, with which code running in this node ended, is here. A `Cancelled` (or an
   * `AbortError` carrying one: `cancellationIn`) means "stop" only in a node that is cancelled
   * (its cancellation is the one that reached the code); in a node that is not, it is stale and
   * becomes an error that says so.
   */
  receive(error: unknown): unknown {
    const cancelled = cancellationIn(error);
    if (cancelled === undefined) return error;
    if (this.cancelled) return cancelled;
    return new StaleCancelledError(
      `${this.label} was not cancelled, yet it ended with a Cancelled (${JSON.stringify(textOf(cancelled))}): `
        + 'a stale one, raised under a scope that has since ended and kept (a memoised promise) or carried over from another task, '
        + 'or made by `new Cancelled()`; only cancellation reaching this code may stop it quietly',
      { cause: cancelled },
    );
  }

  /**
   * The node's abort signal, made on first use; it aborts (with a `Cancelled`) when the node is
   * cancelled. It takes any number of listeners without Node's leak warning: one task's many
   * concurrent requests all listen to it, and none of them outlives the node.
   */
  get signal(): AbortSignal {
    if (this.#controller === null) {
      this.#controller = new AbortController();
      setMaxListeners(0, this.#controller.signal);
      if (this.cancelled) this.#controller.abort(this.cancelledError());
    }
    return this.#controller.signal;
  }

  park(waiter: Parked): void {
    waiter.node = this;
    waiter.next = this.#firstWaiter;
    if (this.#firstWaiter) this.#firstWaiter.prev = waiter;
    this.#firstWaiter = waiter;
  }

  unpark(waiter: Parked): void {
    if (waiter.prev) waiter.prev.next = waiter.next;
    else this.#firstWaiter = waiter.next;
    if (waiter.next) waiter.next.prev = waiter.prev;
    waiter.prev = waiter.next = null;
    waiter.node = null;
  }

  /** Iterates the children (for the task tree). */
  *children(): IterableIterator<CancelNode> {
    for (let child = this.#firstChild; child; child = child.#nextSibling) yield child;
  }

  /** Iterates the parked waiters (for the task tree). */
  *waiters(): IterableIterator<Parked> {
    for (let waiter = this.#firstWaiter; waiter; waiter = waiter.next) yield waiter;
  }

  // Wakes every parked waiter with Cancelled and aborts the signal. Waiters leave the list as
  // they settle.
  #deliver(wave: Wave): void {
    if (this.#controller !== null && !this.#controller.signal.aborted) this.#controller.abort(this.cancelledError());
    if (this.#firstWaiter === null) return;
    const error = (wave.error ??= this.cancelledError());
    for (let waiter = this.#firstWaiter; waiter !== null; waiter = this.#firstWaiter) waiter.cancel(error);
  }
}
