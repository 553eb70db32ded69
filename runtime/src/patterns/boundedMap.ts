import { createTaskGroup } from '../core/taskGroup.ts';
import { describeValue, requireCount, requireFunction } from '../validate.ts';

export interface BoundedMapOptions {
  /** At most this many calls of `fn` run at once (an integer ≥ 1, or Infinity). */
  limit: number;
}

/**
 * Maps `items` through `fn` with at most `limit` calls at once; results in input order. On
 * failure, rejects with the `ExceptionGroup` of the non-cancel errors once the rest are cancelled.
 */
export function boundedMap<I, O>(
  items: Iterable<I>,
  fn: (item: I, index: number) => Promise<O> | O,
  options: BoundedMapOptions,
): Promise<O[]> {
  if (items === null || typeof (items as Iterable<I>)?.[Symbol.iterator] !== 'function') {
    throw new TypeError(`boundedMap(items, fn, options) expects an iterable of items, got ${describeValue(items)}`);
  }
  requireFunction(fn, 'boundedMap(items, fn, options)');
  requireCount(options?.limit, 'boundedMap(items, fn, { limit })', 1, true);
  return boundedMapChecked(Array.from(items), fn, options.limit);
}

async function boundedMapChecked<I, O>(inputs: I[], fn: (item: I, index: number) => Promise<O> | O, limit: number): Promise<O[]> {
  const results = new Array<O>(inputs.length);
  let next = 0;
  // `limit` workers pull the next index until none is left: no more than `limit` run at once.
  const worker = async (): Promise<void> => {
    while (next < inputs.length) {
      const index = next++;
      results[index] = await fn(inputs[index]!, index);
    }
  };
  await createTaskGroup((tg) => {
    const workers = Math.min(limit, inputs.length);
    for (let i = 0; i < workers; i++) tg.startSoon({ name: `boundedMap worker ${i}` }, worker);
  });
  return results;
}
