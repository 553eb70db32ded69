// Queue: a bounded FIFO channel. withMaxsize and its argument checks, buffered and rendezvous
// hand-over, the *Nowait forms, close → drain → EndOfStream, `for await`, statistics, FIFO among
// waiters, and cancellation (a checkpoint; a cancelled waiter loses nothing and takes nothing).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
  CancelScope,
  ClosedResourceError,
  createTaskGroup,
  EndOfStream,
  moveOnAfter,
  Queue,
  WouldBlock,
} from '../../runtime/src/index.ts';
import { assertCancelled, Log, observe, rejection } from './helpers.ts';
import { assertError, inScope, settle, thrown } from './sync-helpers.ts';

const T = { timeout: 10_000 };

function drainNowait<T>(queue: Queue<T>): T[] {
  const items: T[] = [];
  for (;;) {
    try {
      items.push(queue.getNowait());
    } catch (error) {
      if (error instanceof WouldBlock || error instanceof EndOfStream) return items;
      throw error;
    }
  }
}

describe('Queue.withMaxsize', () => {
  test('makes an empty, open queue with that maxsize', () => {
    const queue = Queue.withMaxsize<number>(3);
    assert.ok(queue instanceof Queue);
    assert.equal(queue.maxsize, 3);
    assert.equal(queue.size, 0);
    assert.equal(queue.closed, false);
    assert.deepEqual(queue.statistics(), { size: 0, maxsize: 3, waitingPutters: 0, waitingGetters: 0 });
  });

  test('accepts 0 (a rendezvous) and Infinity (unbounded)', () => {
    assert.equal(Queue.withMaxsize(0).maxsize, 0);
    const unbounded = Queue.withMaxsize<number>(Infinity);
    assert.equal(unbounded.maxsize, Infinity);
    for (let i = 0; i < 1000; i++) unbounded.putNowait(i);
    assert.equal(unbounded.size, 1000);
    assert.deepEqual(drainNowait(unbounded), Array.from({ length: 1000 }, (_, i) => i));
  });

  test('a large maxsize is a bound, not an allocation: an empty queue stays small', () => {
    // Measured around one synchronous call: a collection in between can only lower the figure.
    const before = process.memoryUsage().heapUsed;
    const queue = Queue.withMaxsize<number>(10_000_000);
    const grown = process.memoryUsage().heapUsed - before;
    assert.equal(queue.maxsize, 10_000_000);
    assert.ok(grown < 16 * 1024 * 1024, `an empty Queue.withMaxsize(10_000_000) took ${(grown / 1024 / 1024).toFixed(0)} MB of heap`);
    queue.putNowait(1);
    assert.equal(queue.getNowait(), 1);
  });

  test('a negative maxsize is a RangeError naming the argument', () => {
    assertError(thrown(() => Queue.withMaxsize(-1)), RangeError, 'maxsize', '-1');
  });

  test('a fractional maxsize is a RangeError', () => {
    assertError(thrown(() => Queue.withMaxsize(1.5)), RangeError, 'maxsize', '1.5');
  });

  test('NaN and -Infinity are RangeErrors', () => {
    assertError(thrown(() => Queue.withMaxsize(NaN)), RangeError, 'maxsize', 'NaN');
    assertError(thrown(() => Queue.withMaxsize(-Infinity)), RangeError, 'maxsize');
  });

  test('a maxsize that is not a number is a TypeError', () => {
    assertError(thrown(() => Queue.withMaxsize('3' as unknown as number)), TypeError, 'maxsize');
    assertError(thrown(() => Queue.withMaxsize(undefined as unknown as number)), TypeError, 'maxsize');
  });
});

