import type { CancelNode } from './cancelNode.ts';
import { ScopeNode } from './cancelScope.ts';
import { Task } from './task.ts';
import type { Parked } from './waiter.ts';

/**
 * What a task's code (or a scope's body) is doing while another piece of code runs. JavaScript
 * runs one thing at a time, so code that is not the caller's is suspended at an `await`: in a
 * Corral wait (parked in the cancel tree, where cancellation wakes it), in `tg.start()`, in the
 * end of a task group, or else in a promise Corral knows nothing of (`fetch`, a driver's query),
 * which cancellation cannot interrupt: until it settles, that code reaches no checkpoint.
 */
export type Activity =
  | { readonly kind: 'parked'; readonly waiter: Parked }
  | { readonly kind: 'starting' }
  | { readonly kind: 'joining'; readonly group: ScopeNode }
  /** `at`: the innermost scope (or the task) of the code, where its next checkpoint would look. */
  | { readonly kind: 'awaiting'; readonly at: CancelNode };

/**
 * The activity of the code running in `flow` (a task, or a scope whose body it is), down
 * through the scopes it opened (not into its child tasks, which are flows of their own). The
 * caller's own flow is running, not suspended: that one the caller must leave out.
 */
export function activityOf(flow: CancelNode): Activity {
  const waiter = firstWaiterOf(flow);
  if (waiter !== undefined) return { kind: 'parked', waiter };
  if (hasPendingStart(flow)) return { kind: 'starting' };
  let at = flow;
  for (let inner = innerScope(at); inner !== undefined; inner = innerScope(at)) at = inner;
  if (at instanceof ScopeNode && at.isGroup && at.joining) return { kind: 'joining', group: at };
  return { kind: 'awaiting', at };
}

// The code's waits: in its node or in scopes opened inside it, not in its child tasks.
function firstWaiterOf(flow: CancelNode): Parked | undefined {
  for (const node of ownNodes(flow)) {
    for (const waiter of node.waiters()) return waiter;
  }
  return undefined;
}

// A child task inside `start` (of the flow itself or of a scope opened inside it) has not called `started()`.
function hasPendingStart(flow: CancelNode): boolean {
  for (const node of ownNodes(flow)) {
    for (const child of node.children()) if (child instanceof Task && child.owner.startPending) return true;
  }
  return false;
}

// The flow's node and the scopes opened inside it, at any depth (an explicit stack, never
// recursion), without its child tasks and what is below them.
function* ownNodes(flow: CancelNode): IterableIterator<CancelNode> {
  const stack: CancelNode[] = [flow];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    yield node;
    for (const child of node.children()) if (!(child instanceof Task)) stack.push(child);
  }
}

// The scope the code entered inside `node`, if any (the latest one entered, when unawaited
// `run` calls made several).
function innerScope(node: CancelNode): CancelNode | undefined {
  for (const child of node.children()) if (!(child instanceof Task)) return child;
  return undefined;
}
