// Tracing workload 1: spawn+join of 10,000 one-await tasks with the costlier tracing data off
// (the default) and on (spawn sites and history, as `CORRAL_TRACE=1` or the debugger's
// `setTracing(true)` turn it on), interleaved in one process. The goal: on ≤ 1.15× off.
import { now, oneAwait } from '../harness.mjs';

export const id = 'trace';
export const title = 'spawn+join 10,000 tasks, tracing off vs on';
export const mode = 'time';
export const unit = 'ms';
export const groups = ['corral'];
export const floor = 'tracing off';
export const systemsOrder = ['tracing off', 'tracing on'];
export const targets = [{ system: 'tracing on', max: 1.15, label: 'on ≤ 1.15× off' }];

export async function systems(_group, { n = 10_000 }) {
  const { createTaskGroup, devtools } = await import('corral');
  const spawnJoin = (on) => async () => {
    devtools.setTracing(on);
    const start = now();
    await createTaskGroup(async (tg) => {
      for (let i = 0; i < n; i++) tg.startSoon(oneAwait);
    });
    const ms = now() - start;
    devtools.setTracing(false);
    return ms;
  };
  return [
    { name: 'tracing off', once: spawnJoin(false) },
    { name: 'tracing on', once: spawnJoin(true) },
  ];
}
