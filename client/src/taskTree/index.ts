// The task-tree view: "Corral Tasks" in Run and Debug while a Node program is
// debugged. One concept per file: snapshotSource (evaluate the hook), validate, model,
// warnings (pure), view (tree + polling), commands, launchConfig.
import type * as vscode from 'vscode';

import { registerTaskCommands } from './commands.ts';
import { registerLaunchConfig } from './launchConfig.ts';
import { TaskTreeView } from './view.ts';

export function activateTaskTree(context: vscode.ExtensionContext): TaskTreeView {
  const view = new TaskTreeView();
  context.subscriptions.push(view, ...registerTaskCommands(view), ...registerLaunchConfig());
  return view;
}
