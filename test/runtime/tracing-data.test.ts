// The costlier tracing data (spec: Tracing) as cheap tracing collects it: spawn sites captured
// once per function and checked by sampling, the bounded history kept in a ring, and start and
// end times that share clock readings. See runtime/README.md, "Tracing on costs".
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { createTaskGroup, devtools, sleep, sleepForever, taskTreeSnapshot, type TaskGroup, type TaskStatus } from '../../runtime/src/index.ts';

before(() => devtools.setTracing(true));
after(() => devtools.setTracing(false));

/** `file:line` of the line that calls `here()`: put it on the line of a spawn. */
function here(): string {
  const frame = new Error().stack!.split('\n')[2]!;
  return frame.match(/([^\s(]+):\d+\)?$/)![1]!.replace(/^file:\/\//, '');
}

/** `file:line` of a spawn site (`file:line:column`). */
function lineOf(site: string | undefined): string {
  assert.ok(site, 'expected a spawn site');
  return site.replace(/:\d+$/, '');
}

function finished(prefix: string) {
  return taskTreeSnapshot().history.tasks.filter((t) => t.name.startsWith(prefix));
}

async function quick(): Promise<void> {
  await null;
}

describe('spawn sites with tracing on', () => {
  test('a function spawned in a loop: every task shows the loop', async () => {
    let site = '';
    await createTaskGroup((tg) => {
      for (let i = 0; i < 50; i++) site = spawnAt(tg, `loop ${i}`, quick);
    });
    const tasks = finished('loop ');
    assert.equal(tasks.length, 50);
    for (const task of tasks) assert.equal(lineOf(task.spawnSite), site);
  });

  test('closures made per spawn on two lines: each shows its own line', async () => {
    const lines: string[] = [];
    await createTaskGroup((tg) => {
      for (let i = 0; i < 20; i++) {
        tg.startSoon({ name: `closure ${i}` }, async () => { await null; }); if (i === 0) lines[0] = here();
        tg.startSoon({ name: `closure ${i}b` }, async () => { await null; }); if (i === 0) lines[1] = here();
      }
    });
    const tasks = finished('closure ');
    assert.equal(tasks.length, 40);
    for (const task of tasks) assert.equal(lineOf(task.spawnSite), task.name.endsWith('b') ? lines[1] : lines[0], task.name);
  });

  test('one function into two groups from two places: each task shows its own place', async () => {
    const lines: string[] = [];
    await createTaskGroup(async (outer) => {
      await createTaskGroup((inner) => {
        for (let i = 0; i < 30; i++) {
          lines[0] = spawnAt(outer, `two groups outer ${i}`, quick);
          lines[1] = spawnAt2(inner, `two groups inner ${i}`, quick);
        }
      });
    });
    for (const task of finished('two groups ')) assert.equal(lineOf(task.spawnSite), task.name.includes('outer') ? lines[0] : lines[1], task.name);
  });

  test('one function by start and by startSoon: each task shows its own call', async () => {
    let startLine = '';
    let soonLine = '';
    async function service(status?: TaskStatus): Promise<void> {
      await null;
      status?.started();
    }
    // Enough spawns by startSoon first that, without telling the methods apart, the next check
    // would come only at the 128th spawn.
    await createTaskGroup(async (tg) => {
      for (let i = 0; i < 70; i++) {
        tg.startSoon({ name: `by startSoon ${i}` }, service); soonLine = here();
      }
      for (let i = 0; i < 10; i++) {
        await tg.start({ name: `by start ${i}` }, service); startLine = here();
      }
    });
    for (const task of finished('by start')) assert.equal(lineOf(task.spawnSite), task.name.startsWith('by startSoon') ? soonLine : startLine, task.name);
  });

  test('one function into one group from a second place: found by a check, exact from then on', async () => {
    const shown: string[] = [];
    let first = '';
    let second = '';
    async function moving(): Promise<void> {
      await null;
    }
    await createTaskGroup((tg) => {
      for (let i = 0; i < 100; i++) first = spawnAt(tg, `moved a${i}`, moving);
      for (let i = 0; i < 100; i++) second = spawnAt2(tg, `moved b${i}`, moving);
    });
    const tasks = finished('moved ');
    assert.equal(tasks.length, 200);
    for (const task of tasks) shown.push(`${task.name.slice(6, 7)} ${lineOf(task.spawnSite) === first ? 'first' : lineOf(task.spawnSite) === second ? 'second' : task.spawnSite}`);
    // The first place's spawns are all right; the second place's show the first place until the
    // check at the 128th spawn, then their own place for good.
    assert.deepEqual(shown.slice(0, 100), Array(100).fill('a first'));
    const wrong = shown.slice(100).filter((s) => s === 'b first').length;
    assert.equal(wrong, 27, 'the 101st–127th spawns, before the check at the 128th');
    assert.deepEqual(shown.slice(100 + wrong), Array(100 - wrong).fill('b second'));
  });

  test('tasks still running show their site in the live tree', async () => {
    let site = '';
    await createTaskGroup(async (tg) => {
      site = spawnAt(tg, 'parked', sleepForever);
      await sleep(1);
      const task = taskTreeSnapshot().tasks.find((t) => t.name === 'parked');
      assert.equal(lineOf(task?.spawnSite), site);
      tg.cancelScope.cancel();
    });
  });
});

// Two spawn places for the tests above, each returning its own `file:line`.
function spawnAt(tg: TaskGroup, name: string, fn: () => Promise<void>): string {
  tg.startSoon({ name }, fn); return here();
}
function spawnAt2(tg: TaskGroup, name: string, fn: () => Promise<void>): string {
  tg.startSoon({ name }, fn); return here();
}

describe('the history of finished tasks', () => {
  test('keeps the last 1,000, oldest first', async () => {
    await createTaskGroup((tg) => {
      for (let i = 0; i < 1_200; i++) tg.startSoon({ name: `ring ${i}` }, quick);
    });
    const names = taskTreeSnapshot().history.tasks.map((t) => t.name);
    assert.equal(names.length, 1_000);
    assert.deepEqual(names, Array.from({ length: 1_000 }, (_, i) => `ring ${i + 200}`));
  });

  test('records each task\'s group, state and error as it ended', async () => {
    let groupId = -1;
    await createTaskGroup(async (tg) => {
      groupId = taskTreeSnapshot().scopes.find((s) => s.kind === 'task group')!.id;
      tg.startSoon({ name: 'record done' }, quick);
      tg.startSoon({ name: 'record cancelled' }, sleepForever);
      tg.startSoon({ name: 'record failed' }, async () => {
        await sleep(1);
        throw new Error('boom');
      });
    }).catch(() => {});
    const byName = new Map(finished('record ').map((t) => [t.name, t]));
    assert.deepEqual([...byName.keys()].sort(), ['record cancelled', 'record done', 'record failed']);
    for (const task of byName.values()) assert.equal(task.parentId, groupId, task.name);
    assert.equal(byName.get('record done')!.state, 'done');
    assert.equal(byName.get('record cancelled')!.state, 'cancelled');
    assert.equal(byName.get('record failed')!.state, 'failed');
    assert.equal(byName.get('record failed')!.error, 'Error: boom');
    assert.equal(byName.get('record done')!.error, undefined);
  });
});

describe('start and end times', () => {
  function busy(ms: number): void {
    const until = performance.now() + ms;
    while (performance.now() < until);
  }

  test('tasks started in one synchronous run share their start; each end follows its own wait', async () => {
    await createTaskGroup((tg) => {
      tg.startSoon({ name: 'times short' }, quick);
      tg.startSoon({ name: 'times long' }, () => sleep(30));
    });
    const [short, long] = ['times short', 'times long'].map((name) => finished(name)[0]!);
    assert.equal(short!.startedAt, long!.startedAt);
    assert.ok(short!.endedAt >= short!.startedAt);
    assert.ok(long!.endedAt - long!.startedAt >= 29, `the 30 ms sleeper lasted ${long!.endedAt - long!.startedAt} ms`);
  });

  test('a task ending after synchronous work in the same microtask wave gets a new reading', async () => {
    // "wave quick" ends first and takes a reading; "wave busy" ends in a job queued after that
    // reading, 40 ms of work later: sharing the reading would make it end 40 ms early.
    await createTaskGroup((tg) => {
      tg.startSoon({ name: 'wave quick' }, quick);
      tg.startSoon({ name: 'wave busy' }, async () => {
        await null;
        await null;
        busy(40);
      });
    });
    const [quickTask, busyTask] = ['wave quick', 'wave busy'].map((name) => finished(name)[0]!);
    assert.ok(busyTask!.endedAt - quickTask!.endedAt >= 39, `busy ended ${busyTask!.endedAt - quickTask!.endedAt} ms after quick`);
  });

  test('a task that starts in the next batch, after synchronous work, starts later', async () => {
    await createTaskGroup(async (tg) => {
      tg.startSoon({ name: 'batch one' }, quick);
      await sleep(0);
      busy(20);
      tg.startSoon({ name: 'batch two' }, quick);
    });
    const [one, two] = ['batch one', 'batch two'].map((name) => finished(name)[0]!);
    assert.ok(two!.startedAt - one!.startedAt >= 19, `the second batch started ${two!.startedAt - one!.startedAt} ms after the first`);
  });
});
