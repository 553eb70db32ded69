// Side table of workload 2: registering N 'abort' listeners on one AbortSignal, against pushing
// N callbacks on an array. addEventListener scans the whole list on every add, so doubling N
// roughly quadruples the time: the ratio column is relative to N = 2,500 listeners (linear would
// read 1×, 2×, 4×; quadratic 1×, 4×, 16×). Floor process only (no Corral involved).
import { setMaxListeners } from 'node:events';
import { now } from '../harness.mjs';

export const id = 'abort-listeners';
export const title = 'register N abort listeners on one AbortSignal (vs array push)';
export const mode = 'time';
export const unit = 'ms';
export const groups = ['floor'];
export const floor = 'addEventListener 2,500';
export const sizes = [2_500, 5_000, 10_000];
export const rounds = { full: 5, quick: 2 };
export const systemsOrder = [...sizes.map((n) => `array push ${n.toLocaleString('en')}`), ...sizes.map((n) => `addEventListener ${n.toLocaleString('en')}`)];
export const targets = [];

export async function systems() {
  const noop = () => {};
  const out = [];
  for (const n of sizes) {
    out.push({
      name: `array push ${n.toLocaleString('en')}`,
      once: () => {
        const start = now();
        const list = [];
        for (let i = 0; i < n; i++) list.push(() => noop(i));
        return now() - start;
      },
    });
    out.push({
      name: `addEventListener ${n.toLocaleString('en')}`, thin: true,
      once: () => {
        const start = now();
        const { signal } = new AbortController();
        setMaxListeners(0, signal);
        for (let i = 0; i < n; i++) signal.addEventListener('abort', () => noop(i), { once: true });
        return now() - start;
      },
    });
  }
  return out;
}
