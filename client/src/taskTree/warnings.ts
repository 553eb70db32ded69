// Warnings, like tokio-console's lints: things in a live task tree that are probably bugs. Pure
// (no `vscode`): the view keeps the `Observations` between snapshots and passes them in.
//
// Every duration is on the debuggee's clock (`snapshot.now`, ms) minus the time the debugger
// held it paused: a task is not "stuck" because someone sat at a breakpoint.
import type { TaskSnapshot, TaskTreeSnapshot } from '../../../runtime/src/tracing/types.ts';

export type WarningKind = 'stuck-cancelling' | 'slow-start' | 'blocked-loop' | 'full-queue';

export interface TaskTreeWarning {
  kind: WarningKind;
  /** One sentence, shown on the node's tooltip and in the summary. */
  message: string;
  /** The tasks it is about (shown on their nodes); empty for process-wide ones. */
  taskIds: number[];
  queueId?: number;
}

export interface Thresholds {
  /** A task cancelled longer ago than this and still running is stuck cancelling. */
  stuckCancellingMs: number;
  /** `start()` waiting longer than this for the child's `started()`. */
  slowStartMs: number;
  /** A timer late by more than this means the event loop was blocked (the runtime records > 100 ms). */
  lateTimerMs: number;
  /** A late timer is reported for this long after it fired. */
  lateTimerRecentMs: number;
  /** A full queue whose readers (tasks seen waiting on its `get`) have all ended, a putter waiting on it this long. */
  fullQueueMs: number;
  /**
   * The same for a queue none of whose readers was ever seen: longer, since a reader that is
   * always busy never shows up waiting (and 250 ms polls can miss short waits).
   */
  fullQueueUnknownReaderMs: number;
}

export const DEFAULT_THRESHOLDS: Thresholds = {
  stuckCancellingMs: 1_000,
  slowStartMs: 2_000,
  lateTimerMs: 100,
  lateTimerRecentMs: 30_000,
  fullQueueMs: 1_000,
  fullQueueUnknownReaderMs: 10_000,
};

/** What the view remembers from earlier snapshots of the same debuggee. */
export interface Observations {
  /** Per live task: its state and wait, and since when (debuggee clock) it has been in it. */
  tasks: Map<number, { key: string; since: number }>;
  /** Per queue id: the live tasks seen waiting on its `get` (its readers). */
  readers: Map<number, Set<number>>;
  /** When the debugger held the debuggee paused (debuggee clock); `to` null while it still is. */
  pauses: { from: number; to: number | null }[];
}

export function emptyObservations(): Observations {
  return { tasks: new Map(), readers: new Map(), pauses: [] };
}

/** The observations after one more snapshot (a new object; the old one is not changed). */
export function observe(previous: Observations, snapshot: TaskTreeSnapshot): Observations {
  const tasks = new Map<number, { key: string; since: number }>();
  const live = new Set<number>();
  for (const task of snapshot.tasks) {
    live.add(task.id);
    const key = stateKey(task);
    const before = previous.tasks.get(task.id);
    tasks.set(task.id, before !== undefined && before.key === key ? before : { key, since: snapshot.now });
  }
  const readers = new Map<number, Set<number>>();
  for (const [queueId, ids] of previous.readers) {
    const still = new Set([...ids].filter((id) => live.has(id)));
    readers.set(queueId, still);
  }
  for (const task of snapshot.tasks) {
    if (task.waitingOnId === undefined || !task.waitingOn?.endsWith('.get')) continue;
    const set = readers.get(task.waitingOnId) ?? new Set<number>();
    set.add(task.id);
    readers.set(task.waitingOnId, set);
  }
  return { tasks, readers, pauses: previous.pauses };
}

function stateKey(task: TaskSnapshot): string {
  return `${task.state}|${task.waitingOn ?? ''}|${task.waitingOnId ?? ''}`;
}

/** How long the debuggee ran, not paused by the debugger, between `from` and `to`. */
export function runningTime(from: number, to: number, pauses: Observations['pauses']): number {
  let paused = 0;
  for (const pause of pauses) {
    const start = Math.max(from, pause.from);
    const end = Math.min(to, pause.to ?? Infinity);
    if (end > start) paused += end - start;
  }
  return Math.max(0, to - from - paused);
}

