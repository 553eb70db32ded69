// When and how documents are linted, and what is published: debounced on change (or on save),
// at once on open; type-aware lints get a time budget, after which the syntactic rules' results
// are published and the type-aware ones replace them when they come. A result is published only
// if its document is still open at the version it was computed for. Large files are linted in a
// worker: on this thread they would hold up every other request for a second or more.
import type { Connection, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';

import { lint, type LintRequest, type LintResult } from './lint.ts';
import { planLint, projectFailure } from './lintPlan.ts';
import { toProblem, type DocumentProblems } from './problems.ts';
import { ruleSeverities } from './ruleConfig.ts';
import type { SettingsStore } from './settings.ts';
import type { CorralSettings } from './shared/settings.ts';
import { StatusNotification, type StatusParams, type TypeAwareState } from './shared/customMessages.ts';
import type { WorkerLinter } from './workerLinter.ts';

export interface Validator {
  onOpen(uri: string): void;
  onChange(uri: string): void;
  onSave(uri: string): void;
  onClose(uri: string): void;
  /** Lints every open document again (settings changed). */
  revalidateAll(): void;
  /** The problems last published for a document, with their version. */
  problems(uri: string): DocumentProblems | undefined;
}

export interface ValidatorDeps {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  settings: SettingsStore;
  typeAware: WorkerLinter;
  /** Lints the syntactic rules of files of LARGE_FILE_CHARS or more. */
  largeFiles: WorkerLinter;
}

/** From this size (~100 ms of linting here), a syntactic lint runs in the large-file worker. */
export const LARGE_FILE_CHARS = 20_000;

export function createValidator({ connection, documents, settings, typeAware, largeFiles }: ValidatorDeps): Validator {
  const timers = new Map<string, NodeJS.Timeout>();
  // Invariant: a run publishes only while `runs.get(uri)` is still its own number.
  const runs = new Map<string, number>();
  const published = new Map<string, DocumentProblems>();
  const lastStatus = new Map<string, string>();
  // The version each document's latest run started at: opening fires a change event too.
  const startedVersions = new Map<string, number>();
  let runCount = 0;

  function startRun(uri: string): void {
    clearTimeout(timers.get(uri));
    timers.delete(uri);
    const run = ++runCount;
    runs.set(uri, run);
    const version = documents.get(uri)?.version;
    if (version !== undefined) startedVersions.set(uri, version);
    validate(uri, run).catch((error: unknown) => {
      connection.console.error(`linting ${uri} failed: ${error instanceof Error ? error.stack : String(error)}`);
      sendStatus({ uri, state: 'error', typeAware: 'notNeeded', reason: error instanceof Error ? error.message : String(error) });
    });
  }

  /** The document if this run is still the newest for it and the document has not changed since. */
  function stillCurrent(uri: string, run: number, version: number): TextDocument | undefined {
    const document = documents.get(uri);
    return runs.get(uri) === run && document?.version === version ? document : undefined;
  }

  async function validate(uri: string, run: number): Promise<void> {
    const opened = documents.get(uri);
    if (!opened) return;
    const version = opened.version;
    const documentSettings = await settings.forDocument(uri);
    const document = stillCurrent(uri, run, version);
    if (!document) return;
    const plan = planLint(document, documentSettings);
    if (plan.kind === 'skip') return publish(uri, version, documentSettings, { messages: [], brokenRules: [] }, 'notNeeded');
    if (plan.kind === 'syntactic') {
      const result = await lintSyntactic(uri, plan.request);
      if (result) publish(uri, version, documentSettings, result, plan.fallback ? 'fallback' : 'notNeeded', plan.fallback);
      return;
    }
    await validateTypeAware(uri, run, version, plan.request, plan.syntactic);
  }

  async function validateTypeAware(uri: string, run: number, version: number, request: LintRequest, syntactic: LintRequest): Promise<void> {
    const outcome = typeAware.lint(uri, request);
    const inTime = await withinBudget(outcome, request.settings.typeAwareBudgetMs);
    if (!stillCurrent(uri, run, version)) return;
    if (inTime === undefined) {
      await fallBack(uri, version, syntactic, `type-aware linting took over ${request.settings.typeAwareBudgetMs} ms; its results follow when ready`);
    }
    const result = await outcome;
    if (result.kind === 'superseded' || !stillCurrent(uri, run, version)) return;
    if (result.kind === 'failed') return fallBack(uri, version, syntactic, `type-aware linting failed: ${result.reason}`);
    const failure = projectFailure(result.result.messages);
    if (failure) return fallBack(uri, version, syntactic, failure);
    publish(uri, version, request.settings, result.result, 'on');
  }

  /** Publishes the syntactic rules' results in place of the type-aware ones, saying why. */
  async function fallBack(uri: string, version: number, syntactic: LintRequest, reason: string): Promise<void> {
    const result = await lintSyntactic(uri, syntactic);
    if (result) publish(uri, version, syntactic.settings, result, 'fallback', reason);
  }

  /** A syntactic lint, here or (for a large file) in its worker; undefined when a newer request for the document replaced it. */
  async function lintSyntactic(uri: string, request: LintRequest): Promise<LintResult | undefined> {
    if (request.text.length < LARGE_FILE_CHARS) return lint(request);
    const outcome = await largeFiles.lint(uri, request);
    if (outcome.kind === 'failed') throw new Error(`linting this large file failed: ${outcome.reason}`);
    return outcome.kind === 'linted' ? outcome.result : undefined;
  }

  /** Publishes a lint's diagnostics for `version` and the document's status. */
  function publish(uri: string, version: number, lintSettings: CorralSettings, result: LintResult, typeAwareState: TypeAwareState, reason?: string): void {
    if (documents.get(uri)?.version !== version) return;
    const severities = ruleSeverities(lintSettings, typeAwareState === 'on');
    const problems = result.messages.map((message) => toProblem(message, severities));
    published.set(uri, { version, problems });
    void connection.sendDiagnostics({ uri, version, diagnostics: problems.map((problem) => problem.diagnostic) });
    for (const broken of result.brokenRules) connection.console.error(`rule ${broken.ruleId} threw and was left out: ${broken.error}`);
    const reasons = [reason];
    if (result.brokenRules.length > 0) reasons.push(`left out after it threw: ${result.brokenRules.map((broken) => broken.ruleId).join(', ')}`);
    const said = reasons.filter(Boolean).join('; ');
    const state = result.brokenRules.length > 0 || typeAwareState === 'fallback' ? 'warn' : 'ok';
    sendStatus({ uri, state, typeAware: typeAwareState, ...(said ? { reason: said } : {}) });
  }

  function sendStatus(status: StatusParams): void {
    const key = JSON.stringify(status);
    if (lastStatus.get(status.uri) === key) return;
    lastStatus.set(status.uri, key);
    void connection.sendNotification(StatusNotification.type, status);
  }

  async function scheduleChange(uri: string): Promise<void> {
    const documentSettings = await settings.forDocument(uri);
    if (documentSettings.run === 'onSave' || !documents.get(uri)) return;
    clearTimeout(timers.get(uri));
    timers.set(uri, setTimeout(() => startRun(uri), documentSettings.debounceMs));
  }

  return {
    onOpen: startRun,
    onChange(uri) {
      if (documents.get(uri)?.version === startedVersions.get(uri)) return;
      // A run in flight is for an older version: make sure it publishes nothing.
      runs.set(uri, ++runCount);
      void scheduleChange(uri);
    },
    onSave: startRun,
    onClose(uri) {
      clearTimeout(timers.get(uri));
      timers.delete(uri);
      runs.delete(uri);
      published.delete(uri);
      lastStatus.delete(uri);
      startedVersions.delete(uri);
      void connection.sendDiagnostics({ uri, diagnostics: [] });
    },
    revalidateAll() {
      for (const document of documents.all()) startRun(document.uri);
    },
    problems: (uri) => published.get(uri),
  };
}

/** The outcome if it settles within `budgetMs`, else undefined. A budget of 0 never waits. */
async function withinBudget<T>(outcome: Promise<T>, budgetMs: number): Promise<T | undefined> {
  if (budgetMs <= 0) return undefined;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), budgetMs)));
  try {
    return await Promise.race([outcome, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
