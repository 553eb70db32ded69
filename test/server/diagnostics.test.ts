// Diagnostics: what the server publishes for documents that use corral, with the rule's name,
// its docs page and the exact range, on open and after changes; nothing for other documents.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { codesAndLines, ensureBuilt, startServer, virtualUri, type Editor } from './harness.ts';

const SOURCE = [
  "import { sleep, Queue } from 'corral';",
  'export async function poll() {',
  '  await sleep(0);',
  '  const q = Queue.withMaxsize(Infinity);',
  '  return q;',
  '}',
].join('\n');

describe('diagnostics', () => {
  let editor: Editor;
  before(async () => {
    ensureBuilt();
    editor = await startServer({ settings: { preset: 'recommended' } });
  });
  after(() => editor.stop());

  it('reports each problem with its rule, docs page and range on open', async () => {
    const uri = virtualUri('open.ts');
    editor.open(uri, SOURCE);
    const diagnostics = await editor.diagnostics(uri);
    assert.deepEqual(codesAndLines(diagnostics), ['corral/no-unbounded-queue@4', 'corral/prefer-checkpoint@3']);
    const checkpoint = diagnostics.find((diagnostic) => diagnostic.code === 'corral/prefer-checkpoint')!;
    assert.deepEqual(checkpoint.range, { start: { line: 2, character: 8 }, end: { line: 2, character: 16 } });
    assert.equal(checkpoint.source, 'corral');
    assert.equal(checkpoint.severity, 1);
    assert.equal(checkpoint.codeDescription?.href, 'https://github.com/corral-ts/corral/blob/main/rules/docs/prefer-checkpoint.md');
    editor.close(uri);
  });

  it('publishes again after a change, for the new version', async () => {
    const uri = virtualUri('change.ts');
    editor.open(uri, SOURCE);
    assert.equal((await editor.diagnostics(uri)).length, 2);
    editor.change(uri, SOURCE.replace('sleep(0)', 'sleep(10)'));
    assert.deepEqual(codesAndLines(await editor.diagnostics(uri)), ['corral/no-unbounded-queue@4']);
    editor.close(uri);
  });

  it('lints nothing in a document that does not import corral', async () => {
    const uri = virtualUri('other.ts');
    editor.open(uri, SOURCE.replace("'corral'", "'./mine.ts'"));
    assert.deepEqual(await editor.diagnostics(uri), []);
    editor.close(uri);
  });

  it('lints JavaScript documents too', async () => {
    const uri = virtualUri('plain.mjs');
    editor.open(uri, "import { sleep } from 'corral';\nawait sleep(0);\n", 'javascript');
    assert.deepEqual(codesAndLines(await editor.diagnostics(uri)), ['corral/prefer-checkpoint@2']);
    editor.close(uri);
  });
});
