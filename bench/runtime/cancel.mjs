// Workload 2: cancelling 10,000 parked tasks. Each task waits forever; once all are parked the
// clock starts, the cancellation is requested, and it stops when every task has settled.
// The parking phase (spawning the 10,000 waits) is reported beside it, untimed by the ratio.
// The systems and their parked forms are in parkers.mjs (shared with workload `heap`).
import { now } from '../harness.mjs';
import { parkersOf } from './parkers.mjs';

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

// The parkers' names, as this table has always shown them; the peers are thinned when slow.
const LABELS = { 'effect 4': 'effect 4 interrupt', 'effection 4': 'effection 4 halt' };
const THIN = new Set(['AbortController', 'effect 4', 'effection 4']);

export async function systems(group, { n = 10_000 }) {
  const parkers = await parkersOf(group, { n });
  return Object.entries(parkers).map(([name, park]) => ({
    name: LABELS[name] ?? name,
    thin: THIN.has(name),
    once: async () => {
      const start = now();
      const cancel = await park();
      const cancelAt = now();
      await cancel();
      return { ms: now() - cancelAt, aux: { park: cancelAt - start } };
    },
  }));
}
