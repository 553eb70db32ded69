// Deadlines: moveOn*/fail*, effectiveDeadline, moving a deadline while the body runs.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
  CancelScope,
  cancellable,
  CapacityLimiter,
  checkpoint,
  createTaskGroup,
  Event,
  Lock,
  Queue,
  Semaphore,
  currentTime,
  effectiveDeadline,
  failAfter,
  failAt,
  moveOnAfter,
  moveOnAt,
  sleep,
  sleepForever,
  sleepUntil,
  TimeoutError,
} from '../../runtime/src/index.ts';
import { assertCancelled, Log, rejection } from './helpers.ts';

const LONG = 60_000; // only cancellation ends such a wait; the test timeout turns a hang into a failure
const T = { timeout: 10_000 };

function busyWait(ms: number): void {
  const end = currentTime() + ms;
  while (currentTime() < end) { /* spin: no checkpoint */ }
}

describe('moveOnAfter / moveOnAt', () => {
  test('moveOnAfter resolves undefined when the deadline cancels the body', T, async () => {
    const log = new Log();
    let scope: CancelScope | undefined;
    const value = await moveOnAfter(5, async (s) => {
      scope = s;
      try {
        await sleep(LONG);
      } catch (error) {
        assertCancelled(error);
        log.add('cancelled by deadline');
        throw error;
      }
      return 'never';
    });
    assert.equal(value, undefined);
    assert.deepEqual(log.events, ['cancelled by deadline']);
    assert.equal(scope?.cancelCalled, true);
    assert.equal(scope?.cancelledCaught, true);
  });

  test('moveOnAfter resolves the body value when the body finishes in time', async () => {
    assert.equal(await moveOnAfter(LONG, async () => { await sleep(1); return 7; }), 7);
  });

  test('moveOnAt with a deadline already passed runs the body up to its first checkpoint', async () => {
    const log = new Log();
    const value = await moveOnAt(currentTime() - 1, async () => {
      log.add('started');
      await checkpoint();
      log.add('passed checkpoint');
      return 1;
    });
    assert.equal(value, undefined);
    assert.deepEqual(log.events, ['started']);
  });

  test('the timer of a relative deadline starts when the block is entered', async () => {
    busyWait(40); // time spent before entering does not count against the block
    const before = currentTime();
    let deadline = NaN;
    const value = await moveOnAfter(2_000, async (scope) => {
      deadline = scope.deadline;
      assert.equal(effectiveDeadline(), scope.deadline);
      await sleep(1);
      return 'in time';
    });
    const after = currentTime();
    assert.ok(deadline >= before + 2_000 && deadline <= after + 2_000, `deadline ${deadline} should be 2 s after entering (${before}..${after})`);
    assert.equal(value, 'in time');

    const failBefore = currentTime();
    await failAfter(2_000, async (scope) => {
      assert.ok(scope.deadline >= failBefore + 2_000 && scope.deadline <= currentTime() + 2_000);
    });
  });
});

describe('failAfter / failAt', () => {
  test('failAfter rejects with TimeoutError when the deadline cancels the body', T, async () => {
    let scope: CancelScope | undefined;
    const error = await rejection(failAfter(5, async (s) => {
      scope = s;
      await sleep(LONG);
      return 'never';
    }));
    assert.ok(error instanceof TimeoutError, `expected TimeoutError, got ${String(error)}`);
    assert.equal((error as Error).name, 'TimeoutError');
    assert.ok(error instanceof Error);
    assert.equal(scope?.cancelledCaught, true);
  });

  test('failAfter resolves the body value when the body finishes in time', async () => {
    assert.equal(await failAfter(LONG, async () => { await sleep(1); return 'v'; }), 'v');
  });

  test('failAfter returns the value of a body that finishes late without reaching a checkpoint', async () => {
    const value = await failAfter(5, async () => {
      busyWait(20);
      return 'late but done';
    });
    assert.equal(value, 'late but done');
  });

  test('failAt rejects with TimeoutError when its scope is cancelled explicitly', async () => {
    const error = await rejection(failAt(currentTime() + LONG, async (scope) => {
      scope.cancel();
      await checkpoint();
      return 'never';
    }));
    assert.ok(error instanceof TimeoutError);
  });

  test('failAfter never resolves without the body value: a caught own cancellation always rejects', async () => {
    // The body's value is undefined only because the Cancelled ended it; failAfter must not resolve.
    const outcomes = await Promise.allSettled([
      failAfter(0, async () => { await checkpoint(); return 'a'; }),
      failAfter(LONG, async (s) => { s.cancel(); await sleep(1); return 'b'; }),
      failAt(-Infinity, async () => { await sleep(0); return 'c'; }),
    ]);
    for (const outcome of outcomes) {
      assert.equal(outcome.status, 'rejected');
      assert.ok((outcome as PromiseRejectedResult).reason instanceof TimeoutError);
    }
  });

  test('failAfter lets the Cancelled of an enclosing scope through instead of a TimeoutError', async () => {
    let seen: unknown;
    const outer = new CancelScope();
    await outer.run(async () => {
      try {
        await failAfter(LONG, async () => {
          outer.cancel();
          await checkpoint();
        });
      } catch (error) {
        seen = error;
        throw error;
      }
    });
    assertCancelled(seen);
    assert.equal(outer.cancelledCaught, true);
  });

  test('failAfter returns what a body that swallowed its Cancelled returned', async () => {
    const value = await failAfter(1, async () => {
      try {
        await sleep(LONG);
      } catch {
        return 'recovered';
      }
      return 'slept';
    });
    assert.equal(value, 'recovered');
  });
});

