import { createTaskGroup } from '../core/taskGroup.ts';
import { functionName, requireFunction } from '../validate.ts';

type Results<F extends readonly (() => unknown)[]> = { -readonly [K in keyof F]: Awaited<ReturnType<F[K]>> };

/**
 * Runs each function as a task of one group and resolves their results in argument order. On
 * failure it rejects with the group's `ExceptionGroup` of the non-cancel errors, after the
 * others were cancelled and have ended.
 */
export function gather<F extends readonly (() => unknown)[]>(...fns: F): Promise<Results<F>> {
  fns.forEach((fn, index) => requireFunction(fn, `gather(...fns) argument ${index}`));
  return gatherChecked(fns);
}

async function gatherChecked<F extends readonly (() => unknown)[]>(fns: F): Promise<Results<F>> {
  const results = new Array<unknown>(fns.length);
  await createTaskGroup((tg) => {
    fns.forEach((fn, index) => {
      tg.startSoon({ name: functionName(fn) ?? `gather[${index}]` }, async () => {
        results[index] = await fn();
      });
    });
  });
  return results as Results<F>;
}
