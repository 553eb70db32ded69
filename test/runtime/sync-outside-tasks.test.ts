// Locks and limiters used from code outside any task (spec: Synchronisation, "Ownership"): an
// existing framework's request handlers, a top-level Promise.all. Each acquire there is a holder
// of its own; releases are checked against tasks; `run(body)` pairs them in one flow.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, test } from 'node:test';

import { CancelScope, CapacityLimiter, Condition, createTaskGroup, currentSignal, failAfter, Lock, sleep } from '../../runtime/src/index.ts';
import { assertError, settle, thrown } from './sync-helpers.ts';

const T = { timeout: 10_000 };
const FLOWS = 8;

/** Counts how many bodies run at once, and the most that ever did. */
class Overlap {
  now = 0;
  most = 0;
  async during<T>(body: () => Promise<T>): Promise<T> {
    this.most = Math.max(this.most, ++this.now);
    try {
      return await body();
    } finally {
      this.now--;
    }
  }
}

describe('a Lock shared by flows outside any task', () => {
  test('concurrent run() calls from separate flows all succeed, one at a time, in order', T, async () => {
    const lock = new Lock();
    const overlap = new Overlap();
    const order: number[] = [];
    await Promise.all(Array.from({ length: FLOWS }, (_, i) =>
      lock.run(() => overlap.during(async () => { order.push(i); await sleep(2); }))));
    assert.equal(overlap.most, 1);
    assert.deepEqual(order, Array.from({ length: FLOWS }, (_, i) => i), 'FIFO');
    assert.equal(lock.locked(), false);
  });

  test('acquire() and release() in each flow: none is refused as a re-entry', T, async () => {
    const lock = new Lock();
    const overlap = new Overlap();
    await Promise.all(Array.from({ length: FLOWS }, async () => {
      await lock.acquire();
      try {
        await overlap.during(() => sleep(1));
      } finally {
        lock.release();
      }
    }));
    assert.equal(overlap.most, 1);
    assert.equal(lock.locked(), false);
  });

  test('a task cannot release what code outside tasks holds, nor the reverse, and the error says what to do', T, async () => {
    const lock = new Lock();
    await lock.acquire();
    await createTaskGroup(async (tg) => {
      tg.startSoon(async () => {
        assertError(thrown(() => lock.release()), TypeError, 'this task does not hold', 'code outside any task holds it', 'lock.run(body)');
      });
    });
    lock.release();
    await createTaskGroup(async (tg) => {
      tg.startSoon(async () => {
        await lock.acquire();
        await sleep(20);
        lock.release();
      });
      await sleep(5);
      assertError(thrown(() => lock.release()), TypeError, 'code outside any task does not hold', 'a task holds it');
    });
    assert.equal(lock.locked(), false);
  });

  test('outside tasks, a release by another flow is not caught: the documented limit of the check', T, async () => {
    const lock = new Lock();
    await lock.acquire(); // one flow
    await Promise.resolve().then(() => lock.release()); // another: the runtime cannot tell them apart
    assert.equal(lock.locked(), false);
  });

  test('a Condition works from flows outside tasks', T, async () => {
    const condition = new Condition();
    let ready = false;
    const waiter = condition.run(async () => {
      while (!ready) await condition.wait();
      return 'notified';
    });
    await settle();
    await condition.run(async () => {
      ready = true;
      condition.notifyAll();
    });
    assert.equal(await waiter, 'notified');
  });
});

describe('a CapacityLimiter shared by flows outside any task', () => {
  test('acquire() in each of many flows borrows a token of its own; at most totalTokens at once', T, async () => {
    const limiter = new CapacityLimiter(3);
    const overlap = new Overlap();
    let peakBorrowers = 0;
    await Promise.all(Array.from({ length: FLOWS }, async () => {
      await limiter.acquire();
      try {
        peakBorrowers = Math.max(peakBorrowers, limiter.statistics().borrowers.length);
        await overlap.during(() => sleep(2));
      } finally {
        limiter.release();
      }
    }));
    assert.equal(overlap.most, 3);
    assert.equal(peakBorrowers, 3, 'statistics() lists each hold of code outside tasks');
    assert.deepEqual(limiter.statistics(), { borrowedTokens: 0, totalTokens: 3, borrowers: [], tasksWaiting: 0 });
  });

  test('release() outside tasks without a hold there throws, even while a task holds a token', T, async () => {
    const limiter = new CapacityLimiter(2);
    assertError(thrown(() => limiter.release()), TypeError, 'code outside any task holds no token', 'limiter.run(body)');
    await createTaskGroup(async (tg) => {
      tg.startSoon(async () => {
        await limiter.acquire();
        await sleep(20);
        limiter.release();
      });
      await sleep(5);
      assertError(thrown(() => limiter.release()), TypeError, 'holds no token');
      assert.equal(limiter.borrowedTokens, 1, 'the task still holds its token');
    });
    await limiter.acquire();
    await createTaskGroup(async (tg) => {
      tg.startSoon(async () => { assertError(thrown(() => limiter.release()), TypeError, 'holds no token'); });
    });
    limiter.release();
    assert.equal(limiter.borrowedTokens, 0);
  });
});

test('an HTTP server shares a Lock and a CapacityLimiter across concurrent requests (the README example)', T, async () => {
  const database = new CapacityLimiter(4);
  const cache = new Lock();
  const queries = new Overlap();
  const refreshes = new Overlap();
  const query = (url: string, signal: AbortSignal): Promise<string[]> => queries.during(async () => {
    assert.equal(signal.aborted, false);
    await sleep(10);
    return [url];
  });
  const refreshCache = (): Promise<void> => refreshes.during(() => sleep(2));
  const server = createServer(async (req, res) => {
    const closed = new AbortController();
    res.on('close', () => closed.abort());
    try {
      const rows = await new CancelScope({ signal: closed.signal }).run(() =>
        failAfter(5_000, () => database.run(() => query(req.url ?? '/', currentSignal()))));
      if (rows === undefined) return;
      await cache.run(() => refreshCache());
      res.end(JSON.stringify(rows));
    } catch (error) {
      res.statusCode = 503;
      res.end(String(error));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const responses = await Promise.all(Array.from({ length: 12 }, async (_, i) => {
      const response = await fetch(`http://127.0.0.1:${port}/item/${i}`);
      return `${response.status} ${await response.text()}`;
    }));
    assert.deepEqual(responses, Array.from({ length: 12 }, (_, i) => `200 ["/item/${i}"]`));
    assert.equal(queries.most, 4, 'at most 4 queries at once');
    assert.equal(refreshes.most, 1, 'one refresh at a time');
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});
