#!/usr/bin/env node
// Two builds of the runtime side by side in one process: the same workloads, interleaved, timed
// in CPU time (process.cpuUsage), so that a change's cost can be read on a busy machine, where
// wall-clock figures of separate runs disagree by 2-3×. Nothing here asserts anything.
//
//   node --expose-gc bench/compare-builds.mjs <old build> <new build> [workload…]
//
// A build is passed past its entry point, as dist/runtime.cjs (two builds of one runtime
// protocol loaded through their entries would join into one runtime: runtime/README.md); a build
// from before the one-runtime handshake has no runtime.cjs: pass its dist/index.js. Build the
// old one from a commit with, say,
//   git archive <commit> runtime tsconfig.base.json | tar -x -C <old> && ln -s "$PWD/node_modules" <old>/node_modules
//   (cd <old>/runtime && node build.mjs)
// The build loaded second runs ~5-10 % slower here whatever it is: run both orders and compare.
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { fullGc, median } from './harness.mjs';

const [oldPath, newPath, ...chosen] = process.argv.slice(2);
if (!oldPath || !newPath) {
  console.error('usage: node --expose-gc bench/compare-builds.mjs <old build> <new build> [workload…]');
  process.exit(2);
}
// A CommonJS entry whose exports Node cannot list statically comes as `default`.
const load = async (path) => {
  const module = await import(pathToFileURL(resolve(path)).href);
  return typeof module.createTaskGroup === 'function' ? module : module.default;
};
const builds = { old: await load(oldPath), new: await load(newPath) };
if (builds.old.createTaskGroup === builds.new.createTaskGroup) {
  console.error('both paths gave the same runtime: pass each build past its entry point, <runtime>/dist/runtime.cjs');
  process.exit(2);
}
const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1_000;
};
const N = 10_000;
const FAR = 3_600_000;

/** Each workload: (runtime) => a function that runs one iteration and returns its CPU ms. */
const WORKLOADS = {
  'spawn+join 10,000': (rt) => async () => {
    const start = cpuMs();
    await rt.createTaskGroup(async (tg) => { for (let i = 0; i < N; i++) tg.startSoon(async () => { await null; }); });
    return cpuMs() - start;
  },
  'cancel 10,000 parked': (rt) => async () => {
    let start;
    await rt.createTaskGroup(async (tg) => {
      for (let i = 0; i < N; i++) tg.startSoon(rt.sleepForever);
      await new Promise((resolve) => setImmediate(resolve));
      start = cpuMs();
      tg.cancelScope.cancel();
    });
    return cpuMs() - start;
  },
  'Event.wait (set) ×100,000': (rt) => {
    const event = new rt.Event();
    event.set();
    return async () => {
      const start = cpuMs();
      for (let i = 0; i < 10 * N; i++) await event.wait();
      return cpuMs() - start;
    };
  },
  'Event.wait (set) ×100,000, deadline scope': (rt) => {
    const event = new rt.Event();
    event.set();
    return () => rt.moveOnAfter(FAR, async () => {
      const start = cpuMs();
      for (let i = 0; i < 10 * N; i++) await event.wait();
      return cpuMs() - start;
    });
  },
  'Lock acquire+release ×10,000, deadline scope': (rt) => {
    const lock = new rt.Lock();
    return () => rt.moveOnAfter(FAR, async () => {
      const start = cpuMs();
      for (let i = 0; i < N; i++) {
        await lock.acquire();
        lock.release();
      }
      return cpuMs() - start;
    });
  },
  'checkpoint() ×2,000, deadline scope': (rt) => () => rt.moveOnAfter(FAR, async () => {
    const start = cpuMs();
    for (let i = 0; i < 2_000; i++) await rt.checkpoint();
    return cpuMs() - start;
  }),
};

const ROUNDS = 41;
for (const [name, make] of Object.entries(WORKLOADS)) {
  if (chosen.length > 0 && !chosen.some((word) => name.includes(word))) continue;
  const runs = { old: make(builds.old), new: make(builds.new) };
  const figures = { old: [], new: [] };
  for (let i = 0; i < 5; i++) for (const which of ['old', 'new']) await runs[which]();
  for (let round = 0; round < ROUNDS; round++) {
    for (const which of round % 2 === 0 ? ['old', 'new'] : ['new', 'old']) {
      fullGc();
      figures[which].push(await runs[which]());
    }
  }
  const [before, after] = [median(figures.old), median(figures.new)];
  console.log(`${name.padEnd(44)} old ${before.toFixed(2).padStart(7)} ms   new ${after.toFixed(2).padStart(7)} ms   new/old ${(after / before).toFixed(2)}×`);
}
