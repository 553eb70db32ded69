// Workload 4: retained heap bytes per parked task. 10,000 tasks are parked (waiting forever), a
// full GC is forced, and the growth of `process.memoryUsage().heapUsed` since a forced GC before
// parking is divided by 10,000. Then they are cancelled and awaited. The parked forms are those
// of workload 2 (cancel.mjs). Sampled, not timed: one figure per round, median of the rounds.
import { setMaxListeners } from 'node:events';
import { fullGc, nextMacrotask } from '../harness.mjs';

export const id = 'heap';
export const title = 'retained heap per parked task (10,000 parked)';
export const mode = 'sample';
export const unit = 'B/task';
export const groups = ['floor', 'corral'];
export const floor = 'reject callbacks';
export const rounds = { full: 8, quick: 2 };
export const systemsOrder = ['reject callbacks', 'corral', 'AbortController', 'effect 4', 'effection 4', 'reject callbacks (Corral loaded)'];
export const targets = [{ system: 'corral', absMax: 700, label: '≤ 700 B/task' }];

const CANCEL = new Error('cancelled');

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

/** Every system's systems() entry, wrapped around its parker; heap-diff.mjs uses the parkers. */
export async function systems(group, options) {
  const n = options.n ?? 10_000;
  const parkers = await parkersOf(group, { n });
  return Object.entries(parkers).map(([name, park]) => ({ name, sample: () => perTask(n, park) }));
}

/**
 * The parking functions of a process group, by system name: each parks `n` tasks, resolves once
 * they are all parked, to a function that cancels them and resolves once all have settled.
 */
export async function parkersOf(group, { n = 10_000 }) {
  const rejectCallbacks = async () => {
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
        setMaxListeners(0, signal);
        const parked = async () => {
          try {
            await new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true }));
          } catch {}
        };
        const tasks = new Array(n);
        for (let i = 0; i < n; i++) tasks[i] = parked();
        const all = Promise.all(tasks);
        await nextMacrotask();
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
