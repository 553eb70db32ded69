// Argument checks shared by the public API. Each error names the call, what it expects and what
// it got, so a wrong argument is clear at the call site rather than a crash deep inside.

/**
 * What a wrong argument was, for an error message: "undefined", "string \"x\"", "object Foo".
 * Never throws, whatever the value (see `describeSafely`).
 */
export function describeValue(value: unknown): string {
  return describeSafely(value, () => {
    if (value === undefined) return 'undefined';
    if (typeof value === 'function') return `function ${functionName(value) ?? '(anonymous)'}`;
    if (typeof value === 'string') return `string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
    if (value === null) return 'null';
    if (Array.isArray(value)) return `array of length ${value.length}`;
    if (typeof value === 'object') {
      const constructor = Object.getPrototypeOf(value) === null ? undefined : (value as { constructor?: { name?: unknown } }).constructor;
      return `object ${typeof constructor?.name === 'string' && constructor.name !== '' ? constructor.name : '(null prototype)'}`;
    }
    return `${typeof value} ${String(value)}`;
  });
}

/**
 * A thrown value or a cancel reason as message text: an error's message, a string as it is,
 * anything else as `String()` gives it. Never throws, whatever the value (see `describeSafely`).
 */
export function textOf(value: unknown): string {
  return describeSafely(value, () => (value instanceof Error ? value.message : typeof value === 'string' ? value : String(value)));
}

/** `textOf`, with the error's name first: "TypeError: x is not a function". Never throws. */
export function errorText(value: unknown): string {
  return describeSafely(value, () => (value instanceof Error ? `${value.name}: ${value.message}` : textOf(value)));
}

/** A function's own name when it is a non-empty string, else undefined. Never throws. */
export function functionName(fn: unknown): string | undefined {
  try {
    const name = (fn as { name?: unknown }).name;
    return typeof name === 'string' && name !== '' ? name : undefined;
  } catch {
    return undefined;
  }
}

// Anything can be thrown or given as a reason, and describing it runs the value's own code
// (`toString`, getters, Proxy traps): `Object.create(null)` has no `toString`, a revoked Proxy
// throws on every touch. A message is never worth a crash that would leave a group unsettled.
function describeSafely(value: unknown, describe: () => string): string {
  try {
    return describe();
  } catch {
    return typeof value === 'object' || typeof value === 'function' ? `${typeof value} (that cannot be shown as text)` : typeof value;
  }
}

export function requireFunction(value: unknown, where: string): asserts value is (...args: never[]) => unknown {
  if (typeof value !== 'function') {
    throw new TypeError(`${where} expects a function, got ${describeValue(value)}`);
  }
}

/** A deadline on the `currentTime()` clock: any number but NaN (±Infinity allowed). */
export function requireDeadline(value: unknown, where: string): asserts value is number {
  if (typeof value !== 'number') throw new TypeError(`${where} expects a deadline in milliseconds (a number), got ${describeValue(value)}`);
  if (Number.isNaN(value)) throw new RangeError(`${where} got NaN as a deadline; use Infinity for "no deadline"`);
}

/** A duration in milliseconds: any number but NaN; negative durations count as zero. */
export function requireDuration(value: unknown, where: string): asserts value is number {
  if (typeof value !== 'number') throw new TypeError(`${where} expects a duration in milliseconds (a number), got ${describeValue(value)}`);
  if (Number.isNaN(value)) throw new RangeError(`${where} got NaN as a duration`);
}

/** An integer count ≥ `min`, or Infinity when `allowInfinity`. */
export function requireCount(value: unknown, where: string, min: number, allowInfinity = false): asserts value is number {
  if (typeof value !== 'number') throw new TypeError(`${where} expects a number, got ${describeValue(value)}`);
  const ok = (Number.isInteger(value) && value >= min) || (allowInfinity && value === Infinity);
  if (!ok) {
    const expected = `an integer ≥ ${min}${allowInfinity ? ' or Infinity' : ''}`;
    throw new RangeError(`${where} expects ${expected}, got ${String(value)}`);
  }
}
