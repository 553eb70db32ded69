// The task tree as the runtime reports it (spec: Tracing): the snapshot's contents for trees
// built here, the text rendering, the process-wide hook shared by two copies of the runtime,
// and the costlier data switched on by the environment (spawn sites, history, trace file).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';

import {
  CancelScope,
  createTaskGroup,
  Event,
  formatTaskTree,
  Lock,
  moveOnAfter,
  Queue,
  shield,
  sleep,
  sleepForever,
  taskTreeSnapshot,
  type TaskStatus,
  type TaskTreeSnapshot,
} from '../../runtime/src/index.ts';
import { turns } from './helpers.ts';

const HOOK = Symbol.for('corral.devtools');
type Hook = { snapshot(): string; format(): string; cancel(id: number): boolean; sources: unknown[] };
const hook = (): Hook => (globalThis as Record<symbol, unknown>)[HOOK] as Hook;

function taskNamed(snapshot: TaskTreeSnapshot, name: string) {
  const task = snapshot.tasks.find((t) => t.name === name);
  assert.ok(task, `no task "${name}" in ${JSON.stringify(snapshot.tasks.map((t) => t.name))}`);
  return task;
}

describe('the snapshot', () => {
  test('is one JSON string from the global hook, with every task and scope of a live tree', async () => {
    const queue = Queue.withMaxsize<number>(1);
    const event = new Event();
    const lock = new Lock();
    await moveOnAfter(60_000, async (outer) => {
      await createTaskGroup(async (tg) => {
        tg.startSoon(async function getter() { await queue.get(); });
        tg.startSoon(async function sleeper() { await sleep(50_000); });
        tg.startSoon(async function eventWaiter() { await event.wait(); });
        tg.startSoon(async function holder() { await lock.acquire(); await sleepForever(); });
        tg.startSoon(async function contender() { await sleep(1); await lock.acquire(); });
        tg.startSoon(async function shielded() { await shield(() => sleep(100)); });
        await sleep(20);
        const raw = hook().snapshot();
        assert.equal(typeof raw, 'string');
        const snapshot = JSON.parse(raw) as TaskTreeSnapshot;
        assert.equal(snapshot.version, 1);
        assert.equal(snapshot.pid, process.pid);

        const group = snapshot.scopes.find((s) => s.kind === 'task group' && s.parentId === outer.id);
        assert.ok(group, 'the task group is a child of the moveOnAfter scope');
        const scope = snapshot.scopes.find((s) => s.id === outer.id)!;
        assert.equal(scope.name, 'moveOnAfter');
        assert.ok(scope.deadline !== null && scope.remaining !== null && scope.remaining > 50_000);
        assert.equal(scope.shield, false);
        assert.equal(scope.cancelCalled, false);

        for (const name of ['getter', 'sleeper', 'eventWaiter', 'holder', 'contender', 'shielded']) {
          assert.equal(taskNamed(snapshot, name).parentId, group.id, `${name} runs in the group`);
        }
        const getter = taskNamed(snapshot, 'getter');
        assert.deepEqual([getter.state, getter.waitingOn, getter.waitingOnId], ['waiting', `Queue#${queue.id}.get`, queue.id]);
        const sleeper = taskNamed(snapshot, 'sleeper');
        assert.equal(sleeper.state, 'sleeping');
        assert.ok(sleeper.sleepUntil! > snapshot.now + 40_000);
        assert.equal(taskNamed(snapshot, 'eventWaiter').waitingOn, `Event#${event.id}.wait`);
        assert.equal(taskNamed(snapshot, 'contender').waitingOn, `Lock#${lock.id}.acquire`);
        assert.equal(taskNamed(snapshot, 'holder').waitingOn, 'sleepForever');
        const shieldScope = snapshot.scopes.find((s) => s.shield);
        assert.ok(shieldScope, 'the shield scope is in the tree');
        assert.equal(shieldScope.parentId, taskNamed(snapshot, 'shielded').id, 'a scope opened in a task hangs under the task');
        assert.deepEqual(snapshot.queues, [{ id: queue.id, size: 0, maxsize: 1, waitingPutters: 0, waitingGetters: 1 }]);

        tg.cancelScope.cancel('test over');
      });
    });
    const after = taskTreeSnapshot();
    assert.deepEqual([after.tasks.length, after.scopes.length], [0, 0], 'nothing is left once the group ended');
  });

  test('shows a cancelled scope with its reason, and tasks still running after it as cancelling', async () => {
    await createTaskGroup(async (tg) => {
      tg.startSoon(async function slowCleanup() {
        try {
          await sleepForever();
        } finally {
          await shield(() => sleep(30));
        }
      });
      await sleep(5);
      tg.cancelScope.cancel('shutting down');
      await turns(2);
      const snapshot = taskTreeSnapshot();
      const group = snapshot.scopes.find((s) => s.id === tg.cancelScope.id)!;
      assert.equal(group.cancelCalled, true);
      assert.equal(group.cancelled, true);
      assert.equal(group.cancelReason, 'shutting down');
      assert.equal(group.cancelOriginId, group.id);
      const task = taskNamed(snapshot, 'slowCleanup');
      assert.equal(task.state, 'cancelling');
      assert.equal(task.waitingOn, undefined, 'a shielded sleep shows as the cancelling task sleeping in cleanup');
      assert.ok(task.cancelledAt !== undefined && task.cancelledAt <= snapshot.now);
    });
  });

  test('reparents a task started with tg.start once it calls started()', async () => {
    await createTaskGroup(async (tg) => {
      let release!: () => void;
      const ready = new Promise<void>((resolve) => (release = resolve));
      let starterId = -1;
      tg.startSoon(async function starter() {
        await tg.start(async function service(status: TaskStatus) {
          await sleep(5);
          const before = taskTreeSnapshot();
          starterId = taskNamed(before, 'starter').id;
          assert.equal(taskNamed(before, 'service').parentId, starterId, 'before started(), it runs inside its starter');
          assert.equal(taskNamed(before, 'starter').state, 'waiting-for-started');
          status.started();
          const after = taskTreeSnapshot();
          assert.equal(taskNamed(after, 'service').parentId, tg.cancelScope.id, 'after started(), it belongs to the group');
          release();
          await sleepForever();
        });
      });
      await ready;
      tg.cancelScope.cancel();
    });
  });

  test('cancel(id) on the hook cancels that scope or task group, and only scopes', async () => {
    const scope = new CancelScope({ name: 'target' });
    let reached = false;
    await scope.run(async () => {
      await createTaskGroup(async (tg) => {
        tg.startSoon(async () => {
          await sleep(5);
          const snapshot = taskTreeSnapshot();
          const task = snapshot.tasks[0]!;
          assert.equal(hook().cancel(task.id), false, 'a task id is not a scope');
          assert.equal(hook().cancel(-1), false);
          assert.equal(hook().cancel(scope.id), true);
          await sleepForever();
          reached = true;
        });
      });
    });
    assert.equal(reached, false);
    assert.equal(scope.cancelledCaught, true);
  });
});

