// CapacityLimiter: at most totalTokens borrowers at once, one token each. Argument checks,
// acquire/release for the calling task, acquireOnBehalfOf, run (a token per call), a released
// token going to the woken waiter and never to a newcomer, totalTokens raised (waking waiters in
// order) and lowered, and acquire as a checkpoint.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { CancelScope, CapacityLimiter, checkpoint, createTaskGroup, Event, sleep } from '../../runtime/src/index.ts';
import { assertCancelled, Boom, Log, observe, rejection } from './helpers.ts';
import { assertError, inScope, inTask, settle, thrown } from './sync-helpers.ts';

const T = { timeout: 10_000 };

/** The counters that must always agree: borrowed + available = total while nothing is over the total. */
function counters(limiter: CapacityLimiter): { total: number; borrowed: number; available: number; waiting: number } {
  const stats = limiter.statistics();
  assert.equal(stats.borrowedTokens, limiter.borrowedTokens);
  assert.equal(stats.totalTokens, limiter.totalTokens);
  assert.equal(stats.borrowers.length, limiter.borrowedTokens);
  return { total: limiter.totalTokens, borrowed: limiter.borrowedTokens, available: limiter.availableTokens, waiting: stats.tasksWaiting };
}

describe('CapacityLimiter: construction and totalTokens', () => {
  test('starts with every token available', () => {
    const limiter = new CapacityLimiter(3);
    assert.deepEqual(counters(limiter), { total: 3, borrowed: 0, available: 3, waiting: 0 });
    assert.deepEqual(limiter.statistics(), { borrowedTokens: 0, totalTokens: 3, borrowers: [], tasksWaiting: 0 });
  });

  test('accepts Infinity', () => {
    const limiter = new CapacityLimiter(Infinity);
    assert.equal(limiter.totalTokens, Infinity);
    assert.equal(limiter.availableTokens, Infinity);
  });

  test('totalTokens below 1 or fractional is a RangeError', () => {
    assertError(thrown(() => new CapacityLimiter(0)), RangeError, 'totalTokens', '0');
    assertError(thrown(() => new CapacityLimiter(-1)), RangeError, 'totalTokens', '-1');
    assertError(thrown(() => new CapacityLimiter(2.5)), RangeError, 'totalTokens', '2.5');
    assertError(thrown(() => new CapacityLimiter(NaN)), RangeError, 'totalTokens');
  });

  test('totalTokens that is not a number is a TypeError', () => {
    assertError(thrown(() => new CapacityLimiter('2' as unknown as number)), TypeError, 'totalTokens');
  });

  test('setting totalTokens to a bad value throws and keeps the old value', () => {
    const limiter = new CapacityLimiter(2);
    assertError(thrown(() => { limiter.totalTokens = 0; }), RangeError, 'totalTokens');
    assertError(thrown(() => { limiter.totalTokens = 1.5; }), RangeError, 'totalTokens');
    assertError(thrown(() => { limiter.totalTokens = -3; }), RangeError, 'totalTokens');
    assertError(thrown(() => { limiter.totalTokens = '3' as unknown as number; }), TypeError, 'totalTokens');
    assert.equal(limiter.totalTokens, 2);
    assert.equal(limiter.availableTokens, 2);
  });
});

