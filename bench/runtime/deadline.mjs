// Workload 3: the cost of one `effectiveDeadline()` call (ns/call), outside any scope and inside
// 1 and 4 nested cancel scopes that each have a (far, never reached) deadline. The loop runs
// inside the scopes; entering them is not timed. Floor: `AsyncLocalStorage.getStore()` of a store
// that has been entered (the lookup every context-dependent call has to make), same loop.
// Only one process: there is nothing to compare across processes here.
import { AsyncLocalStorage } from 'node:async_hooks';
import { now } from '../harness.mjs';

export const id = 'deadline';
export const title = 'effectiveDeadline() per call';
export const mode = 'time';
export const unit = 'ns/call';
export const groups = ['corral'];
export const floor = 'ALS.getStore()';
export const systemsOrder = ['ALS.getStore()', 'corral depth 0', 'corral depth 1', 'corral depth 4'];
export const targets = [];

const CALLS = 200_000;
/** An iteration times CALLS calls, in ms: this turns its figure into ns per call. */
export const displayScale = 1e6 / CALLS;

export async function systems() {
  const { CancelScope, currentTime, effectiveDeadline } = await import('corral');
  const loop = () => {
    let sink = 0;
    const start = now();
    for (let i = 0; i < CALLS; i++) if (effectiveDeadline() > 0) sink++;
    const ms = now() - start;
    if (sink === -1) console.log(sink);
    return ms;
  };
  const nested = (depth) => async () => {
    const enter = (level) => level === 0
      ? Promise.resolve(loop())
      : new CancelScope({ deadline: currentTime() + 3_600_000 + level }).run(() => enter(level - 1));
    return enter(depth);
  };
  const als = new AsyncLocalStorage();
  const store = { deadline: Infinity };
  return [
    {
      name: 'ALS.getStore()',
      once: () => als.run(store, () => {
        let sink = 0;
        const start = now();
        for (let i = 0; i < CALLS; i++) if (als.getStore().deadline > 0) sink++;
        const ms = now() - start;
        if (sink === -1) console.log(sink);
        return ms;
      }),
    },
    { name: 'corral depth 0', once: nested(0) },
    { name: 'corral depth 1', once: nested(1) },
    { name: 'corral depth 4', once: nested(4) },
  ];
}
