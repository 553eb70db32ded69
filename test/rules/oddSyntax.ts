/**
 * A file of unusual but valid TypeScript that uses `corral` correctly: a rule must neither crash
 * on it nor report anything. Optional calls, computed members, labels, generators, classes,
 * decorators, `using`, destructuring and empty bodies, around checkpoints and handlers.
 */
export const oddSyntax = `import * as corral from 'corral';
import { sleep, isCancelled, shield, moveOnAfter, CancelScope, createTaskGroup } from 'corral';
import type { TaskGroup } from 'corral';

declare const maybe: { run?: (ms: number) => Promise<void> } | undefined;
declare function decorate(...args: unknown[]): any;

@decorate
class Service {
  @decorate accessor state = 0;
  #conn?: { close(): Promise<void> };
  static {}
  constructor(private readonly name = 'svc') {}
  async *ticks(): AsyncGenerator<number> {
    for (let i = 0; ; i++) {
      yield i;
      await sleep(1);
    }
  }
  async ['computed' + 'Name']() {}
  async [Symbol.asyncDispose]() {
    await shield(() => this.#conn?.close() ?? Promise.resolve());
  }
}

export default async function run({ a, b: [c, ...rest] = [], ...others }: any, tg?: TaskGroup) {
  label: {
    if (a) break label;
  }
  await maybe?.run?.(1);
  await corral['sleep'](1);
  using res = { [Symbol.dispose]() {} };
  await using pooled = { async [Symbol.asyncDispose]() {} };
  const { x = 1, ...y } = others;
  try {
    await moveOnAfter(10, async (scope) => { await sleep(c ?? 1); });
  } catch (error) {
    if (isCancelled(error)) throw error;
  } finally {
    await shield(async () => { await sleep(1); });
  }
  try {} catch {} finally {}
  try { JSON.parse('[1]'); } catch ([first]) { throw first; }
  await new CancelScope({ shield: true }).run(async () => { await sleep(1); });
  await createTaskGroup(async (group) => { group.startSoon(async () => {}); });
  const gen = function* () { yield* [1, 2]; };
  const obj = { async [Symbol.asyncDispose]() { await shield(() => sleep(1)); }, ...y, [x]: gen };
  for (const [k, v] of Object.entries(obj)) void k, v;
  void (async () => {})();
  while (rest.length) rest.pop();
  do {} while (false);
  switch (a) {}
  return tg?.cancelScope?.cancel?.(), obj;
}

function* plain() {
  try { yield 1; } catch { return; } finally {}
}

namespace Inner {
  export const value = 1;
}
enum Mode { A, B }
abstract class Base { abstract go(): Promise<void>; }
`;
