// Lock: mutual exclusion between tasks. acquire/release/run/locked/acquireNowait, ownership per
// task (code outside any task is one owner), FIFO hand-over that no newcomer can overtake, and
// acquire as a checkpoint.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { CancelScope, checkpoint, createTaskGroup, Event, Lock, sleep } from '../../runtime/src/index.ts';
import { assertCancelled, Boom, Log, observe, rejection } from './helpers.ts';
import { assertError, inScope, inTask, settle, thrown } from './sync-helpers.ts';

const T = { timeout: 10_000 };

describe('Lock: basics', () => {
  test('acquire takes the lock and release gives it back', async () => {
    const lock = new Lock();
    assert.equal(lock.locked(), false);
    await lock.acquire();
    assert.equal(lock.locked(), true);
    lock.release();
    assert.equal(lock.locked(), false);
  });

  test('acquireNowait takes a free lock and returns false when it is held', async () => {
    const lock = new Lock();
    assert.equal(lock.acquireNowait(), true);
    assert.equal(lock.locked(), true);
    await createTaskGroup(async (tg) => {
      tg.startSoon(async () => {
        assert.equal(lock.acquireNowait(), false);
      });
    });
    lock.release();
    assert.equal(lock.locked(), false);
  });

  test('run returns the body value and releases the lock', async () => {
    const lock = new Lock();
    const value = await lock.run(async () => {
      assert.equal(lock.locked(), true);
      await checkpoint();
      return 42;
    });
    assert.equal(value, 42);
    assert.equal(lock.locked(), false);
  });

  test('run releases the lock when the body throws, and rejects with its error', async () => {
    const lock = new Lock();
    const error = await rejection(lock.run(async () => {
      await checkpoint();
      throw new Boom('in body');
    }));
    assert.ok(error instanceof Boom);
    assert.equal(lock.locked(), false);
  });

  test('run with a body that is not a function is a TypeError', async () => {
    const lock = new Lock();
    const error = await rejection((async () => lock.run(42 as unknown as () => Promise<void>))());
    assertError(error, TypeError, 'function');
    assert.equal(lock.locked(), false);
  });

  test('statistics show whether it is locked and how many wait', T, async () => {
    const lock = new Lock();
    assert.deepEqual(lock.statistics(), { locked: false, waiters: 0 });
    await createTaskGroup(async (tg) => {
      await lock.acquire();
      tg.startSoon(() => lock.run(async () => {}));
      tg.startSoon(() => lock.run(async () => {}));
      while (lock.statistics().waiters < 2) await settle();
      assert.deepEqual(lock.statistics(), { locked: true, waiters: 2 });
      lock.release();
    });
    assert.deepEqual(lock.statistics(), { locked: false, waiters: 0 });
  });
});

