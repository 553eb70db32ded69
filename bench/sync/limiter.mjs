// Workload 6: 10,000 jobs (each one `await`), at most 16 at once, all started at once and
// awaited together.
// - floor: the hand-written FIFO semaphore of floors.mjs, `Promise.all` of `sem.run(job)`;
// - Corral `CapacityLimiter(16)`, two forms:
//   'corral Promise.all(limiter.run)': `Promise.all` of `limiter.run(job)` outside any task
//   group: `run()` borrows a token per call, so this is the like-for-like form of the floor;
//   'corral tasks + limiter.run': each job is a task of one task group
//   (`tg.startSoon(() => limiter.run(job))`), so it also pays workload 1's spawn cost;
// - p-limit: `Promise.all` of `limit(job)`; p-queue: `Promise.all` of `queue.add(job)`;
// - effect 4: `Effect.forEach(items, () => Effect.promise(job), { concurrency: 16 })`.
import { now, oneAwait } from '../harness.mjs';
import { Semaphore } from './floors.mjs';

export const id = 'limiter';
export const title = '10,000 one-await jobs, at most 16 at once';
export const mode = 'time';
export const unit = 'ms';
export const groups = ['floor', 'corral'];
export const floor = 'semaphore';
export const systemsOrder = ['semaphore', 'corral Promise.all(limiter.run)', 'corral tasks + limiter.run', 'p-limit', 'p-queue', 'effect 4 forEach(concurrency 16)', 'semaphore (Corral loaded)'];
export const targets = [{ system: 'corral Promise.all(limiter.run)', max: 1.2, label: '≤ 1.2× semaphore' }];

const LIMIT = 16;

export async function systems(group, { n = 10_000 }) {
  const allOf = (start) => {
    const promises = new Array(n);
    for (let i = 0; i < n; i++) promises[i] = start();
    return Promise.all(promises);
  };
  const semaphore = async () => {
    const start = now();
    const sem = new Semaphore(LIMIT);
    await allOf(() => sem.run(oneAwait));
    return now() - start;
  };
  if (group === 'floor') {
    const { default: pLimit } = await import('p-limit');
    const { default: PQueue } = await import('p-queue');
    const { Effect } = await import('effect');
    const items = Array.from({ length: n }, (_, i) => i);
    const job = () => Effect.promise(oneAwait);
    return [
      { name: 'semaphore', once: semaphore },
      {
        name: 'p-limit',
        once: async () => {
          const start = now();
          const limit = pLimit(LIMIT);
          await allOf(() => limit(oneAwait));
          return now() - start;
        },
      },
      {
        name: 'p-queue',
        once: async () => {
          const start = now();
          const queue = new PQueue({ concurrency: LIMIT });
          await allOf(() => queue.add(oneAwait));
          return now() - start;
        },
      },
      {
        name: 'effect 4 forEach(concurrency 16)', thin: true,
        once: async () => {
          const start = now();
          await Effect.runPromise(Effect.forEach(items, job, { concurrency: LIMIT, discard: true }));
          return now() - start;
        },
      },
    ];
  }
  const { CapacityLimiter, createTaskGroup } = await import('corral');
  return [
    {
      name: 'corral Promise.all(limiter.run)',
      once: async () => {
        const start = now();
        const limiter = new CapacityLimiter(LIMIT);
        await allOf(() => limiter.run(oneAwait));
        return now() - start;
      },
    },
    {
      name: 'corral tasks + limiter.run',
      once: async () => {
        const start = now();
        const limiter = new CapacityLimiter(LIMIT);
        const job = () => limiter.run(oneAwait);
        await createTaskGroup(async (tg) => {
          for (let i = 0; i < n; i++) tg.startSoon(job);
        });
        return now() - start;
      },
    },
    { name: 'semaphore (Corral loaded)', once: semaphore },
  ];
}
