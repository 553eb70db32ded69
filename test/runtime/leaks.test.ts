// Nothing that keeps the process alive is left once a group or block has ended: no timers, no
// immediates, no listeners; far deadlines never overflow Node's timer range.
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';

import {
  CancelScope,
  cancellable,
  checkpoint,
  createTaskGroup,
  currentTime,
  failAfter,
  failAt,
  moveOnAfter,
  shield,
  sleep,
  sleepForever,
  type TaskStatus,
} from '../../runtime/src/index.ts';
import { liveTimers, turns, warningsDuring } from './helpers.ts';

const FAR = 2 ** 40; // ms: far beyond setTimeout's limit of 2^31-1
const LONG = 60_000;
const T = { timeout: 20_000 };

/** Runs `body`, then checks no timer or immediate is left beyond those alive before it. */
async function assertNoTimersLeft(body: () => Promise<unknown>): Promise<void> {
  await turns(2);
  const before = liveTimers();
  await body();
  assert.deepEqual(liveTimers(), before, 'timers or immediates were left armed after the block ended');
}

test('a group whose tasks slept, waited and were cancelled leaves no timer behind', T, async () => {
  await assertNoTimersLeft(() =>
    createTaskGroup(async (tg) => {
      for (let i = 0; i < 20; i++) tg.startSoon(() => sleep(LONG)); // cancelled below
      tg.startSoon(sleepForever);
      tg.startSoon(() => cancellable(new Promise<never>(() => {})));
      tg.startSoon(async () => { await sleep(1); await checkpoint(); });
      tg.startSoon(() => moveOnAfter(LONG, () => sleep(2)));
      tg.startSoon(() => failAfter(LONG, () => sleep(2)));
      tg.startSoon(async () => {
        try {
          await sleepForever();
        } finally {
          await shield(() => sleep(2));
        }
      });
      await tg.start(async (status: TaskStatus) => { status.started(); await sleep(LONG); });
      await sleep(5);
      tg.cancelScope.cancel();
    }),
  );
});

test('a group that failed leaves no timer behind', T, async () => {
  await assertNoTimersLeft(async () => {
    await createTaskGroup(async (tg) => {
      for (let i = 0; i < 10; i++) tg.startSoon(() => sleep(LONG));
      tg.startSoon(() => moveOnAfter(LONG, () => sleepForever()));
      await sleep(1);
      throw new Error('fail the group');
    }).catch(() => {});
  });
});

test('a block that ended by its deadline leaves no timer behind', T, async () => {
  await assertNoTimersLeft(async () => {
    await moveOnAfter(2, () => sleep(LONG));
    await failAfter(2, () => sleep(LONG)).catch(() => {});
    await new CancelScope({ deadline: currentTime() + 2 }).run(() => sleepForever());
  });
});

test('a far deadline finishing early leaves nothing armed and never warns of timeout overflow', T, async () => {
  const warnings = await warningsDuring(() =>
    assertNoTimersLeft(async () => {
      assert.equal(await moveOnAfter(FAR, async () => { await sleep(2); return 'early'; }), 'early');
      assert.equal(await failAfter(FAR, async () => { await sleep(2); return 'early'; }), 'early');
      assert.equal(await failAt(currentTime() + FAR, async () => 'early'), 'early');
      await new CancelScope({ deadline: currentTime() + FAR }).run(() => sleep(2));
      await moveOnAfter(3, () => sleep(FAR));
      await moveOnAfter(3, () => sleepForever());
    }),
  );
  assert.deepEqual(warnings.map((w) => `${w.name}: ${w.message}`), []);
});

test('moving a deadline far later while the body runs does not overflow the timer', T, async () => {
  const warnings = await warningsDuring(() =>
    assertNoTimersLeft(async () => {
      const value = await moveOnAfter(5, async (scope) => {
        scope.deadline = currentTime() + FAR;
        await sleep(15);
        scope.deadline = currentTime() + 2 * FAR;
        return 'outlived';
      });
      assert.equal(value, 'outlived');
    }),
  );
  assert.deepEqual(warnings.map((w) => `${w.name}: ${w.message}`), []);
});

