// The language server's entry: wiring only, in lifecycle order. The same bundle is also the
// lint workers' script (see lintWorker.ts).
import {
  CodeActionKind,
  createConnection,
  DidChangeConfigurationNotification,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';

import { codeActions, FIX_ALL_KIND } from './codeActions.ts';
import { hover } from './hover.ts';
import { createSettingsStore, type SettingsStore } from './settings.ts';
import { Commands } from './shared/customMessages.ts';
import { SETTINGS_SECTION } from './shared/settings.ts';
import { showDocumentation } from './showDocumentation.ts';
import { isLintWorker, runLintWorker } from './lintWorker.ts';
import { createValidator, type Validator } from './validator.ts';
import { createWorkerLinter } from './workerLinter.ts';

if (isLintWorker()) runLintWorker();
else startServer();

function startServer(): void {
  const connection = createConnection(ProposedFeatures.all);
  const documents = new TextDocuments(TextDocument);
  const log = (message: string): void => connection.console.log(message);
  const typeAware = createWorkerLinter(__filename, 'type-aware', log);
  const largeFiles = createWorkerLinter(__filename, 'large-file', log);
  let settings: SettingsStore | undefined;
  let validator: Validator | undefined;
  let versionedEdits = false;
  let canRegisterConfiguration = false;

  // A bug of ours must cost one answer, never the server (nor the editor that started it).
  process.on('uncaughtException', (error) => connection.console.error(`uncaught: ${error.stack ?? error.message}`));
  process.on('unhandledRejection', (reason) => connection.console.error(`unhandled rejection: ${reason instanceof Error ? reason.stack : String(reason)}`));

  connection.onInitialize((params): InitializeResult => {
    const capabilities = params.capabilities;
    versionedEdits = capabilities.workspace?.workspaceEdit?.documentChanges === true;
    canRegisterConfiguration = capabilities.workspace?.didChangeConfiguration?.dynamicRegistration === true;
    const initial = (params.initializationOptions as { settings?: unknown } | undefined)?.settings;
    settings = createSettingsStore(connection, capabilities.workspace?.configuration === true, initial);
    validator = createValidator({ connection, documents, settings, typeAware, largeFiles });
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.SourceFixAll, FIX_ALL_KIND] },
        executeCommandProvider: { commands: [Commands.showDocumentation] },
        hoverProvider: true,
      },
      serverInfo: { name: 'corral-language-server', version: '0.1.0' },
    };
  });

  connection.onInitialized(() => {
    if (canRegisterConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION });
  });

  connection.onDidChangeConfiguration((params) => {
    settings?.invalidate((params.settings as Record<string, unknown> | null | undefined)?.[SETTINGS_SECTION]);
    validator?.revalidateAll();
  });

  documents.onDidOpen(({ document }) => validator?.onOpen(document.uri));
  documents.onDidChangeContent(({ document }) => validator?.onChange(document.uri));
  documents.onDidSave(({ document }) => validator?.onSave(document.uri));
  documents.onDidClose(({ document }) => validator?.onClose(document.uri));

  connection.onCodeAction(async (params) => {
    const document = documents.get(params.textDocument.uri);
    if (!document || !settings || !validator) return [];
    const documentSettings = await settings.forDocument(document.uri);
    // The settings may have taken a while; actions for a document edited since would be stale.
    if (documents.get(document.uri) !== document) return [];
    return codeActions(params, { document, problems: validator.problems(document.uri), settings: documentSettings, versionedEdits });
  });

  connection.onExecuteCommand(async (params) => {
    if (params.command === Commands.showDocumentation) await showDocumentation(connection, params.arguments?.[0]);
  });

  connection.onHover((params) => {
    const document = documents.get(params.textDocument.uri);
    return document ? hover(document, params.position) : null;
  });

  connection.onShutdown(async () => {
    await Promise.all([typeAware.dispose(), largeFiles.dispose()]);
  });

  documents.listen(connection);
  connection.listen();
}
