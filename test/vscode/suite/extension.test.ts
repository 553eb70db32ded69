import assert from 'node:assert/strict';
import * as vscode from 'vscode';

import type { CorralApi } from '../../../client/src/extension.ts';
import { screenshot, sleep, test, waitFor } from './harness.ts';
import { closeAll, corralDiagnostics, diagnosticOf, EXTENSION_ID, open, quickFixes, ruleOf, setSetting } from './util.ts';

let api: CorralApi;

test('activates on a TypeScript file and starts the language server', async () => {
  const extension = vscode.extensions.getExtension<CorralApi>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is loaded`);
  await open('src/ok.ts');
  api = await waitFor('activation', () => extension.isActive && extension.exports, 30_000);
  await waitFor('the server to run', () => api.isRunning(), 30_000);
  const commands = await vscode.commands.getCommands(true);
  for (const command of ['corral.restartServer', 'corral.showOutput', 'corral.fixAll']) {
    assert.ok(commands.includes(command), `${command} is registered`);
  }
}, 60_000);

test('a bad file gets Corral diagnostics (pulled); a good one none', async () => {
  assert.equal(api.pullsDiagnostics(), true, 'the client pulls diagnostics');
  const swallowed = await open('src/swallowed.ts');
  const diagnostic = await diagnosticOf(swallowed.document.uri, 'corral/no-swallowed-cancellation');
  assert.equal(diagnostic.range.start.line, 8);
  assert.match(diagnostic.message, /swallowed/);
  const ok = await open('src/ok.ts');
  await sleep(1500); // linted on open; give the server time to publish
  assert.deepEqual(corralDiagnostics(ok.document.uri).map(ruleOf), []);
}, 45_000);

test('the language status item shows the server and the time budget', async () => {
  await open('src/swallowed.ts');
  const status = await waitFor('a status with the budget', () => {
    const now = api.status();
    return now.server === 'running' && now.detail?.includes('1500 ms') ? now : undefined;
  });
  assert.match(status.text, /Corral/);
  assert.match(status.detail ?? '', /type-aware budget 1500 ms/);
  // After the server's corral/status for the file: the preset and how type information was used.
  const linted = await waitFor('the document\'s lint status', () => {
    const now = api.status();
    return /type-aware|syntactic/.test(now.detail ?? '') ? now : undefined;
  });
  assert.match(linted.detail ?? '', /^recommended-type-checked · (type-aware|syntactic only|syntactic) · /);
  assert.match(linted.text, /\$\((check|warning)\) Corral/);
});

test('a quick fix applied through executeCodeActionProvider changes the text', async () => {
  await closeAll();
  const editor = await open('src/checkpoint.ts');
  const diagnostic = await diagnosticOf(editor.document.uri, 'corral/prefer-checkpoint');
  const actions = await quickFixes(editor.document, diagnostic.range);
  const fix = actions.find((action) => action.title === 'Fix this corral/prefer-checkpoint problem' && action.edit);
  assert.ok(fix, `a quick fix among: ${actions.map((a) => a.title).join(' | ')}`);

  // The screenshot artifact: the diagnostic in the Problems panel and its quick-fix menu open.
  await vscode.commands.executeCommand('workbench.actions.view.problems');
  await vscode.window.showTextDocument(editor.document);
  editor.selection = new vscode.Selection(diagnostic.range.start, diagnostic.range.start);
  await vscode.commands.executeCommand('editor.action.quickFix');
  await sleep(1500);
  await screenshot('quick-fix-menu');
  await vscode.commands.executeCommand('hideCodeActionWidget');

  assert.ok(await vscode.workspace.applyEdit(fix.edit!));
  const text = editor.document.getText();
  assert.match(text, /await checkpoint\(\);/);
  assert.match(text, /import \{[^}]*\bcheckpoint\b[^}]*\} from 'corral';/);
  await waitFor('the diagnostic to go', () => !corralDiagnostics(editor.document.uri).some((d) => ruleOf(d) === 'corral/prefer-checkpoint'));
}, 45_000);

test('a suggestion is offered as a quick fix and inserts the cancellation guard', async () => {
  const editor = await open('src/swallowed.ts');
  const diagnostic = await diagnosticOf(editor.document.uri, 'corral/no-swallowed-cancellation');
  const actions = await quickFixes(editor.document, diagnostic.range);
  const guard = actions.find((action) => /isCancelled|guard|rethrow/i.test(action.title) && action.edit);
  assert.ok(guard, `a guard suggestion among: ${actions.map((a) => a.title).join(' | ')}`);
  assert.ok(await vscode.workspace.applyEdit(guard.edit!));
  assert.match(editor.document.getText(), /if \(isCancelled\(error\)\) throw error;/);
  await closeAll();
}, 45_000);

test('"Corral: Fix All Auto-Fixable Problems" fixes the file', async () => {
  await closeAll();
  const editor = await open('src/checkpoint.ts');
  await diagnosticOf(editor.document.uri, 'corral/prefer-checkpoint');
  const changed = await vscode.commands.executeCommand<boolean>('corral.fixAll');
  assert.equal(changed, true);
  assert.match(editor.document.getText(), /await checkpoint\(\);/);
  await closeAll();
}, 45_000);

test('"Corral: Show Output" and "Corral: Restart Language Server" work', async () => {
  await vscode.commands.executeCommand('corral.showOutput');
  await vscode.commands.executeCommand('corral.restartServer');
  await waitFor('the server to run again', () => api.isRunning(), 30_000);
  const editor = await open('src/checkpoint.ts');
  await diagnosticOf(editor.document.uri, 'corral/prefer-checkpoint');
  await closeAll();
}, 60_000);

test('settings changes take effect: a severity, a rule turned off, the preset, corral.enable', async () => {
  const editor = await open('src/checkpoint.ts');
  const uri = editor.document.uri;
  const before = await diagnosticOf(uri, 'corral/prefer-checkpoint');
  try {
    await setSetting('rules', { 'prefer-checkpoint': 'hint' });
    await waitFor('the severity to become a hint', () => corralDiagnostics(uri).find((d) => ruleOf(d) === 'corral/prefer-checkpoint' && d.severity === vscode.DiagnosticSeverity.Hint));
    assert.notEqual(before.severity, vscode.DiagnosticSeverity.Hint);
    await setSetting('rules', { 'prefer-checkpoint': 'off' });
    await waitFor('the rule to be off', () => !corralDiagnostics(uri).some((d) => ruleOf(d) === 'corral/prefer-checkpoint'));
    await setSetting('rules', undefined);
    await diagnosticOf(uri, 'corral/prefer-checkpoint');
    // A preset change: `strict` adds require-checkpoint-in-loop.
    const loop = await open('src/loop.ts');
    await sleep(1000);
    assert.ok(!corralDiagnostics(loop.document.uri).some((d) => ruleOf(d) === 'corral/require-checkpoint-in-loop'));
    await setSetting('preset', 'strict');
    await diagnosticOf(loop.document.uri, 'corral/require-checkpoint-in-loop');
    await setSetting('preset', undefined);
    await waitFor('the strict rule to go', () => !corralDiagnostics(loop.document.uri).some((d) => ruleOf(d) === 'corral/require-checkpoint-in-loop'));
    await vscode.window.showTextDocument(editor.document);
    await setSetting('enable', false);
    await waitFor('no diagnostics when disabled', () => corralDiagnostics(uri).length === 0);
    await waitFor('the status to say off', () => api.status().detail?.includes('off'));
  } finally {
    await setSetting('rules', undefined);
    await setSetting('preset', undefined);
    await setSetting('enable', undefined);
  }
  await diagnosticOf(uri, 'corral/prefer-checkpoint');
  await closeAll();
}, 60_000);

test('the walkthrough opens, and its media pages ship with the extension', async () => {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension);
  const walkthroughs = (extension.packageJSON as { contributes: { walkthroughs: { id: string; steps: { media: { markdown?: string } }[] }[] } }).contributes.walkthroughs;
  const walkthrough = walkthroughs[0];
  assert.ok(walkthrough);
  for (const step of walkthrough.steps) {
    if (step.media.markdown) await vscode.workspace.fs.stat(vscode.Uri.joinPath(extension.extensionUri, step.media.markdown));
  }
  await vscode.commands.executeCommand('workbench.action.openWalkthrough', `${EXTENSION_ID}#${walkthrough.id}`, false);
  await sleep(1000);
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
});
