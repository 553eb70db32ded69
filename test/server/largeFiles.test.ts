// Large files are linted in a worker thread: parsing 20,000 lines takes a second or more, and on
// the main thread every other request would wait for it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { WORKER_EXIT_MARK } from '../../server/src/faults.ts';
import { LARGE_FILE_CHARS } from '../../server/src/validator.ts';
import { ensureBuilt, isCodeAction, startServer, virtualUri, type Editor } from './harness.ts';

const SMALL = "import { sleep } from 'corral';\nawait sleep(0);\n";

/** 20,001 lines; every other function awaits `sleep(0)`, which `prefer-checkpoint` reports. */
function hugeText(extra = ''): string {
  const body = Array.from({ length: 5_000 }, (_, i) => `export async function f${i}() {\n  await sleep(${i % 2});\n  return ${i};\n}`);
  return ["import { sleep } from 'corral';", extra, ...body].join('\n');
}

describe('large files', () => {
  let editor: Editor;
  before(async () => {
    ensureBuilt();
    editor = await startServer({ env: { CORRAL_LANGUAGE_SERVER_FAULTS: 'worker-exits' } });
  });
  after(() => editor.stop());

  it('are linted off the main thread: requests made meanwhile are answered at once', async () => {
    assert.ok(hugeText().length >= LARGE_FILE_CHARS);
    const small = virtualUri('small.ts');
    editor.open(small, SMALL);
    await editor.diagnostics(small);

    const huge = virtualUri('huge.ts');
    const published = editor.nextDiagnostics(huge);
    let diagnosticsAt = Infinity;
    void published.then(() => (diagnosticsAt = performance.now()));
    editor.open(huge, hugeText());
    // Hover requests on the small document every 25 ms until the large file's diagnostics come.
    const hovers: { sentAt: number; answeredAt: number }[] = [];
    while (diagnosticsAt === Infinity) {
      const sentAt = performance.now();
      await Promise.race([editor.hover(small, 1, 6).then(() => hovers.push({ sentAt, answeredAt: performance.now() })), published]);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const diagnostics = await published;
    assert.equal(diagnostics.length, 2_500);
    // Hovers sent well before the diagnostics came were all answered before them: none waited
    // behind the lint. (Inline, every hover sent during the lint's second waited for it.)
    const early = hovers.filter((hover) => hover.sentAt < diagnosticsAt - 200);
    assert.ok(early.length >= 5, `the lint took too little time for the test to mean anything (${early.length} early hovers)`);
    assert.deepEqual(early.filter((hover) => hover.answeredAt > diagnosticsAt), []);

    // Their quick fixes work as for any file.
    const [first] = diagnostics;
    const actions = (await editor.codeActions(huge, first!.range, [first!])).filter(isCodeAction);
    assert.ok(actions.some((action) => action.edit !== undefined), 'a quick fix with an edit');
    editor.close(huge);
    editor.close(small);
  });

  it('fixes all 2,500 problems of a large file from its lint, the edit made on resolve, with each import change made once', async () => {
    const resolving = await startServer({ resolveCodeActions: true });
    try {
      const uri = virtualUri('fix-all-large.ts');
      // Without `checkpoint` imported, each fix also adds it to the import: 2,500 fixes share that edit.
      resolving.open(uri, hugeText());
      const diagnostics = await resolving.diagnostics(uri);
      assert.equal(diagnostics.length, 2_500);
      const whole = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
      const [action] = (await resolving.codeActions(uri, whole, [], ['source.fixAll'])).filter(isCodeAction);
      assert.equal(action!.edit, undefined, 'the edit waits for codeAction/resolve');
      const resolved = await resolving.resolveCodeAction(action!);
      resolving.apply(resolved.edit!);
      const fixed = resolving.document(uri).getText();
      assert.equal(fixed.split('\n')[0], "import { sleep, checkpoint } from 'corral';");
      assert.equal(fixed.match(/await checkpoint\(\);/g)?.length, 2_500);
      assert.ok(!fixed.includes('sleep(0)'));
      // And hover works on it (answered by its worker).
      const hover = await resolving.hover(uri, 3, 9);
      assert.match(JSON.stringify(hover?.contents), /checkpoint/);
      resolving.close(uri);
    } finally {
      await resolving.stop();
    }
  });

  it('a worker that dies mid-lint: the status says so, and the next edit is linted', async () => {
    const uri = virtualUri('dies.ts');
    const status = editor.status(uri, (said) => said.state === 'error');
    editor.open(uri, hugeText(`// ${WORKER_EXIT_MARK}`));
    const said = await status;
    assert.match(said.reason ?? '', /large-file worker stopped \(exit code 3\)/);
    editor.change(uri, hugeText());
    assert.equal((await editor.diagnostics(uri)).length, 2_500);
    editor.close(uri);
  });
});
