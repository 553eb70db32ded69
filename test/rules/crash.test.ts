// No rule crashes on real TypeScript: every rule of the built plugin, with its default options,
// over the project's own sources (type-checked rules included: they are in the root program), and
// over the test fixtures and a deterministic sample of the .d.ts files under node_modules
// (syntactic rules only: those files are in no program of the root tsconfig.json).
// A crash is ESLint throwing, or a fatal message; neither may happen.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { before, describe, it } from 'node:test';

import { ESLint, type Linter } from 'eslint';

import { loadBuiltPlugin, repoRoot, type BuiltPlugin } from './builtPlugin.ts';

/** The project's sources: all of them, as they exist. */
const PROJECT_FOLDERS = ['rules/src', 'runtime/src', 'test', 'examples'];
/** Enough declaration lines to exercise odd syntax, within about a minute on two cores. */
const DECLARATION_LINE_BUDGET = 200_000;
const DECLARATION = /\.d\.[cm]?ts$/;
/** Excluded from the root tsconfig.json: linted without types. */
const FIXTURES = join(repoRoot, 'test', 'fixtures');
/** Disable comments for rules that are not on here are not this test's business. */
const QUIET_DIRECTIVES: Linter.Config = { linterOptions: { reportUnusedDisableDirectives: 'off' } };

let plugin: BuiltPlugin;
before(async () => {
  plugin = await loadBuiltPlugin();
});

describe('no rule crashes', () => {
  it('on the project\'s own sources, with every rule (type-checked ones included)', async () => {
    const files = PROJECT_FOLDERS.flatMap((folder) => typeScriptFiles(join(repoRoot, folder)))
      .filter((file) => !DECLARATION.test(file) && !file.startsWith(FIXTURES));
    const eslint = new ESLint({
      cwd: repoRoot,
      overrideConfigFile: true,
      overrideConfig: [QUIET_DIRECTIVES, {
        ...plugin.configs.strict,
        languageOptions: { ...plugin.configs.strict.languageOptions, parserOptions: { projectService: true, tsconfigRootDir: repoRoot } },
        rules: allRules(plugin, () => true),
      }],
    });
    await lintAll(eslint, files, 'project sources');
  });

  it('on the test fixtures and a sample of the .d.ts files under node_modules, with every syntactic rule', async () => {
    const files = [...typeScriptFiles(FIXTURES), ...declarationSample()];
    const eslint = new ESLint({
      cwd: repoRoot,
      overrideConfigFile: true,
      overrideConfig: [
        // Un-ignore node_modules (ESLint's default ignores it; `ignore: false` does not lift that).
        { ignores: ['!**/node_modules/'] },
        QUIET_DIRECTIVES,
        { ...plugin.configs.recommended, rules: allRules(plugin, (rule) => !requiresTypes(rule)) },
      ],
    });
    await lintAll(eslint, files, 'fixtures and node_modules declarations');
  });
});

/** Lints file by file, so that one crash names its file and does not hide the others. */
async function lintAll(eslint: ESLint, files: string[], label: string): Promise<void> {
  assert.ok(files.length > 0, `no files for ${label}`);
  const failures: string[] = [];
  let lines = 0;
  for (const file of files) {
    lines += readFileSync(file, 'utf8').split('\n').length;
    try {
      const [result] = await eslint.lintFiles([file]);
      // A fatal message is a crash or a parse error; a message without a rule is ESLint skipping the file.
      for (const message of result?.messages.filter((m) => m.fatal || m.ruleId === null) ?? []) {
        failures.push(`${relative(repoRoot, file)}:${message.line}: ${message.fatal ? 'fatal' : 'not linted'}: ${message.message}`);
      }
    } catch (error) {
      failures.push(`${relative(repoRoot, file)}: threw: ${(error as Error).message.split('\n').slice(0, 3).join(' | ')}`);
    }
  }
  console.log(`crash test, ${label}: linted ${files.length} files, ${lines} lines`);
  assert.deepEqual(failures, []);
}

/** Every rule of the plugin at 'error' when `include` says so. */
function allRules(plugin: BuiltPlugin, include: (rule: BuiltPlugin['rules'][string]) => boolean): Linter.RulesRecord {
  return Object.fromEntries(Object.entries(plugin.rules).filter(([, rule]) => include(rule)).map(([name]) => [`corral/${name}`, 'error']));
}

function requiresTypes(rule: BuiltPlugin['rules'][string]): boolean {
  return (rule.meta?.docs as { requiresTypeChecking?: boolean } | undefined)?.requiresTypeChecking === true;
}

/** Every `.d.ts`, sorted, then every k-th until the line budget is spent: many packages, not the first few. */
function declarationSample(): string[] {
  const all = typeScriptFiles(join(repoRoot, 'node_modules')).filter((file) => DECLARATION.test(file)).sort();
  const sizes = all.map((file) => readFileSync(file, 'utf8').split('\n').length);
  const total = sizes.reduce((sum, size) => sum + size, 0);
  const step = Math.max(1, Math.ceil(total / DECLARATION_LINE_BUDGET));
  const picked: string[] = [];
  let budget = DECLARATION_LINE_BUDGET;
  for (let index = 0; index < all.length && budget > 0; index += step) {
    picked.push(all[index]!);
    budget -= sizes[index]!;
  }
  return picked;
}

function typeScriptFiles(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.[cm]?tsx?$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name));
}
