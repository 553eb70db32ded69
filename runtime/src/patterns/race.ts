import { createTaskGroup } from '../core/taskGroup.ts';
import { Cancelled, isCancelled } from '../errors.ts';
import { functionName, requireFunction } from '../validate.ts';
import { currentNode } from '../core/context.ts';

/**
 * Runs the functions concurrently; the first to settle wins, with its value or its error. The
 * others are cancelled and awaited before `race` settles.
 */
export function race<T>(...fns: (() => Promise<T> | T)[]): Promise<T> {
  if (fns.length === 0) throw new TypeError('race(...fns) needs at least one function');
  fns.forEach((fn, index) => requireFunction(fn, `race(...fns) argument ${index}`));
  return raceChecked(fns);
}

async function raceChecked<T>(fns: (() => Promise<T> | T)[]): Promise<T> {
  let winner: { value: T } | { error: unknown } | undefined;
  await createTaskGroup((tg) => {
    fns.forEach((fn, index) => {
      tg.startSoon({ name: functionName(fn) ?? `race[${index}]` }, async () => {
        try {
          const value = await fn();
          winner ??= { value };
        } catch (error) {
          // A Cancelled here is the race ending (or the caller being cancelled): not a result.
          if (isCancelled(error)) throw error;
          winner ??= { error };
        }
        tg.cancelScope.cancel('race settled');
      });
    });
  });
  if (winner === undefined) throw currentNode()?.cancelledError() ?? new Cancelled('race: every contender was cancelled');
  if ('error' in winner) throw winner.error;
  return winner.value;
}
