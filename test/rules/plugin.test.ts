// The plugin as users get it (the built bundle): every catalogue rule, documented, in the right
// presets, and the presets working in a real ESLint.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';

import { ESLint, type Linter } from 'eslint';

import { loadBuiltPlugin, repoRoot, rulesRoot, type BuiltPlugin } from './builtPlugin.ts';
import { CATALOGUE, PRESETS, rulesOf } from './catalogue.ts';

let plugin: BuiltPlugin;
before(async () => {
  plugin = await loadBuiltPlugin();
});

describe('the plugin', () => {
  it('has exactly the catalogue rules, listed alphabetically', () => {
    const names = Object.keys(plugin.rules);
    assert.deepEqual(names, [...names].sort());
    assert.deepEqual([...names].sort(), CATALOGUE.map((rule) => rule.name).sort());
  });

  it('gives every rule a docs url ending in docs/<name>.md, and that page exists', () => {
    for (const { name } of CATALOGUE) {
      const url = plugin.rules[name]?.meta?.docs?.url;
      assert.ok(url?.endsWith(`docs/${name}.md`), `${name}: meta.docs.url is ${url}`);
      assert.ok(existsSync(join(rulesRoot, 'docs', `${name}.md`)), `${name}: rules/docs/${name}.md is missing`);
    }
  });

  it('offers a fix or suggestions exactly as the catalogue says', () => {
    for (const { name, repair } of CATALOGUE) {
      const meta = plugin.rules[name]?.meta;
      assert.equal(Boolean(meta?.fixable), repair === 'fix', `${name}: fixable should be ${repair === 'fix'}`);
      assert.equal(Boolean(meta?.hasSuggestions), repair === 'suggestion', `${name}: hasSuggestions should be ${repair === 'suggestion'}`);
    }
  });

  it('marks the type-checked presets\' own rules as requiring type information', () => {
    for (const { name, preset } of CATALOGUE.filter((rule) => rule.preset === 'recommended-type-checked')) {
      const docs = plugin.rules[name]?.meta?.docs as { requiresTypeChecking?: boolean } | undefined;
      assert.equal(docs?.requiresTypeChecking, true, `${name} (${preset}) should set requiresTypeChecking`);
    }
  });

  it('has a name and version from its package.json', () => {
    const packageJson = createRequire(import.meta.url)(join(rulesRoot, 'package.json')) as { name: string; version: string };
    assert.deepEqual(plugin.meta, { name: packageJson.name, version: packageJson.version });
  });

  it('is the same object shape through require() (the CJS bundle)', () => {
    const required = createRequire(import.meta.url)(join(rulesRoot, 'dist', 'index.cjs')) as BuiltPlugin;
    assert.deepEqual(Object.keys(required.rules), Object.keys(plugin.rules));
    assert.deepEqual(Object.keys(required.configs), PRESETS);
    assert.equal(required.configs.recommended.plugins?.['corral'], required);
  });
});

describe('the README', () => {
  it('has a row per catalogue rule, linking its docs page, with its preset and repair', () => {
    const readme = readFileSync(join(rulesRoot, 'README.md'), 'utf8');
    const rows = readme.split('\n').filter((line) => line.startsWith('| [`'));
    assert.equal(rows.length, CATALOGUE.length);
    for (const { name, preset, repair } of CATALOGUE) {
      const row = rows.find((line) => line.startsWith(`| [\`${name}\`](docs/${name}.md) |`));
      assert.ok(row, `no README row for ${name} linking docs/${name}.md`);
      const cells = row.split('|').map((cell) => cell.trim());
      assert.equal(cells[3], `\`${preset}\``, `${name}: preset`);
      assert.equal(cells[4]?.includes('🔧'), repair === 'fix', `${name}: 🔧`);
      assert.equal(cells[4]?.includes('💡'), repair === 'suggestion', `${name}: 💡`);
    }
  });
});

