// Loads the plugin the way users get it: the bundle in rules/dist, imported as plain JavaScript
// (no tsx transform). It is built first when missing or older than any source file, so the
// plugin-level tests work on a clean clone and never test a stale bundle.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import type { ESLint, Linter, Rule } from 'eslint';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const rulesRoot = join(repoRoot, 'rules');
const bundle = join(rulesRoot, 'dist', 'index.js');

/** The plugin's shape as dist/index.d.ts declares it. */
export interface BuiltPlugin extends ESLint.Plugin {
  meta: { name: string; version: string };
  rules: Record<string, Rule.RuleModule>;
  configs: Record<'recommended' | 'recommended-type-checked' | 'strict', Linter.Config & Iterable<Linter.Config>>;
}

export async function loadBuiltPlugin(): Promise<BuiltPlugin> {
  if (isStale()) withBuildLock(() => isStale() && build());
  const module = (await import(pathToFileURL(bundle).href)) as { default: BuiltPlugin };
  return module.default;
}

function isStale(): boolean {
  return !existsSync(bundle) || newestSource(join(rulesRoot, 'src')) > statSync(bundle).mtimeMs;
}

/** Test files run in parallel: one builds while the others wait, then find the bundle fresh. */
function withBuildLock(run: () => void): void {
  // Under .cache/ (git-ignored), in case a build is killed while holding it.
  const lock = join(rulesRoot, '.cache', 'build.lock');
  mkdirSync(dirname(lock), { recursive: true });
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`${lock} held for two minutes: remove it if no build is running`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
    }
  }
  try {
    run();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function build(): void {
  const result = spawnSync(process.execPath, [join(rulesRoot, 'build.mjs')], { cwd: repoRoot, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`node rules/build.mjs failed:\n${result.stdout}${result.stderr}`);
}

function newestSource(folder: string): number {
  let newest = statSync(join(rulesRoot, 'package.json')).mtimeMs;
  for (const entry of readdirSync(folder, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}
