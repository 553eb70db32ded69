// The project's own Corral code is clean under `recommended-type-checked`: the runtime's sources and
// the examples, parsed with the project service against the root tsconfig.json, linted by a real
// ESLint with the built plugin. An empty or missing folder fails: a vacuous pass proves nothing.
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { before, describe, it } from 'node:test';

import { ESLint } from 'eslint';

import { loadBuiltPlugin, repoRoot, type BuiltPlugin } from './builtPlugin.ts';

const FOLDERS = ['examples', 'runtime/src'];

let plugin: BuiltPlugin;
before(async () => {
  plugin = await loadBuiltPlugin();
});

describe('self-lint with recommended-type-checked', () => {
  for (const folder of FOLDERS) {
    it(`${folder} is clean`, async () => {
      const files = typeScriptFiles(join(repoRoot, folder));
      assert.ok(files.length > 0, `${folder} has no .ts files to lint: the self-lint would pass vacuously`);
      const preset = plugin.configs['recommended-type-checked'];
      const eslint = new ESLint({
        cwd: repoRoot,
        overrideConfigFile: true,
        overrideConfig: [{
          ...preset,
          languageOptions: { ...preset.languageOptions, parserOptions: { projectService: true, tsconfigRootDir: repoRoot } },
        }],
      });
      const results = await eslint.lintFiles(files);
      const messages = results.flatMap((result) => result.messages.map((message) =>
        `${relative(repoRoot, result.filePath)}:${message.line}:${message.column} ${message.ruleId ?? '(eslint)'}: ${message.message}`));
      assert.equal(results.length, files.length, 'every file is linted');
      assert.deepEqual(messages, [], `${folder} has ${messages.length} problems:\n${messages.join('\n')}`);
      console.log(`self-lint: ${folder}: ${files.length} files clean`);
    });
  }
});

function typeScriptFiles(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.[cm]?tsx?$/.test(entry.name) && !/\.d\.[cm]?ts$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name));
}
