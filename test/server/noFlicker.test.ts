// The syntactic rules' problems come first, the type-aware ones when ready; while a newer
// version's type-aware results are pending, the last type-aware problems stay published, moved
// through the edits, and are dropped only where an edit touched them. Nothing vanishes and
// returns while the code it flags is unchanged.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import type { Diagnostic } from 'vscode-languageserver-protocol';

import { createProject, ensureBuilt, startServer, TYPED_AND_SYNTACTIC, type Editor } from './harness.ts';

const FLOATING = 'corral/no-floating-runtime-call';

/** Where the floating call is flagged in one publish: its start line, or undefined. */
function floatingLine(diagnostics: Diagnostic[]): number | undefined {
  return diagnostics.find((diagnostic) => diagnostic.code === FLOATING)?.range.start.line;
}

describe('first diagnostics and no flicker (type-aware document)', () => {
  let editor: Editor;
  const project = createProject({ 'src/first.ts': TYPED_AND_SYNTACTIC, 'src/edited.ts': TYPED_AND_SYNTACTIC });
  before(async () => {
    ensureBuilt();
    // The default budget: it no longer holds the syntactic problems back.
    editor = await startServer({ settings: { preset: 'recommended-type-checked' } });
  });
  after(async () => {
    await editor.stop();
    project.remove();
  });

  it('publishes the syntactic problems first, then merges the type-aware ones in', async () => {
    const uri = project.uri('src/first.ts');
    const on = editor.status(uri, (status) => status.typeAware === 'on');
    editor.open(uri, TYPED_AND_SYNTACTIC);
    await on;
    const published = editor.publishedFor(uri);
    // The cold project service takes far longer than one syntactic lint: two publishes.
    assert.ok(published.length >= 2, `expected the syntactic problems before the type-aware ones, got ${published.length} publish(es)`);
    assert.deepEqual(published[0]!.map((diagnostic) => diagnostic.code), ['corral/prefer-checkpoint']);
    assert.deepEqual(published.at(-1)!.map((diagnostic) => diagnostic.code), [FLOATING, 'corral/prefer-checkpoint']);
    editor.close(uri);
  });

  it('keeps the type-aware problems, moved, through a run of edits, and drops one only where an edit touched it', async () => {
    const uri = project.uri('src/edited.ts');
    let on = editor.status(uri, (status) => status.typeAware === 'on');
    editor.open(uri, TYPED_AND_SYNTACTIC);
    await on;
    assert.equal(floatingLine(await editor.diagnostics(uri)), 2);
    const from = editor.publishedFor(uri).length;

    // Lines added above the call move it down; lines added below leave it; each edit waits for
    // its type-aware results, so every edit has a publish before them (the syntactic one).
    const edits = [
      { line: 0, text: '// one line above\n', floatingAt: 3 },
      { line: 6, text: 'export const below = 1;\n', floatingAt: 3 },
      { line: 0, text: '// two\n// more above\n', floatingAt: 5 },
      { line: 5, text: '  // on the line of the call, before it\n', floatingAt: 6 },
      { line: 10, text: 'export const more = 2;\n', floatingAt: 6 },
    ];
    let interim = 0;
    for (const { line, text, floatingAt } of edits) {
      const before = editor.publishedFor(uri).length;
      const version = editor.document(uri).version + 1;
      on = editor.status(uri, (status) => status.typeAware === 'on' && status.version === version);
      editor.edit(uri, [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: text }]);
      await on;
      const publishes = editor.publishedFor(uri).slice(before);
      if (publishes.length > 1) interim++;
      for (const diagnostics of publishes) assert.equal(floatingLine(diagnostics), floatingAt, `after inserting ${JSON.stringify(text)} at line ${line}`);
    }
    assert.ok(interim > 0, 'no edit published its syntactic problems before its type-aware ones: the test proved nothing');
    assert.ok(editor.publishedFor(uri).slice(from).every((diagnostics) => floatingLine(diagnostics) !== undefined), 'a type-aware problem vanished');

    // An edit on the flagged call drops it at once; the type-aware lint agrees it is gone.
    const callLine = 6;
    assert.equal(editor.document(uri).getText().split('\n')[callLine], '  sleep(1);');
    const touched = editor.publishedFor(uri).length;
    on = editor.status(uri, (status) => status.typeAware === 'on');
    editor.edit(uri, [{ range: { start: { line: callLine, character: 2 }, end: { line: callLine, character: 2 } }, newText: 'await ' }]);
    await on;
    assert.ok(editor.publishedFor(uri).slice(touched).every((diagnostics) => floatingLine(diagnostics) === undefined));
    editor.close(uri);
  });
});
