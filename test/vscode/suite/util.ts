import * as vscode from 'vscode';

import { waitFor } from './harness.ts';

export const EXTENSION_ID = 'corral.corral-vscode';

export function workspaceFile(relative: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('no workspace folder is open');
  return vscode.Uri.joinPath(folder.uri, relative);
}

export async function open(relative: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(workspaceFile(relative));
  return vscode.window.showTextDocument(document);
}

/** The Corral diagnostics of a document (source `corral`). */
export function corralDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === 'corral');
}

/**
 * The quick fixes VS Code's code-action providers give for `range`. VS Code cancels a code-action
 * request when the document's text changes while it runs (it asks again, as the light bulb does):
 * a `Canceled` is asked again, up to three times, and the error says whether the text changed.
 */
export async function quickFixes(document: vscode.TextDocument, range: vscode.Range): Promise<vscode.CodeAction[]> {
  for (let attempt = 1; ; attempt++) {
    const version = document.version;
    try {
      return await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, range, vscode.CodeActionKind.QuickFix.value);
    } catch (error) {
      if (!(error instanceof Error && error.name === 'Canceled') || attempt === 3) {
        throw new Error(`code actions for ${document.uri.path} (version ${version} → ${document.version}, attempt ${attempt}): ${String(error)}`);
      }
    }
  }
}

export function ruleOf(diagnostic: vscode.Diagnostic): string | undefined {
  const code = diagnostic.code;
  return typeof code === 'object' ? String(code.value) : code === undefined ? undefined : String(code);
}

/** Waits until the document has a Corral diagnostic of `rule` and returns it. */
export function diagnosticOf(uri: vscode.Uri, rule: string, timeoutMs = 30_000): Promise<vscode.Diagnostic> {
  return waitFor(`a ${rule} diagnostic in ${uri.path}`, () => corralDiagnostics(uri).find((d) => ruleOf(d) === rule), timeoutMs);
}

/** Reverts and closes every editor, so each test starts from the files on disk. */
export async function closeAll(): Promise<void> {
  for (const document of vscode.workspace.textDocuments) {
    if (document.isDirty && document.uri.scheme === 'file') {
      await vscode.window.showTextDocument(document);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

export async function setSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('corral').update(key, value, vscode.ConfigurationTarget.Workspace);
}
