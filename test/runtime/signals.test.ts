// Abort signals: currentSignal(), scope.signal, and scopes cancelled by a foreign signal.
import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';

import {
  CancelScope,
  cancellable,
  checkpoint,
  createTaskGroup,
  currentSignal,
  isCancelled,
  moveOnAfter,
  sleep,
  sleepForever,
} from '../../runtime/src/index.ts';
import { assertCancelled, Log, rejection, turns, warningsDuring } from './helpers.ts';

const LONG = 60_000;
const T = { timeout: 10_000 };

test('outside any scope, currentSignal is a signal that is not aborted', async () => {
  const signal = currentSignal();
  assert.ok(signal instanceof AbortSignal);
  assert.equal(signal.aborted, false);
  await turns(2);
  assert.equal(signal.aborted, false);
});

test('currentSignal aborts with a Cancelled reason when the scope is cancelled', async () => {
  const log = new Log();
  await new CancelScope().run(async (scope) => {
    const signal = currentSignal();
    assert.equal(signal.aborted, false);
    signal.addEventListener('abort', () => log.add('abort event'));
    scope.cancel();
    assert.equal(signal.aborted, true, 'aborts as soon as cancel() is called');
    assertCancelled(signal.reason, 'the reason');
  });
  assert.deepEqual(log.events, ['abort event']);
});

test('scope.signal aborts when the scope is cancelled, and is aborted when read afterwards', async () => {
  const scope = new CancelScope();
  let early: AbortSignal | undefined;
  await scope.run(async (s) => {
    early = s.signal;
    s.cancel();
    assert.equal(s.signal.aborted, true);
    await sleep(1);
  });
  assert.equal(early?.aborted, true);
  assert.ok(isCancelled(early?.reason));
});

test("scope.signal aborts when an enclosing unshielded scope is cancelled, not a shielded one's", async () => {
  await new CancelScope().run(async (outer) => {
    await new CancelScope().run(async (inner) => {
      await new CancelScope({ shield: true }).run(async (shielded) => {
        outer.cancel();
        assert.equal(inner.signal.aborted, true);
        assertCancelled(inner.signal.reason);
        assert.equal(shielded.signal.aborted, false);
      });
    });
  });
});

test('scope.signal aborts when the deadline passes', T, async () => {
  let signal: AbortSignal | undefined;
  await moveOnAfter(3, async (scope) => {
    signal = scope.signal;
    await sleepForever();
  });
  assert.equal(signal?.aborted, true);
  assertCancelled(signal?.reason);
});

test('the signal of a scope that ended normally never aborts', async () => {
  const scope = new CancelScope();
  await scope.run(async () => { await sleep(1); });
  await turns(2);
  assert.equal(scope.signal.aborted, false);
});

test("a task's currentSignal aborts when its group is cancelled", T, async () => {
  let signal: AbortSignal | undefined;
  await createTaskGroup(async (tg) => {
    tg.startSoon(async () => {
      signal = currentSignal();
      await sleepForever();
    });
    await sleep(1);
    tg.cancelScope.cancel();
  });
  assert.equal(signal?.aborted, true);
  assertCancelled(signal?.reason);
});

test('currentSignal stops foreign work that takes a signal', T, async () => {
  let foreign: Promise<unknown> | undefined;
  await moveOnAfter(3, async () => {
    foreign = delay(LONG, 'late', { signal: currentSignal() });
    await cancellable(foreign);
  });
  const error = await rejection(foreign!);
  assert.equal((error as Error).name, 'AbortError');
});

test('an API that wraps the signal\'s Cancelled in an AbortError ends the wait as the scope\'s cancellation', T, async () => {
  // node:timers/promises rejects with AbortError { cause: signal.reason }, not with the reason.
  const scope = new CancelScope({ deadline: Infinity });
  setTimeout(() => scope.cancel(), 3);
  assert.equal(await scope.run(() => delay(LONG, 'late', { signal: currentSignal() })), undefined);
  assert.equal(scope.cancelledCaught, true);
  assert.equal(await moveOnAfter(3, () => delay(LONG, 'late', { signal: currentSignal() })), undefined);
  let ended: unknown = 'not yet';
  await createTaskGroup(async (tg) => {
    tg.startSoon(async () => {
      try {
        await delay(LONG, 'late', { signal: currentSignal() });
      } catch (error) {
        ended = error;
        throw error;
      }
    });
    await sleep(2);
    tg.cancelScope.cancel();
  });
  assert.equal((ended as Error).name, 'AbortError', 'the task saw the AbortError, and its group ended quietly');
});

test('an AbortError without a Cancelled behind it is an error like any other', T, async () => {
  const controller = new AbortController();
  await assert.rejects(
    createTaskGroup((tg) => {
      tg.startSoon(() => delay(LONG, 'late', { signal: controller.signal }));
      controller.abort(new Error('mine'));
    }),
    (error: AggregateError) => (error.errors[0] as Error).name === 'AbortError',
  );
});