describe('Lock: mutual exclusion and fairness', () => {
  test('at most one task is inside run at a time', T, async () => {
    const lock = new Lock();
    const log = new Log();
    let inside = 0;
    await createTaskGroup(async (tg) => {
      for (let i = 0; i < 5; i++) {
        tg.startSoon(async () => {
          for (let round = 0; round < 3; round++) {
            await lock.run(async () => {
              inside++;
              assert.equal(inside, 1, 'two tasks inside the lock at once');
              log.add(`enter ${i}`);
              await sleep(0);
              await checkpoint();
              log.add(`exit ${i}`);
              inside--;
            });
          }
        });
      }
    });
    assert.equal(log.events.length, 30);
    for (let k = 0; k < log.events.length; k += 2) {
      const [enter, exit] = [log.events[k]!, log.events[k + 1]!];
      assert.equal(exit, enter.replace('enter', 'exit'), `entries must not interleave: ${JSON.stringify(log.events)}`);
    }
  });

  test('waiters get the lock in the order they asked for it', T, async () => {
    const lock = new Lock();
    const log = new Log();
    await createTaskGroup(async (tg) => {
      await lock.acquire();
      for (const [i, name] of ['a', 'b', 'c', 'd'].entries()) {
        tg.startSoon(async () => {
          await lock.acquire();
          log.add(name);
          await checkpoint();
          lock.release();
        });
        while (lock.statistics().waiters < i + 1) await settle(); // each in line before the next starts
      }
      lock.release();
    });
    assert.deepEqual(log.events, ['a', 'b', 'c', 'd']);
  });

  test('a released lock goes to the first waiter, never to a newcomer', T, async () => {
    const lock = new Lock();
    const log = new Log();
    await createTaskGroup(async (tg) => {
      await lock.acquire();
      tg.startSoon(async () => {
        await lock.acquire();
        log.add('waiter got it');
        await checkpoint();
        lock.release();
      });
      while (lock.statistics().waiters < 1) await settle();
      lock.release();
      assert.equal(lock.locked(), true, 'the lock passed straight to the waiter');
      // The body is another owner (top level), and a newcomer now: the lock is not free for it.
      log.add(`newcomer acquireNowait: ${lock.acquireNowait()}`);
      await lock.acquire();
      log.add('newcomer got it');
      lock.release();
    });
    assert.deepEqual(log.events, ['newcomer acquireNowait: false', 'waiter got it', 'newcomer got it']);
    assert.equal(lock.locked(), false);
  });

  test('acquireNowait returns false while others wait in line', T, async () => {
    const lock = new Lock();
    await createTaskGroup(async (tg) => {
      await lock.acquire();
      tg.startSoon(() => lock.run(async () => {}));
      while (lock.statistics().waiters < 1) await settle();
      lock.release();
      // Free for an instant is not free: the waiter owns it now.
      tg.startSoon(async () => assert.equal(lock.acquireNowait(), false));
    });
    assert.equal(lock.locked(), false);
  });
});

describe('Lock: ownership', () => {
  test('release when nobody holds the lock is a TypeError', () => {
    const lock = new Lock();
    assertError(thrown(() => lock.release()), TypeError, 'does not hold');
    assert.equal(lock.locked(), false);
  });

  test('release by a task that does not hold the lock is a TypeError, and the lock stays held', T, async () => {
    const lock = new Lock();
    const holding = new Event();
    const done = new Event();
    await createTaskGroup(async (tg) => {
      tg.startSoon(async () => {
        await lock.acquire();
        holding.set();
        await done.wait();
        lock.release();
      });
      tg.startSoon(async () => {
        await holding.wait();
        assertError(thrown(() => lock.release()), TypeError, 'does not hold');
        assert.equal(lock.locked(), true);
        done.set();
      });
    });
    assert.equal(lock.locked(), false);
  });

  test('code outside any task is one owner: a task cannot release its lock', T, async () => {
    const lock = new Lock();
    await lock.acquire();
    await createTaskGroup(async (tg) => {
      tg.startSoon(async () => {
        assertError(thrown(() => lock.release()), TypeError, 'does not hold');
      });
    });
    assert.equal(lock.locked(), true);
    lock.release();
  });

  test('a task that holds the lock may release it from a nested scope', T, async () => {
    const lock = new Lock();
    await createTaskGroup(async (tg) => {
      tg.startSoon(async () => {
        await lock.acquire();
        await new CancelScope().run(async () => {
          await checkpoint();
          lock.release();
        });
      });
    });
    assert.equal(lock.locked(), false);
  });

  test('acquire by the task that already holds the lock is a TypeError (the lock is not re-entrant)', () => inTask(async () => {
    const lock = new Lock();
    await lock.acquire();
    assertError(await rejection(lock.acquire()), TypeError, 'already holds');
    assert.equal(lock.statistics().waiters, 0, 'the failed acquire does not stand in line');
    lock.release();
    assert.equal(lock.locked(), false);
  }));

  test('a waiter handed the lock owns it: it can release it and nobody else can', T, async () => {
    const lock = new Lock();
    const log = new Log();
    await createTaskGroup(async (tg) => {
      await lock.acquire();
      tg.startSoon(async () => {
        await lock.acquire();
        log.add('waiter holds');
        await checkpoint();
        lock.release();
        log.add('waiter released');
      });
      while (lock.statistics().waiters < 1) await settle();
      lock.release();
      assertError(thrown(() => lock.release()), TypeError, 'does not hold');
    });
    assert.deepEqual(log.events, ['waiter holds', 'waiter released']);
    assert.equal(lock.locked(), false);
  });
});

