// Workload 2: cancelling 10,000 parked tasks. Each task waits forever; once all are parked the
// clock starts, the cancellation is requested, and it stops when every task has settled.
// The parking phase (spawning the 10,000 waits) is reported beside it, untimed by the ratio.
// - floor: 10,000 async functions each awaiting a promise whose reject callback is pushed on a
//   plain array; cancel = call every callback (one shared error), then `await Promise.all`;
// - one AbortController with 10,000 'abort' listeners ({ once: true }); cancel = abort(). On
//   Node 20, addEventListener scans the listener list on every add: see its parking figure, and
//   the separate 'abort-listeners' table for the quadratic growth;
// - Corral: 10,000 `tg.startSoon(async () => { await sleepForever(); })`, then
//   `tg.cancelScope.cancel()` and await the `createTaskGroup` block;
// - effect 4: one fiber running `Effect.forEach(items, () => Effect.never, { concurrency:
//   'unbounded' })` (10,000 child fibers); cancel = `Fiber.interrupt` of that fiber;
// - effection 4: `run` an operation that spawns 10,000 children each `suspend()`ing; cancel =
//   `task.halt()`.
import { setMaxListeners } from 'node:events';
import { nextMacrotask, now } from '../harness.mjs';

export const id = 'cancel';
export const title = 'cancel 10,000 parked tasks (cancel → all settled)';
export const mode = 'time';
export const unit = 'ms';
export const groups = ['floor', 'corral'];
export const floor = 'reject callbacks';
export const systemsOrder = ['reject callbacks', 'corral', 'AbortController', 'effect 4 interrupt', 'effection 4 halt', 'reject callbacks (Corral loaded)'];
export const auxLabel = { park: 'park 10,000' };
export const targets = [
  { system: 'corral', max: 1.2, label: '≤ 1.2× reject callbacks' },
  { system: 'corral', fasterThan: 'effect 4 interrupt', by: 1.5, label: '≥ 1.5× faster than effect 4' },
];

const CANCEL = new Error('cancelled');

export async function systems(group, { n = 10_000 }) {
  const rejectCallbacks = async () => {
    const start = now();
    const rejects = [];
    const parked = async () => {
      try {
        await new Promise((_, reject) => rejects.push(reject));
      } catch {}
    };
    const tasks = new Array(n);
    for (let i = 0; i < n; i++) tasks[i] = parked();
    const all = Promise.all(tasks);
    await nextMacrotask();
    const cancelAt = now();
    for (const reject of rejects) reject(CANCEL);
    await all;
    return { ms: now() - cancelAt, aux: { park: cancelAt - start } };
  };
  if (group === 'floor') {
    const { Effect, Fiber } = await import('effect');
    const { run, spawn, suspend } = await import('effection');
    const items = Array.from({ length: n }, (_, i) => i);
    return [
      { name: 'reject callbacks', once: rejectCallbacks },
      {
        name: 'AbortController', thin: true,
        once: async () => {
          const start = now();
          const controller = new AbortController();
          const { signal } = controller;
          setMaxListeners(0, signal); // silence the leak warning, as real code with many waiters must
          const parked = async () => {
            try {
              await new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true }));
            } catch {}
          };
          const tasks = new Array(n);
          for (let i = 0; i < n; i++) tasks[i] = parked();
          const all = Promise.all(tasks);
          await nextMacrotask();
          const cancelAt = now();
          controller.abort(CANCEL);
          await all;
          return { ms: now() - cancelAt, aux: { park: cancelAt - start } };
        },
      },
      {
        name: 'effect 4 interrupt', thin: true,
        once: async () => {
          const start = now();
          let started = 0;
          const child = Effect.suspend(() => {
            started++;
            return Effect.never;
          });
          const fiber = Effect.runFork(Effect.forEach(items, () => child, { concurrency: 'unbounded', discard: true }));
          while (started < n) await nextMacrotask();
          await nextMacrotask();
          const cancelAt = now();
          await Effect.runPromise(Fiber.interrupt(fiber));
          return { ms: now() - cancelAt, aux: { park: cancelAt - start } };
        },
      },
      {
        name: 'effection 4 halt', thin: true,
        once: async () => {
          const start = now();
          let started = 0;
          const task = run(function* () {
            for (let i = 0; i < n; i++) {
              yield* spawn(function* () {
                started++;
                yield* suspend();
              });
            }
            yield* suspend();
          });
          while (started < n) await nextMacrotask();
          await nextMacrotask();
          const cancelAt = now();
          await task.halt();
          return { ms: now() - cancelAt, aux: { park: cancelAt - start } };
        },
      },
    ];
  }
  const { createTaskGroup, sleepForever } = await import('corral');
  const parked = async () => {
    await sleepForever();
  };
  return [
    {
      name: 'corral',
      once: async () => {
        const start = now();
        let group;
        const block = createTaskGroup(async (tg) => {
          group = tg;
          for (let i = 0; i < n; i++) tg.startSoon(parked);
        });
        await nextMacrotask();
        const cancelAt = now();
        group.cancelScope.cancel();
        await block;
        return { ms: now() - cancelAt, aux: { park: cancelAt - start } };
      },
    },
    { name: 'reject callbacks (Corral loaded)', once: rejectCallbacks },
  ];
}