describe('effectiveDeadline', () => {
  test('is Infinity outside any scope and inside scopes without a deadline', async () => {
    assert.equal(effectiveDeadline(), Infinity);
    await new CancelScope().run(async () => {
      assert.equal(effectiveDeadline(), Infinity);
    });
  });

  test('is the deadline of the scope, as a number', async () => {
    const deadline = currentTime() + LONG;
    await moveOnAt(deadline, async () => {
      assert.equal(effectiveDeadline(), deadline);
    });
  });

  test('is -Infinity once an enclosing scope is cancelled, before any checkpoint', async () => {
    await new CancelScope({ deadline: currentTime() + LONG }).run(async (scope) => {
      scope.cancel();
      assert.equal(effectiveDeadline(), -Infinity);
      await new CancelScope().run(async () => {
        assert.equal(effectiveDeadline(), -Infinity, 'inside a nested unshielded scope too');
      });
    });
  });

  test('takes the minimum through nested scopes, whichever is innermost', async () => {
    const now = currentTime();
    await moveOnAt(now + 50_000, async () => {
      await moveOnAt(now + 40_000, async () => {
        await moveOnAt(now + 45_000, async () => {
          assert.equal(effectiveDeadline(), now + 40_000);
        });
        assert.equal(effectiveDeadline(), now + 40_000);
      });
      assert.equal(effectiveDeadline(), now + 50_000);
    });
  });

  test('reaches into tasks of a group opened inside the scope', async () => {
    const deadline = currentTime() + LONG;
    const seen: number[] = [];
    await moveOnAt(deadline, async () => {
      await createTaskGroup(async (tg) => {
        tg.startSoon(async () => { seen.push(effectiveDeadline()); });
      });
    });
    assert.deepEqual(seen, [deadline]);
  });

  test('stops at a shield, which still counts its own deadline', async () => {
    const now = currentTime();
    await moveOnAt(now + 10_000, async () => {
      await new CancelScope({ shield: true }).run(async () => {
        assert.equal(effectiveDeadline(), Infinity);
      });
      await new CancelScope({ shield: true, deadline: now + 20_000 }).run(async () => {
        assert.equal(effectiveDeadline(), now + 20_000);
        await moveOnAt(now + 30_000, async () => {
          assert.equal(effectiveDeadline(), now + 20_000);
        });
      });
    });
  });
});

describe('nested deadlines', () => {
  test("an outer deadline cancels an inner scope's body, and the outer scope catches it", T, async () => {
    const log = new Log();
    const outer = await moveOnAfter(5, async (outerScope) => {
      const inner = await moveOnAfter(LONG, async (innerScope) => {
        try {
          await sleep(LONG);
        } finally {
          log.add(`inner caught=${String(innerScope.cancelCalled)}`);
        }
      });
      log.add(`after inner ${String(inner)}`);
      return outerScope;
    });
    assert.equal(outer, undefined);
    assert.deepEqual(log.events, ['inner caught=false']);
  });

  test("an inner deadline cancels only the inner block; the enclosing one goes on", async () => {
    const log = new Log();
    const value = await moveOnAfter(LONG, async () => {
      const inner = await moveOnAfter(2, async () => {
        await sleepForever();
      });
      log.add(`inner resolved ${String(inner)}`);
      await sleep(1);
      return 'outer finished';
    });
    assert.equal(value, 'outer finished');
    assert.deepEqual(log.events, ['inner resolved undefined']);
  });

  test('a shield stops an enclosing deadline from cancelling its body', async () => {
    const log = new Log();
    await moveOnAfter(2, async () => {
      await new CancelScope({ shield: true }).run(async () => {
        await sleep(20);
        log.add('shielded sleep finished');
      });
      log.add('after shield');
      await checkpoint();
      log.add('after checkpoint (must not run: the outer deadline has passed)');
    });
    assert.deepEqual(log.events, ['shielded sleep finished', 'after shield']);
  });
});

