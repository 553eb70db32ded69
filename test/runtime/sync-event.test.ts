// Event: a one-shot flag. set/isSet/wait/statistics, waking every waiter in order, and wait as
// a checkpoint (raises when already cancelled, woken by cancellation at once).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { CancelScope, createTaskGroup, Event, moveOnAfter } from '../../runtime/src/index.ts';
import { assertCancelled, Log, observe } from './helpers.ts';
import { inScope, settle } from './sync-helpers.ts';

const T = { timeout: 10_000 };

describe('Event', () => {
  test('starts unset with no waiters', () => {
    const event = new Event();
    assert.equal(event.isSet(), false);
    assert.deepEqual(event.statistics(), { waiters: 0 });
  });

  test('wait waits until set, then every waiter returns', T, async () => {
    const event = new Event();
    const waits = [observe(event.wait()), observe(event.wait()), observe(event.wait())];
    await settle();
    assert.deepEqual(waits.map((w) => w.state()), ['pending', 'pending', 'pending']);
    assert.deepEqual(event.statistics(), { waiters: 3 });
    event.set();
    assert.equal(event.isSet(), true);
    assert.deepEqual(event.statistics(), { waiters: 0 });
    await settle();
    assert.deepEqual(waits.map((w) => w.state()), ['fulfilled', 'fulfilled', 'fulfilled']);
  });

  test('wait on an event already set returns without waiting', async () => {
    const event = new Event();
    event.set();
    const wait = observe(event.wait());
    await settle();
    assert.equal(wait.state(), 'fulfilled');
  });

  test('set is idempotent and the event stays set', async () => {
    const event = new Event();
    event.set();
    event.set();
    assert.equal(event.isSet(), true);
    await event.wait();
    await event.wait();
    assert.equal(event.isSet(), true);
  });

  test('waiting tasks are woken in the order they started waiting', T, async () => {
    const event = new Event();
    const log = new Log();
    await createTaskGroup(async (tg) => {
      for (const name of ['t1', 't2', 't3', 't4']) {
        tg.startSoon(async () => {
          log.add(`${name} waits`);
          await event.wait();
          log.add(`${name} woke`);
        });
      }
      while (event.statistics().waiters < 4) await settle();
      log.add('set');
      event.set();
    });
    assert.deepEqual(log.events, ['t1 waits', 't2 waits', 't3 waits', 't4 waits', 'set', 't1 woke', 't2 woke', 't3 woke', 't4 woke']);
  });

  test('wait in a cancelled context raises Cancelled, even when the event is set', async () => {
    const unset = new Event();
    const a = inScope(() => unset.wait(), { cancelled: true });
    await a.done;
    assertCancelled(a.error());
    assert.deepEqual(unset.statistics(), { waiters: 0 }, 'it never stood in line');

    const set = new Event();
    set.set();
    const b = inScope(() => set.wait(), { cancelled: true });
    await b.done;
    assertCancelled(b.error(), 'a set event is no excuse to skip the checkpoint');
  });

  test('a waiting wait is woken by cancellation at once and leaves the waiters', T, async () => {
    const event = new Event();
    const cancelled = inScope(() => event.wait());
    const other = inScope(() => event.wait());
    await settle();
    cancelled.scope.cancel();
    assert.deepEqual(event.statistics(), { waiters: 1 });
    await settle();
    assertCancelled(cancelled.error());
    assert.equal(other.state(), 'pending', 'the other waiter still waits');
    event.set();
    await settle();
    assert.equal(other.state(), 'fulfilled');
  });

  test('a waiter woken by set before its cancellation returns normally', T, async () => {
    const event = new Event();
    const wait = inScope(() => event.wait());
    await settle();
    event.set();
    wait.scope.cancel();
    await settle();
    assert.equal(wait.state(), 'fulfilled');
  });

  test('cancelling a task group wakes the tasks waiting on an event', T, async () => {
    const event = new Event();
    const log = new Log();
    await createTaskGroup(async (tg) => {
      for (const name of ['a', 'b']) {
        tg.startSoon(async () => {
          try {
            await event.wait();
            log.add(`${name} woke`);
          } catch (error) {
            assertCancelled(error);
            log.add(`${name} cancelled`);
            throw error;
          }
        });
      }
      while (event.statistics().waiters < 2) await settle();
      tg.cancelScope.cancel();
    });
    assert.deepEqual(log.events.sort(), ['a cancelled', 'b cancelled']);
    assert.deepEqual(event.statistics(), { waiters: 0 });
    assert.equal(event.isSet(), false);
  });

  test('a deadline ends a wait, and the scope catches its own cancellation', T, async () => {
    const event = new Event();
    let scope: CancelScope | undefined;
    const value = await moveOnAfter(5, async (s) => {
      scope = s;
      await event.wait();
      return 'set';
    });
    assert.equal(value, undefined);
    assert.equal(scope?.cancelledCaught, true);
    assert.deepEqual(event.statistics(), { waiters: 0 });
  });
});
