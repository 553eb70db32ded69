import { writeFileSync } from 'node:fs';

import { currentTime } from '../clock.ts';
import { roots, type CancelNode } from '../core/cancelNode.ts';
import { ScopeNode } from '../core/cancelScope.ts';
import { toChromeTrace } from './chromeTrace.ts';
import { renderTaskTree } from './format.ts';
import { environment } from '../environment.ts';
import { errorText } from '../validate.ts';
import { tracing } from './recorder.ts';
import { collectTree, type TreePart } from './snapshot.ts';
import type { TaskTreeSnapshot } from './types.ts';

/** @internal What one copy of the runtime registers with the process-wide hook. */
export interface DevtoolsSource {
  collect(): TreePart;
  /** Cancels the scope or task group with this id, if this copy has it. */
  cancel(id: number, reason: string): boolean;
  /** Switches this copy's costlier data on or off. */
  setTracing(on: boolean): void;
}

/**
 * The process-wide hook a debugger reads: `globalThis[Symbol.for('corral.devtools')]`. One
 * object for the process: the runtime installs it (see runtime/README.md, "One runtime per
 * process"); a copy from before that handshake adds its own source to it. Every method answers
 * in one call, so a debugger's `evaluate` needs one round trip, running or paused.
 */
export interface DevtoolsHook {
  readonly version: 1;
  /** @internal One per copy of the runtime that feeds the hook (copies older than the one-runtime handshake run their own). */
  readonly sources: DevtoolsSource[];
  /** The live task tree as one JSON string (a `TaskTreeSnapshot`). */
  snapshot(): string;
  /** The same tree as text (`formatTaskTree`). */
  format(): string;
  /** Cancels a scope or task group by id (the view's "cancel" action); false if there is none. */
  cancel(id: number): boolean;
  /** The history as Chrome/Perfetto trace JSON; also written to `path` when given. */
  exportTrace(path?: string): string;
  /** Whether the costlier data is being collected (CORRAL_TRACE). */
  readonly tracing: boolean;
  /** Switches the costlier data on or off from now on (a debugger attaching to a running process). */
  setTracing(on: boolean): void;
}

const HOOK_KEY = Symbol.for('corral.devtools');

const thisCopy: DevtoolsSource = {
  collect: collectTree,
  cancel(id, reason) {
    const node = findNode(id);
    if (!(node instanceof ScopeNode)) return false;
    node.scope.cancel(reason);
    return true;
  },
  setTracing(on) {
    tracing.on = on;
  },
};

/** The process's hook, installed by the first copy of the runtime to load. */
export const devtools: DevtoolsHook = installHook();

/** The live task tree of the process (every copy of the runtime), as data. */
export function taskTreeSnapshot(): TaskTreeSnapshot {
  return JSON.parse(devtools.snapshot()) as TaskTreeSnapshot;
}

/**
 * The live task tree as text, for terminals and logs: task groups, scopes and tasks with what
 * each waits on and its deadline; identical siblings collapsed (`worker ×16`).
 */
export function formatTaskTree(snapshot: TaskTreeSnapshot = taskTreeSnapshot()): string {
  return renderTaskTree(snapshot);
}

function installHook(): DevtoolsHook {
  const global = globalThis as Record<symbol, unknown>;
  const existing = global[HOOK_KEY] as DevtoolsHook | undefined;
  if (existing && Array.isArray(existing.sources)) {
    existing.sources.push(thisCopy);
    return existing;
  }
  const sources: DevtoolsSource[] = [thisCopy];
  const snapshot = (): TaskTreeSnapshot => merge(sources.map((source) => source.collect()));
  const hook: DevtoolsHook = {
    version: 1,
    sources,
    snapshot: () => JSON.stringify(snapshot()),
    format: () => renderTaskTree(snapshot()),
    cancel: (id) => sources.some((source) => source.cancel(id, 'cancelled from the debugger')),
    exportTrace(path) {
      const json = JSON.stringify(toChromeTrace(snapshot()));
      if (path !== undefined) writeFileSync(path, json);
      return json;
    },
    get tracing() {
      return tracing.on;
    },
    setTracing(on) {
      for (const source of sources) source.setTracing(on === true);
    },
  };
  Object.defineProperty(global, HOOK_KEY, { value: hook, configurable: true });
  installProcessHooks(hook);
  return hook;
}

function merge(parts: TreePart[]): TaskTreeSnapshot {
  return {
    version: 1,
    pid: process.pid,
    now: currentTime(),
    tracing: parts.some((part) => part.tracing),
    tasks: parts.flatMap((part) => part.tasks),
    scopes: parts.flatMap((part) => part.scopes),
    queues: parts.flatMap((part) => part.queues),
    history: { tasks: parts.flatMap((part) => part.history.tasks), scopes: parts.flatMap((part) => part.history.scopes) },
    lateTimer: parts.map((part) => part.lateTimer).filter((late) => late !== null).sort((a, b) => b.at - a.at)[0] ?? null,
  };
}

// CORRAL_TRACE_FILE=path writes the Chrome trace at exit; CORRAL_DUMP_SIGNAL=SIGUSR2 prints the
// task tree to stderr on that signal (`kill -USR2 <pid>` on a process that seems stuck). Both
// were checked at import (environment.ts); what still fails here is reported, never thrown.
function installProcessHooks(hook: DevtoolsHook): void {
  const { traceFile, dumpSignal } = environment;
  if (traceFile !== undefined) {
    process.on('exit', () => {
      try {
        hook.exportTrace(traceFile);
      } catch (error) {
        process.stderr.write(`corral: could not write CORRAL_TRACE_FILE=${traceFile}: ${errorText(error)}\n`);
      }
    });
  }
  if (dumpSignal === undefined) return;
  try {
    process.on(dumpSignal, () => {
      process.stderr.write(`corral task tree (pid ${process.pid}):\n${hook.format()}\n`);
    });
  } catch (error) {
    process.emitWarning(`CORRAL_DUMP_SIGNAL=${dumpSignal} cannot be listened to here (${errorText(error)}); use a free one such as SIGUSR2`, { type: 'CorralWarning', code: 'CORRAL_ENV' });
  }
}

function findNode(id: number): CancelNode | undefined {
  const stack: CancelNode[] = [...roots];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.id === id) return node;
    for (const child of node.children()) stack.push(child);
  }
  return undefined;
}
