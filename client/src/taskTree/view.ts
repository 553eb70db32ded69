// The "Corral Tasks" view in Run and Debug: a TreeDataProvider over model.ts, fed by
// snapshotSource.ts from the Node debug session that owns the process, and its polling:
// every 250 ms while the debuggee runs and the view is visible, once at once on a pause, none
// while paused, hidden or without a session. Whether the debugger holds the debuggee is read
// from the DAP traffic (debuggerHold.ts).
import * as vscode from 'vscode';

import { DebuggerHold } from './debuggerHold.ts';
import { buildModel, walk, type TaskTreeModel, type TaskTreeNode } from './model.ts';
import { readSnapshot, setTracingInDebuggee, type SourceResult } from './snapshotSource.ts';
import { emptyObservations, observe, type Observations } from './warnings.ts';

export const VIEW_ID = 'corral.tasks';
/** Debug types whose sessions run Node (js-debug's, and the legacy name it takes over). */
export const NODE_DEBUG_TYPES: ReadonlySet<string> = new Set(['pwa-node', 'node', 'node-terminal', 'pwa-extensionHost']);

export type ViewState = 'idle' | 'waiting' | 'not-corral' | 'live' | 'no-answer' | 'invalid';

interface Tracked {
  session: vscode.DebugSession;
  /** Fed by the session's tracker, which VS Code creates before the session starts. */
  hold: DebuggerHold;
  startedAt: number;
}

export class TaskTreeView implements vscode.TreeDataProvider<TaskTreeNode>, vscode.Disposable {
  readonly #changed = new vscode.EventEmitter<TaskTreeNode | undefined>();
  readonly onDidChangeTreeData = this.#changed.event;
  readonly treeView: vscode.TreeView<TaskTreeNode>;
  readonly #sessions = new Map<string, Tracked>();
  /** Per session id, from its tracker's creation to the session's end. */
  readonly #holds = new Map<string, DebuggerHold>();
  readonly #disposables: vscode.Disposable[] = [];
  readonly #parents = new Map<string, TaskTreeNode>();
  #target: Tracked | undefined;
  /** The leaf sessions of the debugged program; #target is the one whose answers are shown. */
  #candidates: Tracked[] = [];
  /** Whether #target has answered with a tree (it owns the process with the runtime). */
  #confirmed = false;
  #model: TaskTreeModel | undefined;
  #state: ViewState = 'idle';
  #detail = '';
  #observations: Observations = emptyObservations();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #inFlight = 0;
  #lastNow: number | undefined;
  #refreshes = 0;
  #tracingAsked = new Set<string>();
  readonly #collapsed = new Set<string>();

