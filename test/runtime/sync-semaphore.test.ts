// Semaphore: a counter of permits. Argument checks, acquire/release/run/value/acquireNowait,
// maxValue, FIFO hand-over that no newcomer can overtake, and acquire as a checkpoint.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { CancelScope, checkpoint, createTaskGroup, Semaphore, sleep } from '../../runtime/src/index.ts';
import { assertCancelled, Boom, Log, observe, rejection } from './helpers.ts';
import { assertError, inScope, settle, thrown } from './sync-helpers.ts';

const T = { timeout: 10_000 };

describe('Semaphore: construction', () => {
  test('starts with the initial value', () => {
    assert.equal(new Semaphore(3).value, 3);
    assert.equal(new Semaphore(0).value, 0);
    const bounded = new Semaphore(1, { maxValue: 2 });
    assert.equal(bounded.value, 1);
    assert.equal(bounded.maxValue, 2);
    assert.deepEqual(bounded.statistics(), { value: 1, waiters: 0 });
  });

  test('a negative or fractional initial value is a RangeError', () => {
    assertError(thrown(() => new Semaphore(-1)), RangeError, 'initial', '-1');
    assertError(thrown(() => new Semaphore(0.5)), RangeError, 'initial', '0.5');
    assertError(thrown(() => new Semaphore(NaN)), RangeError, 'initial');
  });

  test('an initial value that is not a number is a TypeError', () => {
    assertError(thrown(() => new Semaphore('1' as unknown as number)), TypeError, 'initial');
  });

  test('a maxValue below 1 or fractional is a RangeError', () => {
    assertError(thrown(() => new Semaphore(0, { maxValue: 0 })), RangeError, 'maxValue');
    assertError(thrown(() => new Semaphore(0, { maxValue: -2 })), RangeError, 'maxValue');
    assertError(thrown(() => new Semaphore(0, { maxValue: 2.5 })), RangeError, 'maxValue');
  });

  test('an initial value above maxValue is a RangeError', () => {
    assertError(thrown(() => new Semaphore(3, { maxValue: 2 })), RangeError, 'maxValue');
  });

  test('options that are not an object are a TypeError', () => {
    assertError(thrown(() => new Semaphore(1, null as unknown as object)), TypeError, 'options');
  });
});

describe('Semaphore: acquire and release', () => {
  test('acquire takes a permit, release gives it back', async () => {
    const semaphore = new Semaphore(2);
    await semaphore.acquire();
    assert.equal(semaphore.value, 1);
    await semaphore.acquire();
    assert.equal(semaphore.value, 0);
    semaphore.release();
    semaphore.release();
    assert.equal(semaphore.value, 2);
  });

  test('acquireNowait takes a permit when one is free, and returns false at 0', () => {
    const semaphore = new Semaphore(1);
    assert.equal(semaphore.acquireNowait(), true);
    assert.equal(semaphore.value, 0);
    assert.equal(semaphore.acquireNowait(), false);
    assert.equal(semaphore.value, 0);
    semaphore.release();
    assert.equal(semaphore.value, 1);
  });

  test('acquire waits at 0 until a release', T, async () => {
    const semaphore = new Semaphore(0);
    const acquire = observe(semaphore.acquire());
    await settle();
    assert.equal(acquire.state(), 'pending');
    assert.deepEqual(semaphore.statistics(), { value: 0, waiters: 1 });
    semaphore.release();
    await settle();
    assert.equal(acquire.state(), 'fulfilled');
    assert.deepEqual(semaphore.statistics(), { value: 0, waiters: 0 }, 'the released permit went to the waiter');
  });

  test('without maxValue, release is not tied to acquire: it raises the value', () => {
    const semaphore = new Semaphore(0);
    semaphore.release();
    semaphore.release();
    assert.equal(semaphore.value, 2);
  });

  test('a release beyond maxValue is a RangeError and leaves the value unchanged', async () => {
    const semaphore = new Semaphore(1, { maxValue: 1 });
    assertError(thrown(() => semaphore.release()), RangeError, 'maxValue');
    assert.equal(semaphore.value, 1);
    await semaphore.acquire();
    semaphore.release();
    assert.equal(semaphore.value, 1);
    assertError(thrown(() => semaphore.release()), RangeError, 'maxValue');
    assert.equal(semaphore.value, 1);
  });

  test('a release at maxValue - 1 with waiters hands the permit over without exceeding maxValue', T, async () => {
    const semaphore = new Semaphore(1, { maxValue: 1 });
    await semaphore.acquire();
    const waiter = observe(semaphore.acquire());
    await settle();
    semaphore.release();
    await settle();
    assert.equal(waiter.state(), 'fulfilled');
    assert.equal(semaphore.value, 0);
    semaphore.release();
    assert.equal(semaphore.value, 1);
    assertError(thrown(() => semaphore.release()), RangeError, 'maxValue');
  });

  test('run holds a permit during the body and gives it back, even when the body throws', async () => {
    const semaphore = new Semaphore(1);
    const value = await semaphore.run(async () => {
      assert.equal(semaphore.value, 0);
      await checkpoint();
      return 'v';
    });
    assert.equal(value, 'v');
    assert.equal(semaphore.value, 1);
    const error = await rejection(semaphore.run(async () => {
      throw new Boom('body');
    }));
    assert.ok(error instanceof Boom);
    assert.equal(semaphore.value, 1);
  });

  test('run with a body that is not a function is a TypeError', async () => {
    const semaphore = new Semaphore(1);
    assertError(await rejection((async () => semaphore.run('x' as unknown as () => Promise<void>))()), TypeError, 'function');
    assert.equal(semaphore.value, 1);
  });

  test('run lets at most `initial` bodies run at once', T, async () => {
    const semaphore = new Semaphore(3);
    let running = 0;
    let most = 0;
    await createTaskGroup(async (tg) => {
      for (let i = 0; i < 12; i++) {
        tg.startSoon(() => semaphore.run(async () => {
          running++;
          most = Math.max(most, running);
          await sleep(1);
          await checkpoint();
          running--;
        }));
      }
    });
    assert.equal(most, 3);
    assert.equal(semaphore.value, 3);
  });
});

