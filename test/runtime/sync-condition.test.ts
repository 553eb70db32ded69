// Condition: waiting for a state change under a lock. The lock it uses, wait (releases the lock
// while waiting, holds it again when it returns, also when cancelled), notify(n)/notifyAll in
// FIFO order, the caller-must-hold-the-lock checks, and wait as a checkpoint.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { CancelScope, checkpoint, Condition, createTaskGroup, Lock } from '../../runtime/src/index.ts';
import { assertCancelled, Log, rejection } from './helpers.ts';
import { assertError, inTask, settle, thrown } from './sync-helpers.ts';

const T = { timeout: 10_000 };

/**
 * Starts tasks that each wait on `condition` once and log when they return; their `finally`
 * releases the lock, which throws unless the task holds it again after `wait`.
 */
function startWaiters(tg: { startSoon(fn: () => Promise<void>): void }, condition: Condition, names: string[], log: Log): void {
  for (const name of names) {
    tg.startSoon(async () => {
      await condition.acquire();
      try {
        await condition.wait();
        log.add(`${name} woke holding the lock: ${condition.locked()}`);
      } finally {
        condition.release();
      }
    });
  }
}

async function untilWaiting(condition: Condition, count: number): Promise<void> {
  while (condition.statistics().waiters < count) await settle();
}

describe('Condition: construction and its lock', () => {
  test('makes its own Lock, or uses the one given', async () => {
    const own = new Condition();
    assert.ok(own.lock instanceof Lock);
    assert.equal(own.locked(), false);
    const lock = new Lock();
    const shared = new Condition(lock);
    assert.equal(shared.lock, lock);
    await shared.acquire();
    assert.equal(lock.locked(), true);
    assert.equal(shared.locked(), true);
    shared.release();
    assert.equal(lock.locked(), false);
  });

  test('run holds the condition\'s lock during the body and releases it after, even on a throw', async () => {
    const condition = new Condition();
    assert.equal(await condition.run(async () => {
      assert.equal(condition.locked(), true);
      condition.notify(); // allowed: the caller holds the lock
      return 'v';
    }), 'v');
    assert.equal(condition.locked(), false);
    await assert.rejects(condition.run(async () => { throw new Error('body'); }), /body/);
    assert.equal(condition.locked(), false);
  });

  test('a lock that is not a Lock is a TypeError', () => {
    assertError(thrown(() => new Condition({} as unknown as Lock)), TypeError, 'Lock');
  });

  test('acquire and release are the lock\'s', () => inTask(async () => {
    const condition = new Condition();
    await condition.acquire();
    assert.equal(condition.lock.locked(), true);
    assertError(await rejection(condition.acquire()), TypeError);
    condition.release();
    assertError(thrown(() => condition.release()), TypeError, 'does not hold');
  }));
});

