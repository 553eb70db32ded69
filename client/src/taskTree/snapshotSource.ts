// Reads the debuggee's task tree through its debug session: DAP `evaluate` of the devtools hook
// (`globalThis[Symbol.for('corral.devtools')]`, runtime/src/tracing/devtools.ts) in the session
// that owns the process (js-debug's child session). `context: 'clipboard'` makes js-debug answer
// with the string itself, unquoted and untruncated. Every request has a time limit, so a
// debuggee that hangs (a blocked event loop) or goes away never holds the view; the answer is
// parsed and validated (validate.ts) before anything uses it.
//
// No `vscode` import: a session is anything with `customRequest`, so this is testable with fakes.
import type { TaskTreeSnapshot } from '../../../runtime/src/tracing/types.ts';
import { parseSnapshot } from './validate.ts';

export interface EvaluatingSession {
  customRequest(command: string, args?: unknown): PromiseLike<unknown>;
}

export type SourceResult =
  | { kind: 'snapshot'; snapshot: TaskTreeSnapshot }
  /** The program has no Corral runtime loaded (yet): no hook on globalThis. */
  | { kind: 'not-corral' }
  /** No answer within the time limit: the event loop is blocked, or the debuggee is going away. */
  | { kind: 'no-answer'; timeoutMs: number }
  /** It answered with something that is not a snapshot. */
  | { kind: 'invalid'; error: string }
  /** The request failed (no process yet, process gone, session ended). */
  | { kind: 'error'; error: string };

export const DEFAULT_TIMEOUT_MS = 1_000;
const ABSENT = 'corral:absent';

const HOOK = "globalThis[Symbol.for('corral.devtools')]";

/** One expression per action, each answering in one round trip; none throws when the hook is absent. */
export const Expressions = {
  snapshot: `(() => { const h = ${HOOK}; return h && typeof h.snapshot === 'function' ? h.snapshot() : ${JSON.stringify(ABSENT)}; })()`,
  format: `(() => { const h = ${HOOK}; return h && typeof h.format === 'function' ? h.format() : ''; })()`,
  exportTrace: `(() => { const h = ${HOOK}; return h && typeof h.exportTrace === 'function' ? h.exportTrace() : ''; })()`,
  cancel: (id: number): string => {
    if (!Number.isSafeInteger(id)) throw new TypeError(`not a scope id: ${String(id)}`);
    return `(() => { const h = ${HOOK}; return String(!!(h && typeof h.cancel === 'function' && h.cancel(${id}))); })()`;
  },
  setTracing: (on: boolean): string =>
    `(() => { const h = ${HOOK}; if (h && typeof h.setTracing === 'function') { h.setTracing(${on === true}); return 'true'; } return 'false'; })()`,
};

export type Evaluated = { ok: true; text: string } | { ok: false; timedOut: boolean; error: string };

/** `expression` evaluated in the debuggee, as the string js-debug returns, within `timeoutMs`. */
export async function evaluate(session: EvaluatingSession, expression: string, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<Evaluated> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<Evaluated>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, timedOut: true, error: `no answer within ${timeoutMs} ms` }), timeoutMs);
  });
  const request = Promise.resolve()
    .then(() => session.customRequest('evaluate', { expression, context: 'clipboard' }))
    .then((response): Evaluated => {
      const result = (response as { result?: unknown } | undefined)?.result;
      return typeof result === 'string' ? { ok: true, text: unquote(result) } : { ok: false, timedOut: false, error: 'the debugger answered without a result' };
    }, (error: unknown): Evaluated => ({ ok: false, timedOut: false, error: error instanceof Error ? error.message : String(error) }));
  try {
    return await Promise.race([request, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The debuggee's task tree, or why there is none. */
export async function readSnapshot(session: EvaluatingSession, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<SourceResult> {
  const answer = await evaluate(session, Expressions.snapshot, timeoutMs);
  if (!answer.ok) return answer.timedOut ? { kind: 'no-answer', timeoutMs } : { kind: 'error', error: answer.error };
  return interpretSnapshotText(answer.text);
}

/** What the snapshot expression's answer means. */
export function interpretSnapshotText(text: string): SourceResult {
  const trimmed = unquote(text.trim());
  if (trimmed === ABSENT) return { kind: 'not-corral' };
  const parsed = parseSnapshot(trimmed);
  return parsed.ok ? { kind: 'snapshot', snapshot: parsed.snapshot } : { kind: 'invalid', error: parsed.error };
}

/** js-debug may answer a string result JSON-quoted (`"true"`); the string itself either way. */
export function unquote(text: string): string {
  if (!text.startsWith('"')) return text;
  try {
    const inner: unknown = JSON.parse(text);
    return typeof inner === 'string' ? inner : text;
  } catch {
    return text;
  }
}

/** Cancels the scope or task group `id` in the debuggee; true if the runtime found it. */
export async function cancelInDebuggee(session: EvaluatingSession, id: number, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<boolean> {
  const answer = await evaluate(session, Expressions.cancel(id), timeoutMs);
  if (!answer.ok) throw new Error(`cancel #${id}: ${answer.error}`);
  return answer.text.trim() === 'true';
}

/** The debuggee's history as Chrome/Perfetto trace JSON (checked to be JSON). */
export async function exportTraceFromDebuggee(session: EvaluatingSession, timeoutMs = 5_000): Promise<string> {
  const answer = await evaluate(session, Expressions.exportTrace, timeoutMs);
  if (!answer.ok) throw new Error(`export trace: ${answer.error}`);
  if (answer.text === '') throw new Error('export trace: the program does not use Corral');
  JSON.parse(answer.text); // data from the debuggee: written only if it is JSON
  return answer.text;
}

/** The tree as the runtime formats it (`format()`), or '' without a hook. */
export async function formatInDebuggee(session: EvaluatingSession, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<string> {
  const answer = await evaluate(session, Expressions.format, timeoutMs);
  if (!answer.ok) throw new Error(`format: ${answer.error}`);
  return answer.text;
}

export async function setTracingInDebuggee(session: EvaluatingSession, on: boolean, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<boolean> {
  const answer = await evaluate(session, Expressions.setTracing(on), timeoutMs);
  return answer.ok && answer.text.trim() === 'true';
}
