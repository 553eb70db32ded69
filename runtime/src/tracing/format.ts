import type { ScopeSnapshot, TaskSnapshot, TaskTreeSnapshot } from './types.ts';

type TreeNode = { line: string; key: string; children: TreeNode[] };

/**
 * Renders a task-tree snapshot as text for terminals and logs: one line per scope and task,
 * identical leaf siblings collapsed (`task "worker" ×16 waiting on Queue#3.get`), then the
 * queues, then warnings.
 */
export function renderTaskTree(snapshot: TaskTreeSnapshot): string {
  const byParent = new Map<number | null, (ScopeSnapshot | TaskSnapshot)[]>();
  const ids = new Set<number>([...snapshot.scopes, ...snapshot.tasks].map((entry) => entry.id));
  for (const entry of [...snapshot.scopes, ...snapshot.tasks].sort((a, b) => a.id - b.id)) {
    const parent = entry.parentId !== null && ids.has(entry.parentId) ? entry.parentId : null;
    byParent.set(parent, [...(byParent.get(parent) ?? []), entry]);
  }
  const build = (entry: ScopeSnapshot | TaskSnapshot): TreeNode => {
    const children = (byParent.get(entry.id) ?? []).map(build);
    const line = 'kind' in entry ? scopeLine(entry, snapshot.now) : taskLine(entry, snapshot.now);
    return { line, key: children.length === 0 ? siblingKey(entry) : `#${entry.id}`, children };
  };
  const lines: string[] = [];
  const roots = (byParent.get(null) ?? []).map(build);
  if (roots.length === 0) lines.push('(no live task groups, scopes or tasks)');
  renderLevel(roots, '', lines);
  for (const queue of snapshot.queues) {
    const bound = queue.maxsize === null ? '∞' : String(queue.maxsize);
    lines.push(`Queue#${queue.id}: ${queue.size}/${bound} buffered, ${queue.waitingGetters} getter(s) and ${queue.waitingPutters} putter(s) waiting`);
  }
  if (snapshot.lateTimer) {
    lines.push(`warning: a timer fired ${Math.round(snapshot.lateTimer.lateByMs)} ms late, ${formatMs(snapshot.now - snapshot.lateTimer.at)} ago: the event loop was blocked`);
  }
  return lines.join('\n');
}

function renderLevel(nodes: TreeNode[], prefix: string, lines: string[]): void {
  const groups = collapse(nodes);
  groups.forEach(({ node, count }, index) => {
    const last = index === groups.length - 1;
    const line = count > 1 ? node.line.replace(/ #\d+/, ` ×${count}`) : node.line;
    lines.push(`${prefix}${last ? '└─ ' : '├─ '}${line}`);
    renderLevel(node.children, `${prefix}${last ? '   ' : '│  '}`, lines);
  });
}

// Consecutive leaves that read the same (ids aside) become one line with a count.
function collapse(nodes: TreeNode[]): { node: TreeNode; count: number }[] {
  const groups: { node: TreeNode; count: number }[] = [];
  const byKey = new Map<string, { node: TreeNode; count: number }>();
  for (const node of nodes) {
    const existing = node.children.length === 0 ? byKey.get(node.key) : undefined;
    if (existing) {
      existing.count++;
      continue;
    }
    const group = { node, count: 1 };
    groups.push(group);
    if (node.children.length === 0) byKey.set(node.key, group);
  }
  return groups;
}

// Leaves that differ only in ids and in times still to run read as one line with a count.
function siblingKey(entry: ScopeSnapshot | TaskSnapshot): string {
  if ('kind' in entry) return ['scope', entry.kind, entry.name, entry.shield, entry.cancelled, entry.deadline === null].join('|');
  return ['task', entry.name, entry.state, entry.waitingOn ?? '', entry.spawnSite ?? ''].join('|');
}

function scopeLine(scope: ScopeSnapshot, now: number): string {
  const parts = [scope.kind === 'task group' ? `task group #${scope.id}` : `scope "${scope.name}" #${scope.id}`];
  if (scope.remaining !== null) parts.push(scope.remaining >= 0 ? `deadline in ${formatMs(scope.remaining)}` : `deadline passed ${formatMs(-scope.remaining)} ago`);
  if (scope.shield) parts.push('[shield]');
  if (scope.cancelled) {
    const origin = scope.cancelOriginId !== undefined && scope.cancelOriginId !== scope.id ? ` by #${scope.cancelOriginId}` : '';
    const since = scope.cancelledAt !== undefined ? ` ${formatMs(now - scope.cancelledAt)} ago` : '';
    parts.push(`cancelled${origin}${since}${scope.cancelReason ? ` (${scope.cancelReason})` : ''}`);
  }
  return parts.join(' ');
}

// Suspended at an await that is not a Corral wait: no checkpoint, so cancellation cannot reach it.
const AWAITING = 'awaiting a non-Corral promise';

function taskLine(task: TaskSnapshot, now: number): string {
  const parts = [`task "${task.name}" #${task.id}`];
  if (task.state === 'sleeping' && task.sleepUntil !== undefined) parts.push(`sleeping, ${formatMs(Math.max(0, task.sleepUntil - now))} left`);
  else if (task.state === 'waiting') parts.push(`waiting on ${task.waitingOn ?? '?'}`);
  else if (task.state === 'waiting-for-started') parts.push('waiting for started()');
  else if (task.state === 'awaiting') parts.push(AWAITING);
  else if (task.state === 'cancelling') {
    parts.push(`cancelling${task.cancelledAt !== undefined ? ` for ${formatMs(now - task.cancelledAt)}` : ''}`);
    parts.push(`(${task.waitingOn ? `waiting on ${task.waitingOn}` : AWAITING})`);
  } else parts.push(task.state);
  if (task.spawnSite) parts.push(`at ${task.spawnSite}`);
  return parts.join(' ');
}

function formatMs(ms: number): string {
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  if (ms < 120_000) return `${(ms / 1_000).toFixed(1)} s`;
  return `${(ms / 60_000).toFixed(1)} min`;
}
