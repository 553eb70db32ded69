import { currentTime } from '../clock.ts';
import { roots, type CancelNode } from '../core/cancelNode.ts';
import { ScopeNode } from '../core/cancelScope.ts';
import { deadlines } from '../core/deadlineHeap.ts';
import { activityOf } from '../core/activity.ts';
import { currentTask, Task } from '../core/task.ts';
import type { Parked } from '../core/waiter.ts';
import { errorText } from '../validate.ts';
import { finishedTaskRecords, scopeEvents, tracing } from './recorder.ts';
import type { QueueSnapshot, ScopeSnapshot, TaskSnapshot, TaskTreeSnapshot } from './types.ts';

/** What one copy of the runtime contributes to the process's task tree. */
export type TreePart = Omit<TaskTreeSnapshot, 'version' | 'pid'>;

/**
 * This copy's live tree: every scope and task reachable from the roots, with the state each
 * task is in, derived from what it waits on. Reads only; O(nodes + waiters).
 */
export function collectTree(): TreePart {
  const now = currentTime();
  const part: TreePart = {
    now,
    tracing: tracing.on,
    tasks: [],
    scopes: [],
    queues: [],
    history: { tasks: finishedTaskRecords(), scopes: scopeEvents.slice(-tracing.historySize) },
    lateTimer: deadlines.lateTimer,
  };
  const queues = new Map<number, QueueSnapshot>();
  // The task that takes the snapshot is running; every other one is suspended at an await.
  const running = currentTask();
  const stack: CancelNode[] = [...roots];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node instanceof Task) part.tasks.push(describeTask(node, queues, running));
    else if (node instanceof ScopeNode) part.scopes.push(describeScope(node, now));
    for (const child of node.children()) stack.push(child);
  }
  part.queues = [...queues.values()];
  return part;
}

function describeScope(node: ScopeNode, now: number): ScopeSnapshot {
  const { scope } = node;
  const snapshot: ScopeSnapshot = {
    id: node.id,
    name: scope.name,
    kind: node.isGroup ? 'task group' : 'scope',
    parentId: node.parent?.id ?? null,
    deadline: Number.isFinite(node.deadline) ? node.deadline : null,
    remaining: Number.isFinite(node.deadline) ? node.deadline - now : null,
    shield: node.shield,
    cancelCalled: node.cancelCalled,
    cancelled: node.cancelled,
  };
  if (node.cancelled) {
    if (node.cancelReason !== undefined) snapshot.cancelReason = errorText(node.cancelReason);
    if (node.cancelOrigin) snapshot.cancelOriginId = node.cancelOrigin.id;
    snapshot.cancelledAt = node.cancelledAt;
  }
  return snapshot;
}

function describeTask(task: Task, queues: Map<number, QueueSnapshot>, running: Task | undefined): TaskSnapshot {
  const snapshot: TaskSnapshot = { id: task.id, name: task.name, parentId: task.parent?.id ?? null, state: task.state };
  if (task.state === 'running' && task !== running) {
    const activity = activityOf(task);
    if (activity.kind === 'parked') describeWait(snapshot, activity.waiter, queues);
    else if (activity.kind === 'starting') snapshot.state = 'waiting-for-started';
    else if (activity.kind === 'joining') {
      snapshot.state = 'waiting';
      snapshot.waitingOn = activity.group.label;
      snapshot.waitingOnId = activity.group.id;
    } else snapshot.state = 'awaiting';
  }
  if (task.state === 'running' && task.cancelled) snapshot.state = 'cancelling';
  if (task.cancelled) snapshot.cancelledAt = task.cancelledAt;
  if (task.started !== undefined) snapshot.startedAt = task.started.at;
  const site = task.spawnSite?.location;
  if (site) snapshot.spawnSite = site;
  return snapshot;
}

function describeWait(snapshot: TaskSnapshot, waiter: Parked, queues: Map<number, QueueSnapshot>): void {
  const sleeper = waiter as Parked & { deadline?: number; on?: { id: number } | null };
  if (sleeper.waitingOn === 'sleep' && typeof sleeper.deadline === 'number') {
    snapshot.state = 'sleeping';
    snapshot.sleepUntil = sleeper.deadline;
    return;
  }
  snapshot.state = 'waiting';
  snapshot.waitingOn = waiter.waitingOn;
  const on = sleeper.on;
  if (on) {
    snapshot.waitingOnId = on.id;
    const queue = asQueue(on);
    if (queue) queues.set(on.id, queue);
  }
}

function asQueue(on: object): QueueSnapshot | undefined {
  const candidate = on as { id: number; statistics?: () => { size: number; maxsize: number; waitingPutters: number; waitingGetters: number } };
  if (on.constructor.name !== 'Queue' || typeof candidate.statistics !== 'function') return undefined;
  const { size, maxsize, waitingPutters, waitingGetters } = candidate.statistics();
  return { id: candidate.id, size, maxsize: Number.isFinite(maxsize) ? maxsize : null, waitingPutters, waitingGetters };
}
