// TaskGroup.start and taskStatus.started(): before started() the task is the caller's, after it
// belongs to the group.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  CancelScope,
  checkpoint,
  createTaskGroup,
  currentTime,
  effectiveDeadline,
  ExceptionGroup,
  moveOnAt,
  sleep,
  sleepForever,
  TASK_STATUS_IGNORED,
  taskTreeSnapshot,
  type TaskGroup,
  type TaskStatus,
} from '../../runtime/src/index.ts';
import { assertCancelled, Boom, Log, rejection } from './helpers.ts';

const LONG = 60_000;
const T = { timeout: 10_000 };

test('start resolves with the value given to started(), and the task goes on in the group', async () => {
  const log = new Log();
  const value = await createTaskGroup(async (tg) => {
    const port = await tg.start(async (status: TaskStatus<number>) => {
      await sleep(1);
      status.started(8080);
      log.add('after started');
      await sleep(3);
      log.add('server ended');
    });
    log.add(`start resolved ${port}`);
    return port;
  });
  log.add('group settled');
  assert.equal(value, 8080);
  log.before('start resolved 8080', 'server ended');
  log.before('server ended', 'group settled');
});

test('start passes its arguments before the task status, with or without options', async () => {
  const seen: unknown[] = [];
  await createTaskGroup(async (tg) => {
    const a = await tg.start(async (x: number, y: string, status: TaskStatus<string>) => {
      seen.push(x, y);
      status.started(`${x}${y}`);
    }, 1, 'a');
    const b = await tg.start({ name: 'named' }, async (z: boolean, status: TaskStatus<boolean>) => {
      status.started(!z);
    }, true);
    seen.push(a, b);
  });
  assert.deepEqual(seen, [1, 'a', '1a', false]);
});

test('started() without a value resolves start with undefined', async () => {
  await createTaskGroup(async (tg) => {
    const value = await tg.start(async (status: TaskStatus) => { status.started(); });
    assert.equal(value, undefined);
  });
});

test('an error before started() rejects start and does not fail the group', async () => {
  const boom = new Boom('before started');
  const log = new Log();
  const value = await createTaskGroup(async (tg) => {
    tg.startSoon(async () => {
      await sleep(5);
      log.add('sibling not cancelled');
    });
    const error = await rejection(tg.start(async (_status: TaskStatus) => {
      await sleep(1);
      throw boom;
    }));
    assert.equal(error, boom, 'start rejects with the bare error');
    await sleep(1);
    return 'group value';
  });
  assert.equal(value, 'group value');
  assert.deepEqual(log.events, ['sibling not cancelled']);
});

test('a task that returns without calling started() rejects start with an error saying so', async () => {
  const value = await createTaskGroup(async (tg) => {
    const error = await rejection(tg.start(async (_status: TaskStatus) => { await sleep(1); }));
    assert.ok(error instanceof Error);
    assert.match(error.message, /started\(\)/);
    return 'ok';
  });
  assert.equal(value, 'ok');
});

test('calling started() twice throws', async () => {
  const log = new Log();
  await createTaskGroup(async (tg) => {
    await tg.start(async (status: TaskStatus<number>) => {
      status.started(1);
      try {
        status.started(2);
        log.add('second call returned');
      } catch (error) {
        assert.ok(error instanceof Error);
        log.add('second call threw');
      }
    });
  });
  assert.deepEqual(log.events, ['second call threw']);
});

test('cancelling the caller of start cancels the task before started()', T, async () => {
  const log = new Log();
  const value = await createTaskGroup(async (tg) => {
    const caller = new CancelScope();
    await caller.run(async () => {
      setTimeout(() => caller.cancel(), 2);
      try {
        await tg.start(async (status: TaskStatus) => {
          try {
            await sleepForever();
          } catch (error) {
            assertCancelled(error);
            log.add('starting task cancelled');
            throw error;
          }
          status.started();
        });
      } catch (error) {
        assertCancelled(error, 'start rejects with the Cancelled');
        log.add('start rejected');
        throw error;
      }
    });
    assert.equal(caller.cancelledCaught, true);
    await checkpoint();
    return 'group not cancelled';
  });
  assert.equal(value, 'group not cancelled');
  assert.deepEqual(log.events, ['starting task cancelled', 'start rejected']);
});

