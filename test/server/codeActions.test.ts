// Code actions: fixes, suggestions, disabling a rule, its docs, fixing all; the edits are
// applied as a client would and the text checked. Stale requests get nothing.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';

import { codesAndLines, ensureBuilt, isCodeAction, startServer, virtualUri, type Editor } from './harness.ts';

const SOURCE = [
  "import { sleep, Queue } from 'corral';",
  'export async function poll() {',
  '  await sleep(0);',
  '  const q = Queue.withMaxsize(Infinity);',
  '  await sleep(0);',
  '  return q;',
  '}',
].join('\n');

describe('code actions', () => {
  let editor: Editor;
  before(async () => {
    ensureBuilt();
    editor = await startServer({ settings: { preset: 'recommended' } });
  });
  after(() => editor.stop());

  async function openWith(name: string, text = SOURCE): Promise<{ uri: string; diagnostics: Diagnostic[] }> {
    const uri = virtualUri(name);
    editor.open(uri, text);
    return { uri, diagnostics: await editor.diagnostics(uri) };
  }

  async function actionsFor(uri: string, diagnostic: Diagnostic): Promise<CodeAction[]> {
    return (await editor.codeActions(uri, diagnostic.range, [diagnostic])).filter(isCodeAction);
  }

  function titled(actions: CodeAction[], title: string): CodeAction {
    const action = actions.find((candidate) => candidate.title === title);
    assert.ok(action, `no action "${title}" among ${actions.map((candidate) => candidate.title).join(' | ')}`);
    return action;
  }

  it('offers the fix first and preferred, then disabling, docs and fix-all', async () => {
    const { uri, diagnostics } = await openWith('offers.ts');
    const actions = await actionsFor(uri, diagnostics.find((d) => d.range.start.line === 2)!);
    assert.deepEqual(actions.map((action) => [action.title, action.kind, action.isPreferred ?? false]), [
      ['Fix this corral/prefer-checkpoint problem', 'quickfix', true],
      ['Disable corral/prefer-checkpoint for this line', 'quickfix', false],
      ['Disable corral/prefer-checkpoint for the entire file', 'quickfix', false],
      ['Show documentation for corral/prefer-checkpoint', 'quickfix', false],
      ['Fix all corral/prefer-checkpoint problems', 'quickfix', false],
      ['Fix all auto-fixable corral problems', 'source.fixAll.corral', false],
    ]);
    editor.close(uri);
  });

  it("applies a fix, and the problem is gone from the next diagnostics", async () => {
    const { uri, diagnostics } = await openWith('fix.ts');
    editor.apply(titled(await actionsFor(uri, diagnostics.find((d) => d.range.start.line === 2)!), 'Fix this corral/prefer-checkpoint problem').edit!);
    assert.equal(editor.document(uri).getText().split('\n')[2], '  await checkpoint();');
    assert.equal(editor.document(uri).getText().split('\n')[0], "import { sleep, Queue, checkpoint } from 'corral';");
    assert.deepEqual(codesAndLines(await editor.diagnostics(uri)), ['corral/no-unbounded-queue@4', 'corral/prefer-checkpoint@5']);
    editor.close(uri);
  });

  it('applies a suggestion', async () => {
    const { uri, diagnostics } = await openWith('suggestion.ts');
    const queue = diagnostics.find((d) => d.code === 'corral/no-unbounded-queue')!;
    const actions = await actionsFor(uri, queue);
    const suggestion = actions.find((action) => action.title.startsWith('Bound the queue at'));
    assert.ok(suggestion, actions.map((action) => action.title).join(' | '));
    assert.equal(suggestion.isPreferred, undefined);
    editor.apply(suggestion.edit!);
    assert.doesNotMatch(editor.document(uri).getText(), /Infinity/);
    assert.deepEqual(codesAndLines(await editor.diagnostics(uri)), ['corral/prefer-checkpoint@3', 'corral/prefer-checkpoint@5']);
    editor.close(uri);
  });

  it('disables a rule for one line, indented as the line', async () => {
    const { uri, diagnostics } = await openWith('disable-line.ts');
    editor.apply(titled(await actionsFor(uri, diagnostics.find((d) => d.range.start.line === 2)!), 'Disable corral/prefer-checkpoint for this line').edit!);
    assert.equal(editor.document(uri).getText().split('\n')[2], '  // eslint-disable-next-line corral/prefer-checkpoint');
    assert.deepEqual(codesAndLines(await editor.diagnostics(uri)), ['corral/no-unbounded-queue@5', 'corral/prefer-checkpoint@6']);
    editor.close(uri);
  });

  it('disables a rule for the file', async () => {
    const { uri, diagnostics } = await openWith('disable-file.ts');
    editor.apply(titled(await actionsFor(uri, diagnostics.find((d) => d.range.start.line === 2)!), 'Disable corral/prefer-checkpoint for the entire file').edit!);
    assert.equal(editor.document(uri).getText().split('\n')[0], '/* eslint-disable corral/prefer-checkpoint */');
    assert.deepEqual(codesAndLines(await editor.diagnostics(uri)), ['corral/no-unbounded-queue@5']);
    editor.close(uri);
  });

  it("fixes all of a rule's problems at once", async () => {
    const { uri, diagnostics } = await openWith('fix-rule.ts');
    editor.apply(titled(await actionsFor(uri, diagnostics.find((d) => d.range.start.line === 2)!), 'Fix all corral/prefer-checkpoint problems').edit!);
    assert.equal(editor.document(uri).getText().match(/await checkpoint\(\);/g)?.length, 2);
    assert.deepEqual(codesAndLines(await editor.diagnostics(uri)), ['corral/no-unbounded-queue@4']);
    editor.close(uri);
  });

  it('answers source.fixAll.corral with one edit fixing every fixable problem', async () => {
    const { uri } = await openWith('fix-all.ts');
    const whole = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const actions = (await editor.codeActions(uri, whole, [], ['source.fixAll'])).filter(isCodeAction);
    assert.deepEqual(actions.map((action) => action.kind), ['source.fixAll.corral']);
    editor.apply(actions[0]!.edit!);
    assert.equal(editor.document(uri).getText(), SOURCE
      .replace("import { sleep, Queue } from 'corral';", "import { sleep, Queue, checkpoint } from 'corral';")
      .replaceAll('await sleep(0);', 'await checkpoint();'));
    editor.close(uri);
  });

  it('asks the client to show the documentation page', async () => {
    const { uri, diagnostics } = await openWith('docs.ts');
    const show = titled(await actionsFor(uri, diagnostics[0]!), `Show documentation for ${String(diagnostics[0]!.code)}`);
    await editor.connection.sendRequest('workspace/executeCommand', show.command);
    assert.deepEqual(editor.shownDocuments, [diagnostics[0]!.codeDescription!.href]);
    editor.close(uri);
  });

  it('gives no actions for a version the diagnostics were not computed for', async () => {
    const { uri, diagnostics } = await openWith('stale.ts');
    // The request races the change: it is about the old diagnostics, the document is newer.
    editor.change(uri, `// a new first line\n${SOURCE}`);
    const actions = await editor.codeActions(uri, diagnostics[0]!.range, [diagnostics[0]!]);
    assert.deepEqual(actions, []);
    editor.close(uri);
  });

  it('marks edits with the version they were computed for', async () => {
    const { uri, diagnostics } = await openWith('versioned.ts');
    const [fix] = await actionsFor(uri, diagnostics.find((d) => d.range.start.line === 2)!);
    const change = fix!.edit!.documentChanges![0]!;
    assert.ok('textDocument' in change);
    assert.deepEqual(change.textDocument, { uri, version: 1 });
    editor.close(uri);
  });
});
