// The view's model: a checked snapshot to tree nodes. Pure (no `vscode`): view.ts turns nodes
// into TreeItems, and the tests (test/taskTree/) read the same nodes.
//
// - Node ids are stable across refreshes (`scope:2`, `task:7`, collapsed siblings keyed by what
//   they share), so VS Code keeps a node's expansion and selection.
// - Identical leaf siblings (same name, state, wait and spawn site) collapse into one `×N` node.
// - Warnings (warnings.ts) are put on their tasks' nodes and counted in the summary line.
import type { QueueSnapshot, ScopeSnapshot, TaskSnapshot, TaskTreeSnapshot } from '../../../runtime/src/tracing/types.ts';
import { computeWarnings, DEFAULT_THRESHOLDS, formatMs, type Observations, type TaskTreeWarning, type Thresholds } from './warnings.ts';

export type NodeKind = 'scope' | 'task group' | 'task' | 'queue';

export interface SpawnSite {
  file: string;
  line: number;
  column: number;
}

export interface TaskTreeNode {
  /** Stable across refreshes: VS Code keeps expansion and selection by it. */
  id: string;
  kind: NodeKind;
  /** The runtime's id of the scope, task group, task or queue (the first one when collapsed). */
  entityId: number;
  /** All the runtime ids this node stands for (several when identical siblings are collapsed). */
  entityIds: number[];
  count: number;
  label: string;
  description: string;
  tooltip: string;
  /** A codicon name and an optional theme color id. */
  icon: string;
  color?: string;
  /** For tasks: their state. */
  state?: TaskSnapshot['state'];
  spawnSite?: SpawnSite;
  /** A scope or task group that is not cancelled yet: the "cancel" action applies. */
  cancellable: boolean;
  shield: boolean;
  cancelled: boolean;
  warnings: TaskTreeWarning[];
  children: TaskTreeNode[];
}

export interface TaskTreeModel {
  pid: number;
  now: number;
  tracing: boolean;
  paused: boolean;
  roots: TaskTreeNode[];
  warnings: TaskTreeWarning[];
  /** One line for the view's message: paused marker, counts, warnings. */
  summary: string;
  counts: { tasks: number; scopes: number; taskGroups: number };
}

export interface ModelOptions {
  paused?: boolean;
  /** A pause was asked for and the debugger has not stopped yet (debuggerHold.ts). */
  pausing?: boolean;
  observations?: Observations;
  thresholds?: Thresholds;
}

const STATE_ICONS: Record<TaskSnapshot['state'], { icon: string; color?: string }> = {
  starting: { icon: 'circle-outline' },
  running: { icon: 'play-circle', color: 'debugIcon.startForeground' },
  awaiting: { icon: 'globe' },
  sleeping: { icon: 'clock' },
  waiting: { icon: 'watch' },
  'waiting-for-started': { icon: 'loading' },
  cancelling: { icon: 'stop-circle', color: 'debugIcon.stopForeground' },
  done: { icon: 'pass', color: 'testing.iconPassed' },
  failed: { icon: 'error', color: 'testing.iconFailed' },
  cancelled: { icon: 'circle-slash' },
};

