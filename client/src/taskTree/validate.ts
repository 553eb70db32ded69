// The debuggee's snapshot is data from another process: parse it, check every field the view
// reads, and keep only those. Pure (no `vscode`), so that it is unit-tested (test/taskTree/).
import type {
  FinishedTaskRecord,
  QueueSnapshot,
  ScopeEventRecord,
  ScopeSnapshot,
  TaskSnapshot,
  TaskTreeSnapshot,
  TaskTreeState,
} from '../../../runtime/src/tracing/types.ts';

export type Validated = { ok: true; snapshot: TaskTreeSnapshot } | { ok: false; error: string };

/** More entries than this are refused rather than drawn (a runaway program). */
export const MAX_ENTRIES = 100_000;
const MAX_TEXT = 2_000;

const TASK_STATES: ReadonlySet<string> = new Set<TaskTreeState>([
  'starting', 'running', 'awaiting', 'sleeping', 'waiting', 'waiting-for-started', 'cancelling', 'done', 'failed', 'cancelled',
]);
const FINISHED_STATES: ReadonlySet<string> = new Set(['done', 'failed', 'cancelled']);

class Invalid extends Error {}

/** `text` as the hook's `snapshot()` returned it, to a checked snapshot or the first problem found. */
export function parseSnapshot(text: string): Validated {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `not JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  return validateSnapshot(value);
}

/** Unknown JSON to a `TaskTreeSnapshot` holding only the known fields, or the first problem found. */
export function validateSnapshot(value: unknown): Validated {
  try {
    const root = object(value, 'snapshot');
    if (root.version !== 1) throw new Invalid(`version: expected 1, got ${short(root.version)}`);
    const snapshot: TaskTreeSnapshot = {
      version: 1,
      pid: integer(root.pid, 'pid'),
      now: finite(root.now, 'now'),
      tracing: boolean(root.tracing, 'tracing'),
      tasks: list(root.tasks, 'tasks', task),
      scopes: list(root.scopes, 'scopes', scope),
      queues: list(root.queues, 'queues', queue),
      history: history(root.history),
      lateTimer: lateTimer(root.lateTimer),
    };
    if (snapshot.tasks.length + snapshot.scopes.length > MAX_ENTRIES) throw new Invalid(`more than ${MAX_ENTRIES} tasks and scopes`);
    const ids = new Set<number>();
    for (const entry of [...snapshot.tasks, ...snapshot.scopes]) {
      if (ids.has(entry.id)) throw new Invalid(`id ${entry.id} is used twice`);
      ids.add(entry.id);
    }
    return { ok: true, snapshot };
  } catch (error) {
    if (error instanceof Invalid) return { ok: false, error: error.message };
    throw error;
  }
}

function task(value: unknown, at: string): TaskSnapshot {
  const raw = object(value, at);
  const state = raw.state;
  if (typeof state !== 'string' || !TASK_STATES.has(state)) throw new Invalid(`${at}.state: unknown state ${short(state)}`);
  const result: TaskSnapshot = {
    id: integer(raw.id, `${at}.id`),
    name: text(raw.name, `${at}.name`),
    parentId: nullableInteger(raw.parentId, `${at}.parentId`),
    state: state as TaskTreeState,
  };
  if (raw.waitingOn !== undefined) result.waitingOn = text(raw.waitingOn, `${at}.waitingOn`);
  if (raw.waitingOnId !== undefined) result.waitingOnId = integer(raw.waitingOnId, `${at}.waitingOnId`);
  if (raw.sleepUntil !== undefined) result.sleepUntil = finite(raw.sleepUntil, `${at}.sleepUntil`);
  if (raw.cancelledAt !== undefined) result.cancelledAt = finite(raw.cancelledAt, `${at}.cancelledAt`);
  if (raw.startedAt !== undefined) result.startedAt = finite(raw.startedAt, `${at}.startedAt`);
  if (raw.spawnSite !== undefined) result.spawnSite = text(raw.spawnSite, `${at}.spawnSite`);
  return result;
}

function scope(value: unknown, at: string): ScopeSnapshot {
  const raw = object(value, at);
  const kind = raw.kind;
  if (kind !== 'scope' && kind !== 'task group') throw new Invalid(`${at}.kind: expected "scope" or "task group", got ${short(kind)}`);
  const result: ScopeSnapshot = {
    id: integer(raw.id, `${at}.id`),
    name: text(raw.name, `${at}.name`),
    kind,
    parentId: nullableInteger(raw.parentId, `${at}.parentId`),
    deadline: nullableFinite(raw.deadline, `${at}.deadline`),
    remaining: nullableFinite(raw.remaining, `${at}.remaining`),
    shield: boolean(raw.shield, `${at}.shield`),
    cancelCalled: boolean(raw.cancelCalled, `${at}.cancelCalled`),
    cancelled: boolean(raw.cancelled, `${at}.cancelled`),
  };
  if (raw.cancelReason !== undefined) result.cancelReason = text(raw.cancelReason, `${at}.cancelReason`);
  if (raw.cancelOriginId !== undefined) result.cancelOriginId = integer(raw.cancelOriginId, `${at}.cancelOriginId`);
  if (raw.cancelledAt !== undefined) result.cancelledAt = finite(raw.cancelledAt, `${at}.cancelledAt`);
  return result;
}

function queue(value: unknown, at: string): QueueSnapshot {
  const raw = object(value, at);
  return {
    id: integer(raw.id, `${at}.id`),
    size: count(raw.size, `${at}.size`),
    maxsize: raw.maxsize === null ? null : count(raw.maxsize, `${at}.maxsize`),
    waitingPutters: count(raw.waitingPutters, `${at}.waitingPutters`),
    waitingGetters: count(raw.waitingGetters, `${at}.waitingGetters`),
  };
}

function history(value: unknown): TaskTreeSnapshot['history'] {
  const raw = object(value, 'history');
  return { tasks: list(raw.tasks, 'history.tasks', finishedTask), scopes: list(raw.scopes, 'history.scopes', scopeEvent) };
}

function finishedTask(value: unknown, at: string): FinishedTaskRecord {
  const raw = object(value, at);
  const state = raw.state;
  if (typeof state !== 'string' || !FINISHED_STATES.has(state)) throw new Invalid(`${at}.state: unknown state ${short(state)}`);
  const result: FinishedTaskRecord = {
    id: integer(raw.id, `${at}.id`),
    name: text(raw.name, `${at}.name`),
    parentId: nullableInteger(raw.parentId, `${at}.parentId`),
    state: state as FinishedTaskRecord['state'],
    startedAt: finite(raw.startedAt, `${at}.startedAt`),
    endedAt: finite(raw.endedAt, `${at}.endedAt`),
  };
  if (raw.error !== undefined) result.error = text(raw.error, `${at}.error`);
  if (raw.spawnSite !== undefined) result.spawnSite = text(raw.spawnSite, `${at}.spawnSite`);
  return result;
}

function scopeEvent(value: unknown, at: string): ScopeEventRecord {
  const raw = object(value, at);
  if (raw.event !== 'cancel') throw new Invalid(`${at}.event: expected "cancel", got ${short(raw.event)}`);
  const result: ScopeEventRecord = {
    scopeId: integer(raw.scopeId, `${at}.scopeId`),
    name: text(raw.name, `${at}.name`),
    event: 'cancel',
    at: finite(raw.at, `${at}.at`),
  };
  if (raw.reason !== undefined) result.reason = text(raw.reason, `${at}.reason`);
  return result;
}

function lateTimer(value: unknown): TaskTreeSnapshot['lateTimer'] {
  if (value === null) return null;
  const raw = object(value, 'lateTimer');
  return { lateByMs: finite(raw.lateByMs, 'lateTimer.lateByMs'), at: finite(raw.at, 'lateTimer.at') };
}

// ── Field checks ────────────────────────────────────────────────────────────────────────────

function object(value: unknown, at: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Invalid(`${at}: expected an object, got ${short(value)}`);
  return value as Record<string, unknown>;
}

function list<T>(value: unknown, at: string, item: (value: unknown, at: string) => T): T[] {
  if (!Array.isArray(value)) throw new Invalid(`${at}: expected an array, got ${short(value)}`);
  if (value.length > MAX_ENTRIES) throw new Invalid(`${at}: more than ${MAX_ENTRIES} entries`);
  return value.map((entry, index) => item(entry, `${at}[${index}]`));
}

function finite(value: unknown, at: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new Invalid(`${at}: expected a finite number, got ${short(value)}`);
  return value;
}

function nullableFinite(value: unknown, at: string): number | null {
  return value === null ? null : finite(value, at);
}

function integer(value: unknown, at: string): number {
  if (!Number.isSafeInteger(value)) throw new Invalid(`${at}: expected an integer, got ${short(value)}`);
  return value as number;
}

function nullableInteger(value: unknown, at: string): number | null {
  return value === null ? null : integer(value, at);
}

function count(value: unknown, at: string): number {
  const n = integer(value, at);
  if (n < 0) throw new Invalid(`${at}: expected a count >= 0, got ${n}`);
  return n;
}

function boolean(value: unknown, at: string): boolean {
  if (typeof value !== 'boolean') throw new Invalid(`${at}: expected true or false, got ${short(value)}`);
  return value;
}

/** A string, cut to MAX_TEXT characters (a name is drawn, not trusted to be short). */
function text(value: unknown, at: string): string {
  if (typeof value !== 'string') throw new Invalid(`${at}: expected a string, got ${short(value)}`);
  return value.length > MAX_TEXT ? `${value.slice(0, MAX_TEXT)}…` : value;
}

function short(value: unknown): string {
  if (value === undefined) return 'nothing';
  let shown: string;
  try {
    shown = JSON.stringify(value) ?? String(value);
  } catch {
    shown = String(value);
  }
  return shown.length > 40 ? `${shown.slice(0, 40)}…` : shown;
}