/**
 * Runs `program` (a TypeScript module; `RUNTIME` in it is the runtime's source, imported) in a
 * child process with `nodeArgs`, killed after `timeout` ms.
 */
function runProgram(program: string, nodeArgs: string[], timeout: number): SpawnSyncReturns<string> {
  const dir = mkdtempSync(join(tmpdir(), 'corral-leaks-'));
  try {
    const runtime = pathToFileURL(join(process.cwd(), 'runtime/src/index.ts')).href;
    const file = join(dir, 'program.mts');
    writeFileSync(file, `import * as RUNTIME from ${JSON.stringify(runtime)};\n${program}`);
    return spawnSync(process.execPath, [...nodeArgs, '--import', 'tsx', file], { cwd: process.cwd(), encoding: 'utf8', timeout });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('a child process running a program that ends its group exits promptly', T, () => {
  const started = Date.now();
  const result = runProgram(`
    const { CancelScope, cancellable, createTaskGroup, currentTime, failAfter, moveOnAfter, shield, sleep, sleepForever } = RUNTIME;
    const controller = new AbortController(); // never aborted: the scope must stop listening to it
    const value = await createTaskGroup(async (tg) => {
      for (let i = 0; i < 10; i++) tg.startSoon(() => sleep(60_000));
      tg.startSoon(sleepForever);
      tg.startSoon(() => cancellable(new Promise(() => {})));
      tg.startSoon(() => moveOnAfter(2 ** 40, () => sleep(1)));
      tg.startSoon(() => failAfter(2 ** 40, () => sleep(1)));
      tg.startSoon(() => new CancelScope({ signal: controller.signal, deadline: currentTime() + 2 ** 40 }).run(() => sleepForever()));
      tg.startSoon(async () => { try { await sleepForever(); } finally { await shield(() => sleep(2)); } });
      await sleep(5);
      tg.cancelScope.cancel();
      return 'group ended';
    });
    console.log(value);
  `, [], 15_000); // a leaked timer keeps it alive far longer than this
  const elapsed = Date.now() - started;
  assert.equal(result.signal, null, `the program did not exit by itself (killed after ${elapsed} ms); stderr: ${result.stderr}`);
  assert.equal(result.status, 0, `stderr: ${result.stderr}`);
  assert.equal(result.stdout.trim(), 'group ended');
  assert.doesNotMatch(result.stderr, /TimeoutOverflowWarning/);
});

/** Runs `program`, which prints a heap figure in bytes measured after GC (`heap()`), and returns the figure. */
function heapGrowthOf(program: string): number {
  const heap = 'const heap = () => { globalThis.gc(); globalThis.gc(); return process.memoryUsage().heapUsed; };\n';
  const result = runProgram(heap + program, ['--expose-gc'], 60_000);
  assert.equal(result.status, 0, `stderr: ${result.stderr}`);
  return Number(result.stdout.trim());
}

test('100,000 cancelled waits on one long-lived promise leave the heap where it was', { timeout: 90_000 }, () => {
  // A shutdown signal that lives as long as the process, waited on with a timeout in a loop;
  // and a thenable (not a promise) waited on the same way. Before, each wait kept ~1.9 KB.
  const growth = heapGrowthOf(`
    const { CancelScope, cancellable, moveOnAfter } = RUNTIME;
    const shutdown = new Promise(() => {});
    const thenable = { then() {} };
    const waitCancelled = (target) => new CancelScope().run(async (scope) => {
      const waiting = cancellable(target);
      scope.cancel();
      await waiting;
    });
    await waitCancelled(shutdown); // warm-up: the one subscription per promise is made here
    await waitCancelled(thenable);
    const before = heap();
    for (let i = 0; i < 50_000; i++) {
      await waitCancelled(shutdown);
      await waitCancelled(thenable);
    }
    // Already cancelled on entry: no wait is made, and none is kept.
    for (let i = 0; i < 1_000; i++) await moveOnAfter(-1, () => cancellable(shutdown).catch(() => {}));
    console.log(heap() - before);
  `);
  assert.ok(growth < 2_000_000, `the heap grew by ${(growth / 1e6).toFixed(1)} MB over 100,000 cancelled waits`);
});
