import { performance } from 'node:perf_hooks';

/** Monotonic milliseconds: never goes back, unrelated to wall-clock time. Deadlines are on this clock. */
export function currentTime(): number {
  return performance.now();
}
