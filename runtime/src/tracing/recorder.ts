import { channel } from 'node:diagnostics_channel';

import { currentTime } from '../clock.ts';
import { errorText } from '../validate.ts';
import type { CancelScope } from '../core/cancelScope.ts';
import type { Task } from '../core/task.ts';
import { environment } from '../environment.ts';
import { TaskHistory } from './history.ts';
import { forgetLatest, spawnSite } from './spawnSites.ts';
import { freshTraceTime, traceTime } from './traceClock.ts';
import type { FinishedTaskRecord, ScopeEventRecord } from './types.ts';

/**
 * The costlier tracing data (spawn sites, start times, the history), collected only when
 * switched on without code changes: by the environment variable `CORRAL_TRACE=1` (the editor
 * extension sets it on launch) or the devtools hook's `setTracing(true)`. Off, each hook below
 * costs one boolean test. The `corral:*` diagnostics channels publish whenever someone
 * subscribes, tracing or not.
 */
export const tracing = {
  on: environment.trace,
  historySize: environment.historySize,
};

/** Events on `node:diagnostics_channel`, published only when someone subscribes. */
export const channels = {
  spawn: channel('corral:task:spawn'),
  end: channel('corral:task:end'),
  cancel: channel('corral:scope:cancel'),
  /** A cancelled scope's code has not reached a checkpoint in CORRAL_OVERRUN_WARN_MS (core/overrun.ts). */
  overrun: channel('corral:scope:overrun'),
};

const taskHistory = new TaskHistory(tracing.historySize);
export const scopeEvents: ScopeEventRecord[] = [];

/** A task was started (by `startSoon` or `start`) into the group `groupId`; `spawner` is the method the user called. */
export function recordSpawn(task: Task, groupId: number, spawner: (...args: never[]) => unknown): void {
  if (tracing.on) task.spawnSite = spawnSite(task.body!, groupId, spawner);
  if (channels.spawn.hasSubscribers) channels.spawn.publish({ id: task.id, name: task.name, parentId: task.parent?.id ?? null });
}

/**
 * When a batch of started tasks began to run, shared by its tasks. An object, not a number on
 * each task: writing fractional times into a task field that started as -1 cost ~10 % of a
 * spawn+join by itself (V8 changes how that field is stored for every task; bench `trace`).
 */
export interface BatchStart {
  readonly at: number;
}

/** A batch of started tasks is about to run their first turns. */
export function recordBatchStart(batch: readonly Task[]): void {
  const started: BatchStart = { at: freshTraceTime() };
  for (const task of batch) task.started = started;
  forgetLatest();
}

/** A task ended; its state is already set, it has not left its parent yet. */
export function recordEnd(task: Task, error: unknown): void {
  // The history keeps tasks started while tracing was on: only they have a start time.
  if (tracing.on && task.started !== undefined) taskHistory.record(task, traceTime(), error);
  if (channels.end.hasSubscribers) channels.end.publish({ id: task.id, name: task.name, state: task.state, error });
}

/** A scope's cancel() was called, or its deadline passed, or its signal aborted. */
export function recordCancel(scope: CancelScope, reason: unknown): void {
  if (tracing.on && tracing.historySize > 0) {
    const record: ScopeEventRecord = { scopeId: scope.id, name: scope.name, event: 'cancel', at: currentTime() };
    if (reason !== undefined) record.reason = errorText(reason);
    pushBounded(scopeEvents, record);
  }
  if (channels.cancel.hasSubscribers) channels.cancel.publish({ id: scope.id, name: scope.name, reason });
}

/** The history's finished tasks as the snapshot reports them, oldest first. */
export function finishedTaskRecords(): FinishedTaskRecord[] {
  return taskHistory.records(errorText);
}

// Trims in halves, so that each push costs O(1) amortised; readers take the last historySize.
function pushBounded<T>(list: T[], item: T): void {
  list.push(item);
  if (list.length >= 2 * tracing.historySize) list.splice(0, list.length - tracing.historySize);
}
