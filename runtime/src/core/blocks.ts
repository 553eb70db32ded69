import { currentTime } from '../clock.ts';
import { TimeoutError } from '../errors.ts';
import { requireDeadline, requireDuration, requireFunction } from '../validate.ts';
import { CancelScope } from './cancelScope.ts';
import { currentNode } from './context.ts';

// The block helpers: each runs its body in a new CancelScope. None is a checkpoint, going in or
// coming out; the caller's next checkpoint raises if it is cancelled.

/** At `deadline` the body is cancelled and the block resolves `undefined`. */
export function moveOnAt<T>(deadline: number, body: (scope: CancelScope) => Promise<T> | T): Promise<T | undefined> {
  requireDeadline(deadline, 'moveOnAt(deadline, body)');
  requireFunction(body, 'moveOnAt(deadline, body)');
  return new CancelScope({ deadline, name: 'moveOnAt' }).run(body);
}

/** `ms` after entering, the body is cancelled and the block resolves `undefined`. */
export function moveOnAfter<T>(ms: number, body: (scope: CancelScope) => Promise<T> | T): Promise<T | undefined> {
  requireDuration(ms, 'moveOnAfter(ms, body)');
  requireFunction(body, 'moveOnAfter(ms, body)');
  return new CancelScope({ deadline: currentTime() + ms, name: 'moveOnAfter' }).run(body);
}

/**
 * At `deadline` the body is cancelled and the block rejects with `TimeoutError`. It rejects so
 * whenever its scope caught its own cancellation (an explicit `scope.cancel()` too), and only
 * then: it never resolves without the body's value.
 */
export function failAt<T>(deadline: number, body: (scope: CancelScope) => Promise<T> | T): Promise<T> {
  requireDeadline(deadline, 'failAt(deadline, body)');
  requireFunction(body, 'failAt(deadline, body)');
  return runOrFail(new CancelScope({ deadline, name: 'failAt' }), body);
}

/** `ms` after entering, the body is cancelled and the block rejects with `TimeoutError`. */
export function failAfter<T>(ms: number, body: (scope: CancelScope) => Promise<T> | T): Promise<T> {
  requireDuration(ms, 'failAfter(ms, body)');
  requireFunction(body, 'failAfter(ms, body)');
  return runOrFail(new CancelScope({ deadline: currentTime() + ms, name: 'failAfter' }), body);
}

/**
 * Runs `body` where cancellation of enclosing scopes does not reach it: for cleanup that must
 * finish (`finally { await shield(() => conn.close()) }`). Bound it with a deadline of its own
 * (`shield(() => moveOnAfter(5_000, …))`) so it cannot hang forever.
 */
export function shield<T>(body: () => Promise<T> | T): Promise<T> {
  requireFunction(body, 'shield(body)');
  // A shielded scope is never cancelled except by cancel() on it, which nobody else can reach.
  return new CancelScope({ shield: true, name: 'shield' }).run(body) as Promise<T>;
}

/**
 * The earliest deadline among the enclosing scopes, up to and including the nearest shielded
 * one: Infinity if none, -Infinity if the calling context is already cancelled.
 */
export function effectiveDeadline(): number {
  let node = currentNode();
  if (node?.cancelled) return -Infinity;
  let deadline = Infinity;
  for (; node; node = node.parent ?? undefined) {
    if (node.deadline < deadline) deadline = node.deadline;
    if (node.shield) break;
  }
  return deadline;
}

/**
 * The abort signal of the innermost scope; outside any scope, a signal that never aborts, a
 * fresh one per call: one shared by every caller would gather the listeners of all the work
 * given it (Node warned of a leak at 11), and keep for good those never removed.
 */
export function currentSignal(): AbortSignal {
  return currentNode()?.signal ?? new AbortController().signal;
}

async function runOrFail<T>(scope: CancelScope, body: (scope: CancelScope) => Promise<T> | T): Promise<T> {
  const value = await scope.run(body);
  if (scope.cancelledCaught) throw new TimeoutError(`${scope.name} deadline exceeded`);
  return value as T;
}
