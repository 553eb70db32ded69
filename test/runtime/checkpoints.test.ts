// The waiting functions: every one is a checkpoint, and a waiting one is woken by cancellation.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  CancelScope,
  cancellable,
  checkpoint,
  createTaskGroup,
  currentTime,
  moveOnAfter,
  sleep,
  sleepForever,
  sleepUntil,
} from '../../runtime/src/index.ts';
import { assertCancelled, Log, plainDelay, processEventsDuring, rejection, turns } from './helpers.ts';

const LONG = 60_000;
const T = { timeout: 10_000 };

/** Collects 'unhandledRejection' events while `body` runs and a few turns after. */
function unhandledDuring(body: () => Promise<void>): Promise<unknown[]> {
  return processEventsDuring<unknown>('unhandledRejection', body);
}

test('checkpoint yields to the event loop once and returns when not cancelled', async () => {
  const log = new Log();
  setImmediate(() => log.add('immediate queued before'));
  let microtasks = 0;
  const spin = (): void => { if (++microtasks < 100) queueMicrotask(spin); };
  queueMicrotask(spin);
  await checkpoint();
  log.add('checkpoint returned');
  assert.deepEqual(log.events, ['immediate queued before', 'checkpoint returned']);
  assert.equal(microtasks, 100);
});

test('checkpoint raises Cancelled inside a cancelled scope', async () => {
  const scope = new CancelScope();
  await scope.run(async () => {
    scope.cancel();
    assertCancelled(await rejection(checkpoint()));
  });
});

test('sleep waits at least about the given time, outside any scope too', async () => {
  const before = currentTime();
  await sleep(20);
  assert.ok(currentTime() - before >= 19, `slept ${currentTime() - before} ms`);
});

test('sleep(0) and a negative sleep only yield', async () => {
  const log = new Log();
  setImmediate(() => log.add('immediate'));
  await sleep(0);
  await sleep(-5);
  log.add('slept');
  assert.deepEqual(log.events, ['immediate', 'slept']);
});

test('sleep raises at once when already cancelled, even for 0 ms', async () => {
  await new CancelScope().run(async (scope) => {
    scope.cancel();
    assertCancelled(await rejection(sleep(0)));
    assertCancelled(await rejection(sleep(LONG)));
    assertCancelled(await rejection(sleepUntil(-Infinity)));
  });
});

test('a sleep under way is woken at once by cancellation', T, async () => {
  const scope = new CancelScope();
  let error: unknown;
  await scope.run(async () => {
    setTimeout(() => scope.cancel(), 2);
    error = await rejection(sleep(LONG));
  });
  assertCancelled(error);
});

test('sleepUntil waits until the clock reaches the deadline', async () => {
  const deadline = currentTime() + 15;
  await sleepUntil(deadline);
  assert.ok(currentTime() >= deadline - 1, `woke ${deadline - currentTime()} ms early`);
  await sleepUntil(currentTime() - 100); // a past deadline only yields
});

test('sleepUntil is woken by cancellation', T, async () => {
  const value = await moveOnAfter(3, async () => {
    await sleepUntil(currentTime() + LONG);
    return 'slept';
  });
  assert.equal(value, undefined);
});

test('sleepForever waits until cancelled', T, async () => {
  const log = new Log();
  const value = await moveOnAfter(5, async () => {
    try {
      await sleepForever();
    } catch (error) {
      assertCancelled(error);
      log.add('woken by cancellation');
      throw error;
    }
  });
  assert.equal(value, undefined);
  assert.deepEqual(log.events, ['woken by cancellation']);
});

test('sleep(Infinity) waits like sleepForever', T, async () => {
  assert.equal(await moveOnAfter(3, async () => { await sleep(Infinity); return 'woke'; }), undefined);
});

test('cancellable passes through the value or the error of a foreign promise', async () => {
  assert.equal(await cancellable(Promise.resolve(5)), 5);
  assert.equal(await cancellable(plainDelay(2).then(() => 'later')), 'later');
  const boom = new Error('foreign');
  assert.equal(await rejection(cancellable(Promise.reject(boom))), boom);
  const thenable: PromiseLike<string> = { then: (ok) => Promise.resolve(ok?.('thenable')) as never };
  assert.equal(await cancellable(thenable), 'thenable');
});

test('cancellable raises Cancelled as soon as the context is cancelled, without waiting for the promise', T, async () => {
  const never = new Promise<never>(() => {});
  const scope = new CancelScope();
  let error: unknown;
  await scope.run(async () => {
    setTimeout(() => scope.cancel(), 2);
    error = await rejection(cancellable(never));
  });
  assertCancelled(error);
});

test('cancellable raises in an already cancelled context even if the promise has resolved', async () => {
  await new CancelScope().run(async (scope) => {
    scope.cancel();
    assertCancelled(await rejection(cancellable(Promise.resolve('ready'))));
  });
});

test('cancellable leaves no unhandled rejection when the abandoned promise rejects later', async () => {
  const unhandled = await unhandledDuring(async () => {
    let rejectLater!: (e: unknown) => void;
    const foreign = new Promise<never>((_, reject) => { rejectLater = reject; });
    await moveOnAfter(2, () => cancellable(foreign));
    rejectLater(new Error('rejected after the waiter was cancelled'));
  });
  assert.deepEqual(unhandled, []);
});

test('cancellable leaves no unhandled rejection when called in a cancelled context with a promise that rejects', async () => {
  const unhandled = await unhandledDuring(async () => {
    await new CancelScope().run(async (scope) => {
      scope.cancel();
      const foreign = plainDelay(2).then(() => { throw new Error('late failure'); });
      await cancellable(foreign);
    });
    await plainDelay(5);
  });
  assert.deepEqual(unhandled, []);
});

test('cancellable waits on one promise: the cancelled ones leave, the others get its value, and so do later ones', T, async () => {
  let resolveShared!: (value: string) => void;
  const shared = new Promise<string>((resolve) => (resolveShared = resolve));
  const results = await createTaskGroup(async (tg) => {
    const got: string[] = [];
    for (const name of ['a', 'b', 'c']) {
      tg.startSoon(async () => {
        const value = await moveOnAfter(name === 'b' ? 1 : 60_000, () => cancellable(shared));
        got.push(`${name}:${value ?? 'timed out'}`);
      });
    }
    await sleep(10);
    resolveShared('ready');
    return got;
  });
  assert.deepEqual(results?.sort(), ['a:ready', 'b:timed out', 'c:ready']);
  assert.equal(await cancellable(shared), 'ready');
});