describe('Condition: wait and notify', () => {
  test('wait without holding the lock is a TypeError', async () => {
    const condition = new Condition();
    assertError(await rejection(condition.wait()), TypeError, 'lock');
    assert.equal(condition.statistics().waiters, 0);
  });

  test('notify and notifyAll without holding the lock are TypeErrors', () => {
    const condition = new Condition();
    assertError(thrown(() => condition.notify()), TypeError, 'lock');
    assertError(thrown(() => condition.notifyAll()), TypeError, 'lock');
  });

  test('notify by a task that does not hold the lock is a TypeError, even while another task holds it', T, async () => {
    const condition = new Condition();
    await condition.acquire(); // held by the top level
    await createTaskGroup(async (tg) => {
      tg.startSoon(async () => {
        assertError(thrown(() => condition.notify()), TypeError, 'lock');
      });
    });
    condition.release();
  });

  test('wait releases the lock while it waits, and holds it again when it returns', T, async () => {
    const condition = new Condition();
    const log = new Log();
    await createTaskGroup(async (tg) => {
      startWaiters(tg, condition, ['w'], log);
      await untilWaiting(condition, 1);
      assert.equal(condition.locked(), false, 'the waiter released the lock');
      await condition.acquire();
      log.add('notifier holds the lock');
      condition.notify();
      await checkpoint();
      assert.deepEqual(log.events, ['notifier holds the lock'], 'the waiter cannot return before the lock is free');
      condition.release();
    });
    assert.deepEqual(log.events, ['notifier holds the lock', 'w woke holding the lock: true']);
    assert.equal(condition.locked(), false);
  });

  test('notify wakes the first waiter; notify(n) the first n; in the order they waited', T, async () => {
    const condition = new Condition();
    const log = new Log();
    await createTaskGroup(async (tg) => {
      for (const [i, name] of ['a', 'b', 'c', 'd'].entries()) {
        startWaiters(tg, condition, [name], log);
        await untilWaiting(condition, i + 1);
      }
      await condition.acquire();
      condition.notify();
      condition.release();
      while (log.events.length < 1) await settle();
      assert.deepEqual(log.events, ['a woke holding the lock: true']);
      assert.equal(condition.statistics().waiters, 3);
      await condition.acquire();
      condition.notify(2);
      condition.release();
      while (log.events.length < 3) await settle();
      assert.equal(condition.statistics().waiters, 1);
      await condition.acquire();
      condition.notify(5); // more than wait: wakes those there are
      condition.release();
    });
    assert.deepEqual(log.events, ['a', 'b', 'c', 'd'].map((n) => `${n} woke holding the lock: true`));
  });

  test('notifyAll wakes every waiter, in order', T, async () => {
    const condition = new Condition();
    const log = new Log();
    await createTaskGroup(async (tg) => {
      for (const [i, name] of ['a', 'b', 'c'].entries()) {
        startWaiters(tg, condition, [name], log);
        await untilWaiting(condition, i + 1);
      }
      await condition.acquire();
      condition.notifyAll();
      assert.equal(condition.statistics().waiters, 0);
      condition.release();
    });
    assert.deepEqual(log.events, ['a', 'b', 'c'].map((n) => `${n} woke holding the lock: true`));
  });

  test('a notify with nobody waiting is not remembered', T, async () => {
    const condition = new Condition();
    const log = new Log();
    await condition.acquire();
    condition.notify();
    condition.notifyAll();
    condition.release();
    await createTaskGroup(async (tg) => {
      startWaiters(tg, condition, ['late'], log);
      await untilWaiting(condition, 1);
      await settle();
      assert.deepEqual(log.events, [], 'the earlier notify did not wake a later waiter');
      await condition.acquire();
      condition.notify();
      condition.release();
    });
    assert.deepEqual(log.events, ['late woke holding the lock: true']);
  });

  test('notify(0) wakes nobody', T, async () => {
    const condition = new Condition();
    const log = new Log();
    await createTaskGroup(async (tg) => {
      startWaiters(tg, condition, ['w'], log);
      await untilWaiting(condition, 1);
      await condition.acquire();
      condition.notify(0);
      condition.release();
      await settle();
      assert.equal(condition.statistics().waiters, 1);
      await condition.acquire();
      condition.notify();
      condition.release();
    });
    assert.deepEqual(log.events, ['w woke holding the lock: true']);
  });

  test('notify with a negative, fractional or NaN count is a RangeError', async () => {
    const condition = new Condition();
    await condition.acquire();
    try {
      assertError(thrown(() => condition.notify(-1)), RangeError, 'notify');
      assertError(thrown(() => condition.notify(1.5)), RangeError, 'notify');
      assertError(thrown(() => condition.notify(NaN)), RangeError, 'notify');
    } finally {
      condition.release();
    }
  });

  test('notify with a count that is not a number is a TypeError', async () => {
    const condition = new Condition();
    await condition.acquire();
    try {
      assertError(thrown(() => condition.notify('2' as unknown as number)), TypeError, 'notify');
    } finally {
      condition.release();
    }
  });

  test('a producer and consumers coordinate through a condition', T, async () => {
    const condition = new Condition();
    const items: number[] = [];
    const consumed: number[] = [];
    let done = false;
    await createTaskGroup(async (tg) => {
      for (let c = 0; c < 3; c++) {
        tg.startSoon(async () => {
          for (;;) {
            await condition.acquire();
            try {
              while (items.length === 0 && !done) await condition.wait();
              if (items.length === 0) return;
              consumed.push(items.shift()!);
            } finally {
              condition.release();
            }
            await checkpoint();
          }
        });
      }
      for (let i = 0; i < 30; i++) {
        await condition.lock.run(async () => {
          items.push(i);
          condition.notify();
        });
        if (i % 4 === 0) await checkpoint();
      }
      await condition.lock.run(async () => {
        done = true;
        condition.notifyAll();
      });
    });
    assert.deepEqual(consumed, Array.from({ length: 30 }, (_, i) => i));
  });
});

