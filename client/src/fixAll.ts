import * as vscode from 'vscode';

import { FIX_ALL_KIND as FIX_ALL } from '../../server/src/shared/index.ts';

/** The server's fix-all source action kind (`source.fixAll.corral`). */
export const FIX_ALL_KIND = vscode.CodeActionKind.Empty.append(FIX_ALL);

/**
 * Applies the server's fix-all action to a document: every problem whose rule has a safe fix.
 * Returns whether anything changed.
 */
export async function fixAll(uri: vscode.Uri): Promise<boolean> {
  const document = await vscode.workspace.openTextDocument(uri);
  const whole = new vscode.Range(0, 0, document.lineCount, 0);
  // Resolved (the last argument): the server makes a fix-all action's edit only when asked.
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
    'vscode.executeCodeActionProvider', uri, whole, FIX_ALL_KIND.value, 1);
  const action = actions?.find((candidate) => candidate.kind && FIX_ALL_KIND.contains(candidate.kind));
  if (!action?.edit) {
    void vscode.window.setStatusBarMessage('Corral: nothing to fix', 3000);
    return false;
  }
  return vscode.workspace.applyEdit(action.edit);
}
