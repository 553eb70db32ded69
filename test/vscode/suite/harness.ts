// A small test runner for the extension host, in the @vscode/test-electron contract: the suite's
// `run()` resolves when every test passed and rejects otherwise. When CORRAL_VSCODE_RESULTS is set
// (scripts/vscode/run-tests.mjs sets it), the results are also written there as JSON, because the
// extension host of a served VS Code has no terminal the runner could read.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface TestResult {
  name: string;
  ok: boolean;
  ms: number;
  error?: string;
}

type TestFn = () => unknown;
const tests: { name: string; fn: TestFn; timeoutMs: number }[] = [];

/** Registers a test; tests run in registration order, one at a time. */
export function test(name: string, fn: TestFn, timeoutMs = 30_000): void {
  tests.push({ name, fn, timeoutMs });
}

export async function runAll(): Promise<TestResult[]> {
  const results: TestResult[] = [];
  for (const { name, fn, timeoutMs } of tests) {
    const start = performance.now();
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        Promise.resolve().then(fn),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
        }),
      ]);
      results.push({ name, ok: true, ms: performance.now() - start });
    } catch (error) {
      const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
      results.push({ name, ok: false, ms: performance.now() - start, error: text });
    } finally {
      clearTimeout(timer);
    }
  }
  const file = process.env.CORRAL_VSCODE_RESULTS;
  if (file) writeFileSync(file, JSON.stringify({ results }, null, 2));
  const failed = results.filter((result) => !result.ok);
  if (failed.length > 0) {
    throw new Error(`${failed.length} of ${results.length} tests failed:\n${failed.map((f) => `${f.name}: ${f.error}`).join('\n')}`);
  }
  return results;
}

/**
 * Asks the runner for a screenshot of the workbench as it is now and waits until it is saved.
 * Outside the served runner (no CORRAL_VSCODE_SIGNALS) it does nothing.
 */
export async function screenshot(name: string, timeoutMs = 15_000): Promise<boolean> {
  const dir = process.env.CORRAL_VSCODE_SIGNALS;
  if (!dir) return false;
  writeFileSync(join(dir, `${name}.request`), '');
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (existsSync(join(dir, `${name}.done`))) return true;
    await sleep(100);
  }
  return false;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `check` until it returns a value other than undefined/false, or throws after timeoutMs. */
export async function waitFor<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(100);
  }
}
