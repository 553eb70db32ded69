import assert from 'node:assert/strict';
import { test } from 'node:test';

import { computeWarnings, DEFAULT_THRESHOLDS, emptyObservations, observe, runningTime, type Observations } from '../../client/src/taskTree/warnings.ts';
import type { TaskTreeSnapshot } from '../../runtime/src/index.ts';
import { createTaskGroup, Event } from '../../runtime/src/index.ts';
import { inGroup, Queue, sleep, taskTreeSnapshot } from './fixtures.ts';

const quick = { ...DEFAULT_THRESHOLDS, stuckCancellingMs: 50, slowStartMs: 50, fullQueueMs: 50 };

/** Snapshots every 20 ms for `ms`, folding each into the observations, as the view does. */
async function watch(ms: number, from = emptyObservations()): Promise<{ snapshot: TaskTreeSnapshot; observations: Observations }> {
  let observations = from;
  let snapshot = taskTreeSnapshot();
  for (const end = performance.now() + ms; performance.now() < end;) {
    snapshot = taskTreeSnapshot();
    observations = observe(observations, snapshot);
    await sleep(20);
  }
  snapshot = taskTreeSnapshot();
  return { snapshot, observations: observe(observations, snapshot) };
}

test('stuck cancelling: a cancelled task that awaits a plain promise', async () => {
  let release!: () => void;
  const plain = new Promise<void>((resolve) => { release = resolve; });
  const warnings = await inGroup(async (tg) => {
    const { CancelScope } = await import('../../runtime/src/index.ts');
    const scope = new CancelScope({ name: 'stubborn' });
    tg.startSoon(() => scope.run(() => createTaskGroup((inner) => {
      inner.startSoon({ name: 'ignores cancellation' }, async () => { await plain; });
    })));
    await sleep(5);
    scope.cancel();
    await sleep(5);
    const early = computeWarnings(taskTreeSnapshot(), emptyObservations(), { ...quick, stuckCancellingMs: 60_000 });
    await sleep(80);
    const late = computeWarnings(taskTreeSnapshot(), emptyObservations(), quick);
    release();
    return { early, late };
  });
  assert.deepEqual(warnings.early, []);
  assert.equal(warnings.late.length, 1);
  assert.equal(warnings.late[0]!.kind, 'stuck-cancelling');
  assert.match(warnings.late[0]!.message, /"ignores cancellation" #\d+ is still running \d+ ms after its scope was cancelled: it awaits something that is not a Corral checkpoint/);
});

test('stuck cancelling does not count the time the debugger held the program paused', async () => {
  const snapshot = await inGroup(async (tg) => {
    const { CancelScope } = await import('../../runtime/src/index.ts');
    const scope = new CancelScope();
    let release!: () => void;
    tg.startSoon(() => scope.run(() => createTaskGroup((inner) => {
      inner.startSoon(() => new Promise<void>((resolve) => { release = resolve; }));
    })));
    await sleep(5);
    scope.cancel();
    await sleep(80);
    const taken = taskTreeSnapshot();
    release();
    return taken;
  });
  const cancelledAt = snapshot.tasks.find((task) => task.state === 'cancelling')!.cancelledAt!;
  const paused = { ...emptyObservations(), pauses: [{ from: cancelledAt + 1, to: snapshot.now }] };
  assert.deepEqual(computeWarnings(snapshot, paused, quick), []);
  assert.equal(computeWarnings(snapshot, emptyObservations(), quick).length, 1);
});

test('slow start: start() waiting for started() longer than the threshold', async () => {
  const result = await inGroup(async (tg) => {
    tg.startSoon({ name: 'starter' }, () => tg.start({ name: 'never ready' }, async () => { await sleep(10_000); }));
    return watch(300);
  });
  const warnings = computeWarnings(result.snapshot, result.observations, quick);
  assert.deepEqual(warnings.map((w) => w.kind), ['slow-start']);
  assert.match(warnings[0]!.message, /"starter" #\d+ has waited \d+ ms in start\(\) for its task to call started\(\)/);
  // A first sighting is not evidence of a long wait.
  assert.deepEqual(computeWarnings(result.snapshot, observe(emptyObservations(), result.snapshot), quick), []);
});

test('a full queue whose readers are gone warns; one whose reader is busy does not', async () => {
  const result = await inGroup(async (tg) => {
    const orphan = Queue.withMaxsize<number>(1);
    tg.startSoon({ name: 'reads once' }, async () => { await orphan.get(); });
    await sleep(5); // seen waiting on get: a reader, which then ends
    const seen = observe(emptyObservations(), taskTreeSnapshot());
    tg.startSoon({ name: 'stuck producer' }, async () => { for (let i = 0; ; i++) await orphan.put(i); });
    const busy = Queue.withMaxsize<number>(1);
    tg.startSoon({ name: 'fast producer' }, async () => { for (let i = 0; ; i++) await busy.put(i); });
    tg.startSoon({ name: 'slow reader' }, async () => { for await (const item of busy) { void item; await sleep(30); } });
    return watch(120, seen);
  });
  const warnings = computeWarnings(result.snapshot, result.observations, quick);
  assert.deepEqual(warnings.map((w) => w.kind), ['full-queue']);
  assert.match(warnings[0]!.message, /Queue#\d+ is full \(1\/1\) and its readers are gone: 1 putter\(s\) blocked for \d+ ms/);
  const stuck = result.snapshot.tasks.find((task) => task.name === 'stuck producer')!;
  assert.deepEqual(warnings[0]!.taskIds, [stuck.id]);
  // Without the queue listed (a runtime whose class names were minified), the putters still tell.
  const unlisted = computeWarnings({ ...result.snapshot, queues: [] }, result.observations, quick);
  assert.deepEqual(unlisted.map((w) => w.kind), ['full-queue']);
  assert.match(unlisted[0]!.message, /Queue#\d+ is full and its readers are gone/);
  // A queue none of whose readers was seen warns only after fullQueueUnknownReaderMs.
  const unseen = { ...result.observations, readers: new Map<number, Set<number>>() };
  const aboutStuck = (list: typeof warnings) => list.filter((w) => w.taskIds.includes(stuck.id));
  assert.deepEqual(aboutStuck(computeWarnings(result.snapshot, unseen, quick)), []);
  const late = aboutStuck(computeWarnings(result.snapshot, unseen, { ...quick, fullQueueUnknownReaderMs: 50 }));
  assert.equal(late.length, 1);
  assert.match(late[0]!.message, /nobody has read it while the view watched/);
});

test('a blocked event loop: a timer late by more than 100 ms, unless the debugger paused it', async () => {
  const snapshot = await inGroup(async (tg) => {
    const armed = new Event();
    tg.startSoon(() => { armed.set(); return sleep(5); });
    await armed.wait(); // the task has armed its timer
    const end = performance.now() + 160;
    while (performance.now() < end); // blocks the loop
    await sleep(20);
    return taskTreeSnapshot();
  });
  assert.ok(snapshot.lateTimer, 'the runtime recorded a late timer');
  const warnings = computeWarnings(snapshot, emptyObservations(), quick);
  assert.deepEqual(warnings.map((w) => w.kind), ['blocked-loop']);
  assert.match(warnings[0]!.message, /The event loop was blocked: a checkpoint ran \d+ ms late/);
  const { lateByMs, at } = snapshot.lateTimer;
  const pausedThen = { ...emptyObservations(), pauses: [{ from: at - lateByMs - 1, to: at }] };
  assert.deepEqual(computeWarnings(snapshot, pausedThen, quick), []);
  const longAgo = { ...snapshot, now: at + DEFAULT_THRESHOLDS.lateTimerRecentMs + 1 };
  assert.deepEqual(computeWarnings(longAgo, emptyObservations(), quick), []);
});

test('runningTime takes out every pause, an open one up to now', () => {
  assert.equal(runningTime(0, 100, []), 100);
  assert.equal(runningTime(0, 100, [{ from: 10, to: 30 }, { from: 90, to: null }]), 70);
  assert.equal(runningTime(50, 100, [{ from: 0, to: 60 }]), 40);
  assert.equal(runningTime(0, 100, [{ from: 0, to: 200 }]), 0);
});
