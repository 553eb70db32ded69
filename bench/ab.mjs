// A/B of two builds of the runtime: did a change make spawn+join or cancel slower? Both builds
// are loaded in one process and measured in interleaved rounds (order alternating), the workloads
// as bench/runtime/spawn-join.mjs and parkers.mjs run them (10,000 tasks), timed in process CPU
// time, which a busy machine disturbs far less than wall time. Prints each build's median and the
// median of the per-round ratios. See bench/README.md ("A/B of two builds").
//
//   node --expose-gc bench/ab.mjs <entry of build A> <entry of build B>     (ROUNDS=21 by default)
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

const [a, b] = process.argv.slice(2).map((path) => pathToFileURL(resolve(path)).href);
if (!a || !b) {
  console.error('usage: node --expose-gc bench/ab.mjs <runtime entry A> <runtime entry B>');
  process.exit(2);
}
const A = await import(a);
const B = await import(b);
if (A.createTaskGroup === B.createTaskGroup) {
  // Two builds of one runtime protocol: the second entry joined the first (runtime/README.md).
  console.error('both entries gave the same runtime: pass the builds past their entry point, <runtime>/dist/runtime.cjs');
  process.exit(2);
}
const n = 10_000;
const macro = () => new Promise((r) => setImmediate(r));
const oneAwait = async () => { await null; };
// CPU time of this process (ms): under a loaded machine, far steadier than wall time.
const cpu = () => { const { user, system } = process.cpuUsage(); return (user + system) / 1000; };
const clock = process.env.WALL ? () => performance.now() : cpu;
async function spawn(lib) {
  const t = clock();
  await lib.createTaskGroup(async (tg) => { for (let i = 0; i < n; i++) tg.startSoon(oneAwait); });
  return clock() - t;
}
async function cancel(lib) {
  const parked = async () => { await lib.sleepForever(); };
  let group;
  const block = lib.createTaskGroup(async (tg) => { group = tg; for (let i = 0; i < n; i++) tg.startSoon(parked); });
  await macro();
  const t = clock();
  group.cancelScope.cancel();
  await block;
  return clock() - t;
}
// Warm-up, then at least 60 ms of timed work per figure, after a full GC.
async function block(fn, lib) {
  globalThis.gc?.();
  for (let i = 0; i < 5; i++) await fn(lib);
  let total = 0, count = 0;
  while (total < 60) { total += await fn(lib); count++; }
  return total / count;
}
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[s.length >> 1]; };
for (const [name, fn] of [['spawn+join', spawn], ['cancel', cancel]]) {
  const timesA = [], timesB = [], ratio = [];
  for (let round = 0; round < Number(process.env.ROUNDS ?? 21); round++) {
    let x, y;
    if (round % 2) { y = await block(fn, B); x = await block(fn, A); } else { x = await block(fn, A); y = await block(fn, B); }
    timesA.push(x); timesB.push(y); ratio.push(y / x);
  }
  console.log(`${name}: A ${median(timesA).toFixed(2)} ms, B ${median(timesB).toFixed(2)} ms, B/A median of per-round ratios ${median(ratio).toFixed(3)}×`);
}
