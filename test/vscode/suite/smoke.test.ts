import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { test } from './harness.ts';

test('the suite runs inside the extension host', () => {
  assert.match(vscode.version, /^\d+\.\d+/);
  assert.ok(vscode.workspace.workspaceFolders?.length, 'a workspace folder is open');
});
