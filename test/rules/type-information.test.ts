// The type-checked presets where type information is missing: a file that no tsconfig.json
// project includes is linted without types (no parsing error), and the rules that need types
// report nothing there instead of stopping ESLint, whatever turned the types off.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';

import { ESLint, type Linter } from 'eslint';

import { loadBuiltPlugin, repoRoot, type BuiltPlugin } from './builtPlugin.ts';

// test/fixtures/typed/tsconfig.json includes its corral.d.ts only: every other file is outside it.
const projectRoot = join(repoRoot, 'test/fixtures/typed');
const source = [
  "import { sleep } from 'corral';",
  'export async function main() {',
  '  await sleep(0);', // prefer-checkpoint, which needs no types
  '  sleep(10);', // no-floating-runtime-call, which needs them
  '}',
].join('\n');

let plugin: BuiltPlugin;
before(async () => {
  plugin = await loadBuiltPlugin();
});

async function lint(config: Linter.Config[], fileName: string, text = source): Promise<{ ruleId: string | null; line: number; fatal?: boolean; message: string }[]> {
  const eslint = new ESLint({ cwd: projectRoot, overrideConfigFile: true, overrideConfig: config });
  const [result] = await eslint.lintText(text, { filePath: join(projectRoot, fileName) });
  return (result?.messages ?? []).map(({ ruleId, line, fatal, message }) => ({ ruleId, line, ...(fatal ? { fatal } : {}), message }));
}

const withRoot: Linter.Config = { languageOptions: { parserOptions: { tsconfigRootDir: projectRoot } } };

describe('the type-checked presets on files outside every tsconfig.json project', () => {
  for (const preset of ['recommended-type-checked', 'strict'] as const) {
    for (const fileName of ['outside.ts', 'eslint.config.js', 'script.mjs', 'legacy.cjs']) {
      it(`${preset}: ${fileName} gets the rules that need no types, without a parsing error`, async () => {
        const messages = await lint([plugin.configs[preset], withRoot], fileName);
        assert.deepEqual(messages.map(({ ruleId, line }) => ({ ruleId, line })), [{ ruleId: 'corral/prefer-checkpoint', line: 3 }], JSON.stringify(messages));
      });
    }
  }

  it('still reports a syntax error in such a file', async () => {
    const messages = await lint([plugin.configs['recommended-type-checked'], withRoot], 'broken.ts', 'export async function (\n');
    assert.equal(messages.length, 1);
    assert.equal(messages[0]?.fatal, true);
    assert.match(messages[0]!.message, /Parsing error/);
  });
});

describe('the type-aware rules without type information', () => {
  it('report nothing, and ESLint goes on, when the project service is turned off', async () => {
    const noTypes: Linter.Config = { languageOptions: { parserOptions: { projectService: false } } };
    const messages = await lint([plugin.configs.strict, withRoot, noTypes], 'corral.d.ts.js');
    assert.deepEqual(messages.map(({ ruleId }) => ruleId), ['corral/prefer-checkpoint']);
  });
});