describe('Queue: buffered put and get', () => {
  test('putNowait fills up to maxsize, then throws WouldBlock; getNowait returns items in FIFO order', () => {
    const queue = Queue.withMaxsize<string>(2);
    queue.putNowait('a');
    queue.putNowait('b');
    assert.equal(queue.size, 2);
    assertError(thrown(() => queue.putNowait('c')), WouldBlock, 'full');
    assert.equal(queue.size, 2, 'a refused item is not buffered');
    assert.equal(queue.getNowait(), 'a');
    assert.equal(queue.getNowait(), 'b');
    assert.equal(queue.size, 0);
    assertError(thrown(() => queue.getNowait()), WouldBlock, 'empty');
  });

  test('put resolves at once while there is room, and get returns the items in order', async () => {
    const queue = Queue.withMaxsize<number>(3);
    await queue.put(1);
    await queue.put(2);
    await queue.put(3);
    assert.equal(queue.size, 3);
    assert.equal(await queue.get(), 1);
    assert.equal(await queue.get(), 2);
    assert.equal(await queue.get(), 3);
    assert.equal(queue.size, 0);
  });

  test('put waits while the queue is full; a get makes room and the item goes in behind the others', T, async () => {
    const queue = Queue.withMaxsize<string>(1);
    await queue.put('a');
    const put = observe(queue.put('b'));
    await settle();
    assert.equal(put.state(), 'pending', 'put waits while full');
    assert.equal(queue.statistics().waitingPutters, 1);
    assert.equal(await queue.get(), 'a');
    await settle();
    assert.equal(put.state(), 'fulfilled');
    assert.equal(queue.size, 1);
    assert.equal(queue.statistics().waitingPutters, 0);
    assert.equal(queue.getNowait(), 'b');
  });

  test('get waits while the queue is empty and returns the next item put', T, async () => {
    const queue = Queue.withMaxsize<string>(4);
    const get = observe(queue.get());
    await settle();
    assert.equal(get.state(), 'pending');
    assert.equal(queue.statistics().waitingGetters, 1);
    await queue.put('x');
    await settle();
    assert.equal(get.state(), 'fulfilled');
    assert.equal(get.value(), 'x');
    assert.equal(queue.size, 0, 'the item went to the waiting getter, not into the buffer');
    assert.equal(queue.statistics().waitingGetters, 0);
  });

  test('waiting getters are served in the order they came (FIFO)', T, async () => {
    const queue = Queue.withMaxsize<number>(10);
    const log = new Log();
    await createTaskGroup(async (tg) => {
      for (const name of ['g1', 'g2', 'g3']) {
        tg.startSoon(async () => log.add(`${name}:${await queue.get()}`));
      }
      while (queue.statistics().waitingGetters < 3) await settle();
      queue.putNowait(1);
      queue.putNowait(2);
      queue.putNowait(3);
    });
    assert.deepEqual(log.events, ['g1:1', 'g2:2', 'g3:3']);
  });

  test('waiting putters are served in the order they came, each item behind the ones before it', T, async () => {
    const queue = Queue.withMaxsize<string>(1);
    queue.putNowait('a');
    const puts = ['b', 'c', 'd'].map((item) => observe(queue.put(item)));
    await settle();
    assert.equal(queue.statistics().waitingPutters, 3);
    const got: string[] = [];
    for (let i = 0; i < 4; i++) got.push(await queue.get());
    assert.deepEqual(got, ['a', 'b', 'c', 'd']);
    await settle();
    assert.deepEqual(puts.map((p) => p.state()), ['fulfilled', 'fulfilled', 'fulfilled']);
  });

  test('room freed while putters wait goes to the first putter, never to a newcomer', T, async () => {
    const queue = Queue.withMaxsize<string>(1);
    queue.putNowait('a');
    const waiting = observe(queue.put('b'));
    await settle();
    assert.equal(queue.getNowait(), 'a');
    // The slot just freed is b's: a newcomer finds the queue full.
    assertError(thrown(() => queue.putNowait('newcomer')), WouldBlock);
    const late = observe(queue.put('c'));
    await settle();
    assert.equal(waiting.state(), 'fulfilled');
    assert.equal(late.state(), 'pending');
    assert.equal(queue.getNowait(), 'b');
    assert.equal(queue.getNowait(), 'c');
    await settle();
    assert.equal(late.state(), 'fulfilled');
  });

  test('an item put while getters wait goes to the first getter, never to a getNowait newcomer', T, async () => {
    const queue = Queue.withMaxsize<string>(5);
    const first = observe(queue.get());
    await settle();
    queue.putNowait('x');
    assertError(thrown(() => queue.getNowait()), WouldBlock);
    await settle();
    assert.equal(first.value(), 'x');
  });

  test('statistics count the waiting putters and getters', T, async () => {
    const queue = Queue.withMaxsize<number>(1);
    const g1 = observe(queue.get());
    const g2 = observe(queue.get());
    assert.deepEqual(queue.statistics(), { size: 0, maxsize: 1, waitingPutters: 0, waitingGetters: 2 });
    queue.putNowait(1);
    queue.putNowait(2);
    assert.deepEqual(queue.statistics(), { size: 0, maxsize: 1, waitingPutters: 0, waitingGetters: 0 });
    queue.putNowait(3);
    const p1 = observe(queue.put(4));
    const p2 = observe(queue.put(5));
    assert.deepEqual(queue.statistics(), { size: 1, maxsize: 1, waitingPutters: 2, waitingGetters: 0 });
    assert.deepEqual(drainNowait(queue), [3, 4, 5]);
    await settle();
    assert.deepEqual([g1.value(), g2.value()], [1, 2]);
    assert.deepEqual([p1.state(), p2.state()], ['fulfilled', 'fulfilled']);
    assert.deepEqual(queue.statistics(), { size: 0, maxsize: 1, waitingPutters: 0, waitingGetters: 0 });
  });
});