describe('CapacityLimiter: acquire and release', () => {
  test('acquire borrows a token for the calling task and release gives it back', async () => {
    const limiter = new CapacityLimiter(2);
    await limiter.acquire();
    assert.deepEqual(counters(limiter), { total: 2, borrowed: 1, available: 1, waiting: 0 });
    limiter.release();
    assert.deepEqual(counters(limiter), { total: 2, borrowed: 0, available: 2, waiting: 0 });
  });

  test('each task borrows its own token', T, async () => {
    const limiter = new CapacityLimiter(3);
    const holding = new Event();
    await createTaskGroup(async (tg) => {
      for (let i = 0; i < 3; i++) {
        tg.startSoon(async () => {
          await limiter.acquire();
          await holding.wait();
          limiter.release();
        });
      }
      while (limiter.borrowedTokens < 3) await settle();
      assert.deepEqual(counters(limiter), { total: 3, borrowed: 3, available: 0, waiting: 0 });
      holding.set();
    });
    assert.equal(limiter.borrowedTokens, 0);
  });

  test('a second acquire by the same task is a TypeError (one token per borrower)', () => inTask(async () => {
    const limiter = new CapacityLimiter(3);
    await limiter.acquire();
    assertError(await rejection(limiter.acquire()), TypeError, 'one token per borrower');
    assert.deepEqual(counters(limiter), { total: 3, borrowed: 1, available: 2, waiting: 0 });
    limiter.release();
  }));

  test('release without acquire is a TypeError', () => {
    const limiter = new CapacityLimiter(1);
    assertError(thrown(() => limiter.release()), TypeError, 'holds no token');
    assert.deepEqual(counters(limiter), { total: 1, borrowed: 0, available: 1, waiting: 0 });
  });

  test('a task cannot release a token another task borrowed', T, async () => {
    const limiter = new CapacityLimiter(1);
    const borrowed = new Event();
    const checked = new Event();
    await createTaskGroup(async (tg) => {
      tg.startSoon(async () => {
        await limiter.acquire();
        borrowed.set();
        await checked.wait();
        limiter.release();
      });
      tg.startSoon(async () => {
        await borrowed.wait();
        assertError(thrown(() => limiter.release()), TypeError, 'holds no token');
        assert.equal(limiter.borrowedTokens, 1);
        checked.set();
      });
    });
    assert.equal(limiter.borrowedTokens, 0);
  });

  test('acquireOnBehalfOf / releaseOnBehalfOf borrow for any object, one token each', async () => {
    const limiter = new CapacityLimiter(2);
    const a = { name: 'a' };
    const b = { name: 'b' };
    await limiter.acquireOnBehalfOf(a);
    await limiter.acquireOnBehalfOf(b);
    assert.deepEqual(counters(limiter), { total: 2, borrowed: 2, available: 0, waiting: 0 });
    assert.deepEqual(new Set(limiter.statistics().borrowers), new Set([a, b]));
    assertError(await rejection(limiter.acquireOnBehalfOf(a)), TypeError, 'one token per borrower');
    limiter.releaseOnBehalfOf(a);
    assertError(thrown(() => limiter.releaseOnBehalfOf(a)), TypeError, 'holds no token');
    assertError(thrown(() => limiter.releaseOnBehalfOf({})), TypeError, 'holds no token');
    limiter.releaseOnBehalfOf(b);
    assert.deepEqual(counters(limiter), { total: 2, borrowed: 0, available: 2, waiting: 0 });
  });

  test('acquireOnBehalfOf with a borrower that is not an object is a TypeError', async () => {
    const limiter = new CapacityLimiter(1);
    assertError(await rejection(limiter.acquireOnBehalfOf(null as unknown as object)), TypeError, 'object');
    assertError(await rejection(limiter.acquireOnBehalfOf('me' as unknown as object)), TypeError, 'object');
    assert.equal(limiter.borrowedTokens, 0);
  });

  test('run borrows a token per call: one task may run several bodies at once, up to the total', T, async () => {
    const limiter = new CapacityLimiter(2);
    let running = 0;
    let most = 0;
    const body = async (): Promise<void> => {
      running++;
      most = Math.max(most, running);
      await sleep(1);
      await checkpoint();
      running--;
    };
    await Promise.all([limiter.run(body), limiter.run(body), limiter.run(body), limiter.run(body)]);
    assert.equal(most, 2);
    assert.deepEqual(counters(limiter), { total: 2, borrowed: 0, available: 2, waiting: 0 });
  });

  test('run returns the body value and gives the token back when the body throws', async () => {
    const limiter = new CapacityLimiter(1);
    assert.equal(await limiter.run(async () => {
      assert.equal(limiter.borrowedTokens, 1);
      return 5;
    }), 5);
    assert.ok((await rejection(limiter.run(async () => { throw new Boom('x'); }))) instanceof Boom);
    assert.deepEqual(counters(limiter), { total: 1, borrowed: 0, available: 1, waiting: 0 });
  });

  test('run does not count as the task\'s own acquire', async () => {
    const limiter = new CapacityLimiter(2);
    await limiter.run(async () => {
      await limiter.acquire(); // the task's own token, beside the one run borrowed
      assert.equal(limiter.borrowedTokens, 2);
      limiter.release();
    });
    assert.equal(limiter.borrowedTokens, 0);
  });

  test('run with a body that is not a function is a TypeError', async () => {
    const limiter = new CapacityLimiter(1);
    assertError(await rejection((async () => limiter.run(1 as unknown as () => Promise<void>))()), TypeError, 'function');
    assert.equal(limiter.borrowedTokens, 0);
  });
});