describe('moving a deadline while the body runs', () => {
  test('moving it earlier cancels a sleep already under way', T, async () => {
    const log = new Log();
    const value = await moveOnAfter(LONG, async (scope) => {
      setTimeout(() => {
        scope.deadline = currentTime() + 2;
        log.add('moved earlier');
      }, 2);
      await sleep(LONG);
      return 'slept';
    });
    assert.equal(value, undefined);
    assert.deepEqual(log.events, ['moved earlier']);
  });

  test('moving it later lets the body outlive the original deadline', async () => {
    const scope = new CancelScope({ deadline: currentTime() + 100 });
    const value = await scope.run(async (s) => {
      s.deadline = currentTime() + LONG;
      await sleep(200);
      return 'outlived';
    });
    assert.equal(value, 'outlived');
    assert.equal(scope.cancelCalled, false);
  });

  test('moving it to Infinity removes it, and into the past cancels at once', async () => {
    const scope = new CancelScope({ deadline: currentTime() + 100 });
    const value = await scope.run(async (s) => {
      s.deadline = Infinity;
      assert.equal(effectiveDeadline(), Infinity);
      await sleep(200);
      s.deadline = currentTime() - 1;
      try {
        await checkpoint();
      } catch (error) {
        assertCancelled(error);
        return 'cancelled by a past deadline';
      }
      return 'not cancelled';
    });
    assert.equal(value, 'cancelled by a past deadline');
  });

  test('a deadline set before run counts from run', async () => {
    const scope = new CancelScope();
    scope.deadline = currentTime() + 3;
    const value = await scope.run(async () => {
      await sleepForever();
    });
    assert.equal(value, undefined);
    assert.equal(scope.cancelledCaught, true);
  });

  test('moving a deadline later after it passed does not undo the cancellation', async () => {
    const scope = new CancelScope({ deadline: currentTime() + 1 });
    const value = await scope.run(async (s) => {
      await sleep(LONG).catch(() => undefined);
      s.deadline = currentTime() + LONG;
      await checkpoint();
      return 'uncancelled';
    });
    assert.equal(value, undefined);
    assert.equal(scope.cancelCalled, true);
  });
});

test('currentTime is a monotonic number of milliseconds', async () => {
  const samples: number[] = [];
  for (let i = 0; i < 50; i++) {
    samples.push(currentTime());
    if (i % 10 === 0) await sleep(1);
  }
  for (let i = 1; i < samples.length; i++) assert.ok(samples[i]! >= samples[i - 1]!, 'never goes back');
  assert.ok(samples.every(Number.isFinite));
  const before = currentTime();
  await sleep(20);
  assert.ok(currentTime() - before >= 15, 'counts milliseconds (generous margin)');
});

describe('a deadline passed while the event loop was blocked', () => {
  // The loop is blocked past the deadline, then the body reaches a checkpoint before the
  // deadline's timer has had its turn (the block starts in a timer callback's turn, after
  // sleep(1): immediates and promise jobs run before the next timers). The checkpoint raises.
  const event = new Event();
  event.set();
  const full = Queue.withMaxsize<number>(4);
  full.putNowait(1);
  const waits: [string, () => Promise<unknown>][] = [
    ['checkpoint()', () => checkpoint()],
    ['sleep(0)', () => sleep(0)],
    ['sleep(5)', () => sleep(5)],
    ['sleepUntil(a past time)', () => sleepUntil(currentTime() - 1)],
    ['a set Event', () => event.wait()],
    ['a free Lock', () => new Lock().acquire()],
    ['a Semaphore with permits', () => new Semaphore(1).acquire()],
    ['a CapacityLimiter with tokens', () => new CapacityLimiter(1).run(() => 'ran')],
    ['Queue.put with room', () => Queue.withMaxsize<number>(1).put(1)],
    ['Queue.get with an item', () => full.get()],
    ['cancellable of a resolved promise', () => cancellable(Promise.resolve('resolved'))],
  ];
  for (const [name, wait] of waits) {
    test(`${name} raises Cancelled, though the deadline's timer has not run yet`, T, async () => {
      await sleep(1);
      const log = new Log();
      const value = await moveOnAfter(10, async () => {
        busyWait(30);
        try {
          await wait();
          log.add('returned past the deadline');
        } catch (error) {
          assertCancelled(error);
          log.add('cancelled');
          throw error;
        }
      });
      assert.equal(value, undefined);
      assert.deepEqual(log.events, ['cancelled']);
    });
  }

  test('the same holds in a setTimeout callback, and in an enclosing scope\'s deadline', T, async () => {
    const log = new Log();
    await new Promise<void>((resolve) => {
      setTimeout(() => {
        void moveOnAfter(10, async () => {
          await new CancelScope().run(async () => {
            busyWait(30);
            await checkpoint().then(() => log.add('returned past the deadline'), (error: unknown) => log.add(`inner: ${(error as Error).name}`));
          });
        }).then(() => resolve());
      }, 1);
    });
    assert.deepEqual(log.events, ['inner: Cancelled']);
  });

  test('a deadline not yet passed lets the checkpoint return', T, async () => {
    await sleep(1);
    const value = await moveOnAfter(LONG, async () => {
      busyWait(5);
      await checkpoint();
      await event.wait();
      return 'in time';
    });
    assert.equal(value, 'in time');
  });
});
