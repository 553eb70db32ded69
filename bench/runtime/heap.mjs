// Workload 4: retained heap bytes per parked task. 10,000 tasks are parked (waiting forever), a
// full GC is forced, and the growth of `process.memoryUsage().heapUsed` since a forced GC before
// parking is divided by 10,000. Then they are cancelled and awaited. The parked forms are
// parkers.mjs's, as in workload 2 (cancel). Sampled, not timed: one figure per round, median of
// the rounds.
import { fullGc } from '../harness.mjs';
import { parkersOf } from './parkers.mjs';

export const id = 'heap';
export const title = 'retained heap per parked task (10,000 parked)';
export const mode = 'sample';
export const unit = 'B/task';
export const groups = ['floor', 'corral'];
export const floor = 'reject callbacks';
export const rounds = { full: 8, quick: 2 };
export const systemsOrder = ['reject callbacks', 'corral', 'AbortController', 'effect 4', 'effection 4', 'reject callbacks (Corral loaded)'];
export const targets = [{ system: 'corral', absMax: 700, label: '≤ 700 B/task' }];

/** Measures around `park()` (which returns a function that cancels and awaits everything). */
async function perTask(n, park) {
  fullGc();
  const before = process.memoryUsage().heapUsed;
  const cancel = await park();
  fullGc();
  const after = process.memoryUsage().heapUsed;
  await cancel();
  return (after - before) / n;
}

/** Every system's systems() entry, wrapped around its parker. */
export async function systems(group, options) {
  const n = options.n ?? 10_000;
  const parkers = await parkersOf(group, { n });
  return Object.entries(parkers).map(([name, park]) => ({ name, sample: () => perTask(n, park) }));
}
