// The Corral extension's entry: wiring only. It starts the bundled language server
// (dist/server/server.cjs, from server/) with vscode-languageclient, and adds the commands and
// the language status item. No workspace code runs: the rules and TypeScript are bundled.
import * as vscode from 'vscode';
import { LanguageClient, State, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

import { SETTINGS_SECTION, StatusNotification } from '../../server/src/shared/index.ts';
import { Commands, DOCUMENT_SELECTOR } from './constants.ts';
import { fixAll } from './fixAll.ts';
import { readSettings } from './settings.ts';
import { CorralStatus } from './status.ts';
import { activateTaskTree } from './taskTree/index.ts';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<CorralApi> {
  const output = vscode.window.createOutputChannel('Corral', { log: true });
  const status = new CorralStatus();
  context.subscriptions.push(output, status);

  const serverModule = context.asAbsolutePath('dist/server/server.cjs');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    outputChannel: output,
    initializationOptions: () => ({ settings: readSettings() }),
    synchronize: { configurationSection: SETTINGS_SECTION },
    // Pull diagnostics (the server offers them to clients that pull): asked for as the document
    // changes and when it is saved; the server asks for a new pull when type-aware results come.
    diagnosticPullOptions: { onChange: true, onSave: true },
  };

  const started = async (): Promise<LanguageClient> => {
    const created = new LanguageClient('corral', 'Corral', serverOptions, clientOptions);
    created.onDidChangeState(({ newState }) => status.setServerState(newState === State.Running ? 'running' : newState === State.Starting ? 'starting' : 'stopped'));
    created.onNotification(StatusNotification.type, (params) => status.setDocumentStatus(params));
    status.setServerState('starting');
    await created.start();
    return created;
  };

  context.subscriptions.push(
    vscode.commands.registerCommand(Commands.restartServer, async () => {
      const old = client;
      client = undefined;
      await old?.stop().catch((error: unknown) => output.warn(`stopping the server: ${String(error)}`));
      await old?.dispose().catch(() => {});
      client = await started();
      output.info('Corral language server restarted');
    }),
    vscode.commands.registerCommand(Commands.showOutput, () => output.show(true)),
    vscode.commands.registerCommand(Commands.fixAll, async (uri?: vscode.Uri) => {
      const target = uri ?? vscode.window.activeTextEditor?.document.uri;
      if (!target) return false;
      return fixAll(target);
    }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration(SETTINGS_SECTION)) status.refresh();
    }),
    { dispose: () => void client?.stop() },
  );

  activateTaskTree(context);
  client = await started();
  return {
    /** For tests and other extensions: the running client's state. */
    isRunning: () => client?.state === State.Running,
    /** Whether the running server gives its diagnostics by pull (textDocument/diagnostic). */
    pullsDiagnostics: () => client?.initializeResult?.capabilities.diagnosticProvider !== undefined,
    status: () => status.snapshot(),
  };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}

/** What `activate` returns (`vscode.extensions.getExtension(...).exports`). */
export interface CorralApi {
  isRunning(): boolean;
  pullsDiagnostics(): boolean;
  status(): ReturnType<CorralStatus['snapshot']>;
}
