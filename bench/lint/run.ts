// The lint benchmark: how much eslint-plugin-corral adds to a real ESLint run.
//
//   node --import tsx bench/lint/run.ts            (from the repository root)
//
// It writes a corpus of at least 50,000 lines of Corral-using TypeScript (bench/lint/corpus.ts)
// into a temporary folder, then lints it twice with ESLint's `stats` option (per-rule times, the
// data `TIMING=all` prints):
// After an unmeasured warm-up pass over a fifth of the files:
//   1. typescript-eslint `recommended` + Corral's `recommended` rules, without type information:
//      our rules' share of the run (target: at most 5 %), by ESLint's per-rule times and by the
//      wall-clock difference to the same run without our rules;
//   2. typescript-eslint `recommendedTypeChecked` + all Corral rules, `projectService` on: the total,
//      and the share of our type-checked rules.
// The corpus's `corral` module is the typed test fixture's ambient declaration.
// Environment: BENCH_LINES (default 50000) sizes the corpus, BENCH_KEEP=1 keeps the folder.
import { copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { ESLint, type Linter } from 'eslint';
import tseslint from 'typescript-eslint';

import { SHARED_MODULE, writeCorpus } from './corpus.ts';

type Preset = 'recommended' | 'recommended-type-checked' | 'strict';
interface CorralRule {
  meta?: { docs?: { recommended?: Preset; requiresTypeChecking?: boolean } };
}

const repository = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** One lint run's measurements, in milliseconds. */
interface RunStats {
  wall: number;
  parse: number;
  rules: Map<string, number>;
  problems: Map<string, number>;
  files: number;
}

async function main(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'corral-lint-bench-'));
  try {
    const corpus = prepareCorpus(root, Number(process.env.BENCH_LINES ?? 50_000));
    console.log(`corpus: ${corpus.files.length} files, ${corpus.lines} lines in ${root}`);
    const { rules, source } = await loadRules();
    console.log(`rules: ${Object.keys(rules).length} Corral rules from ${source}\n`);

    // A first, unmeasured pass over a fifth of the corpus, so JIT warm-up is not billed to run 1.
    await lint(root, syntacticConfig(rules), corpus.files.slice(0, Math.ceil(corpus.files.length / 5)));
    const recommended = await lint(root, syntacticConfig(rules));
    report('1. typescript-eslint recommended + corral recommended (no type information)', recommended);
    printShare('corral recommended rules', recommended, ruleIds(rules, ['recommended']), 5);
    // The same run without our rules: the wall-clock difference is the share free of timer overhead.
    const baseline = await lint(root, tseslint.configs.recommended as Linter.Config[]);
    const added = recommended.wall - baseline.wall;
    console.log(`   without corral rules: wall ${seconds(baseline.wall)}; difference ${ms(added)} = ${((100 * added) / recommended.wall).toFixed(2)} % of the run\n`);

    const typed = await lint(root, typedConfig(root, rules));
    report('2. typescript-eslint recommendedTypeChecked + all corral rules (projectService)', typed);
    printShare('corral type-checked rules', typed, ruleIds(rules, ['recommended-type-checked']));
    printShare('corral recommended rules', typed, ruleIds(rules, ['recommended']));
    printShare('corral strict rules', typed, ruleIds(rules, ['strict']));
    printShare('all corral rules', typed, ruleIds(rules, ['recommended', 'recommended-type-checked', 'strict']));
    printCorralRules(typed, rules);
  } finally {
    if (process.env.BENCH_KEEP === '1') console.log(`kept ${root}`);
    else rmSync(root, { recursive: true, force: true });
  }
}

/** The corpus plus what a project needs around it: the shared types, `corral`'s declaration, a tsconfig. */
function prepareCorpus(root: string, minLines: number): { files: string[]; lines: number } {
  const corpus = writeCorpus(root, { minLines });
  writeFileSync(join(root, 'src', 'shared.ts'), SHARED_MODULE);
  copyFileSync(join(repository, 'test', 'fixtures', 'typed', 'corral.d.ts'), join(root, 'corral.d.ts'));
  const compilerOptions = {
    target: 'ES2022', lib: ['ES2023'], module: 'NodeNext', moduleResolution: 'NodeNext', strict: true,
    types: ['node'], typeRoots: [join(repository, 'node_modules', '@types')],
    allowImportingTsExtensions: true, noEmit: true, skipLibCheck: true,
  };
  writeFileSync(join(root, 'tsconfig.json'), JSON.stringify({ compilerOptions, include: ['src', 'corral.d.ts'] }, null, 2));
  writeFileSync(join(root, 'package.json'), '{ "type": "module" }\n');
  return corpus;
}

/**
 * The plugin's rules: from rules/src/index.ts when it exports them, else each file of
 * rules/src/rules/ (the plugin entry is written separately; the rule files are what is measured).
 */