describe('Lock: cancellation', () => {
  test('acquire in a cancelled context raises Cancelled even when the lock is free, and takes nothing', async () => {
    const lock = new Lock();
    const call = inScope(() => lock.acquire(), { cancelled: true });
    await call.done;
    assertCancelled(call.error());
    assert.equal(lock.locked(), false);
  });

  test('run in a cancelled context raises Cancelled without running the body', async () => {
    const lock = new Lock();
    let ran = false;
    const call = inScope(() => lock.run(async () => { ran = true; }), { cancelled: true });
    await call.done;
    assertCancelled(call.error());
    assert.equal(ran, false);
    assert.equal(lock.locked(), false);
  });

  test('a waiting acquire is woken by cancellation at once, and the lock goes to the next in line', T, async () => {
    const lock = new Lock();
    const log = new Log();
    await createTaskGroup(async (tg) => {
      await lock.acquire();
      const scope = new CancelScope();
      tg.startSoon(async () => {
        await scope.run(async () => {
          try {
            await lock.acquire();
            log.add('cancelled waiter got the lock');
          } catch (error) {
            assertCancelled(error);
            log.add('cancelled waiter raised');
            throw error;
          }
        });
      });
      while (lock.statistics().waiters < 1) await settle();
      tg.startSoon(async () => {
        await lock.acquire();
        log.add('second waiter got the lock');
        lock.release();
      });
      while (lock.statistics().waiters < 2) await settle();
      scope.cancel();
      assert.equal(lock.statistics().waiters, 1, 'the cancelled waiter left the line at once');
      await settle();
      log.add('releasing');
      lock.release();
    });
    assert.deepEqual(log.events, ['cancelled waiter raised', 'releasing', 'second waiter got the lock']);
    assert.equal(lock.locked(), false);
  });

  test('a waiter handed the lock before its cancellation holds it (and must release it)', T, async () => {
    const lock = new Lock();
    const log = new Log();
    await createTaskGroup(async (tg) => {
      await lock.acquire();
      const scope = new CancelScope();
      tg.startSoon(async () => {
        let acquired = false;
        await scope.run(async () => {
          await lock.acquire();
          acquired = true;
        });
        log.add(`acquired: ${acquired}, locked: ${lock.locked()}`);
        if (acquired) lock.release();
      });
      while (lock.statistics().waiters < 1) await settle();
      lock.release();
      scope.cancel(); // same turn: the lock is already the waiter's
    });
    assert.deepEqual(log.events, ['acquired: true, locked: true']);
    assert.equal(lock.locked(), false);
  });

  test('cancelling the group while tasks wait for the lock leaves it consistent', T, async () => {
    const lock = new Lock();
    const holder = observe(createTaskGroup(async (tg) => {
      await lock.acquire();
      for (let i = 0; i < 3; i++) tg.startSoon(() => lock.run(async () => {}));
      while (lock.statistics().waiters < 3) await settle();
      tg.cancelScope.cancel();
      await settle();
      assert.equal(lock.statistics().waiters, 0);
      lock.release();
    }));
    while (holder.state() === 'pending') await settle();
    assert.equal(holder.state(), 'fulfilled');
    assert.deepEqual(lock.statistics(), { locked: false, waiters: 0 });
    assert.equal(lock.acquireNowait(), true);
    lock.release();
  });
});
