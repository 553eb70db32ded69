// The extension manifest (the root package.json) agrees with the client and the server: every
// setting the server reads is contributed with the server's default, a scope and a Markdown
// description; the commands are the client's; the files it names exist.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';

import { DEFAULT_SETTINGS, SETTINGS_SECTION } from '../../server/src/shared/settings.ts';

const root = join(import.meta.dirname, '..', '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const properties: Record<string, { default: unknown; scope?: string; markdownDescription?: string }> =
  manifest.contributes.configuration.properties;

describe('extension manifest', () => {
  test('every server setting is contributed with its default, a scope and a Markdown description', () => {
    for (const [key, value] of Object.entries(DEFAULT_SETTINGS)) {
      const property = properties[`${SETTINGS_SECTION}.${key}`];
      assert.ok(property, `${SETTINGS_SECTION}.${key} is contributed`);
      assert.deepEqual(property.default, value, `${key}'s default`);
    }
    for (const [key, property] of Object.entries(properties)) {
      assert.ok(property.scope, `${key} has a scope`);
      assert.ok(property.markdownDescription, `${key} has a Markdown description`);
    }
  });

  test('the client\'s commands are contributed, and every contributed command is the client\'s', () => {
    const clientSource = (dir: string): string => readdirSync(dir, { withFileTypes: true })
      .map((entry) => entry.isDirectory() ? clientSource(join(dir, entry.name)) : readFileSync(join(dir, entry.name), 'utf8'))
      .join('\n');
    const source = clientSource(join(root, 'client', 'src'));
    const contributed = new Set(manifest.contributes.commands.map((command: { command: string }) => command.command));
    const constants = readFileSync(join(root, 'client', 'src', 'constants.ts'), 'utf8');
    for (const [, id] of constants.matchAll(/= '(corral\.[A-Za-z.]+)'/g)) assert.ok(contributed.has(id), `${id} is contributed`);
    for (const id of contributed) assert.ok(source.includes(`'${id}'`), `${String(id)} appears in client/src`);
  });

  test('activation, capabilities and the files the manifest names', () => {
    assert.equal(manifest.name, 'corral-vscode');
    assert.ok(manifest.publisher);
    assert.match(manifest.engines.vscode, /^\^1\.\d+\.\d+$/);
    assert.equal(manifest.main, './dist/client/extension.cjs');
    for (const language of ['typescript', 'typescriptreact', 'javascript', 'javascriptreact']) {
      assert.ok(manifest.activationEvents.includes(`onLanguage:${language}`), language);
    }
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, true);
    for (const snippet of manifest.contributes.snippets) assert.ok(existsSync(join(root, snippet.path)), snippet.path);
    for (const step of manifest.contributes.walkthroughs[0].steps) {
      assert.ok(existsSync(join(root, step.media.markdown)), step.media.markdown);
    }
  });

  test('.vscodeignore keeps sources, tests and caches out of the .vsix', () => {
    const ignore = readFileSync(join(root, '.vscodeignore'), 'utf8').split('\n').filter((line) => line && !line.startsWith('#'));
    assert.equal(ignore[0], '**', 'everything is left out unless listed');
    const kept = ignore.filter((line) => line.startsWith('!'));
    assert.ok(kept.includes('!dist/client/extension.cjs') && kept.includes('!dist/server/server.cjs'));
    assert.ok(!kept.some((line) => /src|test|\.cache|\.map/.test(line)), kept.join(' '));
  });
});
