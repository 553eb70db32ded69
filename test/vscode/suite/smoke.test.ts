import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { test } from './harness.ts';
import { EXTENSION_ID } from './util.ts';

test('the suite runs inside the extension host', () => {
  assert.match(vscode.version, /^\d+\.\d+/);
  assert.ok(vscode.workspace.workspaceFolders?.length, 'a workspace folder is open');
});

test('the extension under test is the one the runner meant (installed .vsix or development folder)', () => {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is loaded`);
  const from = process.env.CORRAL_VSCODE_EXTENSION_FROM;
  if (from) assert.ok(extension.extensionPath.startsWith(from), `${extension.extensionPath} is under ${from}`);
});

test('the workspace is trusted or in Restricted Mode as the runner asked', () => {
  const trusted = process.env.CORRAL_VSCODE_TRUSTED;
  if (trusted) assert.equal(vscode.workspace.isTrusted, trusted === 'true');
});