describe('formatTaskTree', () => {
  test('renders the tree as text, collapsing identical siblings', async () => {
    const queue = Queue.withMaxsize<number>(4);
    await createTaskGroup(async (tg) => {
      for (let i = 0; i < 16; i++) tg.startSoon(async function worker() { await queue.get(); });
      tg.startSoon(async function ticker() { await sleep(60_000); });
      await sleep(10);
      const text = formatTaskTree();
      assert.match(text, new RegExp(`task group #${tg.cancelScope.id}`));
      assert.match(text, new RegExp(`task "worker" ×16 waiting on Queue#${queue.id}\\.get`));
      assert.match(text, /task "ticker" #\d+ sleeping, \d+(\.\d)? s left/);
      assert.match(text, new RegExp(`Queue#${queue.id}: 0/4 buffered, 16 getter\\(s\\) and 0 putter\\(s\\) waiting`));
      assert.equal(hook().format(), formatTaskTree(), 'the hook renders the same text');
      tg.cancelScope.cancel();
    });
  });

  test('says when nothing is running', () => {
    assert.equal(formatTaskTree(), '(no live task groups, scopes or tasks)');
  });
});

describe('switching tracing at run time', () => {
  test('setTracing(true) on the hook adds spawn sites from then on, setTracing(false) stops them', async () => {
    const devtools = hook() as Hook & { setTracing(on: boolean): void; tracing: boolean };
    assert.equal(devtools.tracing, false);
    devtools.setTracing(true);
    try {
      assert.equal(devtools.tracing, true);
      await createTaskGroup(async (tg) => {
        tg.startSoon(async function traced() { await sleepForever(); });
        await sleep(5);
        const site = taskNamed(taskTreeSnapshot(), 'traced').spawnSite;
        assert.match(site ?? '', /tracing\.test\.ts:\d+:\d+$/, 'the spawn site is the startSoon call in this file');
        tg.cancelScope.cancel();
      });
    } finally {
      devtools.setTracing(false);
    }
    await createTaskGroup(async (tg) => {
      tg.startSoon(async function untraced() { await sleepForever(); });
      await sleep(5);
      assert.equal(taskNamed(taskTreeSnapshot(), 'untraced').spawnSite, undefined);
      tg.cancelScope.cancel();
    });
  });
});

describe('diagnostics_channel', () => {
  test('publishes spawn, end and cancel events to subscribers', async () => {
    const seen: string[] = [];
    const onSpawn = (message: unknown): void => { seen.push(`spawn ${(message as { name: string }).name}`); };
    const onEnd = (message: unknown): void => { seen.push(`end ${(message as { name: string; state: string }).name} ${(message as { state: string }).state}`); };
    const onCancel = (message: unknown): void => { seen.push(`cancel ${(message as { name: string }).name}`); };
    subscribe('corral:task:spawn', onSpawn);
    subscribe('corral:task:end', onEnd);
    subscribe('corral:scope:cancel', onCancel);
    try {
      await moveOnAfter(5, () => createTaskGroup(async (tg) => { tg.startSoon(async function waits() { await sleepForever(); }); }));
    } finally {
      unsubscribe('corral:task:spawn', onSpawn);
      unsubscribe('corral:task:end', onEnd);
      unsubscribe('corral:scope:cancel', onCancel);
    }
    assert.deepEqual(seen, ['spawn waits', 'cancel moveOnAfter', 'end waits cancelled']);
  });
});

// The environment switches are read when the runtime loads: these run a child process.
const root = join(import.meta.dirname, '..', '..');
function runChild(source: string, env: Record<string, string>, extraArgs: string[] = []): { stdout: string; stderr: string; status: number | null } {
  const result = spawnSync(process.execPath, [...extraArgs, '--input-type=module', '-e', source], { cwd: root, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 30_000 });
  return { stdout: result.stdout, stderr: result.stderr, status: result.status };
}

describe('costlier data, switched on by the environment', () => {
  const program = `
    import { createTaskGroup, sleep, sleepForever, taskTreeSnapshot, moveOnAfter } from 'corral';
    await createTaskGroup(async (tg) => {
      tg.startSoon(async function quick() { await sleep(1); });
      tg.startSoon(async function failing() { await sleep(1); throw new Error('boom'); });
    }).catch(() => {});
    await moveOnAfter(20, () => createTaskGroup(async (tg) => {
      tg.startSoon(async function parked() { await sleepForever(); });
      await sleep(5);
      console.log(JSON.stringify(taskTreeSnapshot()));
    }));
  `;

  test('off by default: no spawn sites, no history', () => {
    const { stdout, status, stderr } = runChild(program, { CORRAL_TRACE: '' });
    assert.equal(status, 0, stderr);
    const snapshot = JSON.parse(stdout) as TaskTreeSnapshot;
    assert.equal(snapshot.tracing, false);
    assert.equal(taskNamed(snapshot, 'parked').spawnSite, undefined);
    assert.deepEqual(snapshot.history, { tasks: [], scopes: [] });
  });

  test('CORRAL_TRACE=1 adds spawn sites and the history of finished tasks', () => {
    const { stdout, status, stderr } = runChild(program, { CORRAL_TRACE: '1' });
    assert.equal(status, 0, stderr);
    const snapshot = JSON.parse(stdout) as TaskTreeSnapshot;
    assert.equal(snapshot.tracing, true);
    assert.match(taskNamed(snapshot, 'parked').spawnSite ?? '', /\[eval1\]:\d+:\d+|:\d+:\d+$/);
    const finished = snapshot.history.tasks.map((t) => `${t.name} ${t.state}`).sort();
    assert.deepEqual(finished, ['failing failed', 'quick done']);
    assert.equal(snapshot.history.tasks.find((t) => t.name === 'failing')!.error, 'Error: boom');
  });

  test('CORRAL_TRACE_FILE writes a Chrome trace at exit', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'corral-trace-')), 'trace.json');
    const { status, stderr } = runChild(program, { CORRAL_TRACE_FILE: file });
    assert.equal(status, 0, stderr);
    const trace = JSON.parse(readFileSync(file, 'utf8')) as { traceEvents: { name: string; ph: string; ts: number; dur?: number; tid: number }[] };
    const slices = trace.traceEvents.filter((e) => e.ph === 'X');
    assert.deepEqual(slices.map((e) => e.name).sort(), ['failing', 'parked', 'quick']);
    for (const slice of slices) assert.ok(Number.isInteger(slice.ts) && Number.isInteger(slice.dur) && slice.dur! >= 0);
    assert.ok(trace.traceEvents.some((e) => e.ph === 'i' && e.name === 'cancel moveOnAfter'));
  });

  test('CORRAL_DUMP_SIGNAL prints the task tree to stderr on that signal', () => {
    const dump = `
      import { createTaskGroup, sleep } from 'corral';
      await createTaskGroup(async (tg) => {
        tg.startSoon(async function stuck() { await sleep(50); });
        await sleep(5);
        process.kill(process.pid, 'SIGUSR2');
      });
    `;
    const { stderr, status } = runChild(dump, { CORRAL_DUMP_SIGNAL: 'SIGUSR2' });
    assert.equal(status, 0, stderr);
    assert.match(stderr, /corral task tree \(pid \d+\):\n└─ task group #\d+\n   └─ task "stuck" #\d+ sleeping/);
  });
});

