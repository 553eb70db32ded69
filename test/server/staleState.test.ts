// No false or stale state: other tools' configuration comments are not errors, a document over
// the size limit is told so once instead of being linted, a closed document's settings are
// forgotten, and code actions are offered for clients that send partial context diagnostics.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';

import { codesAndLines, createProject, ensureBuilt, isCodeAction, startServer, virtualUri, type Editor } from './harness.ts';

const SOURCE = "import { sleep } from 'corral';\nexport async function f() {\n  await sleep(0);\n}\n";

describe('no false or stale state', () => {
  let editor: Editor;
  before(async () => {
    ensureBuilt();
    editor = await startServer({ settings: { preset: 'recommended' } });
  });
  after(() => editor.stop());

  it('ignores other tools\' configuration comments: /* eslint-env */, /* global */, rules it lacks', async () => {
    const uri = virtualUri('eslint-env.ts');
    editor.open(uri, `/* eslint-env node, mocha */\n/* global window */\n/* eslint no-console: "error" */\n${SOURCE}`);
    assert.deepEqual(codesAndLines(await editor.diagnostics(uri)), ['corral/prefer-checkpoint@6']);
    editor.close(uri);
  });

  it('does not lint a document over maxFileSizeKB: one informational diagnostic, and the status says why', async () => {
    editor.changeSettings({ preset: 'recommended', maxFileSizeKB: 1 });
    const uri = virtualUri('bundle.ts');
    const status = editor.status(uri);
    editor.open(uri, SOURCE + '// padding\n'.repeat(200));
    const [notice, ...rest] = await editor.diagnostics(uri);
    assert.deepEqual(rest, []);
    assert.equal(notice!.severity, 3);
    assert.match(String(notice!.message), /did not lint this file: it is 3 KB, over the 1 KB of corral\.maxFileSizeKB/);
    const said = await status;
    assert.equal(said.state, 'warn');
    assert.match(said.reason!, /not linted: 3 KB is over corral\.maxFileSizeKB \(1 KB\)/);
    // No rule's actions for the notice.
    assert.deepEqual((await editor.codeActions(uri, notice!.range, [notice!])).filter(isCodeAction).map((action) => action.title), []);
    editor.changeSettings({ preset: 'recommended' });
    assert.deepEqual(codesAndLines(await editor.nextDiagnostics(uri)), ['corral/prefer-checkpoint@3']);
    editor.close(uri);
  });

  it('forgets a closed document\'s settings: reopened, it asks for them again', async () => {
    const uri = virtualUri('reopened.ts');
    const opened = editor.status(uri);
    editor.open(uri, SOURCE);
    await opened;
    const asked = editor.configurationRequestsFor(uri);
    assert.ok(asked >= 1);
    editor.close(uri);
    const reopened = editor.status(uri);
    editor.open(uri, SOURCE);
    await reopened;
    assert.equal(editor.configurationRequestsFor(uri), asked + 1);
    editor.close(uri);
  });

  it('offers the actions for its problems when the context diagnostics lack ranges and messages', async () => {
    const uri = virtualUri('partial-context.ts');
    editor.open(uri, SOURCE);
    const [problem] = await editor.diagnostics(uri);
    const partial = [{ code: problem!.code, source: 'corral' }, {}] as never[];
    const actions = (await editor.codeActions(uri, problem!.range, partial)).filter(isCodeAction);
    assert.deepEqual(actions.map((action) => action.title).slice(0, 2), ['Fix this corral/prefer-checkpoint problem', 'Disable corral/prefer-checkpoint for this line']);
    // Elsewhere, the same partial context names nothing.
    const elsewhere = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };
    assert.deepEqual((await editor.codeActions(uri, elsewhere, partial, ['quickfix'])).filter(isCodeAction), []);
    editor.close(uri);
  });

  it('finds no tsconfig.json above a document whose path has 20,000 segments, and says so', async () => {
    editor.changeSettings({ preset: 'recommended-type-checked' });
    const uri = pathToFileURL(join(tmpdir(), 'corral-ls-deep', 'a/'.repeat(20_000), 'deep.ts')).href;
    const status = editor.status(uri);
    editor.open(uri, SOURCE);
    assert.equal((await status).reason, 'no tsconfig.json above the file');
    assert.deepEqual(codesAndLines(await editor.diagnostics(uri)), ['corral/prefer-checkpoint@3']);
    editor.close(uri);
    editor.changeSettings({ preset: 'recommended' });
  });
});

describe('a tsconfig.json created after the server started', () => {
  it('is found once the client says it was (workspace/didChangeWatchedFiles)', async () => {
    ensureBuilt();
    const project = createProject({ 'src/late.ts': SOURCE });
    const editor = await startServer({ settings: { preset: 'recommended-type-checked' } });
    const cleanups = [() => project.remove()];
    try {
      // A folder of its own, without a tsconfig.json above it until later.
      const dir = mkdtempSync(join(tmpdir(), 'corral-ls-late-'));
      cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
      mkdirSync(join(dir, 'src'), { recursive: true });
      writeFileSync(join(dir, 'src/late.ts'), SOURCE);
      const uri = pathToFileURL(join(dir, 'src/late.ts')).href;
      const fallback = editor.status(uri);
      editor.open(uri, SOURCE);
      assert.equal((await fallback).reason, 'no tsconfig.json above the file');
      writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, module: 'NodeNext', noEmit: true, skipLibCheck: true }, include: ['src'] }));
      writeFileSync(join(dir, 'package.json'), '{ "type": "module" }');
      mkdirSync(join(dir, 'node_modules'));
      symlinkSync(join(project.dir, 'node_modules/corral'), join(dir, 'node_modules/corral'), 'dir');
      const linted = editor.status(uri, (status) => status.typeAware === 'on' || !/no tsconfig.json|took over/.test(status.reason ?? ''));
      await editor.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(join(dir, 'tsconfig.json')).href, type: 1 }] });
      assert.deepEqual(await linted, { uri, version: 1, state: 'ok', typeAware: 'on' });
      assert.deepEqual(codesAndLines(await editor.diagnostics(uri)), ['corral/prefer-checkpoint@3']);
    } finally {
      await editor.stop();
      for (const cleanup of cleanups) cleanup();
    }
  });
});
