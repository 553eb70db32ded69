// The language server's entry: wiring only, in lifecycle order. The same bundle is also the
// lint workers' script (see lintWorker.ts). What needs the linter is in engine.ts, loaded once
// `initialize` is answered: until then only vscode-languageserver is loaded, and every handler
// waits for the engine, in the order the messages came.
import {
  CodeActionKind,
  createConnection,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type ClientCapabilities,
  type Connection,
  type InitializeResult,
} from 'vscode-languageserver/node';
import * as nodeModule from 'node:module';

import { TextDocument } from 'vscode-languageserver-textdocument';

import { standInFilename } from './documentFiles.ts';
import type { TextChange } from './ranges.ts';
import { createSettingsStore, type SettingsStore } from './settings.ts';
import { Commands, FIX_ALL_KIND } from './shared/customMessages.ts';
import { SETTINGS_SECTION } from './shared/settings.ts';
import { showDocumentation } from './showDocumentation.ts';
import type { Validator } from './validator.ts';
import { createWorkerLinter } from './workerLinter.ts';
import { isLintWorker } from './workerProtocol.ts';

type Engine = typeof import('./engine.ts');

// Node 22 and later keep the code they compile (TypeScript's, above all) on disk for the next start.
(nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();

if (isLintWorker()) void import('./engine.ts').then((engine) => engine.runLintWorker());
else startServer();

function startServer(): void {
  const connection = createConnection(ProposedFeatures.all);
  const documents = new TextDocuments(TextDocument);
  const log = (message: string): void => connection.console.log(message);
  const typeAware = createWorkerLinter(__filename, 'type-aware', log);
  const largeFiles = createWorkerLinter(__filename, 'large-file', log);
  let settings: SettingsStore | undefined;
  let capabilities: ClientCapabilities = {};
  let loaded!: (engine: { engine: Engine; validator: Validator }) => void;
  const ready = new Promise<{ engine: Engine; validator: Validator }>((resolve) => (loaded = resolve));
  let validator: Validator | undefined;
  let loadEngine = (): void => {};

  // A bug of ours must cost one answer, never the server (nor the editor that started it).
  process.on('uncaughtException', (error) => connection.console.error(`uncaught: ${error.stack ?? error.message}`));
  process.on('unhandledRejection', (reason) => connection.console.error(`unhandled rejection: ${reason instanceof Error ? reason.stack : String(reason)}`));

  connection.onInitialize((params): InitializeResult => {
    capabilities = params.capabilities;
    const initial = (params.initializationOptions as { settings?: unknown } | undefined)?.settings;
    settings = createSettingsStore(connection, capabilities.workspace?.configuration === true, initial);
    const pulls = capabilities.textDocument?.diagnostic !== undefined && capabilities.workspace?.diagnostics?.refreshSupport === true;
    // The type-aware worker loads the linter on the other core meanwhile; most projects use it.
    if ((initial as { preset?: unknown } | undefined)?.preset !== 'recommended') typeAware.warm();
    loadEngine = () => void import('./engine.ts').then((engine) => {
      validator = engine.createValidator({ connection, documents, settings: settings!, typeAware, largeFiles, pulls });
      loaded({ engine, validator });
    });
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.SourceFixAll, FIX_ALL_KIND], resolveProvider: true },
        executeCommandProvider: { commands: [Commands.showDocumentation] },
        hoverProvider: true,
        ...(pulls ? { diagnosticProvider: { identifier: 'corral', interFileDependencies: false, workspaceDiagnostics: false } } : {}),
      },
      serverInfo: { name: 'corral-language-server', version: '0.1.0' },
    };
  });

  connection.onInitialized(() => {
    // Loaded once the answer to `initialize` is out (the client has it): loading blocks this
    // thread for half a second or more. (The answer is written on a later turn of the event
    // loop than the handler's return, so loading from the handler would hold it back.)
    loadEngine();
    if (capabilities.workspace?.didChangeConfiguration?.dynamicRegistration) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION });
    }
    if (capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/tsconfig.json' }] });
    }
  });

  connection.onDidChangeConfiguration(async (params) => {
    settings?.invalidate((params.settings as Record<string, unknown> | null | undefined)?.[SETTINGS_SECTION]);
    (await ready).validator.revalidateAll();
  });

  // A tsconfig.json created, changed or deleted: which project each file is in may have changed,
  // and the project service keeps the projects it has built: a new worker starts afresh.
  connection.onDidChangeWatchedFiles(async () => {
    const { engine, validator } = await ready;
    engine.forgetProjects();
    await typeAware.restart();
    validator.revalidateAll();
  });

  documents.onDidOpen(async ({ document }) => (await ready).validator.onOpen(document.uri));
  documents.onDidChangeContent(async ({ document }) => (await ready).validator.onChange(document.uri));
  documents.onDidSave(async ({ document }) => (await ready).validator.onSave(document.uri));
  documents.onDidClose(async ({ document }) => (await ready).validator.onClose(document.uri));

  connection.onCodeAction(async (params) => {
    const { engine, validator } = await ready;
    const document = documents.get(params.textDocument.uri);
    if (!document) return [];
    return engine.codeActions(params, { document, problems: validator.problems(document.uri), ...editCapabilities() });
  });

  connection.onCodeActionResolve(async (action) => {
    const { engine, validator } = await ready;
    const uri = (action.data as { uri?: unknown } | undefined)?.uri;
    const document = typeof uri === 'string' ? documents.get(uri) : undefined;
    if (!document) return action;
    return engine.resolveFixAll(action, { document, problems: validator.problems(document.uri), ...editCapabilities() });
  });

  connection.onExecuteCommand(async (params) => {
    if (params.command === Commands.showDocumentation) await showDocumentation(connection, params.arguments?.[0]);
  });

  connection.onHover(async (params) => {
    const { engine } = await ready;
    const document = documents.get(params.textDocument.uri);
    if (!document) return null;
    const text = document.getText();
    const offset = document.offsetAt(params.position);
    const filename = standInFilename(document);
    // Parsing a large file here would hold up every other request: its worker parses it.
    let answer;
    if (text.length < engine.LARGE_FILE_CHARS) answer = engine.hoverAt(text, filename, offset);
    else {
      const outcome = await largeFiles.hover(document.uri, text, filename, offset);
      answer = outcome.kind === 'done' ? outcome.answer : null;
    }
    if (!answer || documents.get(document.uri) !== document) return null;
    return {
      contents: { kind: 'markdown', value: answer.markdown },
      range: { start: document.positionAt(answer.range[0]), end: document.positionAt(answer.range[1]) },
    };
  });

  connection.languages.diagnostics.on(async (params) => (await ready).validator.pull(params.textDocument.uri, params.previousResultId));

  connection.onShutdown(async () => {
    await Promise.all([typeAware.dispose(), largeFiles.dispose()]);
  });

  function editCapabilities(): { versionedEdits: boolean; resolvesEdits: boolean } {
    const codeAction = capabilities.textDocument?.codeAction;
    return {
      versionedEdits: capabilities.workspace?.workspaceEdit?.documentChanges === true,
      resolvesEdits: codeAction?.dataSupport === true && codeAction.resolveSupport?.properties.includes('edit') === true,
    };
  }

  documents.listen(withEditsSeen(connection, (uri, changes) => validator?.onEdit(uri, changes)));
  connection.listen();
}

/** The connection, telling `seen` of each didChange's changes before the documents apply them. */
function withEditsSeen(connection: Connection, seen: (uri: string, changes: readonly TextChange[]) => void): Connection {
  return Object.create(connection, {
    onDidChangeTextDocument: {
      value: (handler: Parameters<Connection['onDidChangeTextDocument']>[0]) => connection.onDidChangeTextDocument((params) => {
        seen(params.textDocument.uri, params.contentChanges);
        return handler(params);
      }),
    },
  }) as Connection;
}
