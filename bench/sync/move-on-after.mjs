// Workload 7: 1,000 operations (each one `await`), one after the other, each under a timeout of
// 10 s that never fires.
// - floor: `Promise.race([op(), timeout])`, the timeout a promise rejected by a `setTimeout`
//   that is cleared as soon as the race is decided;
// - `AbortSignal.timeout(10_000)` passed to the operation, which races it with one 'abort'
//   listener removed afterwards (the timer cannot be cleared: it lives until collected);
// - Corral: `await moveOnAfter(10_000, () => op())`;
// - effect 4: `Effect.timeout(Effect.promise(op), '10 seconds')`, the 1,000 in sequence with
//   `Effect.forEach` inside one `Effect.runPromise`.
import { now, oneAwait } from '../harness.mjs';

export const id = 'moveOnAfter';
export const title = '1,000 sequential one-await operations under a timeout that does not fire';
export const mode = 'time';
export const unit = 'ms';
export const groups = ['floor', 'corral'];
export const floor = 'Promise.race + clearTimeout';
export const systemsOrder = ['Promise.race + clearTimeout', 'corral moveOnAfter', 'AbortSignal.timeout', 'effect 4 Effect.timeout', 'Promise.race + clearTimeout (Corral loaded)'];
export const targets = [{ system: 'corral moveOnAfter', max: 1.2, label: '≤ 1.2× Promise.race' }];

const TIMEOUT_MS = 10_000;

export async function systems(group, { ops = 1_000 }) {
  const timeoutError = new Error('timed out');
  const race = async () => {
    const start = now();
    for (let i = 0; i < ops; i++) {
      let timer;
      const timeout = new Promise((_, reject) => {
        timer = setTimeout(reject, TIMEOUT_MS, timeoutError);
      });
      try {
        await Promise.race([oneAwait(), timeout]);
      } finally {
        clearTimeout(timer);
      }
    }
    return now() - start;
  };
  if (group === 'floor') {
    const { Effect } = await import('effect');
    const items = Array.from({ length: ops }, (_, i) => i);
    const op = () => Effect.timeout(Effect.promise(oneAwait), '10 seconds');
    const withSignal = (signal) => new Promise((resolve, reject) => {
      const onAbort = () => reject(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
      oneAwait().then((value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      }, reject);
    });
    return [
      { name: 'Promise.race + clearTimeout', once: race },
      {
        name: 'AbortSignal.timeout',
        once: async () => {
          const start = now();
          for (let i = 0; i < ops; i++) await withSignal(AbortSignal.timeout(TIMEOUT_MS));
          return now() - start;
        },
      },
      {
        name: 'effect 4 Effect.timeout', thin: true,
        once: async () => {
          const start = now();
          await Effect.runPromise(Effect.forEach(items, op, { discard: true }));
          return now() - start;
        },
      },
    ];
  }
  const { moveOnAfter } = await import('corral');
  return [
    {
      name: 'corral moveOnAfter',
      once: async () => {
        const start = now();
        for (let i = 0; i < ops; i++) await moveOnAfter(TIMEOUT_MS, oneAwait);
        return now() - start;
      },
    },
    { name: 'Promise.race + clearTimeout (Corral loaded)', once: race },
  ];
}