async function loadRules(): Promise<{ rules: Record<string, CorralRule>; source: string }> {
  try {
    type Entry = { rules?: Record<string, CorralRule>; default?: { rules?: Record<string, CorralRule> } };
    const entry = (await import(pathToFileURL(join(repository, 'rules', 'src', 'index.ts')).href)) as Entry;
    const rules = entry.default?.rules ?? entry.rules;
    if (rules && Object.keys(rules).length > 0) return { rules, source: 'rules/src/index.ts' };
  } catch {
    // No plugin entry yet: fall through to the rule files.
  }
  const folder = join(repository, 'rules', 'src', 'rules');
  const rules: Record<string, CorralRule> = {};
  for (const file of readdirSync(folder).filter((name) => name.endsWith('.ts')).sort()) {
    const module = (await import(pathToFileURL(join(folder, file)).href)) as { default: CorralRule };
    rules[file.slice(0, -3)] = module.default;
  }
  return { rules, source: 'rules/src/rules/*.ts' };
}

function ruleIds(rules: Record<string, CorralRule>, presets: readonly Preset[]): string[] {
  return Object.entries(rules)
    .filter(([, rule]) => presets.includes(rule.meta?.docs?.recommended as Preset))
    .map(([name]) => `corral/${name}`);
}

function corralConfig(rules: Record<string, CorralRule>, presets: readonly Preset[]): Linter.Config {
  return {
    files: ['**/*.ts'],
    plugins: { corral: { rules } as unknown as ESLint.Plugin },
    rules: Object.fromEntries(ruleIds(rules, presets).map((id) => [id, 'error'])),
  };
}

function syntacticConfig(rules: Record<string, CorralRule>): Linter.Config[] {
  return [...(tseslint.configs.recommended as Linter.Config[]), corralConfig(rules, ['recommended'])];
}

function typedConfig(root: string, rules: Record<string, CorralRule>): Linter.Config[] {
  return [
    ...(tseslint.configs.recommendedTypeChecked as Linter.Config[]),
    { languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: root } } },
    corralConfig(rules, ['recommended', 'recommended-type-checked', 'strict']),
  ];
}

async function lint(root: string, config: Linter.Config[], files: readonly string[] = ['src/**/*.ts']): Promise<RunStats> {
  const eslint = new ESLint({ cwd: root, overrideConfigFile: true, overrideConfig: config, stats: true });
  const started = performance.now();
  const results = await eslint.lintFiles([...files]);
  const stats: RunStats = { wall: performance.now() - started, parse: 0, rules: new Map(), problems: new Map(), files: results.length };
  for (const result of results) {
    for (const pass of result.stats?.times.passes ?? []) {
      stats.parse += pass.parse?.total ?? 0;
      for (const [id, time] of Object.entries(pass.rules ?? {})) stats.rules.set(id, (stats.rules.get(id) ?? 0) + time.total);
    }
    for (const message of result.messages) {
      const id = message.ruleId ?? '(parse error)';
      stats.problems.set(id, (stats.problems.get(id) ?? 0) + 1);
    }
  }
  return stats;
}

function sum(values: Iterable<number>): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}

function report(title: string, stats: RunStats): void {
  const rulesTotal = sum(stats.rules.values());
  console.log(title);
  console.log(`   wall ${seconds(stats.wall)} for ${stats.files} files; parse ${seconds(stats.parse)}, all rules ${seconds(rulesTotal)}`);
  const slowest = [...stats.rules].sort((a, b) => b[1] - a[1]).slice(0, 5);
  console.log(`   slowest rules: ${slowest.map(([id, time]) => `${id} ${ms(time)}`).join(', ')}`);
}

/** Our rules' time as a share of the whole run (wall clock, parsing and every rule included). */
function printShare(label: string, stats: RunStats, ids: readonly string[], target?: number): void {
  const time = sum(ids.map((id) => stats.rules.get(id) ?? 0));
  const share = (100 * time) / stats.wall;
  const ofWork = (100 * time) / (stats.parse + sum(stats.rules.values()));
  const verdict = target === undefined ? '' : share <= target ? `  (target <= ${target} %: met)` : `  (target <= ${target} %: NOT met)`;
  console.log(`   ${label}: ${ms(time)} = ${share.toFixed(2)} % of the run${verdict}; ${ofWork.toFixed(2)} % of parse + rules`);
}

function printCorralRules(stats: RunStats, rules: Record<string, CorralRule>): void {
  console.log('\n   per Corral rule (run 2): time, problems reported');
  for (const name of Object.keys(rules)) {
    const id = `corral/${name}`;
    const preset = rules[name]?.meta?.docs?.recommended ?? '?';
    console.log(`     ${id.padEnd(45)} ${ms(stats.rules.get(id) ?? 0).padStart(9)}  ${String(stats.problems.get(id) ?? 0).padStart(5)}  ${preset}`);
  }
  console.log('');
}

function seconds(time: number): string {
  return `${(time / 1000).toFixed(2)} s`;
}

function ms(time: number): string {
  return `${time.toFixed(0)} ms`;
}

await main();
