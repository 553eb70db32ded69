// Type-aware linting: a document in a tsconfig.json project gets the type-checked rules; one
// outside any project, or a lint over the time budget, falls back to the syntactic rules and the
// status notification says so.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { codesAndLines, createProject, ensureBuilt, startServer, virtualUri, type Editor } from './harness.ts';

const FLOATING = [
  "import { sleep } from 'corral';",
  'export async function f() {',
  '  sleep(1);',
  '  await sleep(0);',
  '}',
].join('\n');

describe('type-aware linting', () => {
  let editor: Editor;
  const project = createProject({ 'src/floating.ts': FLOATING, 'src/budget.ts': FLOATING, 'outside.ts': FLOATING });
  before(async () => {
    ensureBuilt();
    editor = await startServer({ settings: { preset: 'recommended-type-checked', typeAwareBudgetMs: 60_000 } });
  });
  after(async () => {
    await editor.stop();
    project.remove();
  });

  it('runs the type-checked rules on a file of a tsconfig.json project', async () => {
    const uri = project.uri('src/floating.ts');
    const status = editor.status(uri);
    editor.open(uri, FLOATING);
    assert.deepEqual(await status, { uri, version: 1, state: 'ok', typeAware: 'on' });
    assert.deepEqual(codesAndLines(await editor.diagnostics(uri)), ['corral/no-floating-runtime-call@3', 'corral/prefer-checkpoint@4']);
  });

  it('sees the unsaved text, not the file on disk', async () => {
    const uri = project.uri('src/floating.ts');
    const next = editor.nextDiagnostics(uri);
    editor.change(uri, FLOATING.replace('  sleep(1);', '  await sleep(1);'));
    assert.deepEqual(codesAndLines(await next), ['corral/prefer-checkpoint@4']);
    editor.close(uri);
  });

  it('falls back to the syntactic rules for a file no tsconfig.json includes, and says so', async () => {
    const uri = project.uri('outside.ts');
    const status = editor.status(uri);
    editor.open(uri, FLOATING);
    const said = await status;
    assert.equal(said.typeAware, 'fallback');
    assert.equal(said.state, 'warn');
    assert.match(said.reason!, /not found by the project service/);
    assert.deepEqual(codesAndLines(await editor.diagnostics(uri)), ['corral/prefer-checkpoint@4']);
    editor.close(uri);
  });

  it('falls back for a document with no tsconfig.json above it', async () => {
    const uri = virtualUri('no-project.ts');
    const status = editor.status(uri);
    editor.open(uri, FLOATING);
    assert.deepEqual(await status, { uri, version: 1, state: 'warn', typeAware: 'fallback', reason: 'no tsconfig.json above the file' });
    assert.deepEqual(codesAndLines(await editor.diagnostics(uri)), ['corral/prefer-checkpoint@4']);
    editor.close(uri);
  });

  it('publishes the syntactic results when over budget, then the type-aware ones', async () => {
    const uri = project.uri('src/budget.ts');
    // A budget of 0 never waits: the fallback is certain, and the type-aware results follow.
    const fallback = editor.status(uri, (status) => status.typeAware === 'fallback');
    const upgraded = editor.status(uri, (status) => status.typeAware === 'on');
    const first = editor.nextDiagnostics(uri);
    editor.changeSettings({ preset: 'recommended-type-checked', typeAwareBudgetMs: 0 });
    editor.open(uri, FLOATING);
    assert.match((await fallback).reason!, /took over 0 ms/);
    assert.deepEqual(codesAndLines(await first), ['corral/prefer-checkpoint@4']);
    await upgraded;
    assert.deepEqual(codesAndLines(await editor.diagnostics(uri)), ['corral/no-floating-runtime-call@3', 'corral/prefer-checkpoint@4']);
    editor.close(uri);
  });
});
