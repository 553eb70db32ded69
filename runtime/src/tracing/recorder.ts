import { channel } from 'node:diagnostics_channel';

import { currentTime } from '../clock.ts';
import type { CancelScope } from '../core/cancelScope.ts';
import type { Task } from '../core/task.ts';
import type { FinishedTaskRecord, ScopeEventRecord } from './types.ts';

/**
 * The costlier tracing data, collected only when switched on without code changes: by the
 * environment variable `CORRAL_TRACE=1` (the editor extension sets it on launch), or while
 * someone subscribes to the `corral:*` diagnostics channels. Off, each hook below costs one
 * boolean test.
 */
export const tracing = {
  on: isTruthy(process.env.CORRAL_TRACE) || process.env.CORRAL_TRACE_FILE !== undefined,
  historySize: Math.max(0, Number(process.env.CORRAL_TRACE_HISTORY ?? 1000) || 0),
};

/** Events on `node:diagnostics_channel`, published only when someone subscribes. */
export const channels = {
  spawn: channel('corral:task:spawn'),
  end: channel('corral:task:end'),
  cancel: channel('corral:scope:cancel'),
};

/** A finished task as recorded: its spawn site stays an unformatted stack until someone reads it. */
export interface FinishedTask extends Omit<FinishedTaskRecord, 'spawnSite' | 'error'> {
  error?: unknown;
  spawnStack?: { stack?: string };
}

export const finishedTasks: FinishedTask[] = [];
export const scopeEvents: ScopeEventRecord[] = [];

/** A task was started (by `startSoon` or `start`); `spawner` is the function whose caller is the spawn site. */
export function recordSpawn(task: Task, spawner: (...args: never[]) => unknown): void {
  if (tracing.on) {
    task.startedAt = currentTime();
    // One frame is all the spawn site needs: capturing ten would cost several times more. The
    // stack is formatted only when a snapshot reads it.
    const holder: { stack?: string } = {};
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 1;
    Error.captureStackTrace(holder, spawner);
    Error.stackTraceLimit = limit;
    task.spawnStack = holder;
  }
  if (channels.spawn.hasSubscribers) channels.spawn.publish({ id: task.id, name: task.name, parentId: task.parent?.id ?? null });
}

/** A task ended; its state is already set. */
export function recordEnd(task: Task, error: unknown): void {
  if (tracing.on && tracing.historySize > 0) {
    const record: FinishedTask = {
      id: task.id,
      name: task.name,
      parentId: task.parent?.id ?? null,
      state: task.state === 'failed' ? 'failed' : task.state === 'cancelled' ? 'cancelled' : 'done',
      startedAt: task.startedAt,
      endedAt: currentTime(),
    };
    if (task.state === 'failed') record.error = error;
    if (task.spawnStack !== undefined) record.spawnStack = task.spawnStack;
    pushBounded(finishedTasks, record);
  }
  if (channels.end.hasSubscribers) channels.end.publish({ id: task.id, name: task.name, state: task.state, error });
}

/** A scope's cancel() was called, or its deadline passed, or its signal aborted. */
export function recordCancel(scope: CancelScope, reason: unknown): void {
  if (tracing.on && tracing.historySize > 0) {
    const record: ScopeEventRecord = { scopeId: scope.id, name: scope.name, event: 'cancel', at: currentTime() };
    if (reason !== undefined) record.reason = describeError(reason);
    pushBounded(scopeEvents, record);
  }
  if (channels.cancel.hasSubscribers) channels.cancel.publish({ id: scope.id, name: scope.name, reason });
}

/** The history's finished tasks as the snapshot reports them, the last `historySize` of them. */
export function finishedTaskRecords(): FinishedTaskRecord[] {
  return finishedTasks.slice(-tracing.historySize).map(({ error, spawnStack, ...fields }) => {
    const record: FinishedTaskRecord = { ...fields };
    if (fields.state === 'failed') record.error = describeError(error);
    const site = spawnSiteOf({ spawnStack });
    if (site !== undefined) record.spawnSite = site;
    return record;
  });
}

/** `file:line:column` of the code that started the task, from its captured stack; undefined when not captured. */
export function spawnSiteOf(task: { spawnStack?: { stack?: string } | undefined }): string | undefined {
  const stack = task.spawnStack?.stack;
  if (stack === undefined) return undefined;
  // The first frame below the message is the caller of startSoon/start (captureStackTrace cut the rest).
  const frame = stack.split('\n').find((line) => line.trimStart().startsWith('at '));
  const location = frame?.match(/\(([^()]+:\d+:\d+)\)\s*$/)?.[1] ?? frame?.match(/at ([^\s()]+:\d+:\d+)\s*$/)?.[1];
  return location?.replace(/^file:\/\//, '');
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return typeof error === 'string' ? error : String(error);
}

// Trims in halves, so that each push costs O(1) amortised; readers take the last historySize.
function pushBounded<T>(list: T[], item: T): void {
  list.push(item);
  if (list.length >= 2 * tracing.historySize) list.splice(0, list.length - tracing.historySize);
}

function isTruthy(value: string | undefined): boolean {
  return value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false';
}
