// Starts the built language server as a child process over stdio and drives it with
// vscode-languageserver-protocol's client side, as an editor would. Waits are for events (a
// diagnostics or status notification, a response), never for a length of time; the timeouts
// only turn a hang into a failure.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import {
  CodeActionRequest,
  CodeActionResolveRequest,
  createProtocolConnection,
  DocumentDiagnosticRequest,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DidSaveTextDocumentNotification,
  ExitNotification,
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  LogMessageNotification,
  ShowMessageNotification,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type CodeAction,
  type Command,
  type Diagnostic,
  type DocumentDiagnosticReport,
  type InitializeResult,
  type Hover,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type Range,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';

import { StatusNotification, type StatusParams } from '../../server/src/shared/customMessages.ts';
import type { CorralSettings } from '../../server/src/shared/settings.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
export const serverBundle = join(root, 'server/dist/server.js');
const WAIT_MS = 60_000;

/** The tests' build, with fault injection (server/src/faults.ts), which the published bundles lack. */
const faultsDir = join(root, 'server/.cache/faults');
const faultsBundle = join(faultsDir, 'server.js');

/** Builds the bundle when it is missing or older than a source file. */
export function ensureBuilt(): void {
  if (isFresh(serverBundle)) return;
  const result = spawnSync(process.execPath, [join(root, 'server/build.mjs')], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error('building the language server failed');
}

/**
 * Builds the tests' bundles when stale: into a folder of its own first, then moved into place
 * whole, as test files run in parallel (a build that loses the race is dropped).
 */
function ensureFaultsBuilt(): void {
  if (isFresh(faultsBundle)) return;
  const building = `${faultsDir}.${process.pid}`;
  const result = spawnSync(process.execPath, [join(root, 'server/build.mjs'), `--faults=${building}`], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error('building the language server with fault injection failed');
  rmSync(faultsDir, { recursive: true, force: true });
  try {
    renameSync(building, faultsDir);
  } catch (error) {
    if (!isFresh(faultsBundle)) throw error;
    rmSync(building, { recursive: true, force: true });
  }
}

function isFresh(bundle: string): boolean {
  const built = existsSync(bundle) ? statSync(bundle).mtimeMs : 0;
  const sources = [join(root, 'server/src'), join(root, 'rules/src')].flatMap(listFiles);
  return sources.every((file) => statSync(file).mtimeMs < built);
}

function listFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

export interface StartOptions {
  settings?: Partial<CorralSettings>;
  /** Extra environment for the server (fault injection). */
  env?: Record<string, string>;
  /** Whether the client answers workspace/configuration (else settings are pushed). */
  pullSettings?: boolean;
  /** Whether the client pulls diagnostics (textDocument/diagnostic, with refresh support). */
  pullDiagnostics?: boolean;
  /** Whether the client resolves code actions' edits (codeAction/resolve). */
  resolveCodeActions?: boolean;
}

/** An editor's view of one server: its open documents, what it was sent, and ways to wait for more. */
export interface Editor {
  connection: ProtocolConnection;
  settings: Partial<CorralSettings>;
  logs: string[];
  shownDocuments: string[];
  open(uri: string, text: string, languageId?: string): TextDocument;
  /** Replaces the whole text (one full-text change). */
  change(uri: string, text: string): TextDocument;
  /** Applies ranged edits (incremental changes). */
  edit(uri: string, edits: TextEdit[]): TextDocument;
  save(uri: string): void;
  close(uri: string): void;
  document(uri: string): TextDocument;
  /** The next diagnostics for the document's current version (or later). */
  diagnostics(uri: string): Promise<Diagnostic[]>;
  /** Every diagnostics notification received for `uri`, in order. */
  publishedFor(uri: string): Diagnostic[][];
  /** The first diagnostics for `uri` published after this call (use before the action that causes them). */
  nextDiagnostics(uri: string): Promise<Diagnostic[]>;
  /** The next status notification for `uri` that satisfies `accept`. */
  status(uri: string, accept?: (status: StatusParams) => boolean): Promise<StatusParams>;
  /** Every status notification received for `uri`, in order. */
  statusesFor(uri: string): StatusParams[];
  /** textDocument/diagnostic (a pulling client). */
  pull(uri: string, previousResultId?: string): Promise<DocumentDiagnosticReport>;
  /** How many workspace/diagnostic/refresh requests the server has sent. */
  refreshes(): number;
  /** The next workspace/diagnostic/refresh request from now. */
  nextRefresh(): Promise<void>;
  resolveCodeAction(action: CodeAction): Promise<CodeAction>;
  /** What the server answered to `initialize`. */
  initializeResult: InitializeResult;
  /** How many workspace/configuration requests named `uri`. */
  configurationRequestsFor(uri: string): number;
  codeActions(uri: string, range: Range, diagnostics: Diagnostic[], only?: string[]): Promise<(CodeAction | Command)[]>;
  hover(uri: string, line: number, character: number): Promise<Hover | null>;
  /** Applies a workspace edit to the editor's copy, as a client would (refusing a stale version). */
  apply(edit: WorkspaceEdit): void;
  changeSettings(settings: Partial<CorralSettings>): void;
  stop(): Promise<void>;
  process: ChildProcess;
}

export async function startServer(options: StartOptions = {}): Promise<Editor> {
  const faults = options.env?.['CORRAL_LANGUAGE_SERVER_FAULTS'] !== undefined;
  if (faults) ensureFaultsBuilt();
  const child = spawn(process.execPath, [faults ? faultsBundle : serverBundle, '--stdio'], {
    env: { ...process.env, ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const logs: string[] = [];
  child.stderr!.on('data', (chunk: Buffer) => logs.push(String(chunk)));
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const editor = createEditor(connection, child, options, logs);
  connection.listen();
  const resolve = options.resolveCodeActions ? { dataSupport: true, resolveSupport: { properties: ['edit'] } } : {};
  editor.initializeResult = await connection.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: null,
    capabilities: {
      workspace: {
        configuration: options.pullSettings !== false,
        workspaceEdit: { documentChanges: true },
        didChangeConfiguration: { dynamicRegistration: true },
        ...(options.pullDiagnostics ? { diagnostics: { refreshSupport: true } } : {}),
      },
      textDocument: {
        publishDiagnostics: { versionSupport: true },
        codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source.fixAll'] } }, ...resolve },
        ...(options.pullDiagnostics ? { diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false } } : {}),
      },
      window: { showDocument: { support: true } },
    },
    initializationOptions: options.pullSettings === false ? { settings: options.settings ?? {} } : undefined,
  });
  await connection.sendNotification(InitializedNotification.type, {});
  return editor;
}

function createEditor(connection: ProtocolConnection, child: ChildProcess, options: StartOptions, logs: string[]): Editor {
  const documents = new Map<string, TextDocument>();
  const received: PublishDiagnosticsParams[] = [];
  const statuses: StatusParams[] = [];
  const waiters = new Set<() => void>();
  const shownDocuments: string[] = [];
  const configurationScopes: string[] = [];
  let refreshCount = 0;
  const editor = { settings: { ...options.settings } } as Editor;
  const wake = (): void => { for (const waiter of [...waiters]) waiter(); };

  connection.onNotification(PublishDiagnosticsNotification.type, (params) => { received.push(params); wake(); });
  connection.onNotification(StatusNotification.type, (params) => { statuses.push(params); wake(); });
  connection.onNotification(LogMessageNotification.type, (params) => { logs.push(`${params.message}\n`); });
  connection.onNotification(ShowMessageNotification.type, (params) => { logs.push(`${params.message}\n`); });
  connection.onRequest('workspace/configuration', (params: { items: { scopeUri?: string }[] }) => params.items.map((item) => {
    configurationScopes.push(item.scopeUri ?? '');
    return editor.settings;
  }));
  connection.onRequest('workspace/diagnostic/refresh', () => { refreshCount++; wake(); return null; });
  connection.onRequest('client/registerCapability', () => null);
  connection.onRequest('window/showDocument', (params: { uri: string }) => { shownDocuments.push(params.uri); return { success: true }; });

  /** Resolves with the first value `take` finds, checking now and after each notification. */
  function waitFor<T>(what: string, take: () => T | undefined): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const value = take();
        if (value === undefined) return;
        waiters.delete(check);
        clearTimeout(timer);
        resolve(value);
      };
      const timer = setTimeout(() => { waiters.delete(check); reject(new Error(`no ${what} within ${WAIT_MS} ms; server log:\n${logs.join('')}`)); }, WAIT_MS);
      waiters.add(check);
      check();
    });
  }

  function sendChange(uri: string, next: TextDocument, contentChanges: { text: string; range?: Range }[]): TextDocument {
    documents.set(uri, next);
    void connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: next.version }, contentChanges });
    return next;
  }

  return Object.assign(editor, {
    connection,
    logs,
    shownDocuments,
    process: child,
    open(uri: string, text: string, languageId = 'typescript') {
      const document = TextDocument.create(uri, languageId, 1, text);
      documents.set(uri, document);
      void connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version: 1, text } });
      return document;
    },
    change(uri: string, text: string) {
      const current = editor.document(uri);
      return sendChange(uri, TextDocument.create(uri, current.languageId, current.version + 1, text), [{ text }]);
    },
    edit(uri: string, edits: TextEdit[]) {
      const current = editor.document(uri);
      const next = TextDocument.create(uri, current.languageId, current.version + 1, TextDocument.applyEdits(current, edits));
      // Sent one by one, last in the document first, so each range is valid when it arrives.
      const ordered = [...edits].sort((a, b) => current.offsetAt(b.range.start) - current.offsetAt(a.range.start));
      return sendChange(uri, next, ordered.map((edit) => ({ range: edit.range, text: edit.newText })));
    },
    save(uri: string) {
      void connection.sendNotification(DidSaveTextDocumentNotification.type, { textDocument: { uri } });
    },
    close(uri: string) {
      documents.delete(uri);
      void connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
    },
    document(uri: string) {
      const document = documents.get(uri);
      if (!document) throw new Error(`${uri} is not open`);
      return document;
    },
    diagnostics(uri: string) {
      const version = editor.document(uri).version;
      return waitFor(`diagnostics for ${uri} v${version}`, () =>
        received.findLast((params) => params.uri === uri && (params.version ?? 0) >= version)?.diagnostics);
    },
    publishedFor(uri: string) {
      return received.filter((params) => params.uri === uri).map((params) => params.diagnostics);
    },
    nextDiagnostics(uri: string) {
      const from = received.length;
      return waitFor(`new diagnostics for ${uri}`, () => received.slice(from).find((params) => params.uri === uri)?.diagnostics);
    },
    status(uri: string, accept: (status: StatusParams) => boolean = () => true) {
      const from = statuses.length;
      return waitFor(`status for ${uri}`, () => statuses.slice(from).find((status) => status.uri === uri && accept(status)));
    },
    statusesFor(uri: string) {
      return statuses.filter((status) => status.uri === uri);
    },
    pull(uri: string, previousResultId?: string) {
      return connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri }, ...(previousResultId ? { previousResultId } : {}) });
    },
    refreshes: () => refreshCount,
    nextRefresh() {
      const from = refreshCount;
      return waitFor('a diagnostics refresh', () => (refreshCount > from ? true : undefined)).then(() => {});
    },
    resolveCodeAction(action: CodeAction) {
      return connection.sendRequest(CodeActionResolveRequest.type, action);
    },
    configurationRequestsFor(uri: string) {
      return configurationScopes.filter((scope) => scope === uri).length;
    },
    codeActions(uri: string, range: Range, diagnostics: Diagnostic[], only?: string[]) {
      return connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range, context: { diagnostics, ...(only ? { only } : {}) } })
        .then((actions) => actions ?? []);
    },
    hover(uri: string, line: number, character: number) {
      return connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line, character } });
    },
    apply(edit: WorkspaceEdit) {
      for (const change of edit.documentChanges ?? []) {
        if (!('edits' in change)) throw new Error('only text document edits are expected');
        const current = editor.document(change.textDocument.uri);
        if (change.textDocument.version !== current.version) throw new Error(`stale edit: for v${change.textDocument.version}, document at v${current.version}`);
        editor.edit(current.uri, change.edits as TextEdit[]);
      }
      for (const [uri, edits] of Object.entries(edit.changes ?? {})) editor.edit(uri, edits);
    },
    changeSettings(settings: Partial<CorralSettings>) {
      editor.settings = { ...settings };
      const pushed = options.pullSettings === false ? { corral: editor.settings } : null;
      void connection.sendNotification(DidChangeConfigurationNotification.type, { settings: pushed });
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        await connection.sendRequest(ShutdownRequest.type).catch(() => {});
        await connection.sendNotification(ExitNotification.type).catch(() => {});
        await exited;
      }
      connection.dispose();
    },
  });
}

export { TYPED_AND_SYNTACTIC } from './documents.mjs';

/** A `file:` URI for a document that exists nowhere on disk. */
export function virtualUri(name: string): string {
  return pathToFileURL(join(tmpdir(), 'corral-ls-virtual', name)).href;
}

/**
 * A project on disk: a tsconfig.json, the files given, and `node_modules/corral` linked to the
 * runtime so its types resolve. Removed by `remove()`.
 */
export function createProject(files: Record<string, string>): { dir: string; uri(name: string): string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'corral-ls-project-'));
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: true },
    include: ['src'],
  }));
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(join(root, 'runtime'), join(dir, 'node_modules/corral'), 'dir');
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return { dir, uri: (name) => pathToFileURL(join(dir, name)).href, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The codes of diagnostics, with their 1-based start line, for compact assertions. */
export function codesAndLines(diagnostics: Diagnostic[]): string[] {
  return diagnostics.map((diagnostic) => `${String(diagnostic.code)}@${diagnostic.range.start.line + 1}`).sort();
}

export function isCodeAction(action: CodeAction | Command): action is CodeAction {
  return typeof (action as CodeAction).title === 'string' && typeof (action as Command).command !== 'string';
}