describe('the presets', () => {
  for (const preset of PRESETS) {
    it(`${preset} turns on exactly the catalogue's rules for it`, () => {
      assert.deepEqual(enabledRules(plugin.configs[preset]), rulesOf(preset).map((name) => `corral/${name}`));
      assert.equal(plugin.configs[preset].name, `corral/${preset}`);
    });
  }

  it('nest: recommended ⊂ recommended-type-checked ⊂ strict', () => {
    const [recommended, typeChecked, strict] = PRESETS.map((preset) => enabledRules(plugin.configs[preset]));
    assert.ok(recommended!.every((rule) => typeChecked!.includes(rule)) && recommended!.length < typeChecked!.length);
    assert.ok(typeChecked!.every((rule) => strict!.includes(rule)) && typeChecked!.length < strict!.length);
  });

  it('register the plugin as corral, set the parser and the files, and the project service from type-checked on', () => {
    for (const preset of PRESETS) {
      const config = plugin.configs[preset];
      assert.equal(config.plugins?.['corral'], plugin);
      assert.equal(typeof (config.languageOptions?.parser as { parseForESLint?: unknown } | undefined)?.parseForESLint, 'function');
      assert.deepEqual(config.files, ['**/*.{ts,tsx,mts,cts,js,mjs,cjs}']);
      const projectService = (config.languageOptions?.parserOptions as { projectService?: unknown } | undefined)?.projectService;
      assert.equal(projectService, preset === 'recommended' ? undefined : true, preset);
    }
  });
});

describe('a real ESLint with the built plugin', () => {
  const snippet = [
    "import { Queue, sleep } from 'corral';",
    'export async function main() {',
    '  const queue = Queue.withMaxsize<number>(Infinity);',
    '  await sleep(0);',
    '  await sleep(Infinity);',
    '  return queue;',
    '}',
  ].join('\n');
  const expected = [
    { ruleId: 'corral/no-unbounded-queue', line: 3 },
    { ruleId: 'corral/prefer-checkpoint', line: 4 },
    { ruleId: 'corral/prefer-sleep-forever', line: 5 },
  ];

  it('lints with [corral.configs.recommended]', async () => {
    assert.deepEqual(await lint([plugin.configs.recommended]), expected);
  });

  it('lints with [...corral.configs.recommended]', async () => {
    assert.deepEqual(await lint([...plugin.configs.recommended]), expected);
  });

  it('lints with a preset spread into an object that changes a rule', async () => {
    const config = { ...plugin.configs.recommended, rules: { ...plugin.configs.recommended.rules, 'corral/prefer-checkpoint': 'off' as const } };
    assert.deepEqual(await lint([config]), expected.filter((message) => message.ruleId !== 'corral/prefer-checkpoint'));
  });

  it('leaves other files and code that does not use corral alone', async () => {
    const eslint = new ESLint({ cwd: repoRoot, overrideConfigFile: true, overrideConfig: [plugin.configs.recommended] });
    const [result] = await eslint.lintText('const sleep = (ms: number) => ms;\nsleep(0);\n', { filePath: join(repoRoot, 'snippet.ts') });
    assert.deepEqual(result?.messages, []);
  });

  async function lint(config: Linter.Config[]): Promise<{ ruleId: string | null; line: number }[]> {
    const eslint = new ESLint({ cwd: repoRoot, overrideConfigFile: true, overrideConfig: config });
    const [result] = await eslint.lintText(snippet, { filePath: join(repoRoot, 'snippet.ts') });
    return (result?.messages ?? []).map(({ ruleId, line }) => ({ ruleId, line }));
  }
});

function enabledRules(preset: Iterable<Linter.Config>): string[] {
  const rules = Object.assign({}, ...[...preset].map((config) => config.rules ?? {})) as Record<string, unknown>;
  return Object.keys(rules).filter((name) => rules[name] !== 'off' && rules[name] !== 0).sort();
}
