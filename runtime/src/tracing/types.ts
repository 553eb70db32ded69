// The task tree as the runtime reports it: what `snapshot()` of the devtools hook returns (as
// JSON), what `formatTaskTree` renders, and what the editor's task-tree view reads. This module
// is the one owner of these types; the extension imports them as types only.
// JSON has no Infinity: "no deadline" and "unbounded" are `null` here.

export type TaskTreeState =
  | 'starting' // scheduled, not yet run its first turn
  | 'running' // running: the task that took the snapshot
  | 'awaiting' // suspended at an await of a promise that is not Corral's: no checkpoint, cancellation cannot reach it
  | 'sleeping' // in sleep/sleepUntil: see `sleepUntil`
  | 'waiting' // in a Corral wait, or at the end of its task group: see `waitingOn`
  | 'waiting-for-started' // in `tg.start(...)`, its child has not called `started()` yet
  | 'cancelling' // its scope is cancelled and it has not ended yet
  | 'done'
  | 'failed'
  | 'cancelled';

export interface TaskSnapshot {
  id: number;
  name: string;
  /** The scope or task group it runs in (or, inside `start` before `started()`, its starter's scope or task). */
  parentId: number | null;
  state: TaskTreeState;
  /** What it waits on: `Queue#3.get`, `Lock#1.acquire`, `Event#2.wait`, `sleep`… */
  waitingOn?: string;
  /** The id of the primitive it waits on (a queue's id matches `queues[].id`). */
  waitingOnId?: number;
  /** For `sleeping`: when it wakes, on the `now` clock. */
  sleepUntil?: number;
  /** When the cancellation reached it, on the `now` clock: long ago and still running means stuck cancelling. */
  cancelledAt?: number;
  /** With tracing on: when it began to run (shared by tasks started in one synchronous run), and where it was started (`file:line:column`). */
  startedAt?: number;
  spawnSite?: string;
}

export interface ScopeSnapshot {
  id: number;
  name: string;
  kind: 'scope' | 'task group';
  parentId: number | null;
  /** Absolute deadline on the `now` clock, or null for none. */
  deadline: number | null;
  /** `deadline - now`, or null for none. */
  remaining: number | null;
  shield: boolean;
  cancelCalled: boolean;
  /** Cancelled, by itself or an enclosing unshielded scope. */
  cancelled: boolean;
  cancelReason?: string;
  /** The scope whose cancellation this one sees (itself, or an enclosing one). */
  cancelOriginId?: number;
  cancelledAt?: number;
}

export interface QueueSnapshot {
  id: number;
  size: number;
  /** null when unbounded. */
  maxsize: number | null;
  waitingPutters: number;
  waitingGetters: number;
}

export interface FinishedTaskRecord {
  id: number;
  name: string;
  parentId: number | null;
  state: 'done' | 'failed' | 'cancelled';
  startedAt: number;
  endedAt: number;
  error?: string;
  spawnSite?: string;
}

export interface ScopeEventRecord {
  scopeId: number;
  name: string;
  event: 'cancel';
  at: number;
  reason?: string;
}

export interface TaskTreeSnapshot {
  /** Format version; bumped on incompatible change. */
  version: 1;
  pid: number;
  /** `currentTime()` when the snapshot was taken: every time in it is on this clock (ms). */
  now: number;
  /** Whether the costlier data (spawn sites, history) is being collected. */
  tracing: boolean;
  tasks: TaskSnapshot[];
  scopes: ScopeSnapshot[];
  /** Queues that some task waits on. */
  queues: QueueSnapshot[];
  /** With tracing on: the most recent finished tasks and scope events, oldest first. */
  history: { tasks: FinishedTaskRecord[]; scopes: ScopeEventRecord[] };
  /** The latest timer that fired late by more than 100 ms: the event loop was blocked. */
  lateTimer: { lateByMs: number; at: number } | null;
}