describe('Condition: cancellation', () => {
  test('wait in a cancelled context raises Cancelled and keeps the lock held', async () => {
    const condition = new Condition();
    const log = new Log();
    const scope = new CancelScope();
    scope.cancel();
    await scope.run(async () => {
      await condition.acquire().catch((error: unknown) => {
        assertCancelled(error, 'acquire is a checkpoint too');
        log.add('acquire cancelled');
      });
    });
    await condition.acquire();
    const inner = new CancelScope();
    inner.cancel();
    await inner.run(async () => {
      try {
        await condition.wait();
      } catch (error) {
        assertCancelled(error);
        log.add(`wait cancelled, holding the lock: ${condition.locked()}`);
        throw error;
      }
    });
    assert.equal(condition.statistics().waiters, 0);
    condition.release();
    assert.deepEqual(log.events, ['acquire cancelled', 'wait cancelled, holding the lock: true']);
  });

  test('a waiting wait is woken by cancellation at once, and raises only once it holds the lock again', T, async () => {
    const condition = new Condition();
    const log = new Log();
    const scope = new CancelScope();
    await createTaskGroup(async (tg) => {
      tg.startSoon(async () => {
        await condition.acquire();
        try {
          await scope.run(async () => {
            try {
              await condition.wait();
              log.add('returned');
            } catch (error) {
              assertCancelled(error);
              log.add(`raised Cancelled, holding the lock: ${condition.locked()}`);
              throw error;
            }
          });
        } finally {
          condition.release();
        }
      });
      await untilWaiting(condition, 1);
      await condition.acquire();
      scope.cancel();
      assert.equal(condition.statistics().waiters, 0, 'left the waiters at once');
      await settle();
      assert.deepEqual(log.events, [], 'it needs the lock back before it raises');
      log.add('notifier releases');
      condition.release();
    });
    assert.deepEqual(log.events, ['notifier releases', 'raised Cancelled, holding the lock: true']);
    assert.equal(condition.locked(), false);
  });

  test('a cancelled waiter does not use up a notify: it goes to the next waiter', T, async () => {
    const condition = new Condition();
    const log = new Log();
    const scope = new CancelScope();
    await createTaskGroup(async (tg) => {
      tg.startSoon(async () => {
        await condition.acquire();
        try {
          await scope.run(() => condition.wait());
          log.add(scope.cancelledCaught ? 'first cancelled' : 'first woke');
        } finally {
          condition.release();
        }
      });
      await untilWaiting(condition, 1);
      startWaiters(tg, condition, ['second'], log);
      await untilWaiting(condition, 2);
      scope.cancel();
      await settle();
      await condition.acquire();
      condition.notify();
      condition.release();
    });
    assert.deepEqual(log.events, ['first cancelled', 'second woke holding the lock: true']);
  });

  test('a notification is not lost when its waiter is cancelled in the same turn', T, async () => {
    const condition = new Condition();
    const log = new Log();
    const scope = new CancelScope();
    await createTaskGroup(async (tg) => {
      tg.startSoon(async () => {
        await condition.acquire();
        try {
          await scope.run(() => condition.wait());
          log.add(scope.cancelledCaught ? 'first cancelled' : 'first woke');
        } finally {
          condition.release();
        }
      });
      await untilWaiting(condition, 1);
      startWaiters(tg, condition, ['second'], log);
      await untilWaiting(condition, 2);
      await condition.acquire();
      condition.notify();
      scope.cancel(); // same turn: the notification is already the first waiter's
      condition.release();
      while (log.events.length < 1) await settle();
      await settle();
      if (log.events[0] === 'first cancelled') {
        // Then the notification must have gone on to the second waiter.
        assert.deepEqual(log.events, ['first cancelled', 'second woke holding the lock: true']);
      } else {
        assert.deepEqual(log.events, ['first woke']);
        await condition.acquire();
        condition.notify();
        condition.release();
      }
    });
    assert.equal(log.events.length, 2);
    assert.equal(condition.locked(), false);
  });
});
