// The parked forms of workloads `cancel` and `heap` (and of heap-diff.mjs): each system parks
// `n` tasks that wait forever, and cancels them.
// - floor: `n` async functions each awaiting a promise whose reject callback is pushed on a
//   plain array; cancel = call every callback (one shared error), then `await Promise.all`;
// - one AbortController with `n` 'abort' listeners ({ once: true }); cancel = abort(). On
//   Node 20, addEventListener scans the listener list on every add (see the 'abort-listeners'
//   workload for the quadratic growth);
// - Corral: `n` `tg.startSoon(async () => { await sleepForever(); })`, then
//   `tg.cancelScope.cancel()` and await the `createTaskGroup` block;
// - effect 4: one fiber running `Effect.forEach(items, () => Effect.never, { concurrency:
//   'unbounded' })` (`n` child fibers); cancel = `Fiber.interrupt` of that fiber;
// - effection 4: `run` an operation that spawns `n` children each `suspend()`ing; cancel =
//   `task.halt()`.
import { setMaxListeners } from 'node:events';
import { nextMacrotask } from '../harness.mjs';

const CANCEL = new Error('cancelled');

/**
 * The parking functions of a process group, by system name: each parks `n` tasks, resolves once
 * they are all parked, to a function that cancels them and resolves once all have settled.
 */
export async function parkersOf(group, { n = 10_000 }) {
  const rejectCallbacks = async () => {
    const rejects = [];
    const { all } = await parkAll(n, async () => {
      try {
        await new Promise((_, reject) => rejects.push(reject));
      } catch {}
    });
    return async () => {
      for (const reject of rejects) reject(CANCEL);
      await all;
    };
  };
  if (group === 'floor') {
    const { Effect, Fiber } = await import('effect');
    const { run, spawn, suspend } = await import('effection');
    const items = Array.from({ length: n }, (_, i) => i);
    return {
      'reject callbacks': rejectCallbacks,
      AbortController: async () => {
        const controller = new AbortController();
        const { signal } = controller;
        setMaxListeners(0, signal); // silence the leak warning, as real code with many waiters must
        const { all } = await parkAll(n, async () => {
          try {
            await new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true }));
          } catch {}
        });
        return async () => {
          controller.abort(CANCEL);
          await all;
        };
      },
      'effect 4': async () => {
        let started = 0;
        const child = Effect.suspend(() => {
          started++;
          return Effect.never;
        });
        const fiber = Effect.runFork(Effect.forEach(items, () => child, { concurrency: 'unbounded', discard: true }));
        while (started < n) await nextMacrotask();
        await nextMacrotask();
        return () => Effect.runPromise(Fiber.interrupt(fiber));
      },
      'effection 4': async () => {
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
        return () => task.halt();
      },
    };
  }
  const { createTaskGroup, sleepForever } = await import('corral');
  const parked = async () => {
    await sleepForever();
  };
  return {
    corral: async () => {
      let group;
      const block = createTaskGroup(async (tg) => {
        group = tg;
        for (let i = 0; i < n; i++) tg.startSoon(parked);
      });
      await nextMacrotask();
      return async () => {
        group.cancelScope.cancel();
        await block;
      };
    },
    'reject callbacks (Corral loaded)': rejectCallbacks,
  };
}

// Starts `n` calls of `parked` and waits a macrotask, so that all are parked. Their
// `Promise.all` comes back wrapped: returned bare, it would be awaited.
async function parkAll(n, parked) {
  const tasks = new Array(n);
  for (let i = 0; i < n; i++) tasks[i] = parked();
  const all = Promise.all(tasks);
  await nextMacrotask();
  return { all };
}
