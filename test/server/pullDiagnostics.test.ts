// Pull diagnostics (LSP 3.17): a client that declares textDocument/diagnostic and refresh support
// pulls; the server pushes nothing to it, answers each pull with the problems of the document's
// current version (waiting for its lint), says `unchanged` when they are, and asks for a new pull
// when type-aware problems come in later. Other clients get pushes (the other test files).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import type { DocumentDiagnosticReport, FullDocumentDiagnosticReport } from 'vscode-languageserver-protocol';

import { codesAndLines, createProject, ensureBuilt, startServer, TYPED_AND_SYNTACTIC, virtualUri, type Editor } from './harness.ts';

function full(report: DocumentDiagnosticReport): FullDocumentDiagnosticReport {
  assert.equal(report.kind, 'full');
  return report as FullDocumentDiagnosticReport;
}

describe('pull diagnostics', () => {
  let editor: Editor;
  const project = createProject({ 'src/pulled.ts': TYPED_AND_SYNTACTIC });
  before(async () => {
    ensureBuilt();
    editor = await startServer({ pullDiagnostics: true, settings: { preset: 'recommended-type-checked' } });
  });
  after(async () => {
    await editor.stop();
    project.remove();
  });

  it('declares a diagnostic provider, to a client that pulls', () => {
    assert.deepEqual(editor.initializeResult.capabilities.diagnosticProvider, { identifier: 'corral', interFileDependencies: false, workspaceDiagnostics: false });
  });

  it('answers a pull with the current version\'s problems, waiting for its lint, and pushes nothing', async () => {
    const uri = virtualUri('pulled-syntactic.ts');
    editor.open(uri, TYPED_AND_SYNTACTIC);
    const first = full(await editor.pull(uri));
    assert.deepEqual(codesAndLines(first.items), ['corral/prefer-checkpoint@4']);
    // Pulled at once after an edit: the answer is the edited version's.
    editor.change(uri, TYPED_AND_SYNTACTIC.replace('await sleep(0);', 'await sleep(0);\n  await sleep(0);'));
    assert.deepEqual(codesAndLines(full(await editor.pull(uri, first.resultId)).items), ['corral/prefer-checkpoint@4', 'corral/prefer-checkpoint@5']);
    assert.deepEqual(editor.publishedFor(uri), []);
    editor.close(uri);
  });

  it('answers `unchanged` to a pull that names the current result', async () => {
    const uri = virtualUri('pulled-unchanged.ts');
    editor.open(uri, TYPED_AND_SYNTACTIC);
    const { resultId } = full(await editor.pull(uri));
    assert.ok(resultId);
    assert.deepEqual(await editor.pull(uri, resultId), { kind: 'unchanged', resultId });
    assert.equal(full(await editor.pull(uri, 'an older one')).items.length, 1);
    editor.close(uri);
  });

  it('asks for a new pull when the type-aware problems come, and gives them', async () => {
    const uri = project.uri('src/pulled.ts');
    const refreshed = editor.nextRefresh();
    const on = editor.status(uri, (status) => status.typeAware === 'on');
    editor.open(uri, TYPED_AND_SYNTACTIC);
    // The first pull gets the syntactic problems: the project service takes seconds to start.
    const first = full(await editor.pull(uri));
    assert.deepEqual(codesAndLines(first.items), ['corral/prefer-checkpoint@4']);
    await on;
    await refreshed;
    assert.deepEqual(codesAndLines(full(await editor.pull(uri, first.resultId)).items), ['corral/no-floating-runtime-call@3', 'corral/prefer-checkpoint@4']);
    assert.deepEqual(editor.publishedFor(uri), []);
    editor.close(uri);
  });

  it('answers a pull for a closed or unknown document with no problems', async () => {
    assert.deepEqual(await editor.pull(virtualUri('never-opened.ts')), { kind: 'full', items: [] });
  });
});
