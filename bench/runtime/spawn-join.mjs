// Workload 1: spawn+join of 10,000 tasks, each doing one `await`.
// - floor: `Promise.all` of 10,000 calls of an async function (own process, no Corral loaded);
// - Corral: `createTaskGroup` + `tg.startSoon(fn)` ×10,000, the block's end is the join;
// - effect 4: `Effect.forEach(items, () => Effect.promise(fn), { concurrency: 'unbounded' })`,
//   the structured form (children are forked and joined by forEach, interrupted together);
//   `Effect.yieldNow` as the await is shown too (no promise involved: effect's own scheduler);
// - effection 4: `spawn` ×10,000 in the operation given to `run`, then `yield*` each task (join;
//   effection halts children still running when their parent returns, so the join is explicit).
import { oneAwait } from '../harness.mjs';
import { now } from '../harness.mjs';

export const id = 'spawn';
export const title = 'spawn+join 10,000 tasks, one await each';
export const mode = 'time';
export const unit = 'ms';
export const groups = ['floor', 'corral'];
export const floor = 'Promise.all';
export const systemsOrder = ['Promise.all', 'corral', 'effect 4 forEach(promise)', 'effect 4 forEach(yieldNow)', 'effection 4 spawn', 'Promise.all (Corral loaded)'];
export const targets = [
  { system: 'corral', max: 1.3, label: '≤ 1.3× Promise.all' },
  { system: 'corral', fasterThan: 'effect 4 forEach(promise)', by: 2, label: '≥ 2× faster than effect 4' },
];

export async function systems(group, { n = 10_000 }) {
  const promiseAll = async () => {
    const start = now();
    const promises = new Array(n);
    for (let i = 0; i < n; i++) promises[i] = oneAwait();
    await Promise.all(promises);
    return now() - start;
  };
  if (group === 'floor') {
    const { Effect } = await import('effect');
    const { run, spawn, until } = await import('effection');
    const items = Array.from({ length: n }, (_, i) => i);
    const viaPromise = () => Effect.promise(oneAwait);
    const viaYield = () => Effect.yieldNow;
    return [
      { name: 'Promise.all', once: promiseAll },
      {
        name: 'effect 4 forEach(promise)', thin: true,
        once: async () => {
          const start = now();
          await Effect.runPromise(Effect.forEach(items, viaPromise, { concurrency: 'unbounded', discard: true }));
          return now() - start;
        },
      },
      {
        name: 'effect 4 forEach(yieldNow)', thin: true,
        once: async () => {
          const start = now();
          await Effect.runPromise(Effect.forEach(items, viaYield, { concurrency: 'unbounded', discard: true }));
          return now() - start;
        },
      },
      {
        name: 'effection 4 spawn', thin: true,
        once: async () => {
          const start = now();
          await run(function* () {
            const tasks = new Array(n);
            for (let i = 0; i < n; i++) tasks[i] = yield* spawn(function* () { yield* until(oneAwait()); });
            for (let i = 0; i < n; i++) yield* tasks[i];
          });
          return now() - start;
        },
      },
    ];
  }
  const { createTaskGroup } = await import('corral');
  return [
    {
      name: 'corral',
      once: async () => {
        const start = now();
        await createTaskGroup(async (tg) => {
          for (let i = 0; i < n; i++) tg.startSoon(oneAwait);
        });
        return now() - start;
      },
    },
    { name: 'Promise.all (Corral loaded)', once: promiseAll },
  ];
}