test("before started() the task runs in the caller's scopes, after it in the group's", async () => {
  const seen: number[] = [];
  const callerDeadline = currentTime() + LONG;
  await createTaskGroup(async (tg) => {
    await moveOnAt(callerDeadline, async () => {
      await tg.start(async (status: TaskStatus) => {
        seen.push(effectiveDeadline());
        status.started();
        seen.push(effectiveDeadline());
      });
    });
  });
  assert.deepEqual(seen, [callerDeadline, Infinity]);
});

test('after started(), cancelling the caller no longer reaches the task', async () => {
  const log = new Log();
  await createTaskGroup(async (tg) => {
    await new CancelScope().run(async (caller) => {
      await tg.start(async (status: TaskStatus) => {
        status.started();
        await sleep(5);
        log.add('task outlived its caller');
      });
      caller.cancel();
      await checkpoint();
    });
  });
  assert.deepEqual(log.events, ['task outlived its caller']);
});

test("after started(), the task's errors fail the group", T, async () => {
  const boom = new Boom('after started');
  const log = new Log();
  const error = await rejection(createTaskGroup(async (tg) => {
    await tg.start(async (status: TaskStatus) => {
      status.started();
      await sleep(1);
      throw boom;
    });
    try {
      await sleepForever();
    } catch (e) {
      log.add('body cancelled');
      throw e;
    }
  }));
  assert.ok(error instanceof ExceptionGroup);
  assert.deepEqual(error.exceptions, [boom]);
  assert.deepEqual(log.events, ['body cancelled']);
});

test('the group stays open until a pending start has ended', async () => {
  const log = new Log();
  await createTaskGroup(async (tg) => {
    tg.startSoon(async () => {
      await tg.start(async (status: TaskStatus) => {
        await sleep(3);
        status.started();
        await sleep(3);
        log.add('started task ended');
      });
      log.add('start resolved');
    });
  });
  log.add('group settled');
  assert.deepEqual(log.events, ['start resolved', 'started task ended', 'group settled']);
});

test('TASK_STATUS_IGNORED.started does nothing, so a task can run under startSoon too', async () => {
  const log = new Log();
  async function server(port: number, status: TaskStatus<number> = TASK_STATUS_IGNORED): Promise<void> {
    status.started(port);
    log.add(`served ${port}`);
  }
  await createTaskGroup(async (tg) => {
    tg.startSoon(server, 1);
    log.add(`started ${await tg.start(server, 2)}`);
  });
  assert.deepEqual(new Set(log.events), new Set(['served 1', 'served 2', 'started 2']));
  TASK_STATUS_IGNORED.started();
  TASK_STATUS_IGNORED.started(); // no "called twice" error: it does nothing
});

// `tg.start(fn)` not awaited: the starter (a scope, a task) can end before `fn` calls started().
// The starting task then moves into the group, as trio keeps it under the nursery.
for (const starter of ['scope', 'task'] as const) {
  test(`a task inside start() whose starting ${starter} ended first is still cancelled with the group`, T, async () => {
    let rejected: unknown;
    let parentAfterStarter: number | null | undefined;
    const starting = async (_status: TaskStatus): Promise<void> => {
      await sleepForever(); // never calls started()
    };
    const startUnawaited = (tg: TaskGroup): void => {
      tg.start(starting).catch((error: unknown) => (rejected = error));
    };
    await createTaskGroup(async (tg) => {
      if (starter === 'scope') await new CancelScope().run(() => startUnawaited(tg));
      else {
        tg.startSoon(async function starterTask() { startUnawaited(tg); });
        await sleep(2); // the starter task has ended
      }
      await sleep(2);
      parentAfterStarter = taskTreeSnapshot().tasks.find((task) => task.name === 'starting')?.parentId;
      assert.equal(parentAfterStarter, tg.cancelScope.id, 'the starting task now hangs under its group');
      tg.cancelScope.cancel();
    });
    assertCancelled(rejected);
  });
}
