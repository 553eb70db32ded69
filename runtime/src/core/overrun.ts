import { currentTime } from '../clock.ts';
import { environment } from '../environment.ts';
import { channels } from '../tracing/recorder.ts';
import { textOf } from '../validate.ts';
import { activityOf } from './activity.ts';
import type { CancelNode } from './cancelNode.ts';
import type { ScopeNode } from './cancelScope.ts';
import { Task } from './task.ts';

/**
 * Loud overruns. Only Corral waits are checkpoints: code awaiting any other promise goes on
 * past its scope's deadline or `cancel()` until that promise settles. When a scope has been
 * cancelled for `CORRAL_OVERRUN_WARN_MS` (default 1000; 0 turns this off) and code under it
 * still has not reached a checkpoint, one `CorralWarning` (code `CORRAL_OVERRUN`) names the scope,
 * the task and the fixes, and `corral:scope:overrun` carries the same on diagnostics_channel.
 * Nothing is armed until a scope is cancelled, and then one unref'd timer per scope.
 */
export const OVERRUN_CODE = 'CORRAL_OVERRUN';

const warnAfterMs = environment.overrunWarnMs;

// The cancelled scopes still running, with the timer that will look at them.
const watched = new Map<ScopeNode, ReturnType<typeof setTimeout>>();

/** `node`'s own cancellation has taken effect while its scope runs. */
export function watchOverrun(node: ScopeNode): void {
  if (warnAfterMs === 0 || watched.has(node)) return;
  const timer = setTimeout(checkOverrun, warnAfterMs, node);
  timer.unref();
  watched.set(node, timer);
}

/** `node`'s scope has exited (call only when it was cancelled: others were never watched). */
export function stopWatchingOverrun(node: ScopeNode): void {
  const timer = watched.get(node);
  if (timer === undefined) return;
  clearTimeout(timer);
  watched.delete(node);
}

/** Code under a cancelled scope that is not at a checkpoint: a task, or the scope's own body (task undefined). */
interface Overrun {
  readonly task: Task | undefined;
}

function checkOverrun(node: ScopeNode): void {
  watched.delete(node);
  const overruns = overrunsUnder(node);
  if (overruns.length > 0) report(node, overruns);
}

// Every piece of code the cancellation of `scope` reaches (the code in the scope's body, and
// the tasks below it, not past a shield), that is suspended at a foreign await where that
// cancellation reaches: code in shielded cleanup is left alone.
function overrunsUnder(scope: ScopeNode): Overrun[] {
  const overruns: Overrun[] = [];
  if (isOverrunning(scope)) overruns.push({ task: enclosingTask(scope) });
  const pending: CancelNode[] = [scope];
  while (pending.length > 0) {
    const node = pending.pop()!;
    for (const child of node.children()) {
      if (!child.cancelled) continue;
      if (child instanceof Task && child.state === 'running' && isOverrunning(child)) overruns.push({ task: child });
      pending.push(child);
    }
  }
  // The body's code first, then the tasks in the order they were started.
  return overruns.sort((a, b) => (a.task?.id ?? 0) - (b.task?.id ?? 0));
}

function isOverrunning(flow: CancelNode): boolean {
  const activity = activityOf(flow);
  return activity.kind === 'awaiting' && activity.at.cancelled;
}

function enclosingTask(node: CancelNode): Task | undefined {
  for (let up = node.parent; up !== null; up = up.parent) if (up instanceof Task) return up;
  return undefined;
}

function report(scope: ScopeNode, overruns: Overrun[]): void {
  const cancelledForMs = currentTime() - (scope.cancelledAt ?? currentTime());
  const [first] = overruns;
  const site = first!.task?.spawnSite?.location;
  const who = first!.task === undefined
    ? 'the code in its body'
    : `${first!.task.label} #${first!.task.id}${site ? ` (started at ${site})` : ''}`;
  const more = overruns.length > 1 ? ` and ${overruns.length - 1} more task(s)` : '';
  const reason = scope.cancelReason === undefined ? '' : ` (${textOf(scope.cancelReason)})`;
  process.emitWarning(
    `${scope.label} #${scope.id} was cancelled ${Math.round(cancelledForMs)} ms ago${reason}, but ${who}${more} has not reached a checkpoint since: `
      + 'it is awaiting a promise that is not Corral\'s, which cancellation cannot interrupt. Make that await a checkpoint, '
      + '`await cancellable(promise)`, or pass `signal: currentSignal()` to the API that made the promise (fetch, node:timers/promises, '
      + 'most database and HTTP clients) so that it stops. (CORRAL_OVERRUN_WARN_MS sets when this warning comes; 0 turns it off.)',
    { type: 'CorralWarning', code: OVERRUN_CODE },
  );
  if (channels.overrun.hasSubscribers) {
    channels.overrun.publish({
      scopeId: scope.id,
      scopeName: scope.scope.name,
      cancelledForMs,
      tasks: overruns.map(({ task }) => (task === undefined ? null : { id: task.id, name: task.name, spawnSite: task.spawnSite?.location ?? null })),
    });
  }
}
