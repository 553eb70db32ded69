/**
 * Raised at checkpoints inside a cancelled scope. It must never be swallowed: code that catches
 * everything rethrows it (`if (isCancelled(e)) throw e`). The scope that caused it catches it at
 * its own exit; every other scope lets it through.
 */
export class Cancelled extends Error {
  override name = 'Cancelled';
}

// A brand shared by every runtime in the process (a copy from before the one-runtime handshake
// runs its own, see processRuntime.ts), so that one recognises the other's cancellation.
const CANCELLED_BRAND = Symbol.for('corral.Cancelled');
Object.defineProperty(Cancelled.prototype, CANCELLED_BRAND, { value: true });

/** True when `error` is a `Cancelled` (from any copy of the runtime loaded in this process). */
export function isCancelled(error: unknown): error is Cancelled {
  if (typeof error !== 'object' || error === null) return false;
  try {
    return (error as Record<symbol, unknown>)[CANCELLED_BRAND] === true;
  } catch {
    return false; // a revoked Proxy, a throwing getter: whatever it is, it is no Cancelled
  }
}

/**
 * A `Cancelled` that reached a task or a task group which was not cancelled: a stale one (kept in
 * a memoised promise since the scope that raised it ended, carried over from another task) or
 * one made with `new Cancelled()`. It means "stop" only where its cancellation reaches; anywhere
 * else it is an error, so the group fails with this error, the stale `Cancelled` as its `cause`.
 */
export class StaleCancelledError extends Error {
  override name = 'StaleCancelledError';
}

/**
 * The `Cancelled` that `error` carries: itself, or the reason of an abort signal that an API
 * wrapped in an `AbortError` (`node:timers/promises`, `events.once` and streams raise
 * `AbortError` with the signal's reason as `cause`; `fetch` rejects with the reason itself). So
 * `signal: currentSignal()` ends a wait as the scope's cancellation. Undefined for anything else.
 */
export function cancellationIn(error: unknown): Cancelled | undefined {
  if (isCancelled(error)) return error;
  try {
    const { name, cause } = error as { name?: unknown; cause?: unknown };
    return name === 'AbortError' && isCancelled(cause) ? cause : undefined;
  } catch {
    return undefined; // no AbortError: one that cannot be looked at
  }
}

/** The class of the cancellation error, as anyio's `get_cancelled_exc_class()`. */
export function getCancelledExcClass(): typeof Cancelled {
  return Cancelled;
}

/** A `failAt`/`failAfter` block reached its deadline (or its scope was cancelled) before the body finished. */
export class TimeoutError extends Error {
  override name = 'TimeoutError';
}

/** The resource was closed by this side: no more `put` on a closed `Queue`. */
export class ClosedResourceError extends Error {
  override name = 'ClosedResourceError';
}

/** The other side closed the stream and everything buffered has been taken. */
export class EndOfStream extends Error {
  override name = 'EndOfStream';
}

/** A `*Nowait` call that would have had to wait. */
export class WouldBlock extends Error {
  override name = 'WouldBlock';
}

/** The resource is unusable because of an earlier failure on it. */
export class BrokenResourceError extends Error {
  override name = 'BrokenResourceError';
}
