// The lint benchmark: how much eslint-plugin-corral adds to a real ESLint run.
//
//   node --import tsx bench/lint/run.ts            (from the repository root)
//
// It writes a corpus of at least 50,000 lines of Corral-using TypeScript (bench/lint/corpus.ts)
// into a temporary folder, then lints it twice with ESLint's `stats` option (per-rule times, the
// data `TIMING=all` prints):
// After an unmeasured warm-up pass over a fifth of the files:
//   1. typescript-eslint `recommended` + Corral's `recommended` preset (the plugin's own
//      `configs.recommended`), without type information: our rules' share of the run (the goal's
//      target: at most 5 %), that is the sum of our rules' times as ESLint's TIMING measures them
//      divided by the whole lint run's wall-clock time; also their share of all rules' time (TIMING's
//      "Relative" column), and the wall-clock difference to the same run without our rules. With
//      BENCH_ROUNDS=n, run 1 and the run without our rules alternate n times and medians are reported;
//   2. typescript-eslint `recommendedTypeChecked` + all Corral rules, `projectService` on: the total,
//      and the share of our type-checked rules.
// The corpus's `corral` module is the typed test fixture's ambient declaration.
// Environment: BENCH_LINES (default 50000) sizes the corpus, BENCH_KEEP=1 keeps the folder,
// BENCH_ROUNDS (default 1) repeats run 1 and its baseline, BENCH_TYPED=0 skips run 2.
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
type Presets = Partial<Record<Preset, { rules?: Record<string, unknown> }>>;

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
    const { rules, configs, source } = await loadRules();
    console.log(`rules: ${Object.keys(rules).length} Corral rules from ${source}\n`);
    const recommendedIds = presetIds(rules, configs, 'recommended');

    // A first, unmeasured pass over a fifth of the corpus, so JIT warm-up is not billed to run 1.
    await lint(root, syntacticConfig(rules, recommendedIds), corpus.files.slice(0, Math.ceil(corpus.files.length / 5)));
    const rounds = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 1));
    const shares: number[] = [];
    const differences: number[] = [];
    let recommended: RunStats | undefined;
    for (let round = 1; round <= rounds; round++) {
      recommended = await lint(root, syntacticConfig(rules, recommendedIds));
      const title = `1. typescript-eslint recommended + corral recommended (no type information)${rounds > 1 ? `, round ${round} of ${rounds}` : ''}`;
      report(title, recommended);
      shares.push(printShare('corral recommended rules', recommended, recommendedIds, 5));
      printRelative('corral recommended rules', recommended, recommendedIds);
      // The same run without our rules: the wall-clock difference is the share free of timer overhead.
      const baseline = await lint(root, tseslint.configs.recommended as Linter.Config[]);
      const added = recommended.wall - baseline.wall;
      differences.push((100 * added) / recommended.wall);
      console.log(`   without corral rules: wall ${seconds(baseline.wall)}; difference ${ms(added)} = ${((100 * added) / recommended.wall).toFixed(2)} % of the run\n`);
    }
    if (rounds > 1) {
      console.log(`   median over ${rounds} rounds: share ${median(shares).toFixed(2)} % of the run (target <= 5 %: ${median(shares) <= 5 ? 'met' : 'NOT met'}); wall-clock difference ${median(differences).toFixed(2)} %\n`);
    }
    if (recommended) printCorralRules(recommended, rules, recommendedIds, 'run 1');

    if (process.env.BENCH_TYPED === '0') return;
    const typed = await lint(root, typedConfig(root, rules));
    report('2. typescript-eslint recommendedTypeChecked + all corral rules (projectService)', typed);
    printShare('corral type-checked rules', typed, ruleIds(rules, ['recommended-type-checked']));
    printShare('corral recommended rules', typed, ruleIds(rules, ['recommended']));
    printShare('corral strict rules', typed, ruleIds(rules, ['strict']));
    printShare('all corral rules', typed, ruleIds(rules, ['recommended', 'recommended-type-checked', 'strict']));
    printCorralRules(typed, rules, Object.keys(rules).map((name) => `corral/${name}`), 'run 2');
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
async function loadRules(): Promise<{ rules: Record<string, CorralRule>; configs?: Presets; source: string }> {
  try {
    type Plugin = { rules?: Record<string, CorralRule>; configs?: Presets };
    type Entry = Plugin & { default?: Plugin };
    const entry = (await import(pathToFileURL(join(repository, 'rules', 'src', 'index.ts')).href)) as Entry;
    const rules = entry.default?.rules ?? entry.rules;
    const configs = entry.default?.configs ?? entry.configs;
    if (rules && Object.keys(rules).length > 0) return { rules, configs, source: 'rules/src/index.ts' };
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

/** The rules a preset turns on: the plugin's own `configs[preset]` when it has one, else by each rule's `meta.docs.recommended`. */
function presetIds(rules: Record<string, CorralRule>, configs: Presets | undefined, preset: Preset): string[] {
  const enabled = configs?.[preset]?.rules;
  if (enabled) return Object.entries(enabled).filter(([, level]) => level !== 'off' && level !== 0).map(([id]) => id);
  return ruleIds(rules, [preset]);
}

function corralConfig(rules: Record<string, CorralRule>, ids: readonly string[]): Linter.Config {
  return {
    files: ['**/*.ts'],
    plugins: { corral: { rules } as unknown as ESLint.Plugin },
    rules: Object.fromEntries(ids.map((id) => [id, 'error'])),
  };
}

function syntacticConfig(rules: Record<string, CorralRule>, ids: readonly string[]): Linter.Config[] {
  return [...(tseslint.configs.recommended as Linter.Config[]), corralConfig(rules, ids)];
}

function typedConfig(root: string, rules: Record<string, CorralRule>): Linter.Config[] {
  return [
    ...(tseslint.configs.recommendedTypeChecked as Linter.Config[]),
    { languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: root } } },
    corralConfig(rules, ruleIds(rules, ['recommended', 'recommended-type-checked', 'strict'])),
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

/** Our rules' time (ESLint's per-rule times) as a share of the whole run (wall clock, parsing and every rule included). */
function printShare(label: string, stats: RunStats, ids: readonly string[], target?: number): number {
  const time = sum(ids.map((id) => stats.rules.get(id) ?? 0));
  const share = (100 * time) / stats.wall;
  const ofWork = (100 * time) / (stats.parse + sum(stats.rules.values()));
  const verdict = target === undefined ? '' : share <= target ? `  (target <= ${target} %: met)` : `  (target <= ${target} %: NOT met)`;
  console.log(`   ${label}: ${ms(time)} = ${share.toFixed(2)} % of the run${verdict}; ${ofWork.toFixed(2)} % of parse + rules`);
  return share;
}

/** Our rules' share of all rules' time: the sum of TIMING's "Relative" column over them. */
function printRelative(label: string, stats: RunStats, ids: readonly string[]): void {
  const time = sum(ids.map((id) => stats.rules.get(id) ?? 0));
  console.log(`   ${label}: ${((100 * time) / sum(stats.rules.values())).toFixed(2)} % of all rules' time (TIMING's "Relative")`);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function printCorralRules(stats: RunStats, rules: Record<string, CorralRule>, ids: readonly string[], run: string): void {
  console.log(`\n   per Corral rule (${run}): time, problems reported`);
  for (const id of ids) {
    const name = id.slice('corral/'.length);
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
