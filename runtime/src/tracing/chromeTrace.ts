import type { TaskTreeSnapshot } from './types.ts';

interface TraceEvent {
  name: string;
  cat: string;
  ph: 'X' | 'i' | 'M';
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  s?: 'p' | 't' | 'g';
  args?: Record<string, unknown>;
}

/**
 * The history (and the tasks still running) as a Chrome trace: load it in Perfetto
 * (ui.perfetto.dev) or chrome://tracing. One track per task, its life as one slice; scope
 * cancellations as instant events. Times are microseconds on the `currentTime()` clock.
 */
export function toChromeTrace(snapshot: TaskTreeSnapshot): { traceEvents: TraceEvent[]; displayTimeUnit: 'ms' } {
  const pid = snapshot.pid;
  const events: TraceEvent[] = [{ name: 'process_name', cat: '__metadata', ph: 'M', ts: 0, pid, tid: 0, args: { name: `corral (pid ${pid})` } }];
  for (const task of snapshot.history.tasks) {
    events.push({
      name: task.name,
      cat: 'task',
      ph: 'X',
      ts: micro(task.startedAt),
      dur: micro(task.endedAt - task.startedAt),
      pid,
      tid: task.id,
      args: { id: task.id, parentId: task.parentId, state: task.state, ...(task.error ? { error: task.error } : {}), ...(task.spawnSite ? { spawnSite: task.spawnSite } : {}) },
    });
  }
  for (const task of snapshot.tasks) {
    if (task.startedAt === undefined) continue;
    events.push({
      name: task.name,
      cat: 'task',
      ph: 'X',
      ts: micro(task.startedAt),
      dur: micro(snapshot.now - task.startedAt),
      pid,
      tid: task.id,
      args: { id: task.id, parentId: task.parentId, state: `${task.state} (still running)` },
    });
  }
  for (const event of snapshot.history.scopes) {
    events.push({ name: `cancel ${event.name}`, cat: 'scope', ph: 'i', s: 'p', ts: micro(event.at), pid, tid: 0, args: { scopeId: event.scopeId, reason: event.reason } });
  }
  return { traceEvents: events, displayTimeUnit: 'ms' };
}

function micro(ms: number): number {
  return Math.round(ms * 1_000);
}