describe('Queue: rendezvous (maxsize 0)', () => {
  test('put waits for a get, and get returns that item', T, async () => {
    const queue = Queue.withMaxsize<string>(0);
    const put = observe(queue.put('hello'));
    await settle();
    assert.equal(put.state(), 'pending', 'put waits until someone takes the item');
    assert.equal(queue.size, 0);
    assert.deepEqual(queue.statistics(), { size: 0, maxsize: 0, waitingPutters: 1, waitingGetters: 0 });
    assert.equal(await queue.get(), 'hello');
    await settle();
    assert.equal(put.state(), 'fulfilled');
  });

  test('get waits for a put', T, async () => {
    const queue = Queue.withMaxsize<string>(0);
    const get = observe(queue.get());
    await settle();
    assert.equal(get.state(), 'pending');
    await queue.put('x');
    await settle();
    assert.equal(get.value(), 'x');
    assert.equal(queue.size, 0);
  });

  test('putNowait throws WouldBlock with no getter, and hands the item to a waiting getter', T, async () => {
    const queue = Queue.withMaxsize<number>(0);
    assertError(thrown(() => queue.putNowait(1)), WouldBlock);
    const get = observe(queue.get());
    queue.putNowait(2);
    await settle();
    assert.equal(get.value(), 2);
    assert.equal(queue.size, 0);
  });

  test('getNowait throws WouldBlock with no putter, and takes from a waiting putter', T, async () => {
    const queue = Queue.withMaxsize<number>(0);
    assertError(thrown(() => queue.getNowait()), WouldBlock);
    const put = observe(queue.put(7));
    assert.equal(queue.getNowait(), 7);
    await settle();
    assert.equal(put.state(), 'fulfilled');
  });

  test('producers and consumers in tasks meet one item at a time, in order', T, async () => {
    const queue = Queue.withMaxsize<number>(0);
    const got: number[] = [];
    await createTaskGroup(async (tg) => {
      tg.startSoon(async () => {
        for (let i = 0; i < 20; i++) await queue.put(i);
        queue.close();
      });
      tg.startSoon(async () => {
        for await (const item of queue) got.push(item);
      });
    });
    assert.deepEqual(got, Array.from({ length: 20 }, (_, i) => i));
  });
});

describe('Queue: close', () => {
  test('put after close rejects with ClosedResourceError, putNowait throws it', async () => {
    const queue = Queue.withMaxsize<number>(2);
    queue.close();
    assert.equal(queue.closed, true);
    assertError(await rejection(queue.put(1)), ClosedResourceError, 'closed');
    assertError(thrown(() => queue.putNowait(1)), ClosedResourceError, 'closed');
    assert.equal(queue.size, 0);
  });

  test('getters drain what is buffered, then get EndOfStream', async () => {
    const queue = Queue.withMaxsize<string>(3);
    queue.putNowait('a');
    queue.putNowait('b');
    queue.close();
    assert.equal(await queue.get(), 'a');
    assert.equal(queue.getNowait(), 'b');
    assertError(await rejection(queue.get()), EndOfStream);
    assertError(thrown(() => queue.getNowait()), EndOfStream);
    assertError(await rejection(queue.get()), EndOfStream, 'closed');
  });

  test('close wakes every waiting getter with EndOfStream', T, async () => {
    const queue = Queue.withMaxsize<string>(1);
    const gets = [observe(queue.get()), observe(queue.get())];
    await settle();
    queue.close();
    await settle();
    for (const get of gets) {
      assert.equal(get.state(), 'rejected');
      assertError(get.error(), EndOfStream);
    }
    assert.equal(queue.statistics().waitingGetters, 0);
  });

  test('close fails every waiting putter with ClosedResourceError; their items are not delivered', T, async () => {
    const queue = Queue.withMaxsize<string>(1);
    queue.putNowait('kept');
    const puts = [observe(queue.put('lost1')), observe(queue.put('lost2'))];
    await settle();
    queue.close();
    await settle();
    for (const put of puts) assertError(put.error(), ClosedResourceError, 'closed');
    assert.equal(queue.statistics().waitingPutters, 0);
    assert.deepEqual(drainNowait(queue), ['kept']);
  });

  test('close on a rendezvous queue fails the waiting putter and its item is not delivered', T, async () => {
    const queue = Queue.withMaxsize<string>(0);
    const put = observe(queue.put('x'));
    await settle();
    queue.close();
    await settle();
    assertError(put.error(), ClosedResourceError);
    assertError(await rejection(queue.get()), EndOfStream);
  });

  test('close is idempotent', async () => {
    const queue = Queue.withMaxsize<number>(1);
    queue.putNowait(1);
    queue.close();
    queue.close();
    assert.equal(queue.closed, true);
    assert.equal(await queue.get(), 1);
    assertError(await rejection(queue.get()), EndOfStream);
  });
});

