// The patterns of docs/runtime.md: gather, race, boundedMap, completionStream, retry.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
  boundedMap,
  CancelScope,
  Cancelled,
  checkpoint,
  completionStream,
  currentTime,
  ExceptionGroup,
  gather,
  isCancelled,
  moveOnAfter,
  race,
  retry,
  sleep,
  sleepForever,
} from '../../runtime/src/index.ts';
import { assertCancelled, Boom, deferred, leaves, Log, rejection } from './helpers.ts';

const T = { timeout: 10_000 };

class Flaky extends Error { override name = 'Flaky'; }
class Fatal extends Error { override name = 'Fatal'; }

describe('gather', () => {
  test('resolves the results in argument order, whatever order they finish in', async () => {
    const results = await gather(
      async () => { await sleep(6); return 'slow'; },
      async () => { await sleep(1); return 2; },
      async () => 'sync-ish',
    );
    assert.deepEqual(results, ['slow', 2, 'sync-ish']);
  });

  test('with no functions resolves an empty list', async () => {
    assert.deepEqual(await gather(), []);
  });

  test('on failure cancels the others, waits for them, and rejects with an ExceptionGroup of the non-cancel errors', T, async () => {
    const log = new Log();
    const boom = new Boom('gather');
    const error = await rejection(gather(
      async () => { try { await sleepForever(); } finally { await sleep(0).catch(() => {}); log.add('other ended'); } },
      async () => { await sleep(1); throw boom; },
      async () => { await sleep(50); return 'late'; },
    ));
    log.add('gather rejected');
    assert.ok(error instanceof ExceptionGroup);
    assert.deepEqual(error.exceptions, [boom]);
    assert.deepEqual(log.events, ['other ended', 'gather rejected']);
  });

  test('cancelled from outside, it raises Cancelled rather than resolving without the results', T, async () => {
    let outcome: { resolved: unknown } | { rejected: unknown } | undefined;
    await new CancelScope().run(async (scope) => {
      try {
        outcome = { resolved: await gather(async () => { scope.cancel(); await checkpoint(); return 1; }, sleepForever) };
      } catch (error) {
        outcome = { rejected: error };
        throw error;
      }
    });
    assert.ok(outcome && 'rejected' in outcome, `gather resolved ${JSON.stringify(outcome)} though its tasks were cancelled`);
    assertCancelled(outcome.rejected);
  });
});

describe('race', () => {
  test('the first to settle wins; the others are cancelled and awaited first', T, async () => {
    const log = new Log();
    const value = await race(
      async () => { try { await sleepForever(); } finally { log.add('loser 1 ended'); } return 'never'; },
      async () => { await sleep(2); return 'winner'; },
      async () => { try { await sleep(5_000); } finally { log.add('loser 2 ended'); } return 'too late'; },
    );
    log.add('race resolved');
    assert.equal(value, 'winner');
    assert.equal(log.events.at(-1), 'race resolved');
    assert.deepEqual(new Set(log.events.slice(0, 2)), new Set(['loser 1 ended', 'loser 2 ended']));
  });

  test('an error that settles first wins too', T, async () => {
    const boom = new Boom('first');
    const log = new Log();
    const error = await rejection(race(
      async () => { await sleep(1); throw boom; },
      async () => { try { await sleepForever(); } finally { log.add('other ended'); } },
    ));
    log.add('race rejected');
    assert.equal(error, boom);
    assert.deepEqual(log.events, ['other ended', 'race rejected']);
  });
});

describe('boundedMap', () => {
  test('runs at most `limit` at once, reaches the limit, and keeps the input order', async () => {
    let running = 0;
    let peak = 0;
    const items = [5, 1, 4, 2, 3, 1, 2, 5, 1, 1];
    const results = await boundedMap(items, async (ms: number) => {
      running++;
      peak = Math.max(peak, running);
      await sleep(ms);
      running--;
      return ms * 10;
    }, { limit: 3 });
    assert.deepEqual(results, items.map((ms) => ms * 10));
    assert.equal(peak, 3);
  });

  test('a limit larger than the input runs everything at once', async () => {
    let running = 0;
    let peak = 0;
    await boundedMap([1, 2, 3], async () => { running++; peak = Math.max(peak, running); await sleep(2); running--; }, { limit: 10 });
    assert.equal(peak, 3);
  });

  test('a failure rejects with that error among what comes out, and nothing more is started', T, async () => {
    const boom = new Boom('map');
    const started: number[] = [];
    const error = await rejection(boundedMap([0, 1, 2, 3, 4, 5, 6, 7], async (i: number) => {
      started.push(i);
      if (i === 1) throw boom;
      await sleep(20);
      return i;
    }, { limit: 2 }));
    assert.ok(leaves(error).includes(boom), `got ${String(error)}`);
    assert.ok(!leaves(error).some(isCancelled));
    assert.ok(started.length <= 3, `started after the failure: ${JSON.stringify(started)}`);
  });
  test('cancelled from outside, it raises Cancelled rather than resolving without the results', T, async () => {
    let outcome: { resolved: unknown } | { rejected: unknown } | undefined;
    await new CancelScope().run(async (scope) => {
      try {
        outcome = { resolved: await boundedMap([1, 2, 3], async (i: number) => {
          if (i === 1) scope.cancel();
          await sleep(1);
          return i;
        }, { limit: 2 }) };
      } catch (error) {
        outcome = { rejected: error };
        throw error;
      }
    });
    assert.ok(outcome && 'rejected' in outcome, `boundedMap resolved ${JSON.stringify(outcome)} though its calls were cancelled`);
    assertCancelled(outcome.rejected);
  });
});

