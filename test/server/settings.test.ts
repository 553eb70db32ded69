// Settings: preset, per-rule severity, enable and run mode take effect when changed, without a
// restart, whether the client answers workspace/configuration or pushes its settings.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { codesAndLines, ensureBuilt, startServer, virtualUri, type Editor } from './harness.ts';

const SOURCE = [
  "import { sleep } from 'corral';",
  'export async function spin(ready: () => boolean) {',
  '  await sleep(0);',
  '  while (true) {',
  '    ready();',
  '  }',
  '}',
].join('\n');

for (const pullSettings of [true, false]) {
  describe(`settings (${pullSettings ? 'pulled with workspace/configuration' : 'pushed with didChangeConfiguration'})`, () => {
    let editor: Editor;
    before(async () => {
      ensureBuilt();
      editor = await startServer({ settings: { preset: 'recommended' }, pullSettings });
    });
    after(() => editor.stop());

    /** Changes the settings and returns the diagnostics `uri` gets republished with. */
    function republishedWith(uri: string, settings: Parameters<Editor['changeSettings']>[0]) {
      const next = editor.nextDiagnostics(uri);
      editor.changeSettings(settings);
      return next;
    }

    it('runs the preset chosen, and another once it is changed', async () => {
      const uri = virtualUri(`preset-${pullSettings}.ts`);
      editor.open(uri, SOURCE);
      assert.deepEqual(codesAndLines(await editor.diagnostics(uri)), ['corral/prefer-checkpoint@3']);
      assert.deepEqual(codesAndLines(await republishedWith(uri, { preset: 'strict' })), ['corral/prefer-checkpoint@3', 'corral/require-checkpoint-in-loop@4']);
      assert.deepEqual(codesAndLines(await republishedWith(uri, { preset: 'recommended' })), ['corral/prefer-checkpoint@3']);
      editor.close(uri);
    });

    it('gives each rule the severity set for it, or turns it off', async () => {
      const uri = virtualUri(`severity-${pullSettings}.ts`);
      editor.changeSettings({ preset: 'strict', rules: { 'prefer-checkpoint': 'hint', 'corral/require-checkpoint-in-loop': 'warn' } });
      editor.open(uri, SOURCE);
      const diagnostics = await editor.diagnostics(uri);
      assert.deepEqual(diagnostics.map((d) => [d.code, d.severity]).sort(), [['corral/prefer-checkpoint', 4], ['corral/require-checkpoint-in-loop', 2]]);
      const off = await republishedWith(uri, { preset: 'strict', rules: { 'prefer-checkpoint': 'off' } });
      assert.deepEqual(codesAndLines(off), ['corral/require-checkpoint-in-loop@4']);
      editor.close(uri);
      editor.changeSettings({ preset: 'recommended' });
    });

    it('publishes nothing when disabled, and lints again when enabled', async () => {
      const uri = virtualUri(`enable-${pullSettings}.ts`);
      editor.open(uri, SOURCE);
      assert.equal((await editor.diagnostics(uri)).length, 1);
      assert.deepEqual(await republishedWith(uri, { enable: false }), []);
      assert.equal((await republishedWith(uri, { enable: true, preset: 'recommended' })).length, 1);
      editor.close(uri);
    });

    it('lints on save only when run is onSave', async () => {
      const uri = virtualUri(`on-save-${pullSettings}.ts`);
      editor.changeSettings({ preset: 'recommended', run: 'onSave' });
      editor.open(uri, SOURCE);
      assert.equal((await editor.diagnostics(uri)).length, 1);
      editor.change(uri, SOURCE.replace('sleep(0)', 'sleep(5)'));
      // A hover is answered after the change was handled: had it been linted, it would be by now
      // or soon; onSave must wait for the save, which comes next and yields the new version's.
      await editor.hover(uri, 0, 0);
      editor.save(uri);
      assert.deepEqual(await editor.diagnostics(uri), []);
      editor.close(uri);
      editor.changeSettings({ preset: 'recommended' });
    });

    it('ignores a bad setting value and keeps the default for it', async () => {
      const uri = virtualUri(`bad-${pullSettings}.ts`);
      editor.changeSettings({ preset: 'no-such-preset' as never, rules: { 'prefer-checkpoint': 'loud' as never } });
      editor.open(uri, SOURCE);
      assert.deepEqual(codesAndLines(await editor.diagnostics(uri)), ['corral/prefer-checkpoint@3']);
      editor.close(uri);
      editor.changeSettings({ preset: 'recommended' });
    });
  });
}
