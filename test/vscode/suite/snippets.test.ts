import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';

import { expandSnippet } from '../../snippets/expand.ts';
import { test } from './harness.ts';
import { closeAll, EXTENSION_ID } from './util.ts';

interface Snippet { prefix: string; description: string; body: string[] }

for (const [language, file] of [['typescript', 'typescript.json'], ['javascript', 'javascript.json']] as const) {
  test(`each ${language} snippet is offered by completion and inserts its body`, async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension);
    const snippets = JSON.parse(readFileSync(join(extension.extensionPath, 'snippets', file), 'utf8')) as Record<string, Snippet>;
    const document = await vscode.workspace.openTextDocument({ language, content: '' });
    const editor = await vscode.window.showTextDocument(document);
    const indent = ' '.repeat(Number(editor.options.tabSize));
    for (const [name, snippet] of Object.entries(snippets)) {
      await editor.edit((edit) => edit.replace(new vscode.Range(0, 0, document.lineCount, 0), snippet.prefix));
      const position = new vscode.Position(0, snippet.prefix.length);
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, position);
      const item = list.items.find((candidate) => candidate.kind === vscode.CompletionItemKind.Snippet
        && (typeof candidate.label === 'string' ? candidate.label : candidate.label.label) === snippet.prefix);
      assert.ok(item, `${name}: ${snippet.prefix} is offered`);
      assert.ok(item.insertText instanceof vscode.SnippetString, `${name}: inserts a snippet`);
      assert.equal(item.insertText.value, snippet.body.join('\n'), `${name}: the body`);
      assert.ok(await editor.insertSnippet(item.insertText, new vscode.Range(0, 0, 0, snippet.prefix.length)));
      const expected = expandSnippet(snippet.body).split('\n').map((line) => line.replace(/^\t+/, (tabs) => indent.repeat(tabs.length))).join('\n');
      assert.equal(document.getText(), expected, `${name}: the inserted text`);
      await vscode.commands.executeCommand('leaveSnippet');
    }
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await closeAll();
  }, 90_000);
}