describe('the built package', () => {
  test('names what a task waits on by the primitive\'s own class name, and lists the queue', () => {
    const source = `
      import { createTaskGroup, Queue, sleep, taskTreeSnapshot } from 'corral';
      const queue = Queue.withMaxsize(1);
      await createTaskGroup(async (tg) => {
        tg.startSoon(async function filler() { await queue.put(1); await queue.put(2); });
        await sleep(5);
        const snapshot = taskTreeSnapshot();
        console.log(JSON.stringify({ waitingOn: snapshot.tasks[0].waitingOn, queues: snapshot.queues }));
        tg.cancelScope.cancel();
      });
    `;
    const { stdout, status, stderr } = runChild(source, {});
    assert.equal(status, 0, stderr);
    const seen = JSON.parse(stdout) as { waitingOn: string; queues: unknown[] };
    assert.match(seen.waitingOn, /^Queue#\d+\.put$/);
    assert.equal(seen.queues.length, 1);
  });
});

describe('two copies of the runtime in one process', () => {
  // Copies of one protocol share one runtime (one-runtime.test.ts); a copy from before that
  // handshake runs its own, and still feeds the one hook. The runtime build loaded a second time,
  // past the entry point, stands in for it.
  test('a copy that runs a runtime of its own feeds the same tree through the one hook', () => {
    const source = `
      import { createRequire } from 'node:module';
      import * as esm from 'corral';
      const require = createRequire(import.meta.url);
      const build = require.resolve('./runtime/dist/runtime.cjs');
      delete require.cache[build];
      const cjs = require(build);
      if (esm.createTaskGroup === cjs.createTaskGroup) throw new Error('expected two copies');
      const hook = globalThis[Symbol.for('corral.devtools')];
      // Each group is ended by its own copy's cancel: a deadline of one copy raising in the
      // other's group would be a stale Cancelled there (two runtimes do not see each other).
      await esm.createTaskGroup(async (tg) => {
        tg.startSoon(async function fromEsm() { await esm.sleepForever(); });
        await cjs.createTaskGroup(async (tg2) => {
          tg2.startSoon(async function fromCjs() { await cjs.sleepForever(); });
          // The CJS copy's sleep: the ESM copy's raises at once if a stall of the loaded machine
          // has passed the ESM deadline, and the CJS group, a root of its own copy's tree, would
          // then wait for fromCjs for ever.
          await cjs.sleep(5);
          const snapshot = JSON.parse(hook.snapshot());
          console.log(JSON.stringify({ sources: hook.sources.length, names: snapshot.tasks.map((t) => t.name).sort(), ids: snapshot.tasks.map((t) => t.id).concat(snapshot.scopes.map((s) => s.id)) }));
          tg2.cancelScope.cancel();
        });
        tg.cancelScope.cancel();
      });
    `;
    const { stdout, status, stderr } = runChild(source, {});
    assert.equal(status, 0, stderr);
    const seen = JSON.parse(stdout) as { sources: number; names: string[]; ids: number[] };
    assert.equal(seen.sources, 2);
    assert.deepEqual(seen.names, ['fromCjs', 'fromEsm']);
    assert.equal(new Set(seen.ids).size, seen.ids.length, 'ids are unique across the copies');
  });
});
