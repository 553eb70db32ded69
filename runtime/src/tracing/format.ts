import type { ScopeSnapshot, TaskSnapshot, TaskTreeSnapshot } from './types.ts';

/**
 * A line of the tree: an entry of the snapshot (its text made only if it is shown), or the line
 * standing in for the `levels` left out of a long chain.
 */
type TreeNode = { entry: ScopeSnapshot | TaskSnapshot | string; key: string; children: TreeNode[]; levels?: number };

// A chain of single children longer than 2 × CHAIN_KEPT shows its first and last CHAIN_KEPT
// levels and one line counting those between; below INDENT_LIMIT levels lines stop moving
// right and say their depth. Both keep a tree 100,000 deep readable, and its text linear in
// size (indenting every level would make it quadratic: 15 billion characters at that depth).
const CHAIN_KEPT = 8;
const INDENT_LIMIT = 24;

/**
 * Renders a task-tree snapshot as text for terminals and logs: one line per scope and task,
 * identical leaf siblings collapsed (`task "worker" ×16 waiting on Queue#3.get`), long chains of
 * single children shortened, then the queues, then warnings. Every walk keeps its own stack,
 * never recursion: any depth renders.
 */
export function renderTaskTree(snapshot: TaskTreeSnapshot): string {
  const lines: string[] = [];
  const roots = buildTree(snapshot);
  if (roots.length === 0) lines.push('(no live task groups, scopes or tasks)');
  shortenChains(roots);
  renderTree(roots, lines, snapshot.now);
  for (const queue of snapshot.queues) {
    const bound = queue.maxsize === null ? '∞' : String(queue.maxsize);
    lines.push(`Queue#${queue.id}: ${queue.size}/${bound} buffered, ${queue.waitingGetters} getter(s) and ${queue.waitingPutters} putter(s) waiting`);
  }
  if (snapshot.lateTimer) {
    lines.push(`warning: a timer fired ${Math.round(snapshot.lateTimer.lateByMs)} ms late, ${formatMs(snapshot.now - snapshot.lateTimer.at)} ago: the event loop was blocked`);
  }
  return lines.join('\n');
}

// The snapshot's flat lists as a tree, children in id order; an entry whose parent is not in
// the snapshot is a root.
function buildTree(snapshot: TaskTreeSnapshot): TreeNode[] {
  const entries = [...snapshot.scopes, ...snapshot.tasks].sort((a, b) => a.id - b.id);
  const ids = new Set<number>(entries.map((entry) => entry.id));
  const byParent = new Map<number | null, (ScopeSnapshot | TaskSnapshot)[]>();
  for (const entry of entries) {
    const parent = entry.parentId !== null && ids.has(entry.parentId) ? entry.parentId : null;
    const siblings = byParent.get(parent);
    if (siblings) siblings.push(entry);
    else byParent.set(parent, [entry]);
  }
  const roots: TreeNode[] = [];
  const stack: { entry: ScopeSnapshot | TaskSnapshot; into: TreeNode[] }[] = [];
  const pushAll = (list: (ScopeSnapshot | TaskSnapshot)[], into: TreeNode[]): void => {
    for (let i = list.length - 1; i >= 0; i--) stack.push({ entry: list[i]!, into });
  };
  pushAll(byParent.get(null) ?? [], roots);
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const { entry, into } = item;
    const children = byParent.get(entry.id) ?? [];
    const node: TreeNode = { entry, key: children.length === 0 ? siblingKey(entry) : `#${entry.id}`, children: [] };
    into.push(node);
    pushAll(children, node.children);
  }
  return roots;
}

// Replaces the middle of every chain of more than 2 × CHAIN_KEPT single children by one line
// that counts the levels left out by what they are.
function shortenChains(roots: TreeNode[]): void {
  const stack = [...roots];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    const chain: TreeNode[] = [];
    for (let link = node; link.children.length === 1; link = link.children[0]!) chain.push(link.children[0]!);
    if (chain.length <= 2 * CHAIN_KEPT) {
      for (const child of node.children) stack.push(child); // not push(...): 100,000 siblings are too many arguments
      continue;
    }
    const left = chain.slice(CHAIN_KEPT, chain.length - CHAIN_KEPT);
    const kinds = new Map<string, number>();
    for (const { entry } of left) {
      const kind = typeof entry === 'string' ? entry : what(entry);
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
    }
    const counted = [...kinds].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([kind, n]) => `${kind} ×${n}`);
    const line = `⋮ ${left.length} levels left out, one child each: ${counted.join(', ')}${kinds.size > 3 ? ', …' : ''}`;
    const resume = chain[chain.length - CHAIN_KEPT]!;
    chain[CHAIN_KEPT - 1]!.children = [{ entry: line, key: line, children: [resume], levels: left.length }];
    for (const child of chain.at(-1)!.children) stack.push(child);
  }
}

// Depth-first, each line's prefix kept with it on an explicit stack. `indent` counts the lines
// above it in the tree (what its prefix shows); `depth` the levels, left-out ones included.
function renderTree(roots: TreeNode[], lines: string[], now: number): void {
  type Item = { node: TreeNode; count: number; last: boolean; prefix: string; indent: number; depth: number };
  const stack: Item[] = [];
  const pushLevel = (nodes: TreeNode[], prefix: string, indent: number, depth: number): void => {
    const groups = collapse(nodes);
    for (let i = groups.length - 1; i >= 0; i--) stack.push({ ...groups[i]!, last: i === groups.length - 1, prefix, indent, depth });
  };
  pushLevel(roots, '', 0, 0);
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const { node, count, last, prefix, indent, depth } = item;
    const { entry } = node;
    const text = typeof entry === 'string' ? entry : 'kind' in entry ? scopeLine(entry, now) : taskLine(entry, now);
    const line = count > 1 ? text.replace(/ #\d+/, ` ×${count}`) : text;
    const flat = indent >= INDENT_LIMIT;
    lines.push(`${prefix}${last ? '└─ ' : '├─ '}${flat && node.levels === undefined ? `[depth ${depth}] ` : ''}${line}`);
    const childPrefix = flat ? prefix : `${prefix}${last ? '   ' : '│  '}`;
    pushLevel(node.children, childPrefix, indent + 1, depth + (node.levels ?? 1));
  }
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

// What a line is about, without its id and state: `task group`, `scope "x"`, `task "y"`.
function what(entry: ScopeSnapshot | TaskSnapshot): string {
  if (!('kind' in entry)) return `task "${entry.name}"`;
  return entry.kind === 'task group' ? 'task group' : `scope "${entry.name}"`;
}

function scopeLine(scope: ScopeSnapshot, now: number): string {
  const parts = [`${what(scope)} #${scope.id}`];
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
  const parts = [`${what(task)} #${task.id}`];
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
