// A `Cancelled` means "stop" only where the cancellation it carries reaches: landing in a task or
// task group that is not cancelled, it is stale, and surfaces as an error (docs/runtime.md,
// "Cancellation").
import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  boundedMap,
  Cancelled,
  createTaskGroup,
  Event,
  ExceptionGroup,
  gather,
  isCancelled,
  moveOnAfter,
  nonCancelSubgroup,
  race,
  sleep,
  sleepForever,
  StaleCancelledError,
} from '../../runtime/src/index.ts';

/** A memoised lookup whose first call ran under a deadline that cut it short: its promise holds a Cancelled for ever. */
async function poisonedCache(): Promise<(id: number) => Promise<{ id: number }>> {
  const cache = new Map<number, Promise<{ id: number }>>();
  const getUser = (id: number): Promise<{ id: number }> => {
    let user = cache.get(id);
    if (user === undefined) {
      user = sleep(50).then(() => ({ id }));
      user.catch(() => {});
      cache.set(id, user);
    }
    return user;
  };
  await moveOnAfter(5, () => getUser(1));
  await assert.rejects(getUser(1), (error) => isCancelled(error));
  return getUser;
}

/** The group's error: one StaleCancelledError whose cause is the stale Cancelled. */
function assertStale(error: unknown, where: RegExp): boolean {
  assert.ok(error instanceof ExceptionGroup, `expected an ExceptionGroup, got ${String(error)}`);
  assert.equal(error.exceptions.length, 1);
  const [stale] = error.exceptions;
  assert.ok(stale instanceof StaleCancelledError);
  assert.match(stale.message, where);
  assert.match(stale.message, /stale/);
  assert.ok(isCancelled(stale.cause));
  assert.equal(isCancelled(stale), false, 'a stale cancellation is an error, not a cancellation');
  assert.deepEqual(nonCancelSubgroup(error)?.exceptions, [stale], 'nonCancelSubgroup keeps it');
  return true;
}

test('a memoised promise holding a Cancelled: gather rejects instead of resolving a hole', async () => {
  const getUser = await poisonedCache();
  await assert.rejects(gather(() => getUser(2), () => getUser(1)), (error) => assertStale(error, /task "gather\[1\]" was not cancelled/));
});

test('a memoised promise holding a Cancelled: boundedMap rejects instead of returning holes', async () => {
  const getUser = await poisonedCache();
  await assert.rejects(boundedMap([2, 1, 3], (id) => getUser(id), { limit: 2 }), (error) => assertStale(error, /boundedMap worker/));
});

test('a memoised promise holding a Cancelled: race rejects', async () => {
  const getUser = await poisonedCache();
  await assert.rejects(race<unknown>(() => getUser(1), () => sleep(1_000)), (error) => assertStale(error, /was not cancelled/));
});

test('a task that fails with a stale Cancelled fails its group; the body\'s value does not stand', async () => {
  const getUser = await poisonedCache();
  let sibling = 'running';
  await assert.rejects(
    createTaskGroup(async (tg) => {
      tg.startSoon(async () => {
        try {
          await sleepForever();
        } catch (error) {
          sibling = isCancelled(error) ? 'cancelled' : 'failed';
          throw error;
        }
      });
      tg.startSoon({ name: 'lookup' }, () => getUser(1));
      return 'body value';
    }),
    (error) => assertStale(error, /task "lookup" was not cancelled/),
  );
  assert.equal(sibling, 'cancelled', 'the failure cancels the other tasks, as any error does');
});

test('a stale Cancelled thrown by the group\'s body fails the group', async () => {
  const getUser = await poisonedCache();
  await assert.rejects(
    createTaskGroup(async () => {
      await getUser(1);
      return 'never';
    }),
    (error) => assertStale(error, /task group/),
  );
});

test('new Cancelled() thrown by a task that nobody cancelled is an error', async () => {
  await assert.rejects(
    createTaskGroup((tg) => {
      tg.startSoon({ name: 'liar' }, async () => {
        throw new Cancelled('made up');
      });
    }),
    (error) => assertStale(error, /task "liar" was not cancelled, yet it ended with a Cancelled \("made up"\)/),
  );
});

test('a Cancelled carried from a cancelled task into one that is not is an error there', async () => {
  let carried: unknown;
  const caught = new Event();
  await createTaskGroup((tg) => {
    tg.startSoon(async () => {
      try {
        await sleepForever();
      } catch (error) {
        carried = error;
        caught.set();
        throw error;
      }
    });
    tg.startSoon(async () => {
      await sleep(1);
      tg.cancelScope.cancel();
    });
  });
  await caught.wait();
  assert.ok(isCancelled(carried));
  await assert.rejects(
    createTaskGroup((tg) => {
      tg.startSoon({ name: 'receiver' }, async () => {
        throw carried;
      });
    }),
    (error) => assertStale(error, /task "receiver" was not cancelled, yet it ended with a Cancelled \("cancelled by task group #\d+"\)/),
  );
});

test('a Cancelled that reaches a cancelled task is still a quiet cancellation', async () => {
  // The same stale error, rethrown by a task whose group is being cancelled: that task was
  // cancelled too, so it stops quietly and the group's own cancellation is what counts.
  const stale = new Cancelled('stale');
  const value = await createTaskGroup(async (tg) => {
    tg.startSoon(async () => {
      try {
        await sleepForever();
      } catch {
        throw stale;
      }
    });
    await sleep(1);
    tg.cancelScope.cancel();
    return 'body';
  });
  assert.equal(value, 'body');
});