export function computeWarnings(snapshot: TaskTreeSnapshot, observations: Observations, thresholds: Thresholds = DEFAULT_THRESHOLDS): TaskTreeWarning[] {
  const warnings: TaskTreeWarning[] = [];
  const { now } = snapshot;
  const ran = (from: number): number => runningTime(from, now, observations.pauses);

  for (const task of snapshot.tasks) {
    if (task.state === 'cancelling' && task.cancelledAt !== undefined) {
      const ms = ran(task.cancelledAt);
      if (ms > thresholds.stuckCancellingMs) {
        const on = task.waitingOn ? `waits on ${task.waitingOn}` : 'awaits something that is not a Corral checkpoint';
        warnings.push({
          kind: 'stuck-cancelling',
          message: `"${task.name}" #${task.id} is still running ${formatMs(ms)} after its scope was cancelled: it ${on}, which ignores cancellation`,
          taskIds: [task.id],
        });
      }
    }
    if (task.state === 'waiting-for-started') {
      const since = observations.tasks.get(task.id);
      const ms = since !== undefined && since.key === stateKey(task) ? ran(since.since) : 0;
      if (ms > thresholds.slowStartMs) {
        warnings.push({
          kind: 'slow-start',
          message: `"${task.name}" #${task.id} has waited ${formatMs(ms)} in start() for its task to call started()`,
          taskIds: [task.id],
        });
      }
    }
  }

  // A put waits only while its queue is full: putters waiting long, and no reader left, is a full
  // queue that nobody reads. (The putters carry the queue's id; `snapshot.queues` adds its size when listed.)
  const puttersByQueue = new Map<number, TaskSnapshot[]>();
  for (const task of snapshot.tasks) {
    if (task.state !== 'waiting' || task.waitingOnId === undefined || !/Queue#\d+\.put$/.test(task.waitingOn ?? '')) continue;
    puttersByQueue.set(task.waitingOnId, [...(puttersByQueue.get(task.waitingOnId) ?? []), task]);
  }
  for (const [queueId, putters] of puttersByQueue) {
    const queue = snapshot.queues.find((candidate) => candidate.id === queueId);
    if (queue && (queue.waitingGetters > 0 || (queue.maxsize !== null && queue.size < queue.maxsize))) continue;
    if (snapshot.tasks.some((task) => task.waitingOnId === queueId && task.waitingOn?.endsWith('.get'))) continue;
    const readers = observations.readers.get(queueId);
    if (readers !== undefined && readers.size > 0) continue;
    const longest = Math.max(0, ...putters.map((task) => {
      const since = observations.tasks.get(task.id);
      return since !== undefined && since.key === stateKey(task) ? ran(since.since) : 0;
    }));
    const threshold = readers === undefined ? Math.max(thresholds.fullQueueMs, thresholds.fullQueueUnknownReaderMs) : thresholds.fullQueueMs;
    if (longest > threshold) {
      const why = readers === undefined ? 'nobody has read it while the view watched' : 'its readers are gone';
      const size = queue && queue.maxsize !== null ? ` (${queue.size}/${queue.maxsize})` : '';
      warnings.push({
        kind: 'full-queue',
        message: `Queue#${queueId} is full${size} and ${why}: ${putters.length} putter(s) blocked for ${formatMs(longest)}`,
        taskIds: putters.map((task) => task.id),
        queueId,
      });
    }
  }

  const late = snapshot.lateTimer;
  if (late !== null) {
    // The part of the lateness the debugger explains (a pause between when it was due and when it fired).
    const lateness = runningTime(late.at - late.lateByMs, late.at, observations.pauses);
    if (lateness > thresholds.lateTimerMs && now - late.at <= thresholds.lateTimerRecentMs) {
      warnings.push({
        kind: 'blocked-loop',
        message: `The event loop was blocked: a checkpoint ran ${formatMs(lateness)} late, ${formatMs(Math.max(0, now - late.at))} ago`,
        taskIds: [],
      });
    }
  }
  return warnings;
}

export function formatMs(ms: number): string {
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  if (ms < 120_000) return `${(ms / 1_000).toFixed(1)} s`;
  return `${(ms / 60_000).toFixed(1)} min`;
}