export function buildModel(snapshot: TaskTreeSnapshot, options: ModelOptions = {}): TaskTreeModel {
  const observations = options.observations ?? { tasks: new Map(), readers: new Map(), pauses: [] };
  const warnings = computeWarnings(snapshot, observations, options.thresholds ?? DEFAULT_THRESHOLDS);
  const warningsByTask = new Map<number, TaskTreeWarning[]>();
  for (const warning of warnings) {
    for (const id of warning.taskIds) warningsByTask.set(id, [...(warningsByTask.get(id) ?? []), warning]);
  }

  const entries: (ScopeSnapshot | TaskSnapshot)[] = [...snapshot.scopes, ...snapshot.tasks].sort((a, b) => a.id - b.id);
  const ids = new Set(entries.map((entry) => entry.id));
  const byParent = new Map<number | null, (ScopeSnapshot | TaskSnapshot)[]>();
  for (const entry of entries) {
    const parent = entry.parentId !== null && ids.has(entry.parentId) && entry.parentId !== entry.id ? entry.parentId : null;
    byParent.set(parent, [...(byParent.get(parent) ?? []), entry]);
  }

  const visited = new Set<number>();
  const build = (entry: ScopeSnapshot | TaskSnapshot): TaskTreeNode => {
    visited.add(entry.id);
    const node = isScope(entry) ? scopeNode(entry, snapshot.now) : taskNode(entry, snapshot.now, warningsByTask.get(entry.id) ?? []);
    // A cycle in the parent links (bad data) ends here instead of recursing forever.
    const children = (byParent.get(entry.id) ?? []).filter((child) => !visited.has(child.id)).map(build);
    node.children = collapseSiblings(children, node.id);
    return node;
  };
  const roots = collapseSiblings((byParent.get(null) ?? []).map(build), 'root');
  // Entries only reachable through a cycle of parent links: shown at the top rather than lost.
  for (const entry of entries) if (!visited.has(entry.id)) roots.push(build(entry));
  for (const queue of snapshot.queues) roots.push(queueNode(queue, warnings));

  const counts = {
    tasks: snapshot.tasks.length,
    scopes: snapshot.scopes.filter((scope) => scope.kind === 'scope').length,
    taskGroups: snapshot.scopes.filter((scope) => scope.kind === 'task group').length,
  };
  const paused = options.paused ?? false;
  const marker = paused ? 'Paused' : options.pausing ? 'Pausing…' : undefined;
  return { pid: snapshot.pid, now: snapshot.now, tracing: snapshot.tracing, paused, roots, warnings, summary: summaryLine(counts, warnings, marker, snapshot.tracing), counts };
}

function isScope(entry: ScopeSnapshot | TaskSnapshot): entry is ScopeSnapshot {
  return 'kind' in entry;
}

