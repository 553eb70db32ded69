// When and how documents are linted, and what is published: debounced on change (or on save),
// at once on open. The syntactic rules' problems are published as soon as they are known; for a
// document with type information, beside the type-aware problems of the last type-aware lint
// (moved through the edits since, dropped where an edit touched them) until the new ones come, so
// no problem vanishes and returns while the code it flags is unchanged. A result is published
// only if its document is still open at the version it was computed for. Large files are linted
// in a worker: on this thread they would hold up every other request for a second or more.
//
// Published means pushed (textDocument/publishDiagnostics) to clients that do not pull; to those
// that do, it answers the pulls waiting for that version (textDocument/diagnostic), and a result
// that no pull was waiting for (type-aware problems merged in) asks them to pull again
// (workspace/diagnostic/refresh).
import { DiagnosticSeverity, DocumentDiagnosticReportKind, type Connection, type DocumentDiagnosticReport, type TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';

import { lint, type LintRequest, type LintResult } from './lint.ts';
import { planLint, projectFailure } from './lintPlan.ts';
import { Problem, type DocumentProblems } from './problems.ts';
import { rangeAfter, type TextChange } from './ranges.ts';
import { TYPE_AWARE_RULES } from './ruleConfig.ts';
import type { SettingsStore } from './settings.ts';
import type { CorralSettings } from './shared/settings.ts';
import { StatusNotification, type StatusParams, type TypeAwareState } from './shared/customMessages.ts';
import type { WorkerLinter } from './workerLinter.ts';

export interface Validator {
  onOpen(uri: string): void;
  /** Moves the document's shown type-aware problems through a didChange's changes, before they apply. */
  onEdit(uri: string, changes: readonly TextChange[]): void;
  onChange(uri: string): void;
  onSave(uri: string): void;
  onClose(uri: string): void;
  /** Lints every open document again (settings changed). */
  revalidateAll(): void;
  /** The problems last published for a document, with their version. */
  problems(uri: string): DocumentProblems | undefined;
  /** textDocument/diagnostic: the problems of the document's current version, once linted. */
  pull(uri: string, previousResultId: string | undefined): Promise<DocumentDiagnosticReport>;
}

export interface ValidatorDeps {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  settings: SettingsStore;
  typeAware: WorkerLinter;
  /** Lints the syntactic rules of files of LARGE_FILE_CHARS or more. */
  largeFiles: WorkerLinter;
  /** Whether the client pulls diagnostics (else they are pushed). */
  pulls: boolean;
}

/** From this size (~100 ms of linting here), a syntactic lint runs in the large-file worker. */
export const LARGE_FILE_CHARS = 20_000;

/** What the server keeps about an open document; dropped when it closes. */
interface DocumentState {
  /** Invariant: a run publishes only while this is still its own number. */
  run: number;
  timer?: NodeJS.Timeout;
  /** The version the latest run started at: opening fires a change event too. */
  startedVersion?: number;
  /** The version a scheduled or running lint will publish; pulls for it wait. */
  awaited?: number;
  published?: DocumentProblems & { resultId: string };
  /** The type-aware rules' problems of the last type-aware lint, at the current version (fixes dropped once moved). */
  typeAwareProblems: Problem[];
  lastStatus?: string;
  /** Pulls waiting for the current version's problems. */
  pulls: (() => void)[];
}

export function createValidator({ connection, documents, settings, typeAware, largeFiles, pulls }: ValidatorDeps): Validator {
  const states = new Map<string, DocumentState>();
  let runCount = 0;
  let resultCount = 0;
  let refreshScheduled = false;

  function stateOf(uri: string): DocumentState {
    let state = states.get(uri);
    if (!state) states.set(uri, state = { run: 0, typeAwareProblems: [], pulls: [] });
    return state;
  }

  function startRun(uri: string): void {
    if (!documents.get(uri)) return;
    const state = stateOf(uri);
    clearTimeout(state.timer);
    state.timer = undefined;
    const run = ++runCount;
    state.run = run;
    state.startedVersion = state.awaited = documents.get(uri)!.version;
    validate(uri, state, run).catch((error: unknown) => {
      connection.console.error(`linting ${uri} failed: ${error instanceof Error ? error.stack : String(error)}`);
      if (state.run === run) answerPulls(state);
      sendStatus(state, { uri, version: state.startedVersion!, state: 'error', typeAware: 'notNeeded', reason: error instanceof Error ? error.message : String(error) });
    });
  }

  /** The document if this run is still the newest for it and the document has not changed since. */
  function stillCurrent(uri: string, state: DocumentState, run: number, version: number): TextDocument | undefined {
    const document = documents.get(uri);
    return states.get(uri) === state && state.run === run && document?.version === version ? document : undefined;
  }

  async function validate(uri: string, state: DocumentState, run: number): Promise<void> {
    const version = documents.get(uri)!.version;
    const documentSettings = await settings.forDocument(uri);
    const document = stillCurrent(uri, state, run, version);
    if (!document) return;
    const plan = planLint(document, documentSettings);
    if (plan.kind !== 'typeAware') state.typeAwareProblems = [];
    if (plan.kind === 'skip') return publish(uri, version, [], { typeAware: 'notNeeded' });
    if (plan.kind === 'tooLarge') return publish(uri, version, [tooLargeProblem(plan.sizeKB, documentSettings)], { state: 'warn', typeAware: 'notNeeded', reason: tooLargeReason(plan.sizeKB, documentSettings) });
    if (plan.kind === 'syntactic') {
      const result = await lintSyntactic(uri, plan.request);
      if (result) publish(uri, version, result.problems, statusOf(result, plan.fallback ? 'fallback' : 'notNeeded', plan.fallback));
      return;
    }
    await validateTypeAware(uri, state, run, version, plan.request, plan.syntactic);
  }

  async function validateTypeAware(uri: string, state: DocumentState, run: number, version: number, request: LintRequest, syntacticRequest: LintRequest): Promise<void> {
    const lintSettings = request.settings;
    let typedDone = false;
    const typed = typeAware.lint(uri, request);
    void typed.then(() => (typedDone = true));
    const late = (): void => {
      if (stillCurrent(uri, state, run, version)) {
        sendStatus(state, { uri, version, state: 'warn', typeAware: 'fallback', reason: `type-aware linting took over ${lintSettings.typeAwareBudgetMs} ms; its results follow when ready` });
      }
    };
    const budget = setTimeout(late, lintSettings.typeAwareBudgetMs);
    try {
      const syntactic = await lintSyntactic(uri, syntacticRequest);
      if (!syntactic || !stillCurrent(uri, state, run, version)) return;
      if (!typedDone) {
        publish(uri, version, [...syntactic.problems, ...state.typeAwareProblems]);
        if (lintSettings.typeAwareBudgetMs <= 0) late();
      }
      const outcome = await typed;
      if (outcome.kind === 'superseded' || !stillCurrent(uri, state, run, version)) return;
      const failure = outcome.kind === 'failed' ? `type-aware linting failed: ${outcome.reason}` : projectFailure(outcome.answer.problems);
      if (failure !== undefined || outcome.kind !== 'done') {
        state.typeAwareProblems = [];
        return publish(uri, version, syntactic.problems, statusOf(syntactic, 'fallback', failure));
      }
      state.typeAwareProblems = outcome.answer.problems.filter(isTypeAware);
      publish(uri, version, outcome.answer.problems, statusOf(outcome.answer, 'on'));
    } finally {
      clearTimeout(budget);
    }
  }

  /** A syntactic lint, here or (for a large file) in its worker; undefined when a newer request for the document replaced it. */
  async function lintSyntactic(uri: string, request: LintRequest): Promise<LintResult | undefined> {
    if (request.text.length < LARGE_FILE_CHARS) return lint(request);
    const outcome = await largeFiles.lint(uri, request);
    if (outcome.kind === 'failed') throw new Error(`linting this large file failed: ${outcome.reason}`);
    return outcome.kind === 'done' ? outcome.answer : undefined;
  }

  /** Publishes `problems` for `version` and, if given, the document's status. */
  function publish(uri: string, version: number, problems: Problem[], status?: Omit<StatusParams, 'uri' | 'version' | 'state'> & { state?: StatusParams['state'] }): void {
    const state = states.get(uri);
    if (!state || documents.get(uri)?.version !== version) return;
    problems.sort(byPosition);
    state.published = { version, problems, resultId: String(++resultCount) };
    if (state.awaited === version) state.awaited = undefined;
    if (!pulls) void connection.sendDiagnostics({ uri, version, diagnostics: problems.map((problem) => problem.diagnostic) });
    else if (state.pulls.length > 0) answerPulls(state);
    else scheduleRefresh();
    if (status) sendStatus(state, { uri, version, state: status.state ?? 'ok', ...status });
  }

  /** The status for a lint's result: `warn` when rules were left out or type information was. */
  function statusOf(result: LintResult, typeAwareState: TypeAwareState, reason?: string): Omit<StatusParams, 'uri' | 'version'> {
    for (const broken of result.brokenRules) connection.console.error(`rule ${broken.ruleId} threw and was left out: ${broken.error}`);
    const reasons = [reason];
    if (result.brokenRules.length > 0) reasons.push(`left out after it threw: ${result.brokenRules.map((broken) => broken.ruleId).join(', ')}`);
    const said = reasons.filter(Boolean).join('; ');
    const state = result.brokenRules.length > 0 || typeAwareState === 'fallback' ? 'warn' : 'ok';
    return { state, typeAware: typeAwareState, ...(said ? { reason: said } : {}) };
  }

  function sendStatus(state: DocumentState, status: StatusParams): void {
    const key = JSON.stringify(status);
    if (state.lastStatus === key || states.get(status.uri) !== state) return;
    state.lastStatus = key;
    void connection.sendNotification(StatusNotification.type, status);
  }

  function answerPulls(state: DocumentState): void {
    for (const answer of state.pulls.splice(0)) answer();
  }

  // One refresh for the results of a turn of the event loop; clients pull the open documents again.
  function scheduleRefresh(): void {
    if (refreshScheduled) return;
    refreshScheduled = true;
    setImmediate(() => {
      refreshScheduled = false;
      connection.languages.diagnostics.refresh().catch(() => {});
    });
  }

  function report(state: DocumentState | undefined, previousResultId: string | undefined): DocumentDiagnosticReport {
    const published = state?.published;
    if (!published) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
    if (previousResultId === published.resultId) return { kind: DocumentDiagnosticReportKind.Unchanged, resultId: published.resultId };
    return { kind: DocumentDiagnosticReportKind.Full, resultId: published.resultId, items: published.problems.map((problem) => problem.diagnostic) };
  }

  async function scheduleChange(uri: string, state: DocumentState): Promise<void> {
    const documentSettings = await settings.forDocument(uri);
    if (states.get(uri) !== state || !documents.get(uri)) return;
    if (documentSettings.run === 'onSave') {
      // Nothing is linted before the save: pulls get what there is.
      state.awaited = undefined;
      return answerPulls(state);
    }
    clearTimeout(state.timer);
    state.timer = setTimeout(() => startRun(uri), documentSettings.debounceMs);
  }

  return {
    onOpen: startRun,
    onEdit(uri, changes) {
      const state = states.get(uri);
      if (!state) return;
      for (const change of changes) {
        state.typeAwareProblems = state.typeAwareProblems.flatMap((problem) => {
          const range = rangeAfter(problem.diagnostic.range, change);
          // The fixes' offsets are the old version's: the moved problem has none until linted again.
          return range ? [{ diagnostic: { ...problem.diagnostic, range }, ruleId: problem.ruleId }] : [];
        });
      }
    },
    onChange(uri) {
      const state = states.get(uri);
      const version = documents.get(uri)?.version;
      if (!state || version === undefined || version === state.startedVersion) return;
      // A run in flight is for an older version: make sure it publishes nothing.
      state.run = ++runCount;
      state.awaited = version;
      void scheduleChange(uri, state);
    },
    onSave: startRun,
    onClose(uri) {
      settings.forget(uri);
      const state = states.get(uri);
      if (!state) return;
      clearTimeout(state.timer);
      states.delete(uri);
      answerPulls(state);
      if (!pulls) void connection.sendDiagnostics({ uri, diagnostics: [] });
    },
    revalidateAll() {
      for (const document of documents.all()) startRun(document.uri);
    },
    problems: (uri) => states.get(uri)?.published,
    pull(uri, previousResultId) {
      const state = states.get(uri);
      if (!state || state.awaited === undefined) return Promise.resolve(report(state, previousResultId));
      return new Promise((resolve) => state.pulls.push(() => resolve(report(states.get(uri), previousResultId))));
    },
  };
}

function isTypeAware(problem: Problem): boolean {
  const rule = Problem.ruleName(problem);
  return rule !== undefined && TYPE_AWARE_RULES.has(rule);
}

function byPosition(a: Problem, b: Problem): number {
  const [p, q] = [a.diagnostic.range.start, b.diagnostic.range.start];
  return p.line - q.line || p.character - q.character;
}

function tooLargeReason(sizeKB: number, settings: CorralSettings): string {
  return `not linted: ${sizeKB.toLocaleString('en')} KB is over corral.maxFileSizeKB (${settings.maxFileSizeKB.toLocaleString('en')} KB)`;
}

/** The one diagnostic of a document too large to lint, at its start. */
function tooLargeProblem(sizeKB: number, settings: CorralSettings): Problem {
  const message = `Corral did not lint this file: it is ${sizeKB.toLocaleString('en')} KB, over the ${settings.maxFileSizeKB.toLocaleString('en')} KB of corral.maxFileSizeKB (files this large are mostly generated). Raise the setting to lint it.`;
  const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  return { diagnostic: { range, severity: DiagnosticSeverity.Information, source: 'corral', message }, ruleId: null };
}
