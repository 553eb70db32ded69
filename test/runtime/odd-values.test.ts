// Anything can be thrown, and anything can be a cancel reason or an abort reason: describing it
// for a message must never throw, or the group that should report it never settles.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import {
  CancelScope,
  createTaskGroup,
  devtools,
  ExceptionGroup,
  formatTaskTree,
  isCancelled,
  sleep,
  sleepForever,
  taskTreeSnapshot,
} from '../../runtime/src/index.ts';

const revoked = (() => {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
})();

/** Values whose description runs code that throws, or that have no text at all. */
export const ODD_VALUES: [string, unknown][] = [
  ['Object.create(null)', Object.create(null)],
  ['an object whose toString throws', { toString: () => { throw new Error('no text'); } }],
  ['a revoked Proxy', revoked],
  ['a symbol', Symbol('odd')],
  ['an object whose message getter throws', Object.create(Error.prototype, { message: { get: () => { throw new Error('no message'); } } })],
];

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
before(() => process.on('unhandledRejection', onUnhandled));
after(() => process.off('unhandledRejection', onUnhandled));

/** Settles within 2 s, or fails the test: a group that never settles is the bug. */
async function settles<T>(promise: Promise<T>): Promise<PromiseSettledResult<T>> {
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('did not settle in 2 s')), 2_000)));
  try {
    return await Promise.race([Promise.allSettled([promise]).then(([result]) => result!), hung]);
  } finally {
    clearTimeout(timer);
  }
}

async function noUnhandled(): Promise<void> {
  await sleep(10);
  assert.deepEqual(unhandled, [], 'no unhandled rejection escapes');
}

for (const [label, value] of ODD_VALUES) {
  test(`a task that throws ${label} fails its group with the value in its ExceptionGroup`, async () => {
    devtools.setTracing(true);
    try {
      const result = await settles(createTaskGroup((tg) => {
        tg.startSoon(sleepForever);
        tg.startSoon(async () => {
          throw value;
        });
      }));
      assert.equal(result.status, 'rejected');
      const error = (result as PromiseRejectedResult).reason as ExceptionGroup;
      assert.ok(error instanceof ExceptionGroup);
      assert.equal(error.exceptions.length, 1);
      assert.ok(error.exceptions[0] === value, 'the very value thrown');
      assert.equal(typeof JSON.stringify(taskTreeSnapshot()), 'string', 'the history describes it');
    } finally {
      devtools.setTracing(false);
    }
    await noUnhandled();
  });

  test(`the body of a group that throws ${label} fails the group with it`, async () => {
    const result = await settles(createTaskGroup(async (tg) => {
      tg.startSoon(sleepForever);
      await sleep(1);
      throw value;
    }));
    assert.equal(result.status, 'rejected');
    assert.ok(((result as PromiseRejectedResult).reason as ExceptionGroup).exceptions[0] === value);
    await noUnhandled();
  });

  test(`scope.cancel(${label}) ends the scope; the Cancelled's message and the task tree describe the reason`, async () => {
    const scope = new CancelScope({ name: 'odd' });
    let seen: unknown;
    let tree = '';
    const result = await settles(scope.run(() => createTaskGroup(async (tg) => {
      tg.startSoon(async () => {
        try {
          await sleepForever();
        } catch (error) {
          seen = error;
          throw error;
        }
      });
      await sleep(1);
      scope.cancel(value);
      tree = formatTaskTree();
    })));
    assert.deepEqual(result, { status: 'fulfilled', value: undefined });
    assert.ok(isCancelled(seen));
    assert.match((seen as Error).message, /^cancelled by scope "odd": /);
    assert.match(tree, /cancelled/);
    await noUnhandled();
  });

  test(`a scope whose signal aborts with ${label} ends`, async () => {
    const controller = new AbortController();
    const scope = new CancelScope({ signal: controller.signal });
    const result = await settles(scope.run(() => createTaskGroup(async (tg) => {
      tg.startSoon(sleepForever);
      await sleep(1);
      controller.abort(value);
    })));
    assert.deepEqual(result, { status: 'fulfilled', value: undefined });
    assert.equal(scope.cancelledCaught, true);
    await noUnhandled();
  });
}

test('a task that throws undefined or null fails its group with an error that says so', async () => {
  for (const value of [undefined, null]) {
    const result = await settles(createTaskGroup((tg) => {
      tg.startSoon({ name: 'nothing' }, async () => {
        throw value;
      });
    }));
    const [error] = ((result as PromiseRejectedResult).reason as ExceptionGroup).exceptions;
    assert.match((error as Error).message, new RegExp(`task "nothing" threw ${String(value)}$`));
  }
  await noUnhandled();
});

test('a task function whose name is not a string, or cannot be read, still gets a name', async () => {
  const throwingName = async (): Promise<void> => {};
  Object.defineProperty(throwingName, 'name', { get: () => { throw new Error('no name'); } });
  const symbolName = async (): Promise<void> => {};
  Object.defineProperty(symbolName, 'name', { value: Symbol('not a name') });
  const names: string[] = [];
  await createTaskGroup((tg) => {
    tg.startSoon(throwingName);
    tg.startSoon(symbolName);
    names.push(...taskTreeSnapshot().tasks.map((task) => task.name));
  });
  assert.deepEqual(names, ['anonymous', 'anonymous']);
  assert.throws(() => new CancelScope({ name: Symbol('x') as unknown as string }), /new CancelScope\(\{ name \}\) expects a string, got symbol Symbol\(x\)/);
});