describe('CapacityLimiter: fairness', () => {
  test('waiters get tokens in the order they asked', T, async () => {
    const limiter = new CapacityLimiter(1);
    const log = new Log();
    await createTaskGroup(async (tg) => {
      await limiter.acquire();
      for (const [i, name] of ['a', 'b', 'c', 'd'].entries()) {
        tg.startSoon(() => limiter.run(async () => {
          log.add(name);
          await checkpoint();
        }));
        while (limiter.statistics().tasksWaiting < i + 1) await settle();
      }
      limiter.release();
    });
    assert.deepEqual(log.events, ['a', 'b', 'c', 'd']);
  });

  test('a released token goes to the woken waiter, never to a newcomer', T, async () => {
    const limiter = new CapacityLimiter(1);
    const log = new Log();
    const holder = { name: 'holder' };
    const waiter = { name: 'waiter' };
    const newcomer = { name: 'newcomer' };
    await limiter.acquireOnBehalfOf(holder);
    const waiting = observe(limiter.acquireOnBehalfOf(waiter).then(() => log.add('waiter')));
    await settle();
    limiter.releaseOnBehalfOf(holder);
    // Same turn: the token is already the waiter's.
    assert.deepEqual(limiter.statistics().borrowers, [waiter]);
    assert.equal(limiter.availableTokens, 0);
    const late = observe(limiter.acquireOnBehalfOf(newcomer).then(() => log.add('newcomer')));
    await settle();
    assert.equal(waiting.state(), 'fulfilled');
    assert.equal(late.state(), 'pending', 'the newcomer waits for the next release');
    limiter.releaseOnBehalfOf(waiter);
    await settle();
    assert.deepEqual(log.events, ['waiter', 'newcomer']);
    limiter.releaseOnBehalfOf(newcomer);
    assert.deepEqual(counters(limiter), { total: 1, borrowed: 0, available: 1, waiting: 0 });
  });

  test('raising totalTokens wakes waiters in order, as many as the new tokens', T, async () => {
    const limiter = new CapacityLimiter(1);
    const log = new Log();
    const holder = {};
    await limiter.acquireOnBehalfOf(holder);
    const borrowers = ['b', 'c', 'd', 'e'].map((name) => ({ name }));
    const waits = borrowers.map((b) => observe(limiter.acquireOnBehalfOf(b).then(() => log.add(b.name))));
    await settle();
    assert.equal(limiter.statistics().tasksWaiting, 4);
    limiter.totalTokens = 3;
    assert.deepEqual(counters(limiter), { total: 3, borrowed: 3, available: 0, waiting: 2 });
    await settle();
    assert.deepEqual(log.events, ['b', 'c']);
    assert.deepEqual(waits.map((w) => w.state()), ['fulfilled', 'fulfilled', 'pending', 'pending']);
    limiter.totalTokens = 10;
    await settle();
    assert.deepEqual(log.events, ['b', 'c', 'd', 'e']);
    assert.deepEqual(counters(limiter), { total: 10, borrowed: 5, available: 5, waiting: 0 });
    for (const b of [holder, ...borrowers]) limiter.releaseOnBehalfOf(b);
    assert.deepEqual(counters(limiter), { total: 10, borrowed: 0, available: 10, waiting: 0 });
  });

  test('lowering totalTokens takes effect as tokens come back', T, async () => {
    const limiter = new CapacityLimiter(3);
    const [a, b, c, d] = [{}, {}, {}, {}];
    await limiter.acquireOnBehalfOf(a);
    await limiter.acquireOnBehalfOf(b);
    await limiter.acquireOnBehalfOf(c);
    const waiting = observe(limiter.acquireOnBehalfOf(d));
    await settle();
    limiter.totalTokens = 1;
    assert.deepEqual(counters(limiter), { total: 1, borrowed: 3, available: 0, waiting: 1 });
    limiter.releaseOnBehalfOf(a);
    limiter.releaseOnBehalfOf(b);
    await settle();
    assert.equal(waiting.state(), 'pending', 'two borrowers are still over the new total of 1');
    assert.deepEqual(counters(limiter), { total: 1, borrowed: 1, available: 0, waiting: 1 });
    limiter.releaseOnBehalfOf(c);
    await settle();
    assert.equal(waiting.state(), 'fulfilled');
    assert.deepEqual(counters(limiter), { total: 1, borrowed: 1, available: 0, waiting: 0 });
    limiter.releaseOnBehalfOf(d);
    assert.deepEqual(counters(limiter), { total: 1, borrowed: 0, available: 1, waiting: 0 });
  });

  test('a borrower waiting twice at once still borrows one token at a time, and no token is lost', T, async () => {
    // Two acquires of one borrower, both made while no token is free: "one token per borrower"
    // means the second must not quietly take a second token that the limiter does not count.
    const limiter = new CapacityLimiter(2);
    const [x, y, twice] = [{ name: 'x' }, { name: 'y' }, { name: 'twice' }];
    await limiter.acquireOnBehalfOf(x);
    await limiter.acquireOnBehalfOf(y);
    const first = observe(limiter.acquireOnBehalfOf(twice));
    const second = observe(limiter.acquireOnBehalfOf(twice));
    await settle();
    limiter.releaseOnBehalfOf(x);
    limiter.releaseOnBehalfOf(y);
    await settle();
    assert.equal(first.state(), 'fulfilled');
    // Whatever the second call does, the counters must stay true: the borrower holds one token.
    const fulfilled = [first, second].filter((c) => c.state() === 'fulfilled').length;
    assert.equal(fulfilled, 1, `one borrower got ${fulfilled} tokens while borrowedTokens says ${limiter.borrowedTokens}`);
    if (second.state() === 'rejected') assertError(second.error(), TypeError, 'one token per borrower');
    limiter.releaseOnBehalfOf(twice);
    assert.deepEqual(counters(limiter), { total: 2, borrowed: 0, available: 2, waiting: second.state() === 'pending' ? 1 : 0 });
  });

  test('after a borrower waited twice at once and gave back all it holds, every token can be borrowed again', T, async () => {
    const limiter = new CapacityLimiter(2);
    const [x, y, twice] = [{ name: 'x' }, { name: 'y' }, { name: 'twice' }];
    await limiter.acquireOnBehalfOf(x);
    await limiter.acquireOnBehalfOf(y);
    const calls = [observe(limiter.acquireOnBehalfOf(twice)), observe(limiter.acquireOnBehalfOf(twice))];
    await settle();
    limiter.releaseOnBehalfOf(x);
    limiter.releaseOnBehalfOf(y);
    await settle();
    // Give back whatever `twice` holds, one release per granted call.
    for (let i = 0; i < 2; i++) {
      if (calls.some((c) => c.state() === 'pending') || limiter.statistics().borrowers.includes(twice)) {
        if (limiter.statistics().borrowers.includes(twice)) limiter.releaseOnBehalfOf(twice);
        await settle();
      }
    }
    assert.ok(calls.every((c) => c.state() !== 'pending'), 'both calls have ended');
    assert.deepEqual(limiter.statistics().borrowers, []);
    const fresh = [observe(limiter.acquireOnBehalfOf({ name: 'p' })), observe(limiter.acquireOnBehalfOf({ name: 'q' }))];
    await settle();
    assert.deepEqual(fresh.map((c) => c.state()), ['fulfilled', 'fulfilled'],
      `a token was lost: total ${limiter.totalTokens}, borrowed ${limiter.borrowedTokens}, available ${limiter.availableTokens}, waiting ${limiter.statistics().tasksWaiting}`);
  });
});

