import assert from 'node:assert/strict';
import { test } from 'node:test';

import { buildModel, modelToText, nodeToText, parseSpawnSite, walk, type TaskTreeNode } from '../../client/src/taskTree/model.ts';
import { emptyObservations, observe } from '../../client/src/taskTree/warnings.ts';
import { inGroup, sleep, taskTreeSnapshot, workerPoolSnapshots } from './fixtures.ts';

function find(nodes: TaskTreeNode[], label: string | RegExp): TaskTreeNode {
  const node = [...walk(nodes)].find((n) => (typeof label === 'string' ? n.label === label : label.test(n.label)));
  assert.ok(node, `a node labelled ${label}`);
  return node;
}

test('the tree: groups, tasks with their states, identical siblings collapsed, queues', async () => {
  const [snapshot] = await workerPoolSnapshots();
  const model = buildModel(snapshot);
  const group = model.roots.find((node) => node.kind === 'task group');
  assert.ok(group);
  assert.equal(group.cancellable, true);
  const workers = find(model.roots, 'worker ×16');
  assert.equal(workers.count, 16);
  assert.equal(workers.entityIds.length, 16);
  assert.equal(workers.state, 'waiting');
  assert.match(workers.description, /waiting on Queue#\d+\.get/);
  assert.equal(find(model.roots, 'starter').state, 'waiting-for-started');
  assert.match(find(model.roots, 'producer').description, /waiting on Queue#\d+\.put/);
  assert.equal(model.roots.filter((node) => node.kind === 'queue').length, 2);
  assert.equal(model.summary, '19 tasks in 1 task group and 0 scopes');
  assert.equal(model.paused, false);
});

test('ids stay the same across refreshes (expansion and selection survive), and are unique', async () => {
  const [first, second] = await workerPoolSnapshots();
  const ids = (model: ReturnType<typeof buildModel>) => [...walk(model.roots)].map((node) => node.id);
  assert.deepEqual(ids(buildModel(first)), ids(buildModel(second)));
  assert.equal(new Set(ids(buildModel(first))).size, ids(buildModel(first)).length);
});

test('spawn sites point at the code that started the task', async () => {
  const [snapshot] = await workerPoolSnapshots();
  const site = find(buildModel(snapshot).roots, 'producer').spawnSite;
  assert.ok(site);
  assert.match(site.file, /test[/\\]taskTree[/\\]fixtures\.ts$/);
  assert.ok(site.line > 1 && site.column > 1);
  assert.deepEqual(parseSpawnSite('C:\\src\\a.ts:10:4'), { file: 'C:\\src\\a.ts', line: 10, column: 4 });
  assert.deepEqual(parseSpawnSite('file:///src/a.ts:3:9'), { file: 'file:///src/a.ts', line: 3, column: 9 });
  assert.equal(parseSpawnSite('native'), undefined);
});

test('scopes: deadline countdown, shield and cancelled marks; the paused marker in the summary', async () => {
  const { CancelScope, shield } = await import('../../runtime/src/index.ts');
  const snapshot = await inGroup(async (tg) => {
    tg.startSoon({ name: 'under deadline' }, async () => {
      await new CancelScope({ name: 'budget', deadline: performance.now() + 5_000 }).run(() => shield(() => sleep(60)));
    });
    const cancelled = new CancelScope({ name: 'gone' });
    tg.startSoon({ name: 'in cancelled' }, () => cancelled.run(() => sleep(10_000)));
    await sleep(10);
    cancelled.cancel('enough');
    return taskTreeSnapshot();
  });
  const model = buildModel(snapshot, { paused: true });
  const budget = find(model.roots, 'scope "budget"');
  assert.match(budget.description, /deadline in \d\.\d s/);
  const shielded = [...walk(model.roots)].find((node) => node.shield);
  assert.ok(shielded, 'a shielded scope');
  assert.equal(shielded.icon, 'shield');
  assert.match(shielded.description, /shielded/);
  assert.match(model.summary, /^Paused · /);
  assert.ok(modelToText(model).startsWith('Paused · '));
  assert.match(buildModel(snapshot, { pausing: true }).summary, /^Pausing… · \d+ tasks/, 'asked to pause, not stopped yet');
  assert.match(buildModel(snapshot, { paused: true, pausing: true }).summary, /^Paused · \d+ tasks/);
  assert.match(buildModel(snapshot).summary, /^\d+ tasks/);
  const gone = find(model.roots, 'scope "gone"');
  assert.equal(gone.cancellable, false);
  assert.equal(gone.icon, 'circle-slash');
  assert.match(gone.description, /cancelled \d+ ms ago/);
  assert.match(gone.tooltip, /Cancelled: enough/);
  assert.match(nodeToText(budget), /scope "budget"[^\n]*\n {2}/);
});

test('bad parent links (a cycle, a missing parent) neither lose nodes nor recurse forever', async () => {
  const [snapshot] = await workerPoolSnapshots();
  const broken = structuredClone(snapshot);
  broken.tasks[0]!.parentId = broken.tasks[1]!.id;
  broken.tasks[1]!.parentId = broken.tasks[0]!.id;
  broken.tasks[2]!.parentId = 999_999;
  const model = buildModel(broken);
  const shown = new Set([...walk(model.roots)].flatMap((node) => node.entityIds));
  for (const task of broken.tasks) assert.ok(shown.has(task.id), `task #${task.id} is shown`);
});

test('a warning shows on its task, breaks its collapse, and leads the summary', async () => {
  const [first, second] = await workerPoolSnapshots();
  const observations = observe(observe(emptyObservations(), first), second);
  const model = buildModel(second, { observations, thresholds: { stuckCancellingMs: 0, slowStartMs: 1, lateTimerMs: 100, lateTimerRecentMs: 1_000, fullQueueMs: 1, fullQueueUnknownReaderMs: 1 } });
  const starter = find(model.roots, 'starter');
  assert.equal(starter.warnings[0]?.kind, 'slow-start');
  assert.equal(starter.icon, 'warning');
  assert.match(starter.description, /^⚠/);
  assert.match(model.summary, /⚠ \d+ warnings?: /);
});

test('a task suspended at an await that is not Corral\'s shows as awaiting, apart from running and waiting', async () => {
  const snapshot = await inGroup(async (tg) => {
    tg.startSoon({ name: 'fetcher' }, () => new Promise<void>((resolve) => setTimeout(resolve, 40)));
    tg.startSoon({ name: 'sleeper' }, () => sleep(40));
    await sleep(10);
    return taskTreeSnapshot();
  });
  const model = buildModel(snapshot);
  const fetcher = find(model.roots, 'fetcher');
  assert.equal(fetcher.state, 'awaiting');
  assert.match(fetcher.description, /^#\d+  awaiting a non-Corral promise/);
  assert.equal(fetcher.icon, 'globe');
  assert.equal(find(model.roots, 'sleeper').state, 'sleeping');
  const cancelling = structuredClone(snapshot);
  const task = cancelling.tasks.find((t) => t.name === 'fetcher')!;
  Object.assign(task, { state: 'cancelling', cancelledAt: cancelling.now - 2_000 });
  assert.match(find(buildModel(cancelling).roots, 'fetcher').description, /#\d+  cancelling for 2\.0 s \(awaiting a non-Corral promise\)/);
});
