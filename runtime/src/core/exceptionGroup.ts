import { isCancelled } from '../errors.ts';
import { describeValue } from '../validate.ts';

/** A predicate on errors, or an error class to match with `instanceof`. */
export type ErrorMatcher = ((error: unknown) => boolean) | (abstract new (...args: never[]) => unknown);

/**
 * Several errors raised together, as Python's ExceptionGroup: what a task group rejects with when
 * its tasks fail. `exceptions` keeps the order they were raised in.
 *
 * @example
 * try { await createTaskGroup(...) } catch (e) {
 *   if (e instanceof ExceptionGroup) {
 *     const [timeouts, rest] = e.split(TimeoutError);
 *   }
 * }
 */
export class ExceptionGroup extends AggregateError {
  override name = 'ExceptionGroup';
  readonly exceptions: readonly unknown[];

  constructor(message: string, exceptions: Iterable<unknown> | ArrayLike<unknown>) {
    if (exceptions === null || typeof exceptions !== 'object') {
      throw new TypeError(`new ExceptionGroup(message, exceptions) expects an array of errors, got ${describeValue(exceptions)}`);
    }
    const list = Array.from(exceptions as Iterable<unknown>);
    if (list.length === 0) throw new RangeError('new ExceptionGroup(message, exceptions) needs at least one exception');
    super(list, String(message));
    this.exceptions = Object.freeze(list);
  }

  /** The errors that match, with this group's structure kept, or undefined if none do. */
  subgroup(matcher: ErrorMatcher): ExceptionGroup | undefined {
    return this.split(matcher)[0];
  }

  /**
   * `[matched, rest]`: each part keeps the nesting and messages of the original groups, or is
   * undefined when empty. A predicate sees nested groups too, as Python's `except*` does: a
   * group it accepts is taken whole. Nested groups (one per level of failed task groups) are
   * walked with an explicit stack: any depth splits.
   */
  split(matcher: ErrorMatcher): [ExceptionGroup | undefined, ExceptionGroup | undefined] {
    const matches = toPredicate(matcher);
    if (matches(this)) return [this, undefined];
    // A group being split, the index of its next member, and its two parts so far.
    type Frame = { group: ExceptionGroup; next: number; matched: unknown[]; rest: unknown[] };
    const stack: Frame[] = [{ group: this, next: 0, matched: [], rest: [] }];
    for (;;) {
      const frame = stack[stack.length - 1]!;
      if (frame.next < frame.group.exceptions.length) {
        const error = frame.group.exceptions[frame.next++];
        if (matches(error)) frame.matched.push(error);
        else if (isInstance(error, ExceptionGroup)) stack.push({ group: error, next: 0, matched: [], rest: [] });
        else frame.rest.push(error);
        continue;
      }
      stack.pop();
      const matched = frame.group.#derive(frame.matched);
      const rest = frame.group.#derive(frame.rest);
      const parent = stack[stack.length - 1];
      if (parent === undefined) return [matched, rest];
      if (matched) parent.matched.push(matched);
      if (rest) parent.rest.push(rest);
    }
  }

  // A new group of the same message and cause with other members; the whole group when nothing
  // was taken out of it (Python returns `self` there too).
  #derive(exceptions: unknown[]): ExceptionGroup | undefined {
    if (exceptions.length === 0) return undefined;
    if (exceptions.length === this.exceptions.length && exceptions.every((e, i) => e === this.exceptions[i])) return this;
    const derived = new ExceptionGroup(this.message, exceptions);
    if (this.cause !== undefined) derived.cause = this.cause;
    return derived;
  }
}

function toPredicate(matcher: ErrorMatcher): (error: unknown) => boolean {
  if (typeof matcher !== 'function') {
    throw new TypeError(`ExceptionGroup.split/subgroup expects a predicate or an error class, got ${describeValue(matcher)}`);
  }
  const isClass = typeof matcher.prototype === 'object' && matcher.prototype !== null
    && (matcher.prototype instanceof Error || matcher === Error || matcher.prototype === Error.prototype);
  if (isClass) return (error) => isInstance(error, matcher as abstract new () => unknown);
  return matcher as (error: unknown) => boolean;
}

// `instanceof` that answers false for a value it cannot look at: a revoked Proxy throws on every
// touch, and may be among the errors of a group.
function isInstance<T>(value: unknown, type: abstract new (...args: never[]) => T): value is T {
  try {
    return value instanceof type;
  } catch {
    return false;
  }
}

/** The group without any `Cancelled`, or undefined if nothing else is in it. A bare `Cancelled` gives undefined. */
export function nonCancelSubgroup(group: unknown): ExceptionGroup | undefined {
  if (isCancelled(group)) return undefined;
  if (!isInstance(group, ExceptionGroup)) {
    throw new TypeError(`nonCancelSubgroup(group) expects an ExceptionGroup, got ${describeValue(group)}`);
  }
  return group.split(isCancelled)[1];
}
