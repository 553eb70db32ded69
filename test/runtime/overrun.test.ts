// Code awaiting a promise that is not Corral's reaches no checkpoint: the task tree says so
// (`awaiting`), and a scope cancelled for CORRAL_OVERRUN_WARN_MS while such code runs under it
// gets one CorralWarning and a diagnostics_channel message. The warnings are read in child
// processes (the threshold is read when the runtime loads), from runtime/dist: build first.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, test } from 'node:test';

import { createTaskGroup, formatTaskTree, moveOnAfter, shield, sleep, taskTreeSnapshot, type TaskSnapshot } from '../../runtime/src/index.ts';

const root = join(import.meta.dirname, '..', '..');

/** A promise Corral knows nothing of, settling after `ms`. */
const foreign = (ms: number): Promise<string> => new Promise((resolve) => setTimeout(() => resolve('late'), ms));

describe('the task tree tells awaiting code from running and waiting code', () => {
  test('a task suspended at a foreign await is "awaiting"; the one taking the snapshot is "running"', async () => {
    let tasks: TaskSnapshot[] = [];
    let tree = '';
    await createTaskGroup(async (tg) => {
      tg.startSoon(async function fetcher() {
        await foreign(30);
      });
      tg.startSoon(async function looker() {
        await sleep(5);
        tasks = taskTreeSnapshot().tasks;
        tree = formatTaskTree();
      });
    });
    const byName = new Map(tasks.map((task) => [task.name, task]));
    assert.equal(byName.get('fetcher')?.state, 'awaiting');
    assert.equal(byName.get('fetcher')?.waitingOn, undefined);
    assert.equal(byName.get('looker')?.state, 'running');
    assert.match(tree, /task "fetcher" #\d+ awaiting a non-Corral promise/);
  });

  test('a task at the end of its own task group is waiting on that group', async () => {
    let nested: TaskSnapshot | undefined;
    let groupId: number | undefined;
    await createTaskGroup(async (tg) => {
      tg.startSoon(async function nester() {
        await createTaskGroup((inner) => {
          inner.startSoon(() => sleep(20));
        });
      });
      await sleep(5);
      const snapshot = taskTreeSnapshot();
      nested = snapshot.tasks.find((task) => task.name === 'nester');
      groupId = snapshot.scopes.find((scope) => scope.kind === 'task group' && scope.parentId === nested?.id)?.id;
    });
    assert.equal(nested?.state, 'waiting');
    assert.equal(nested?.waitingOn, `task group #${groupId}`);
    assert.equal(nested?.waitingOnId, groupId);
  });

  test('a cancelled task still at a foreign await reads "cancelling (awaiting a non-Corral promise)"', async () => {
    let tree = '';
    await createTaskGroup(async (tg) => {
      tg.startSoon(async function stubborn() {
        await foreign(30);
      });
      await moveOnAfter(1, () => sleep(1_000));
      tg.cancelScope.cancel();
      await shield(() => sleep(5));
      tree = formatTaskTree();
    });
    assert.match(tree, /task "stubborn" #\d+ cancelling for \d+ ms \(awaiting a non-Corral promise\)/);
  });
});

interface Seen {
  warnings: { name: string; code: string; message: string }[];
  channel: { scopeName: string; tasks: ({ name: string; spawnSite: string | null } | null)[] }[];
}

/** Runs `program` (an ES module importing `corral`) and returns the CorralWarnings and channel messages it saw. */
function run(program: string, env: Record<string, string>): Seen {
  const source = `
    import { subscribe } from 'node:diagnostics_channel';
    const seen = { warnings: [], channel: [] };
    process.on('warning', (w) => { if (w.name === 'CorralWarning') seen.warnings.push({ name: w.name, code: w.code, message: w.message }); });
    subscribe('corral:scope:overrun', (message) => seen.channel.push(message));
    process.on('exit', () => console.log(JSON.stringify(seen)));
    const foreign = (ms) => new Promise((resolve) => setTimeout(() => resolve('late'), ms));
    ${program}
  `;
  const result = spawnSync(process.execPath, ['--no-warnings', '--input-type=module', '-e', source], {
    cwd: root,
    env: { ...process.env, CORRAL_OVERRUN_WARN_MS: '40', ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
  assert.equal(result.status, 0, result.stderr);
  return JSON.parse(result.stdout) as Seen;
}

describe('a cancelled scope whose code reaches no checkpoint warns once', () => {
  test('the body of a failAfter awaiting a foreign promise', () => {
    const seen = run(`
      import { failAfter } from 'corral';
      const value = await failAfter(10, async () => await foreign(300));
      if (value !== 'late') throw new Error('the body returned late, with its value');
    `, {});
    assert.equal(seen.warnings.length, 1);
    const [warning] = seen.warnings;
    assert.equal(warning!.code, 'CORRAL_OVERRUN');
    assert.match(warning!.message, /^scope "failAfter" #\d+ was cancelled \d+ ms ago \(deadline [\d.]+ passed\), but the code in its body has not reached a checkpoint since/);
    assert.match(warning!.message, /`await cancellable\(promise\)`/);
    assert.match(warning!.message, /`signal: currentSignal\(\)`/);
    assert.deepEqual(seen.channel.map((message) => [message.scopeName, message.tasks]), [['failAfter', [null]]]);
  });

  test('tasks under a cancelled group: one warning for the scope, naming the first task and its spawn site', () => {
    const seen = run(`
      import { createTaskGroup, sleepForever } from 'corral';
      await createTaskGroup({ name: 'fetchers' }, async (tg) => {
        tg.startSoon(async function lookup() { await foreign(300); });
        tg.startSoon(async function other() { await foreign(300); });
        tg.startSoon(async function polite() { await sleepForever(); });
        await new Promise((resolve) => setTimeout(resolve, 5));
        tg.cancelScope.cancel('shutting down');
      });
    `, { CORRAL_TRACE: '1' });
    assert.equal(seen.warnings.length, 1);
    assert.match(seen.warnings[0]!.message, /^task group "fetchers" #\d+ was cancelled \d+ ms ago \(shutting down\), but task "lookup" #\d+ \(started at \S+\[eval1\]:\d+:\d+\) and 1 more task\(s\) has not reached a checkpoint/);
    assert.deepEqual(seen.channel[0]!.tasks.map((task) => task?.name), ['lookup', 'other']);
    assert.match(seen.channel[0]!.tasks[0]!.spawnSite ?? '', /:\d+:\d+$/);
  });

  test('no warning when the code reaches checkpoints, cleans up in a shield, ends in time, or the threshold is 0', () => {
    const quiet = `
      import { createTaskGroup, moveOnAfter, shield, sleep, sleepForever } from 'corral';
      await moveOnAfter(10, () => sleepForever());
      await moveOnAfter(10, async () => { try { await sleepForever(); } finally { await shield(() => foreign(150)); } });
      await moveOnAfter(10, () => foreign(20));
      await createTaskGroup(async (tg) => {
        tg.startSoon(async () => { while (true) await sleep(1); });
        await sleep(5);
        tg.cancelScope.cancel();
      });
    `;
    assert.deepEqual(run(quiet, {}), { warnings: [], channel: [] });
    const off = run(`
      import { failAfter } from 'corral';
      await failAfter(10, () => foreign(150));
    `, { CORRAL_OVERRUN_WARN_MS: '0' });
    assert.deepEqual(off, { warnings: [], channel: [] });
  });

  test('a CORRAL_OVERRUN_WARN_MS that is not a number of milliseconds is said, and the default used', () => {
    const seen = run(`import 'corral';`, { CORRAL_OVERRUN_WARN_MS: 'soon' });
    assert.equal(seen.warnings.length, 1);
    assert.equal(seen.warnings[0]!.code, 'CORRAL_ENV');
    assert.match(seen.warnings[0]!.message, /CORRAL_OVERRUN_WARN_MS must be a number of milliseconds ≥ 0.*got "soon"; using 1000/);
  });
});