describe('Queue: for await', () => {
  test('yields items in order and ends once the queue is closed and drained', T, async () => {
    const queue = Queue.withMaxsize<number>(2);
    const got: number[] = [];
    await createTaskGroup(async (tg) => {
      tg.startSoon(async () => {
        for await (const item of queue) got.push(item);
        got.push(-1); // the loop ended
      });
      for (let i = 0; i < 10; i++) await queue.put(i);
      queue.close();
    });
    assert.deepEqual(got, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, -1]);
  });

  test('a loop waiting on an empty queue ends when the queue is closed', T, async () => {
    const queue = Queue.withMaxsize<number>(2);
    const log = new Log();
    await createTaskGroup(async (tg) => {
      tg.startSoon(async () => {
        for await (const item of queue) log.add(`item ${item}`);
        log.add('loop ended');
      });
      await settle();
      assert.equal(queue.statistics().waitingGetters, 1);
      log.add('closing');
      queue.close();
    });
    assert.deepEqual(log.events, ['closing', 'loop ended']);
  });

  test('leaving the loop early leaves the other items in the queue', async () => {
    const queue = Queue.withMaxsize<number>(5);
    for (let i = 0; i < 5; i++) queue.putNowait(i);
    for await (const item of queue) {
      if (item === 1) break;
    }
    assert.deepEqual(drainNowait(queue), [2, 3, 4]);
  });

  test('several consumers share the items: each delivered exactly once', T, async () => {
    const queue = Queue.withMaxsize<number>(3);
    const seen: number[][] = [[], [], []];
    await createTaskGroup(async (tg) => {
      for (const list of seen) {
        tg.startSoon(async () => {
          for await (const item of queue) list.push(item);
        });
      }
      for (let i = 0; i < 100; i++) await queue.put(i);
      queue.close();
    });
    for (const list of seen) assert.deepEqual(list, [...list].sort((a, b) => a - b), 'each consumer sees increasing items');
    assert.deepEqual(seen.flat().sort((a, b) => a - b), Array.from({ length: 100 }, (_, i) => i));
  });
});

