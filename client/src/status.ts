import * as vscode from 'vscode';

import type { StatusParams } from '../../server/src/shared/index.ts';
import { Commands, DOCUMENT_SELECTOR } from './constants.ts';
import { readSettings } from './settings.ts';

export type ServerState = 'starting' | 'running' | 'stopped';

/**
 * The language status item (the `{}` beside the language in the status bar): the server's state,
 * the active document's latest lint (type-aware or the syntactic fallback, and why) and the time
 * budget for type-aware results.
 */
export class CorralStatus implements vscode.Disposable {
  private readonly item = vscode.languages.createLanguageStatusItem('corral.status', DOCUMENT_SELECTOR);
  private readonly documents = new Map<string, StatusParams>();
  private readonly subscriptions: vscode.Disposable[] = [];
  private server: ServerState = 'starting';

  constructor() {
    this.item.name = 'Corral';
    this.item.command = { title: 'Show Output', command: Commands.showOutput };
    this.subscriptions.push(
      vscode.window.onDidChangeActiveTextEditor(() => this.refresh()),
      vscode.workspace.onDidCloseTextDocument((document) => this.documents.delete(document.uri.toString())),
    );
    this.refresh();
  }

  setServerState(state: ServerState): void {
    this.server = state;
    this.refresh();
  }

  setDocumentStatus(params: StatusParams): void {
    this.documents.set(params.uri, params);
    this.refresh();
  }

  /** What the item shows now (for tests). */
  snapshot(): { server: ServerState; text: string; detail: string | undefined; severity: vscode.LanguageStatusSeverity } {
    return { server: this.server, text: this.item.text, detail: this.item.detail, severity: this.item.severity };
  }

  refresh(): void {
    const document = vscode.window.activeTextEditor?.document;
    const settings = readSettings(document?.uri);
    const budget = `type-aware budget ${settings.typeAwareBudgetMs} ms`;
    this.item.busy = this.server === 'starting';
    if (this.server !== 'running') {
      this.item.text = this.server === 'starting' ? '$(sync~spin) Corral' : '$(error) Corral';
      this.item.detail = this.server === 'starting' ? 'starting the server' : 'server stopped';
      this.item.severity = this.server === 'stopped' ? vscode.LanguageStatusSeverity.Error : vscode.LanguageStatusSeverity.Information;
      this.item.command = this.server === 'stopped'
        ? { title: 'Restart', command: Commands.restartServer }
        : { title: 'Show Output', command: Commands.showOutput };
      return;
    }
    this.item.command = { title: 'Show Output', command: Commands.showOutput };
    if (!settings.enable) {
      this.item.text = '$(circle-slash) Corral';
      this.item.detail = 'off (corral.enable)';
      this.item.severity = vscode.LanguageStatusSeverity.Information;
      return;
    }
    const status = document ? this.documents.get(document.uri.toString()) : undefined;
    const typeAware = !status ? '' : status.typeAware === 'on' ? 'type-aware' : status.typeAware === 'fallback' ? 'syntactic only' : 'syntactic';
    this.item.text = status?.state === 'error' ? '$(error) Corral' : status?.state === 'warn' ? '$(warning) Corral' : '$(check) Corral';
    this.item.detail = [settings.preset, typeAware, budget, status?.reason].filter(Boolean).join(' · ');
    this.item.severity = status?.state === 'error'
      ? vscode.LanguageStatusSeverity.Error
      : status?.state === 'warn' ? vscode.LanguageStatusSeverity.Warning : vscode.LanguageStatusSeverity.Information;
  }

  dispose(): void {
    this.item.dispose();
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}
