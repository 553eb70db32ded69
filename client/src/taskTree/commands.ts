// The view's commands: cancel a scope or task group in the debuggee, copy as text, export the
// Perfetto trace, reveal a task's spawn site, refresh; and one that hands tests the model.
import * as vscode from 'vscode';

import { modelToText, nodeToText, walk, type TaskTreeNode } from './model.ts';
import { cancelInDebuggee, exportTraceFromDebuggee } from './snapshotSource.ts';
import type { TaskTreeView } from './view.ts';

export const TaskCommands = {
  cancel: 'corral.tasks.cancel',
  copy: 'corral.tasks.copy',
  copyAll: 'corral.tasks.copyAll',
  exportTrace: 'corral.tasks.exportTrace',
  revealSpawnSite: 'corral.tasks.revealSpawnSite',
  refresh: 'corral.tasks.refresh',
  getModelForTest: 'corral.tasks.getModelForTest',
} as const;

const PERFETTO = 'https://ui.perfetto.dev';

export function registerTaskCommands(view: TaskTreeView): vscode.Disposable[] {
  /** The node an action is for: its argument (a node, or one's id), else the selection. */
  const nodeOf = (argument: unknown): TaskTreeNode | undefined => {
    if (typeof argument === 'string') return view.findNode(argument);
    if (typeof argument === 'object' && argument !== null && typeof (argument as TaskTreeNode).id === 'string') {
      return view.findNode((argument as TaskTreeNode).id) ?? (argument as TaskTreeNode);
    }
    return view.treeView.selection[0];
  };

  return [
    vscode.commands.registerCommand(TaskCommands.cancel, async (argument?: unknown): Promise<boolean> => {
      const node = nodeOf(argument);
      const session = view.session;
      if (!node || (node.kind !== 'scope' && node.kind !== 'task group')) {
        void vscode.window.showWarningMessage('Corral: pick a scope or task group to cancel.');
        return false;
      }
      if (!session) return false;
      try {
        const found = await cancelInDebuggee(session, node.entityId);
        if (!found) void vscode.window.showWarningMessage(`Corral: ${node.label} #${node.entityId} is no longer running.`);
        await view.refreshNow();
        return found;
      } catch (error) {
        void vscode.window.showErrorMessage(`Corral: could not cancel ${node.label} #${node.entityId}: ${error instanceof Error ? error.message : String(error)}`);
        return false;
      }
    }),

    vscode.commands.registerCommand(TaskCommands.copy, async (argument?: unknown): Promise<string | undefined> => {
      const node = nodeOf(argument);
      if (!node) return undefined;
      const text = nodeToText(node);
      await vscode.env.clipboard.writeText(text);
      return text;
    }),

    vscode.commands.registerCommand(TaskCommands.copyAll, async (): Promise<string | undefined> => {
      const model = view.model;
      if (!model) return undefined;
      const text = modelToText(model);
      await vscode.env.clipboard.writeText(text);
      return text;
    }),

    vscode.commands.registerCommand(TaskCommands.exportTrace, async (target?: vscode.Uri): Promise<vscode.Uri | undefined> => {
      const session = view.session;
      if (!session) {
        void vscode.window.showWarningMessage('Corral: start debugging a program that uses Corral first.');
        return undefined;
      }
      try {
        const json = await exportTraceFromDebuggee(session);
        const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
        const uri = target ?? await vscode.window.showSaveDialog({
          defaultUri: folder ? vscode.Uri.joinPath(folder, 'corral-trace.json') : undefined,
          filters: { 'Chrome/Perfetto trace': ['json'] },
          saveLabel: 'Export Trace',
        });
        if (!uri) return undefined;
        await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(json));
        if (!target) {
          void vscode.window.showInformationMessage(`Corral: trace written to ${vscode.workspace.asRelativePath(uri)}. Open it in Perfetto.`, 'Open Perfetto')
            .then((choice) => { if (choice) void vscode.env.openExternal(vscode.Uri.parse(PERFETTO)); });
        }
        return uri;
      } catch (error) {
        void vscode.window.showErrorMessage(`Corral: ${error instanceof Error ? error.message : String(error)}`);
        return undefined;
      }
    }),

    vscode.commands.registerCommand(TaskCommands.revealSpawnSite, async (argument?: unknown): Promise<boolean> => {
      const site = nodeOf(argument)?.spawnSite;
      if (!site) return false;
      const uri = /^[a-z][a-z0-9+.-]+:\/\//i.test(site.file) ? vscode.Uri.parse(site.file) : vscode.Uri.file(site.file);
      const position = new vscode.Position(site.line - 1, site.column - 1);
      try {
        await vscode.window.showTextDocument(uri, { selection: new vscode.Range(position, position), preserveFocus: true, preview: true });
        return true;
      } catch (error) {
        void vscode.window.showWarningMessage(`Corral: cannot open ${site.file}: ${error instanceof Error ? error.message : String(error)}`);
        return false;
      }
    }),

    vscode.commands.registerCommand(TaskCommands.refresh, () => view.refreshNow()),

    // For tests: the view's state and model as plain data (JSON-safe).
    vscode.commands.registerCommand(TaskCommands.getModelForTest, () => {
      const described = view.describe();
      const model = described.model;
      return JSON.parse(JSON.stringify({
        ...described,
        model: model && { ...model, nodes: [...walk(model.roots)].map(({ children, ...node }) => ({ ...node, childIds: children.map((child) => child.id) })) },
      }));
    }),
  ];
}
