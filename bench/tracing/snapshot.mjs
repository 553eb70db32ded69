// Tracing workload 2: one snapshot of a live tree of 10,000 parked tasks (in 10 groups of 1,000,
// each task waiting on a queue), as a debugger's `evaluate` gets it: `snapshot()` of the
// process-wide hook, the JSON string included; and `format()`, the text rendering. The
// goal: 10,000 live tasks snapshot in ≤ 20 ms. The tree is built once, outside the timing.
import { now } from '../harness.mjs';

export const id = 'snapshot';
export const title = 'snapshot of 10,000 live tasks';
export const mode = 'time';
export const unit = 'ms';
export const groups = ['corral'];
export const floor = 'JSON.stringify of an equal plain tree';
export const systemsOrder = ['JSON.stringify of an equal plain tree', 'devtools.snapshot()', 'devtools.format()'];
export const targets = [{ system: 'devtools.snapshot()', absMax: 20, label: '≤ 20 ms' }];

export async function systems(_group, { n = 10_000 }) {
  const { createTaskGroup, CancelScope, Queue, devtools } = await import('corral');
  const scope = new CancelScope();
  let ready;
  const built = new Promise((resolve) => (ready = resolve));
  // The tree lives for the whole process; the child process ends when the rounds are done.
  void scope.run(() => createTaskGroup(async (outer) => {
    for (let g = 0; g < 10; g++) {
      outer.startSoon(() => createTaskGroup(async (tg) => {
        const queue = Queue.withMaxsize(1);
        for (let i = 0; i < n / 10; i++) tg.startSoon(async function worker() { await queue.get(); });
      }));
    }
    setTimeout(ready, 50);
  }));
  await built;
  const plain = JSON.parse(devtools.snapshot());
  if (plain.tasks.length < n) throw new Error(`expected ${n} live tasks, saw ${plain.tasks.length}`);
  const time = (fn) => () => {
    const start = now();
    fn();
    return now() - start;
  };
  return [
    { name: 'JSON.stringify of an equal plain tree', once: time(() => JSON.stringify(plain)) },
    { name: 'devtools.snapshot()', once: time(() => devtools.snapshot()) },
    { name: 'devtools.format()', once: time(() => devtools.format()) },
  ];
}