describe('CapacityLimiter: cancellation', () => {
  test('a task\'s second acquire while its first still waits is a TypeError', T, async () => {
    const limiter = new CapacityLimiter(1);
    const log = new Log();
    await createTaskGroup(async (tg) => {
      await limiter.acquire(); // the top level holds the only token
      tg.startSoon(async () => {
        const first = limiter.acquire();
        const second = await rejection(limiter.acquire());
        assertError(second, TypeError, 'one token per borrower');
        log.add('second refused');
        await first;
        log.add(`first granted, borrowed ${limiter.borrowedTokens}`);
        limiter.release();
      });
      while (log.events.length < 1) await settle();
      limiter.release();
    });
    assert.deepEqual(log.events, ['second refused', 'first granted, borrowed 1']);
    assert.deepEqual(counters(limiter), { total: 1, borrowed: 0, available: 1, waiting: 0 });
  });

  test('acquire in a cancelled context raises Cancelled even when tokens are free, and borrows nothing', async () => {
    const limiter = new CapacityLimiter(2);
    const call = inScope(() => limiter.acquire(), { cancelled: true });
    await call.done;
    assertCancelled(call.error());
    assert.deepEqual(counters(limiter), { total: 2, borrowed: 0, available: 2, waiting: 0 });
    await limiter.acquire(); // the cancelled attempt left no trace of a borrower
    limiter.release();
  });

  test('a waiting acquire is woken by cancellation at once, and the token goes to the next waiter', T, async () => {
    const limiter = new CapacityLimiter(1);
    const holder = {};
    await limiter.acquireOnBehalfOf(holder);
    const cancelled = inScope(() => limiter.acquireOnBehalfOf({ name: 'cancelled' }));
    const nextBorrower = { name: 'next' };
    const next = inScope(() => limiter.acquireOnBehalfOf(nextBorrower));
    await settle();
    cancelled.scope.cancel();
    assert.equal(limiter.statistics().tasksWaiting, 1, 'left the line at once');
    await settle();
    assertCancelled(cancelled.error());
    limiter.releaseOnBehalfOf(holder);
    await settle();
    assert.equal(next.state(), 'fulfilled');
    assert.deepEqual(limiter.statistics().borrowers, [nextBorrower]);
    limiter.releaseOnBehalfOf(nextBorrower);
    assert.deepEqual(counters(limiter), { total: 1, borrowed: 0, available: 1, waiting: 0 });
  });

  test('a borrower whose wait was cancelled may ask again', T, async () => {
    const limiter = new CapacityLimiter(1);
    const holder = {};
    const borrower = { name: 'again' };
    await limiter.acquireOnBehalfOf(holder);
    const cancelled = inScope(() => limiter.acquireOnBehalfOf(borrower));
    await settle();
    cancelled.scope.cancel();
    await cancelled.done;
    assertCancelled(cancelled.error());
    const again = observe(limiter.acquireOnBehalfOf(borrower));
    limiter.releaseOnBehalfOf(holder);
    await settle();
    assert.equal(again.state(), 'fulfilled', `the second request was refused: ${String(again.error())}`);
    assert.deepEqual(limiter.statistics().borrowers, [borrower]);
    limiter.releaseOnBehalfOf(borrower);
  });

  test('a waiter handed a token before its cancellation holds it', T, async () => {
    const limiter = new CapacityLimiter(1);
    const log = new Log();
    await createTaskGroup(async (tg) => {
      await limiter.acquire();
      const scope = new CancelScope();
      tg.startSoon(async () => {
        let acquired = false;
        await scope.run(async () => {
          await limiter.acquire();
          acquired = true;
        });
        log.add(`acquired: ${acquired}, borrowed: ${limiter.borrowedTokens}`);
        if (acquired) limiter.release();
      });
      while (limiter.statistics().tasksWaiting < 1) await settle();
      limiter.release();
      scope.cancel(); // same turn: the token is already the waiter's
    });
    assert.deepEqual(log.events, ['acquired: true, borrowed: 1']);
    assert.deepEqual(counters(limiter), { total: 1, borrowed: 0, available: 1, waiting: 0 });
  });

  test('a cancelled run waiting for a token neither runs its body nor returns a token', T, async () => {
    const limiter = new CapacityLimiter(1);
    await limiter.acquire();
    let ran = false;
    const call = inScope(() => limiter.run(async () => { ran = true; }));
    await settle();
    call.scope.cancel();
    await call.done;
    assertCancelled(call.error());
    assert.equal(ran, false);
    assert.deepEqual(counters(limiter), { total: 1, borrowed: 1, available: 0, waiting: 0 });
    limiter.release();
  });
});