  constructor() {
    this.treeView = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: this, showCollapseAll: true });
    this.#disposables.push(
      this.treeView,
      this.#changed,
      this.treeView.onDidChangeVisibility(() => this.#schedule(0)),
      // Collapsed nodes stay collapsed across refreshes (ids are stable: model.ts).
      this.treeView.onDidCollapseElement(({ element }) => this.#collapsed.add(element.id)),
      this.treeView.onDidExpandElement(({ element }) => this.#collapsed.delete(element.id)),
      vscode.debug.onDidStartDebugSession((session) => this.#add(session)),
      vscode.debug.onDidTerminateDebugSession((session) => this.#remove(session)),
      vscode.debug.onDidChangeActiveDebugSession(() => this.#retarget()),
      // A new stack item (a pause, a step, a frame picked) refreshes at once.
      vscode.debug.onDidChangeActiveStackItem(() => this.#schedule(0)),
      vscode.debug.registerDebugAdapterTrackerFactory('*', {
        createDebugAdapterTracker: (session) => (NODE_DEBUG_TYPES.has(session.type) ? this.#tracker(session) : undefined),
      }),
    );
    void vscode.commands.executeCommand('setContext', 'corral.tasks.state', this.#state);
    for (const session of activeNodeSessions()) this.#add(session);
  }

  // ── TreeDataProvider ──────────────────────────────────────────────────────────────────────

  getChildren(element?: TaskTreeNode): TaskTreeNode[] {
    if (element) return element.children;
    return this.#model?.roots ?? [];
  }

  getParent(element: TaskTreeNode): TaskTreeNode | undefined {
    return this.#parents.get(element.id);
  }

  getTreeItem(node: TaskTreeNode): vscode.TreeItem {
    const item = new vscode.TreeItem(node.label, node.children.length === 0 ? vscode.TreeItemCollapsibleState.None
      : this.#collapsed.has(node.id) ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.Expanded);
    item.id = node.id;
    item.description = node.description;
    item.tooltip = node.tooltip;
    item.iconPath = new vscode.ThemeIcon(node.icon, node.color ? new vscode.ThemeColor(node.color) : undefined);
    item.contextValue = ['corral', node.kind.replace(' ', '-'), node.cancellable ? 'cancellable' : '', node.spawnSite ? 'spawnSite' : '']
      .filter((part) => part !== '').join(' ');
    if (node.spawnSite) item.command = { command: 'corral.tasks.revealSpawnSite', title: 'Go to Spawn Site', arguments: [node] };
    return item;
  }

  // ── What commands and tests read ──────────────────────────────────────────────────────────

  get model(): TaskTreeModel | undefined {
    return this.#model;
  }

  get session(): vscode.DebugSession | undefined {
    return this.#target?.session;
  }

  /** Plain data for tests and "copy": the state, the message and the model. */
  describe(): { state: ViewState; detail: string; message: string | undefined; sessionId: string | undefined; paused: boolean; held: boolean; visible: boolean; refreshes: number; selection: string[]; collapsed: string[]; candidates: { id: string; name: string; type: string; parent?: string }[]; model: TaskTreeModel | undefined } {
    return {
      state: this.#state,
      detail: this.#detail,
      message: this.treeView.message,
      sessionId: this.#target?.session.id,
      paused: this.#target?.hold.stopped ?? false,
      held: this.#target?.hold.held ?? false,
      visible: this.treeView.visible,
      refreshes: this.#refreshes,
      selection: this.treeView.selection.map((node) => node.id),
      collapsed: [...this.#collapsed],
      candidates: this.#candidates.map(({ session }) => ({ id: session.id, name: session.name, type: session.type, parent: session.parentSession?.id })),
      model: this.#model,
    };
  }

  findNode(id: string): TaskTreeNode | undefined {
    return this.#model ? [...walk(this.#model.roots)].find((node) => node.id === id) : undefined;
  }

  /** Reads the debuggee now (the refresh button, after a cancel). */
  refreshNow(): Promise<void> {
    return this.#refresh();
  }

  // ── Sessions ──────────────────────────────────────────────────────────────────────────────

  #add(session: vscode.DebugSession): void {
    if (!NODE_DEBUG_TYPES.has(session.type) || this.#sessions.has(session.id)) return;
    this.#sessions.set(session.id, { session, hold: this.#holdOf(session.id), startedAt: Date.now() });
    void vscode.commands.executeCommand('setContext', 'corral.tasks.nodeSession', true);
    this.#retarget();
  }

  #remove(session: vscode.DebugSession): void {
    this.#holds.delete(session.id);
    if (!this.#sessions.delete(session.id)) return;
    this.#tracingAsked.delete(session.id);
    if (this.#sessions.size === 0) void vscode.commands.executeCommand('setContext', 'corral.tasks.nodeSession', false);
    this.#retarget();
  }

  /**
   * The session to read: js-debug runs a parent session per launch, a child for the process and
   * children of that for its worker threads (`--import tsx` runs its loader in one). Only a
   * target session can evaluate, and only the process's has the hook. The candidates are the
   * target sessions under the active session's root (else the newest root), shallowest first;
   * #refresh asks them all until one answers with a tree.
   */
  #retarget(): void {
    const tracked = [...this.#sessions.values()];
    const rootOf = (candidate: vscode.DebugSession): vscode.DebugSession => {
      let at = candidate;
      for (let hops = 0; at.parentSession && hops < 10; hops++) at = at.parentSession;
      return at;
    };
    const isParent = (candidate: Tracked): boolean => tracked.some((other) => other.session.parentSession?.id === candidate.session.id);
    const active = vscode.debug.activeDebugSession;
    const activeRoot = active && this.#sessions.has(active.id) ? rootOf(active).id : undefined;
    const newestRoot = [...tracked].sort((a, b) => b.startedAt - a.startedAt).map((t) => rootOf(t.session).id)[0];
    const root = activeRoot ?? newestRoot;
    // Every target session under the root (the process's, and its workers' below it); the root
    // itself only while it has none (an attach straight to one target).
    const depth = (candidate: vscode.DebugSession): number => (candidate.parentSession ? 1 + depth(candidate.parentSession) : 0);
    const leaves = tracked.filter((candidate) => rootOf(candidate.session).id === root && (candidate.session.parentSession !== undefined || !isParent(candidate)))
      .sort((a, b) => depth(a.session) - depth(b.session) || a.startedAt - b.startedAt);
    this.#candidates = leaves;
    const keep = this.#target && leaves.includes(this.#target) ? this.#target : undefined;
    const chosen = keep ?? leaves.find((leaf) => leaf.session.id === active?.id) ?? leaves[0];
    if (chosen === this.#target) return;
    this.#target = chosen;
    this.#confirmed = false;
    this.#model = undefined;
    this.#observations = emptyObservations();
    this.#lastNow = undefined;
    this.#parents.clear();
    this.#changed.fire(undefined);
    this.#setState(chosen ? 'waiting' : 'idle', chosen ? 'Waiting for the debuggee…' : '');
    this.#schedule(0);
  }

  #holdOf(sessionId: string): DebuggerHold {
    let hold = this.#holds.get(sessionId);
    if (!hold) this.#holds.set(sessionId, (hold = new DebuggerHold()));
    return hold;
  }

  #tracker(session: vscode.DebugSession): vscode.DebugAdapterTracker {
    const hold = this.#holdOf(session.id);
    /** Applies one message to the hold, then acts on what changed for the shown session. */
    const apply = (update: () => void): void => {
      const { stopped, held } = hold;
      update();
      if (this.#target?.hold !== hold) return;
      // The time the debugger holds the debuggee does not count in the warnings; the window
      // closes with the first snapshot read after the hold ends (#apply).
      const open = this.#observations.pauses.at(-1)?.to === null;
      if (hold.held && !held && !open) this.#observations.pauses.push({ from: this.#lastNow ?? 0, to: null });
      if (hold.stopped !== stopped) this.#schedule(0); // at once on a stop; resumes polling after it
    };
    return {
      onDidSendMessage: (message: { type?: string; event?: string; command?: string; success?: boolean }) => {
        if (message.type === 'event' && message.event !== undefined) apply(() => hold.event(message.event!));
        else if (message.type === 'response' && message.command !== undefined) apply(() => hold.response(message.command!, message.success === true));
      },
      onWillReceiveMessage: (message: { type?: string; command?: string }) => {
        if (message.type === 'request' && message.command !== undefined) apply(() => hold.request(message.command!));
      },
    };
  }

  // ── Polling ───────────────────────────────────────────────────────────────────────────────

  #intervalMs(): number {
    const configured = vscode.workspace.getConfiguration('corral').get<number>('tasks.refreshMs', 250);
    return Math.max(100, Number.isFinite(configured) ? configured : 250);
  }

  #schedule(delayMs: number): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (!this.#target || !this.treeView.visible) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.#refresh().finally(() => {
        // Polls while running; a paused debuggee does not change, so one read is enough.
        if (this.#timer === undefined && this.#target && !this.#target.hold.stopped) this.#schedule(this.#intervalMs());
      });
    }, delayMs);
  }

  async #refresh(): Promise<void> {
    let target = this.#target;
    if (!target) return;
    // Requests that time out are abandoned, not cancelled: do not pile more onto a hung debuggee.
    if (this.#inFlight >= 2) return;
    this.#inFlight += 1;
    let result: SourceResult;
    try {
      if (this.#confirmed || this.#candidates.length <= 1) {
        result = await readSnapshot(target.session);
      } else {
        // Not known yet which target has the runtime: ask every candidate, keep the one that answers with a tree.
        const candidates = [...this.#candidates];
        const results = await Promise.all(candidates.map((candidate) => readSnapshot(candidate.session)));
        const found = results.findIndex((answer) => answer.kind === 'snapshot');
        const pick = found >= 0 ? found : Math.max(0, candidates.indexOf(target));
        if (this.#target !== target) return; // retargeted meanwhile
        target = candidates[pick]!;
        this.#target = target;
        result = results[pick]!;
      }
    } finally {
      this.#inFlight -= 1;
    }
    if (target !== this.#target) return; // the session changed meanwhile
    if (result.kind === 'snapshot') this.#confirmed = true;
    this.#refreshes += 1;
    this.#apply(target, result);
  }

  #apply(target: Tracked, result: SourceResult): void {
    switch (result.kind) {
      case 'snapshot': {
        const { snapshot } = result;
        const pauses = this.#observations.pauses;
        const open = pauses.at(-1);
        if (open && open.to === null && !target.hold.held) open.to = snapshot.now;
        this.#observations = observe(this.#observations, snapshot);
        this.#lastNow = snapshot.now;
        this.#model = buildModel(snapshot, { paused: target.hold.stopped, pausing: target.hold.held && !target.hold.stopped, observations: this.#observations });
        this.#parents.clear();
        const index = (nodes: TaskTreeNode[], parent?: TaskTreeNode): void => {
          for (const node of nodes) {
            if (parent) this.#parents.set(node.id, parent);
            index(node.children, node);
          }
        };
        index(this.#model.roots);
        this.#setState('live', this.#model.summary);
        this.#changed.fire(undefined);
        this.#maybeEnableTracing(target, snapshot.tracing);
        return;
      }
      case 'not-corral':
        this.#model = undefined;
        this.#changed.fire(undefined);
        this.#setState('not-corral', '');
        return;
      case 'no-answer':
        // Keep the last tree, say how old it is.
        this.#setState('no-answer', `⚠ The debuggee did not answer within ${result.timeoutMs} ms (event loop blocked, or exiting)${this.#model ? '; showing the last tree read' : ''}`);
        return;
      case 'invalid':
        this.#setState('invalid', `The debuggee's task tree could not be read: ${result.error}`);
        return;
      case 'error':
        // No process yet (js-debug's parent before its child), or the process just went away.
        if (this.#state !== 'live') this.#setState('waiting', `Waiting for the debuggee… (${result.error})`);
        return;
    }
  }

  /** Attached to a running program: the always-on snapshot works; spawn sites need tracing on. */
  #maybeEnableTracing(target: Tracked, tracing: boolean): void {
    if (tracing || this.#tracingAsked.has(target.session.id)) return;
    const request = (target.session.configuration as { request?: string }).request;
    if (request !== 'attach') return;
    if (!vscode.workspace.getConfiguration('corral').get<boolean>('tasks.enableTracingOnAttach', true)) return;
    this.#tracingAsked.add(target.session.id);
    void setTracingInDebuggee(target.session, true);
  }

  #setState(state: ViewState, detail: string): void {
    const changed = state !== this.#state;
    this.#state = state;
    this.#detail = detail;
    this.treeView.message = detail === '' ? undefined : detail;
    if (changed) void vscode.commands.executeCommand('setContext', 'corral.tasks.state', state);
  }

  dispose(): void {
    clearTimeout(this.#timer);
    for (const disposable of this.#disposables) disposable.dispose();
  }
}

function activeNodeSessions(): vscode.DebugSession[] {
  const active = vscode.debug.activeDebugSession;
  return active && NODE_DEBUG_TYPES.has(active.type) ? [active] : [];
}