test('a scope made with { signal } is cancelled when the signal aborts', T, async () => {
  const controller = new AbortController();
  const scope = new CancelScope({ signal: controller.signal });
  const log = new Log();
  const value = await scope.run(async () => {
    setTimeout(() => controller.abort(new Error('request closed')), 2);
    try {
      await sleep(LONG);
    } catch (error) {
      assertCancelled(error);
      log.add('cancelled by the signal');
      throw error;
    }
    return 'slept';
  });
  assert.equal(value, undefined);
  assert.deepEqual(log.events, ['cancelled by the signal']);
  assert.equal(scope.cancelCalled, true);
  assert.equal(scope.cancelledCaught, true);
});

test('a scope made with an already aborted signal is cancelled from the start', async () => {
  const scope = new CancelScope({ signal: AbortSignal.abort() });
  assert.equal(scope.cancelCalled, true);
  const log = new Log();
  const value = await scope.run(async () => {
    log.add('body runs to its first checkpoint');
    await checkpoint();
    log.add('passed the checkpoint');
    return 1;
  });
  assert.equal(value, undefined);
  assert.deepEqual(log.events, ['body runs to its first checkpoint']);
  assert.equal(scope.cancelledCaught, true);
});

test('a scope is cancelled by a signal that aborts after the scope was made but before run', async () => {
  const controller = new AbortController();
  const scope = new CancelScope({ signal: controller.signal });
  controller.abort();
  const value = await scope.run(async () => {
    await checkpoint();
    return 'not cancelled';
  });
  assert.equal(value, undefined, 'the body was cancelled at its first checkpoint');
  assert.equal(scope.cancelCalled, true);
  assert.equal(scope.cancelledCaught, true);
});

test('a scope does not keep listening to its { signal } after it ends', async () => {
  const controller = new AbortController();
  const baseline = getEventListeners(controller.signal, 'abort').length;
  for (let i = 0; i < 5; i++) {
    await new CancelScope({ signal: controller.signal }).run(async () => { await sleep(0); });
  }
  assert.equal(getEventListeners(controller.signal, 'abort').length, baseline);
  const ended = new CancelScope({ signal: controller.signal });
  await ended.run(async () => {});
  controller.abort();
  assert.equal(ended.cancelledCaught, false);
});

/** The process warnings while `body` runs, as "name: message". */
async function warningMessagesDuring(body: () => Promise<unknown>): Promise<string[]> {
  return (await warningsDuring(body)).map((warning) => `${warning.name}: ${warning.message}`);
}

const CONCURRENT = 50; // Node warns of a leak at 11 listeners of one kind on one signal

test('scopes made from one shared signal listen to it once, and stop when the last one ends', T, async () => {
  const request = new AbortController();
  const warnings = await warningMessagesDuring(() =>
    Promise.all(Array.from({ length: CONCURRENT }, async () => {
      await new CancelScope({ signal: request.signal }).run(async () => {
        assert.equal(getEventListeners(request.signal, 'abort').length, 1);
        await sleep(5);
      });
    })),
  );
  assert.deepEqual(warnings, []);
  assert.equal(getEventListeners(request.signal, 'abort').length, 0);
});

test('one abort of a shared signal cancels every scope made from it, and only those still running', T, async () => {
  const request = new AbortController();
  const ended = new CancelScope({ signal: request.signal });
  await ended.run(() => {});
  const scopes = Array.from({ length: CONCURRENT }, () => new CancelScope({ signal: request.signal }));
  const runs = scopes.map((scope) => scope.run(() => sleepForever()));
  await turns(1);
  request.abort(new Error('client went away'));
  assert.deepEqual(await Promise.all(runs), scopes.map(() => undefined));
  assert.ok(scopes.every((scope) => scope.cancelledCaught));
  assert.equal(ended.cancelCalled, false, 'a scope that had ended is not cancelled');
  assert.equal(getEventListeners(request.signal, 'abort').length, 0);
});

test('currentSignal() outside any scope, given to many concurrent timers, gathers no listeners and no warning', T, async () => {
  const signals: AbortSignal[] = [];
  const warnings = await warningMessagesDuring(() =>
    Promise.all(Array.from({ length: CONCURRENT }, () => {
      const signal = currentSignal();
      signals.push(signal);
      return delay(2, null, { signal });
    })),
  );
  assert.deepEqual(warnings, []);
  assert.equal(new Set(signals).size, CONCURRENT, 'each call outside a scope gets a signal of its own');
  assert.ok(signals.every((signal) => !signal.aborted));
});

test("a task's currentSignal() given to many concurrent requests warns of no leak, and aborts them all", T, async () => {
  const warnings = await warningMessagesDuring(() =>
    createTaskGroup(async (tg) => {
      tg.startSoon(() => Promise.all(Array.from({ length: CONCURRENT }, () => delay(2, null, { signal: currentSignal() }))));
      tg.startSoon(async () => {
        const results = await Promise.allSettled(Array.from({ length: CONCURRENT }, () => delay(LONG, null, { signal: currentSignal() })));
        const aborted = (result: PromiseSettledResult<unknown>): boolean =>
          result.status === 'rejected' && (result.reason as Error).name === 'AbortError' && isCancelled((result.reason as Error).cause);
        assert.ok(results.every(aborted), 'each request was aborted with the Cancelled as its cause');
      });
      await sleep(10);
      tg.cancelScope.cancel();
    }),
  );
  assert.deepEqual(warnings, []);
});
