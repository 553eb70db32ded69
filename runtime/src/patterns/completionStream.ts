import { CancelScope } from '../core/cancelScope.ts';
import { createTaskGroup } from '../core/taskGroup.ts';
import { Queue } from '../sync/queue.ts';
import { requireCount, requireFunction } from '../validate.ts';

export interface CompletionStreamOptions {
  /** At most this many run at once (an integer ≥ 1, or Infinity, the default). */
  limit?: number;
}

/**
 * Runs the functions (at most `limit` at once) and yields `[index, value]` as each completes.
 * Leaving the loop early cancels what is still running, and the loop's exit waits for it. A
 * failure ends the loop with the `ExceptionGroup` of the non-cancel errors.
 *
 * @example
 * for await (const [index, page] of completionStream(urls.map((u) => () => fetchPage(u)))) {
 *   if (page.hasAnswer) break; // the other fetches are cancelled here
 * }
 */
export function completionStream<T>(
  fns: Iterable<() => Promise<T> | T>,
  options: CompletionStreamOptions = {},
): AsyncGenerator<[number, T], void, undefined> {
  const list = Array.from(fns);
  list.forEach((fn, index) => requireFunction(fn, `completionStream(fns) item ${index}`));
  const limit = options.limit ?? Infinity;
  requireCount(limit, 'completionStream(fns, { limit })', 1, true);
  return streamCompletions(list, limit);
}

async function* streamCompletions<T>(list: (() => Promise<T> | T)[], limit: number): AsyncGenerator<[number, T], void, undefined> {
  const done = Queue.withMaxsize<[number, T]>(Infinity);
  const scope = new CancelScope({ name: 'completionStream' });
  const running = scope.run(() => runAll(list, limit, done)).finally(() => done.close());
  // Surface a failure to the consumer through the loop; it is rethrown from `running` below.
  running.catch(() => {});
  try {
    for (let received = 0; received < list.length; received++) {
      let item: [number, T];
      try {
        item = await done.get();
      } catch (error) {
        await running; // the group's ExceptionGroup, if the queue closed because it failed
        throw error;
      }
      yield item;
    }
  } finally {
    scope.cancel('completionStream: loop left');
    await running;
  }
}

async function runAll<T>(fns: (() => Promise<T> | T)[], limit: number, done: Queue<[number, T]>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < fns.length) {
      const index = next++;
      done.putNowait([index, await fns[index]!()]);
    }
  };
  await createTaskGroup((tg) => {
    for (let i = 0; i < Math.min(limit, fns.length); i++) tg.startSoon({ name: `completionStream worker ${i}` }, worker);
  });
}