function summaryLine(counts: TaskTreeModel['counts'], warnings: TaskTreeWarning[], marker: string | undefined, tracing: boolean): string {
  const parts: string[] = [];
  if (marker !== undefined) parts.push(marker);
  parts.push(`${plural(counts.tasks, 'task')} in ${plural(counts.taskGroups, 'task group')} and ${plural(counts.scopes, 'scope')}`);
  if (warnings.length > 0) parts.push(`⚠ ${plural(warnings.length, 'warning')}: ${warnings[0]!.message}`);
  if (!tracing) parts.push('tracing off (no spawn sites)');
  return parts.join(' · ');
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function scopeNode(scope: ScopeSnapshot, now: number): TaskTreeNode {
  const label = scope.kind === 'task group' ? 'task group' : `scope "${scope.name}"`;
  const parts = [`#${scope.id}`];
  if (scope.remaining !== null) parts.push(scope.remaining >= 0 ? `deadline in ${formatMs(scope.remaining)}` : `deadline passed ${formatMs(-scope.remaining)} ago`);
  if (scope.shield) parts.push('shielded');
  if (scope.cancelled) parts.push(scope.cancelledAt !== undefined ? `cancelled ${formatMs(Math.max(0, now - scope.cancelledAt))} ago` : 'cancelled');
  const tooltip = [
    `${scope.kind === 'task group' ? 'Task group' : 'Cancel scope'} "${scope.name}" #${scope.id}`,
    scope.deadline === null ? 'No deadline' : `Deadline in ${formatMs(scope.remaining ?? 0)} (at ${scope.deadline.toFixed(0)} ms)`,
    scope.shield ? 'Shielded: cancellation from outside does not reach inside' : undefined,
    scope.cancelled ? `Cancelled${scope.cancelOriginId !== undefined && scope.cancelOriginId !== scope.id ? ` by #${scope.cancelOriginId}` : ''}${scope.cancelReason ? `: ${scope.cancelReason}` : ''}` : undefined,
  ].filter((line) => line !== undefined).join('\n');
  return {
    id: `scope:${scope.id}`,
    kind: scope.kind,
    entityId: scope.id,
    entityIds: [scope.id],
    count: 1,
    label,
    description: parts.join('  '),
    tooltip,
    icon: scope.cancelled ? 'circle-slash' : scope.shield ? 'shield' : scope.kind === 'task group' ? 'layers' : 'symbol-namespace',
    color: scope.cancelled ? 'debugIcon.stopForeground' : undefined,
    cancellable: !scope.cancelled,
    shield: scope.shield,
    cancelled: scope.cancelled,
    warnings: [],
    children: [],
  };
}

function taskNode(task: TaskSnapshot, now: number, warnings: TaskTreeWarning[]): TaskTreeNode {
  const parts = [`#${task.id}`, stateText(task, now)];
  if (warnings.length > 0) parts.unshift('⚠');
  const site = task.spawnSite === undefined ? undefined : parseSpawnSite(task.spawnSite);
  const tooltip = [
    `Task "${task.name}" #${task.id}: ${task.state}`,
    task.waitingOn ? `Waits on ${task.waitingOn}` : undefined,
    task.state === 'sleeping' && task.sleepUntil !== undefined ? `Wakes in ${formatMs(Math.max(0, task.sleepUntil - now))}` : undefined,
    task.cancelledAt !== undefined ? `Cancelled ${formatMs(Math.max(0, now - task.cancelledAt))} ago` : undefined,
    task.startedAt !== undefined ? `Started ${formatMs(Math.max(0, now - task.startedAt))} ago` : undefined,
    task.spawnSite ? `Spawned at ${task.spawnSite}` : 'Spawn site: run with CORRAL_TRACE=1 to record it',
    ...warnings.map((warning) => `⚠ ${warning.message}`),
  ].filter((line) => line !== undefined).join('\n');
  const look = STATE_ICONS[task.state];
  return {
    id: `task:${task.id}`,
    kind: 'task',
    entityId: task.id,
    entityIds: [task.id],
    count: 1,
    label: task.name,
    description: parts.join('  '),
    tooltip,
    icon: warnings.length > 0 ? 'warning' : look.icon,
    color: warnings.length > 0 ? 'list.warningForeground' : look.color,
    state: task.state,
    spawnSite: site,
    cancellable: false,
    shield: false,
    cancelled: task.state === 'cancelling' || task.state === 'cancelled',
    warnings,
    children: [],
  };
}

// Suspended at an await that is not a Corral wait: no checkpoint, so cancellation cannot reach it.
const AWAITING = 'awaiting a non-Corral promise';

function stateText(task: TaskSnapshot, now: number): string {
  switch (task.state) {
    case 'sleeping':
      return task.sleepUntil !== undefined ? `sleeping, ${formatMs(Math.max(0, task.sleepUntil - now))} left` : 'sleeping';
    case 'waiting':
      return `waiting on ${task.waitingOn ?? '?'}`;
    case 'waiting-for-started':
      return 'waiting for started()';
    case 'awaiting':
      return AWAITING;
    case 'cancelling':
      return `cancelling${task.cancelledAt !== undefined ? ` for ${formatMs(Math.max(0, now - task.cancelledAt))}` : ''} (${task.waitingOn ? `waiting on ${task.waitingOn}` : AWAITING})`;
    default:
      return task.state;
  }
}

function queueNode(queue: QueueSnapshot, warnings: TaskTreeWarning[]): TaskTreeNode {
  const mine = warnings.filter((warning) => warning.queueId === queue.id);
  const bound = queue.maxsize === null ? '∞' : String(queue.maxsize);
  return {
    id: `queue:${queue.id}`,
    kind: 'queue',
    entityId: queue.id,
    entityIds: [queue.id],
    count: 1,
    label: `Queue#${queue.id}`,
    description: `${mine.length > 0 ? '⚠  ' : ''}${queue.size}/${bound} buffered, ${queue.waitingGetters} getter(s), ${queue.waitingPutters} putter(s) waiting`,
    tooltip: [`Queue#${queue.id}: ${queue.size} of ${bound} buffered`, `${queue.waitingGetters} task(s) waiting to get, ${queue.waitingPutters} to put`, ...mine.map((w) => `⚠ ${w.message}`)].join('\n'),
    icon: mine.length > 0 ? 'warning' : 'inbox',
    color: mine.length > 0 ? 'list.warningForeground' : undefined,
    cancellable: false,
    shield: false,
    cancelled: false,
    warnings: mine,
    children: [],
  };
}

/**
 * Leaf tasks that read the same (name, state, wait, spawn site, warnings; ids and times still
 * to run aside) become one node `name ×N`, in the place of the first.
 */
export function collapseSiblings(nodes: TaskTreeNode[], parentId: string): TaskTreeNode[] {
  const result: TaskTreeNode[] = [];
  const groups = new Map<string, TaskTreeNode>();
  for (const node of nodes) {
    if (node.kind !== 'task' || node.children.length > 0) {
      result.push(node);
      continue;
    }
    const key = siblingKey(node);
    const group = groups.get(key);
    if (group === undefined) {
      groups.set(key, node);
      result.push(node);
      continue;
    }
    group.entityIds.push(...node.entityIds);
    group.count = group.entityIds.length;
  }
  for (const node of groups.values()) {
    if (node.count === 1) continue;
    node.id = `tasks:${parentId}:${siblingKey(node)}`;
    node.label = `${node.label} ×${node.count}`;
    node.description = node.description.replace(/#\d+/, `#${node.entityIds.slice(0, 3).join(', #')}${node.count > 3 ? ', …' : ''}`);
    node.tooltip = `${node.count} identical tasks: #${node.entityIds.join(', #')}\n${node.tooltip}`;
  }
  return result;
}

function siblingKey(node: TaskTreeNode): string {
  const wait = node.description.replace(/#\d+/g, '').replace(/\d+(\.\d+)? (ms|s|min)/g, '');
  return [node.label, node.state, wait, node.spawnSite ? `${node.spawnSite.file}:${node.spawnSite.line}:${node.spawnSite.column}` : '', node.warnings.map((w) => w.kind).join(',')].join('|');
}

/** `file:line:column` (a path, a file:// URL or a Windows path) to its parts; undefined if it is not one. */
export function parseSpawnSite(site: string): SpawnSite | undefined {
  const match = /^(.+):(\d+):(\d+)$/.exec(site.trim());
  if (!match) return undefined;
  const line = Number(match[2]);
  const column = Number(match[3]);
  if (line < 1 || column < 1) return undefined;
  return { file: match[1]!, line, column };
}

/** A node and its children as indented text (the "copy as text" action). */
export function nodeToText(node: TaskTreeNode, indent = ''): string {
  const label = node.kind === 'task' ? `task "${node.label}"` : node.label;
  const lines = [`${indent}${label}  ${node.description}`.trimEnd()];
  for (const child of node.children) lines.push(nodeToText(child, `${indent}  `));
  return lines.join('\n');
}

/** The whole model as text: the summary line, then every root. */
export function modelToText(model: TaskTreeModel): string {
  return [model.summary, ...model.roots.map((root) => nodeToText(root)), ...model.warnings.map((w) => `warning: ${w.message}`)].join('\n');
}

/** Every node, depth first (for tests and lookups). */
export function* walk(nodes: TaskTreeNode[]): Generator<TaskTreeNode> {
  for (const node of nodes) {
    yield node;
    yield* walk(node.children);
  }
}
