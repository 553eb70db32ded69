// Argument checks shared by the public API. Each error names the call, what it expects and what
// it got, so a wrong argument is clear at the call site rather than a crash deep inside.

export function describeValue(value: unknown): string {
  if (typeof value === 'function') return `function ${value.name || '(anonymous)'}`;
  if (typeof value === 'string') return `string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (value === null) return 'null';
  if (Array.isArray(value)) return `array of length ${value.length}`;
  if (typeof value === 'object') return `object ${value.constructor?.name ?? 'Object'}`;
  return `${typeof value} ${String(value)}`;
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