describe('Semaphore: fairness', () => {
  test('waiters get permits in the order they asked', T, async () => {
    const semaphore = new Semaphore(0);
    const log = new Log();
    await createTaskGroup(async (tg) => {
      for (const [i, name] of ['a', 'b', 'c', 'd'].entries()) {
        tg.startSoon(async () => {
          await semaphore.acquire();
          log.add(name);
        });
        while (semaphore.statistics().waiters < i + 1) await settle();
      }
      for (let i = 0; i < 4; i++) {
        semaphore.release();
        await settle();
      }
    });
    assert.deepEqual(log.events, ['a', 'b', 'c', 'd']);
    assert.equal(semaphore.value, 0);
  });

  test('a released permit goes to the first waiter, never to a newcomer', T, async () => {
    const semaphore = new Semaphore(0);
    const log = new Log();
    await createTaskGroup(async (tg) => {
      tg.startSoon(async () => {
        await semaphore.acquire();
        log.add('waiter');
      });
      while (semaphore.statistics().waiters < 1) await settle();
      semaphore.release();
      assert.equal(semaphore.value, 0, 'the permit went straight to the waiter');
      log.add(`newcomer acquireNowait: ${semaphore.acquireNowait()}`);
    });
    assert.deepEqual(log.events, ['newcomer acquireNowait: false', 'waiter']);
    assert.equal(semaphore.value, 0);
  });

  test('a newcomer acquire waits behind the waiter the permit went to', T, async () => {
    const semaphore = new Semaphore(0);
    const log = new Log();
    await createTaskGroup(async (tg) => {
      tg.startSoon(async () => {
        await semaphore.acquire();
        log.add('first waiter');
      });
      while (semaphore.statistics().waiters < 1) await settle();
      semaphore.release();
      tg.startSoon(async () => {
        await semaphore.acquire();
        log.add('newcomer');
      });
      await settle();
      assert.deepEqual(log.events, ['first waiter'], 'the newcomer is still waiting');
      assert.equal(semaphore.statistics().waiters, 1);
      semaphore.release();
    });
    assert.deepEqual(log.events, ['first waiter', 'newcomer']);
  });
});

describe('Semaphore: cancellation', () => {
  test('acquire in a cancelled context raises Cancelled even when a permit is free, and takes nothing', async () => {
    const semaphore = new Semaphore(2);
    const call = inScope(() => semaphore.acquire(), { cancelled: true });
    await call.done;
    assertCancelled(call.error());
    assert.equal(semaphore.value, 2);
  });

  test('a waiting acquire is woken by cancellation at once; the next release goes to the next waiter', T, async () => {
    const semaphore = new Semaphore(0);
    const cancelled = inScope(() => semaphore.acquire());
    const next = inScope(() => semaphore.acquire());
    await settle();
    cancelled.scope.cancel();
    assert.equal(semaphore.statistics().waiters, 1, 'left the line at once');
    await settle();
    assertCancelled(cancelled.error());
    semaphore.release();
    await settle();
    assert.equal(next.state(), 'fulfilled');
    assert.equal(semaphore.value, 0);
    semaphore.release();
    assert.equal(semaphore.value, 1, 'no permit was lost to the cancelled waiter');
  });

  test('a waiter handed a permit before its cancellation keeps it', T, async () => {
    const semaphore = new Semaphore(0);
    const call = inScope(() => semaphore.acquire());
    await settle();
    semaphore.release();
    call.scope.cancel();
    await settle();
    assert.equal(call.state(), 'fulfilled');
    assert.equal(semaphore.value, 0, 'the permit is the waiter\'s, not back in the pool');
  });

  test('run cancelled while waiting does not run its body nor release a permit it never had', T, async () => {
    const semaphore = new Semaphore(1, { maxValue: 1 });
    await semaphore.acquire();
    let ran = false;
    const scope = new CancelScope();
    const block = observe(scope.run(() => semaphore.run(async () => { ran = true; })));
    await settle();
    scope.cancel();
    await settle();
    assert.equal(block.state(), 'fulfilled');
    assert.equal(ran, false);
    assert.equal(semaphore.value, 0);
    semaphore.release();
    assert.equal(semaphore.value, 1);
  });
});