describe('Queue: cancellation', () => {
  test('put in a cancelled context raises Cancelled even when there is room, and puts nothing', async () => {
    const queue = Queue.withMaxsize<string>(5);
    const call = inScope(() => queue.put('x'), { cancelled: true });
    await call.done;
    assertCancelled(call.error());
    assert.equal(queue.size, 0);
  });

  test('get in a cancelled context raises Cancelled even when an item is ready, and takes nothing', async () => {
    const queue = Queue.withMaxsize<string>(5);
    queue.putNowait('x');
    const call = inScope(() => queue.get(), { cancelled: true });
    await call.done;
    assertCancelled(call.error());
    assert.equal(queue.size, 1);
    assert.equal(queue.getNowait(), 'x');
  });

  test('get on a rendezvous queue in a cancelled context takes nothing from a waiting putter', async () => {
    const queue = Queue.withMaxsize<string>(0);
    const put = observe(queue.put('x'));
    const call = inScope(() => queue.get(), { cancelled: true });
    await call.done;
    assertCancelled(call.error());
    assert.equal(put.state(), 'pending');
    assert.equal(queue.getNowait(), 'x');
  });

  test('a waiting get is woken by cancellation at once and leaves the line', T, async () => {
    const queue = Queue.withMaxsize<string>(5);
    const first = inScope(() => queue.get());
    const second = inScope(() => queue.get());
    await settle();
    first.scope.cancel();
    assert.equal(queue.statistics().waitingGetters, 1, 'the cancelled getter left the line at once');
    await settle();
    assertCancelled(first.error());
    queue.putNowait('x');
    await settle();
    assert.equal(second.value(), 'x', 'the item went to the next getter in line');
    assert.equal(queue.size, 0);
  });

  test('a cancelled waiting put loses its item: it is neither delivered nor buffered', T, async () => {
    const queue = Queue.withMaxsize<string>(1);
    queue.putNowait('a');
    const cancelledPut = inScope(() => queue.put('cancelled'));
    const laterPut = inScope(() => queue.put('b'));
    await settle();
    cancelledPut.scope.cancel();
    assert.equal(queue.statistics().waitingPutters, 1);
    await settle();
    assertCancelled(cancelledPut.error());
    assert.deepEqual([await queue.get(), await queue.get()], ['a', 'b']);
    await settle();
    assert.equal(laterPut.state(), 'fulfilled');
    assert.equal(queue.size, 0);
  });

  test('a getter that was handed an item before its cancellation returns the item', T, async () => {
    const queue = Queue.withMaxsize<string>(1);
    const get = inScope(() => queue.get());
    await settle();
    queue.putNowait('handed');
    get.scope.cancel(); // same turn: the item is already the getter's
    await settle();
    assert.equal(get.state(), 'fulfilled');
    assert.equal(get.value(), 'handed');
    assert.equal(queue.size, 0, 'the item was not put back or duplicated');
    await get.done;
  });

  test('a rendezvous putter whose item was taken before its cancellation resolves', T, async () => {
    const queue = Queue.withMaxsize<string>(0);
    const put = inScope(() => queue.put('taken'));
    await settle();
    assert.equal(queue.getNowait(), 'taken');
    put.scope.cancel();
    await settle();
    assert.equal(put.state(), 'fulfilled', 'the item was delivered, so the put succeeded');
  });

  test('a putter whose item moved into the buffer before its cancellation resolves, and the item stays', T, async () => {
    const queue = Queue.withMaxsize<string>(1);
    queue.putNowait('a');
    const put = inScope(() => queue.put('b'));
    await settle();
    assert.equal(queue.getNowait(), 'a');
    put.scope.cancel();
    await settle();
    assert.equal(put.state(), 'fulfilled');
    assert.deepEqual(drainNowait(queue), ['b']);
  });

  test('cancelling a task group wakes a consumer task waiting in for await', T, async () => {
    const queue = Queue.withMaxsize<number>(1);
    const log = new Log();
    const value = await createTaskGroup(async (tg) => {
      tg.startSoon(async () => {
        try {
          for await (const item of queue) log.add(`item ${item}`);
        } catch (error) {
          assertCancelled(error);
          log.add('consumer cancelled');
          throw error;
        }
      });
      await queue.put(1);
      while (queue.statistics().waitingGetters === 0) await settle();
      tg.cancelScope.cancel();
      return 'body done';
    });
    assert.equal(value, 'body done');
    assert.deepEqual(log.events, ['item 1', 'consumer cancelled']);
    assert.equal(queue.statistics().waitingGetters, 0);
  });

  test('a deadline ends a waiting get without taking anything', T, async () => {
    const queue = Queue.withMaxsize<string>(1);
    const result = await moveOnAfter(5, () => queue.get());
    assert.equal(result, undefined);
    assert.equal(queue.statistics().waitingGetters, 0);
    queue.putNowait('after');
    assert.equal(queue.getNowait(), 'after');
  });

  test('cancellation is level-triggered: every later get in the cancelled scope raises too', async () => {
    const queue = Queue.withMaxsize<string>(5);
    queue.putNowait('a');
    const log = new Log();
    const scope = new CancelScope();
    await scope.run(async () => {
      scope.cancel();
      for (let i = 0; i < 2; i++) {
        try {
          await queue.get();
          log.add('got');
        } catch (error) {
          assertCancelled(error);
          log.add('cancelled');
        }
      }
    });
    assert.deepEqual(log.events, ['cancelled', 'cancelled']);
    assert.equal(queue.size, 1);
  });
});
