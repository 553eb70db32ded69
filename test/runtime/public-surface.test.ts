// Traps in the public surface, closed: a TaskGroup made by hand, a promise passed where a task
// function goes, started() after the task ended, and groups that all read "task group".
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { CancelScope, createTaskGroup, ExceptionGroup, isCancelled, sleep, sleepForever, TaskGroup, type TaskStatus } from '../../runtime/src/index.ts';

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
before(() => process.on('unhandledRejection', onUnhandled));
after(() => process.off('unhandledRejection', onUnhandled));

test('a TaskGroup cannot be made outside createTaskGroup', () => {
  const Constructor = TaskGroup as unknown as new () => TaskGroup;
  assert.throws(() => new Constructor(), (error: Error) => {
    assert.ok(error instanceof TypeError);
    assert.match(error.message, /a TaskGroup is made by createTaskGroup.*await createTaskGroup\(async \(tg\) =>/);
    return true;
  });
});

for (const method of ['startSoon', 'start'] as const) {
  test(`tg.${method}(promise) says a promise was passed, shows the arrow form, and the dropped promise cannot crash the process`, async () => {
    let dropped: Promise<unknown> | undefined;
    async function fetchUser(id: number): Promise<{ id: number }> {
      await sleep(5);
      throw new Error(`user ${id} not found`);
    }
    await assert.rejects(
      createTaskGroup(async (tg) => {
        dropped = fetchUser(1);
        (tg[method] as (value: unknown) => unknown)(dropped);
      }),
      (error: Error) => {
        assert.ok(error instanceof ExceptionGroup);
        const [inner] = error.exceptions as Error[];
        assert.ok(inner instanceof TypeError);
        assert.match(inner.message, new RegExp(`TaskGroup\\.${method}\\(\\) expects a function, got a promise`));
        assert.match(inner.message, new RegExp(`tg\\.${method}\\(\\(\\) => fetchUser\\(1\\)\\)`));
        return true;
      },
    );
    // It ran in the group's body, so the group's failure cancelled it: its Cancelled is handled.
    await assert.rejects(dropped!, (error) => isCancelled(error));
    await sleep(10);
    assert.deepEqual(unhandled, []);
  });
}

test('a promise after options is caught the same way', async () => {
  await createTaskGroup((tg) => {
    const promise = sleepForever();
    assert.throws(() => tg.startSoon({ name: 'x' }, promise as never), /expects a function, got a promise/);
  });
  await sleep(5);
  assert.deepEqual(unhandled, []);
});

test('a missing task function reads "got undefined"', async () => {
  await createTaskGroup((tg) => {
    assert.throws(() => tg.startSoon({ name: 'x' }, undefined as never), /expects a function, got undefined$/);
  });
});

test('started() after the task ended throws, and leaves the tree as it was', async () => {
  let status: TaskStatus | undefined;
  await createTaskGroup(async (tg) => {
    await assert.rejects(tg.start(async (taskStatus: TaskStatus) => {
      status = taskStatus;
    }), /ended without calling taskStatus\.started\(\)/);
    assert.throws(() => status!.started(), /called taskStatus\.started\(\) after it had ended \(done\)/);
  });
});

test('task groups get unique names in messages, or the name given', async () => {
  const messages: string[] = [];
  for (const options of [undefined, undefined, { name: 'fetchers' }]) {
    await new CancelScope().run(async () => {
      const body = async (tg: TaskGroup): Promise<void> => {
        tg.startSoon(async () => {
          try {
            await sleepForever();
          } catch (error) {
            messages.push((error as Error).message);
            throw error;
          }
        });
        await sleep(1);
        tg.cancelScope.cancel();
      };
      await (options ? createTaskGroup(options, body) : createTaskGroup(body));
    });
  }
  assert.match(messages[0]!, /^cancelled by task group #\d+$/);
  assert.match(messages[1]!, /^cancelled by task group #\d+$/);
  assert.notEqual(messages[0], messages[1]);
  assert.equal(messages[2], 'cancelled by task group "fetchers"');
  assert.throws(() => createTaskGroup({ name: 3 } as never, async () => {}), /createTaskGroup\(\{ name \}\) expects a string name, got number 3/);
});
