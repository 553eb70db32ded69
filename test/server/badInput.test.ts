// Bad input: the server logs, answers what it can and stays up. After each case the server
// must still answer a request and lint a good document.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { DidChangeTextDocumentNotification, DidCloseTextDocumentNotification } from 'vscode-languageserver-protocol';

import { codesAndLines, createProject, ensureBuilt, startServer, virtualUri, type Editor } from './harness.ts';

const GOOD = "import { sleep } from 'corral';\nawait sleep(0);\n";
let goodCount = 0;

/** The server is up: it lints a fresh good document and answers a request. */
async function assertAlive(editor: Editor): Promise<void> {
  const uri = virtualUri(`alive-${++goodCount}.ts`);
  editor.open(uri, GOOD);
  assert.deepEqual(codesAndLines(await editor.diagnostics(uri)), ['corral/prefer-checkpoint@2']);
  assert.equal(await editor.hover(uri, 1, 0), null);
  editor.close(uri);
  assert.equal(editor.process.exitCode, null);
}

describe('bad input', () => {
  let editor: Editor;
  const project = createProject({ 'src/closing.ts': GOOD });
  before(async () => {
    ensureBuilt();
    editor = await startServer({
      settings: { preset: 'recommended-type-checked', typeAwareBudgetMs: 60_000, rules: { 'test-throws-on-debugger': 'error' } },
      env: { CORRAL_LANGUAGE_SERVER_FAULTS: 'throwing-rule' },
    });
  });
  after(async () => {
    await editor.stop();
    project.remove();
  });

  it('reports unparsable source as one parsing error', async () => {
    const uri = virtualUri('unparsable.ts');
    editor.open(uri, "import { sleep } from 'corral';\nexport async function f( {\n  await sleep(0);\n");
    const [diagnostic, ...rest] = await editor.diagnostics(uri);
    assert.deepEqual(rest, []);
    assert.equal(diagnostic!.code, undefined);
    assert.match(String(diagnostic!.message), /^Parsing error: /);
    assert.deepEqual(await editor.codeActions(uri, diagnostic!.range, [diagnostic!]), []);
    editor.close(uri);
    await assertAlive(editor);
  });

  it('lints a 20,000-line file', async () => {
    const uri = virtualUri('huge.ts');
    const body = Array.from({ length: 5_000 }, (_, i) => `export async function f${i}() {\n  await sleep(${i % 2});\n  return ${i};\n}`);
    editor.open(uri, ["import { sleep } from 'corral';", ...body].join('\n'));
    const diagnostics = await editor.diagnostics(uri);
    assert.equal(editor.document(uri).lineCount, 20_001);
    assert.equal(diagnostics.length, 2_500);
    assert.ok(diagnostics.every((diagnostic) => diagnostic.code === 'corral/prefer-checkpoint'));
    editor.close(uri);
    await assertAlive(editor);
  });

  it('survives binary garbage', async () => {
    const uri = virtualUri('garbage.ts');
    let seed = 7;
    const bytes = Array.from({ length: 20_000 }, () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) % 256);
    const garbage = String.fromCharCode(...bytes) + '\uD800\u0000\uFFFF';
    editor.open(uri, `import { sleep } from 'corral';\n${garbage}`);
    const diagnostics = await editor.diagnostics(uri);
    assert.ok(diagnostics.length <= 1);
    await editor.hover(uri, 1, 5);
    editor.close(uri);
    await assertAlive(editor);
  });

  it('leaves out a rule that throws, keeps the others, and says which', async () => {
    const uri = virtualUri('throws.ts');
    const status = editor.status(uri);
    editor.open(uri, "import { sleep } from 'corral';\ndebugger;\nawait sleep(0);\n");
    assert.deepEqual(codesAndLines(await editor.diagnostics(uri)), ['corral/prefer-checkpoint@3']);
    const said = await status;
    assert.equal(said.state, 'warn');
    assert.match(said.reason!, /left out after it threw: corral\/test-throws-on-debugger/);
    assert.ok(editor.logs.some((line) => line.includes('corral/test-throws-on-debugger threw')));
    editor.close(uri);
    await assertAlive(editor);
  });

  it('publishes nothing for a document closed while it was being linted', async () => {
    const uri = project.uri('src/closing.ts');
    editor.open(uri, GOOD);
    editor.change(uri, GOOD.replace('sleep(0)', 'sleep(1)'));
    editor.close(uri);
    // The worker lints in order, so once a later type-aware lint is published, the closed one's is done.
    const later = createProject({ 'src/later.ts': GOOD });
    try {
      const laterUri = later.uri('src/later.ts');
      editor.open(laterUri, GOOD);
      await editor.status(laterUri, (status) => status.typeAware === 'on');
      editor.close(laterUri);
    } finally {
      later.remove();
    }
    assert.deepEqual(editor.publishedFor(uri), [[]]);
    await assertAlive(editor);
  });

  it('answers requests about documents it never saw, and ignores changes to them', async () => {
    const uri = virtualUri('never-opened.ts');
    const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };
    assert.deepEqual(await editor.codeActions(uri, range, []), []);
    assert.equal(await editor.hover(uri, 0, 0), null);
    await editor.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: 5 }, contentChanges: [{ text: GOOD }] });
    await editor.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
    await assertAlive(editor);
  });

  it('survives changes out of range, versions going backwards and an unknown method', async () => {
    const uri = virtualUri('out-of-order.ts');
    editor.open(uri, GOOD);
    await editor.diagnostics(uri);
    await editor.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: 0 },
      contentChanges: [{ range: { start: { line: 99, character: 5 }, end: { line: 120, character: 0 } }, text: 'x' }],
    });
    await assert.rejects(editor.connection.sendRequest('corral/noSuchMethod', {}), /Unhandled method|not found/i);
    // No quick fix for a diagnostic the server never published. (Whether the document's own
    // fix-all action comes depends on whether the edit has been linted yet: not asked for.)
    assert.deepEqual(await editor.codeActions(uri, { start: { line: 0, character: 0 }, end: { line: 9, character: 0 } }, [{ range: { start: { line: 7, character: 0 }, end: { line: 7, character: 1 } }, message: 'made up' }], ['quickfix']), []);
    editor.close(uri);
    await assertAlive(editor);
  });
});
