import { currentTime } from '../clock.ts';

/**
 * The clock as tracing reads it for task start and end times. A clock reading costs ~50 ns here,
 * as much as the rest of tracing a short task, so one reading serves every task that ends in a
 * microtask job already queued when it was taken.
 *
 * Why that is exact enough: a task's end is reported by a job that its promise queued when it
 * settled. The reading queues its own expiry; a job ahead of the expiry was queued before the
 * reading, so its task had settled before it: the reading is no earlier than the task's end, and
 * closer to it than a reading taken when that job runs. Jobs queued after the reading run after
 * the expiry and read the clock again. (A task that throws synchronously on its first turn ends
 * inside the job that started its batch: it gets that batch's reading, its start time.)
 *
 * Invariant: while `reading >= 0`, an expiry is queued, and every job ahead of it was queued
 * before `reading` was taken.
 */
let reading = -1;
let expiryQueued = false;

function expire(): void {
  reading = -1;
  expiryQueued = false;
}

/** A reading shared with the other tasks ending in the jobs queued before it; see above. */
export function traceTime(): number {
  return reading >= 0 ? reading : freshTraceTime();
}

/** A new reading, shared from now on like `traceTime()`'s. */
export function freshTraceTime(): number {
  reading = currentTime();
  // An expiry still queued from an earlier reading keeps the invariant: every job ahead of it
  // was queued before that reading, so before this one.
  if (!expiryQueued) {
    expiryQueued = true;
    queueMicrotask(expire);
  }
  return reading;
}