describe('completionStream', () => {
  test('yields [index, value] in completion order, each index once', async () => {
    // Each function waits for its gate; the loop opens the gates one by one, in the order 1, 2, 0.
    const gates = [0, 1, 2].map(() => deferred());
    const values = ['c', 'a', 'b'];
    const order = [1, 2, 0];
    const got: [number, string][] = [];
    gates[order[0]!]!.resolve();
    for await (const entry of completionStream(values.map((value, i) => async () => {
      await gates[i]!.promise;
      return value;
    }))) {
      got.push(entry);
      const next = order[got.length];
      if (next !== undefined) gates[next]!.resolve();
    }
    assert.deepEqual(got, [[1, 'a'], [2, 'b'], [0, 'c']]);
  });

  test('runs at most `limit` at once', async () => {
    let running = 0;
    let peak = 0;
    const fns = Array.from({ length: 8 }, (_, i) => async () => {
      running++;
      peak = Math.max(peak, running);
      await sleep(1 + (i % 3));
      running--;
      return i;
    });
    const indices: number[] = [];
    for await (const [index] of completionStream(fns, { limit: 2 })) indices.push(index);
    assert.equal(peak, 2);
    assert.deepEqual(indices.slice().sort((a, b) => a - b), [0, 1, 2, 3, 4, 5, 6, 7]);
  });

  test('leaving the loop early cancels what still runs, and the exit waits for it', T, async () => {
    const log = new Log();
    for await (const [index, value] of completionStream([
      async () => { try { await sleepForever(); } catch (e) { await sleep(0).catch(() => {}); log.add('slow one cancelled'); throw e; } return 'x'; },
      async () => { await sleep(1); return 'fast'; },
    ])) {
      log.add(`got ${index} ${value}`);
      break;
    }
    log.add('after loop');
    assert.deepEqual(log.events, ['got 1 fast', 'slow one cancelled', 'after loop']);
  });
});

describe('retry', () => {
  test('calls fn until it succeeds', async () => {
    let calls = 0;
    const value = await retry(async () => {
      calls++;
      if (calls < 3) throw new Flaky(`attempt ${calls}`);
      return 'ok';
    }, { attempts: 5, baseDelay: 1, maxDelay: 2 });
    assert.equal(value, 'ok');
    assert.equal(calls, 3);
  });

  test('rethrows the last error when the attempts run out', async () => {
    const thrown: Error[] = [];
    const error = await rejection(retry(async () => {
      const e = new Flaky(`attempt ${thrown.length + 1}`);
      thrown.push(e);
      throw e;
    }, { attempts: 3, baseDelay: 1, maxDelay: 1 }));
    assert.equal(thrown.length, 3);
    assert.equal(error, thrown[2]);
  });

  test('retries only what retryOn accepts, as a list of classes or a predicate', async () => {
    let calls = 0;
    const fatal = new Fatal('stop');
    assert.equal(await rejection(retry(async () => { calls++; throw fatal; }, { attempts: 5, baseDelay: 1, maxDelay: 1, retryOn: [Flaky] })), fatal);
    assert.equal(calls, 1);

    calls = 0;
    const value = await retry(async () => {
      if (++calls < 3) throw new Flaky('again');
      return calls;
    }, { attempts: 5, baseDelay: 1, maxDelay: 1, retryOn: [Flaky] });
    assert.equal(value, 3);

    calls = 0;
    const byPredicate = await rejection(retry(async () => { calls++; throw new Flaky(String(calls)); }, {
      attempts: 5, baseDelay: 1, maxDelay: 1, retryOn: (e) => e instanceof Flaky && e.message !== '2',
    }));
    assert.equal(calls, 2);
    assert.equal((byPredicate as Error).message, '2');
  });

  test('never retries Cancelled', async () => {
    let calls = 0;
    await new CancelScope().run(async (scope) => {
      scope.cancel();
      const error = await rejection(retry(async () => { calls++; await checkpoint(); }, { attempts: 5, baseDelay: 1, maxDelay: 1 }));
      assertCancelled(error);
    });
    assert.equal(calls, 1);

    calls = 0;
    const error = await rejection(retry(async () => { calls++; throw new Cancelled('thrown by hand'); }, {
      attempts: 5, baseDelay: 1, maxDelay: 1, retryOn: () => true,
    }));
    assertCancelled(error);
    assert.equal(calls, 1, 'not even when retryOn accepts everything');
  });

  test('delays double from baseDelay and stop growing at maxDelay', async () => {
    const times: number[] = [];
    await rejection(retry(async () => { times.push(currentTime()); throw new Flaky('x'); }, {
      attempts: 5, baseDelay: 50, maxDelay: 60, jitter: 0,
    }));
    assert.equal(times.length, 5);
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    // Expected 50, 60, 60, 60: 230 in all (uncapped: 50, 100, 200, 400, 750 in all). Only lower
    // bounds per gap; the cap is checked on the total, with a wide margin.
    assert.ok(gaps[0]! >= 49, `first delay ${gaps[0]}`);
    for (const gap of gaps.slice(1)) assert.ok(gap >= 59, `later delays grow to maxDelay: ${gaps.join(', ')}`);
    const total = times.at(-1)! - times[0]!;
    assert.ok(total < 600, `delays are capped at maxDelay (total ${total} ms; uncapped would be 750)`);
  });

  test('gives up at once with the last error when the next back-off would end past the deadline', async () => {
    let calls = 0;
    const boom = new Flaky('too slow to retry');
    const started = currentTime();
    const error = await rejection(moveOnAfter(200, () => retry(async () => { calls++; throw boom; }, {
      attempts: 5, baseDelay: 1_000, maxDelay: 1_000,
    })));
    assert.equal(error, boom, 'rejects with the last error rather than waiting for the deadline');
    assert.equal(calls, 1);
    assert.ok(currentTime() - started < 1_000, 'did not sleep through a back-off');
  });
});
