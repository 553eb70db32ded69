// The runtime's CORRAL_* environment variables: checked at import, a bad value gets one warning
// and the default, never a failed import; signals that cannot be caught or that the user needs
// are refused for the dump.
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { dirname, join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { DEFAULT_HISTORY_SIZE, DEFAULT_OVERRUN_WARN_MS, readEnvironment, type Environment } from '../../runtime/src/environment.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const T = { timeout: 30_000 };

function read(env: NodeJS.ProcessEnv): { settings: Environment; warnings: string[] } {
  const warnings: string[] = [];
  return { settings: readEnvironment(env, (message) => warnings.push(message)), warnings };
}

describe('readEnvironment', () => {
  test('nothing set: tracing off, the default history, no trace file, no dump signal, no warning', () => {
    assert.deepEqual(read({ PATH: '/bin', CORRAL_PROPERTY_RUNS: '5' }), {
      settings: { trace: false, traceFile: undefined, historySize: DEFAULT_HISTORY_SIZE, dumpSignal: undefined, overrunWarnMs: DEFAULT_OVERRUN_WARN_MS },
      warnings: [],
    });
  });

  test('good values are taken as given', () => {
    const { settings, warnings } = read({ CORRAL_TRACE: 'true', CORRAL_TRACE_HISTORY: '5000', CORRAL_DUMP_SIGNAL: 'usr2', CORRAL_TRACE_FILE: join(root, 'trace.json'), CORRAL_OVERRUN_WARN_MS: '250' });
    assert.deepEqual(warnings, []);
    assert.deepEqual(settings, { trace: true, traceFile: join(root, 'trace.json'), historySize: 5000, dumpSignal: 'SIGUSR2', overrunWarnMs: 250 });
    assert.equal(read({ CORRAL_OVERRUN_WARN_MS: '0' }).settings.overrunWarnMs, 0);
    assert.equal(read({ CORRAL_TRACE: '0', CORRAL_TRACE_HISTORY: '0' }).settings.historySize, 0);
    assert.equal(read({ CORRAL_TRACE: 'off' }).settings.trace, false);
  });

  for (const value of ['Infinity', '1.5', '1e9', '-1', 'many', '']) {
    test(`CORRAL_TRACE_HISTORY=${JSON.stringify(value)} gets one warning and the default`, () => {
      const { settings, warnings } = read({ CORRAL_TRACE_HISTORY: value });
      assert.equal(settings.historySize, DEFAULT_HISTORY_SIZE);
      assert.equal(warnings.length, 1);
      assert.match(warnings[0]!, /^CORRAL_TRACE_HISTORY=".*" is not an integer from 0 to 100000; the history keeps 1000$/);
    });
  }

  for (const value of ['-1', 'soon', 'NaN', 'Infinity']) {
    test(`CORRAL_OVERRUN_WARN_MS=${JSON.stringify(value)} gets one warning and the default`, () => {
      const { settings, warnings } = read({ CORRAL_OVERRUN_WARN_MS: value });
      assert.equal(settings.overrunWarnMs, DEFAULT_OVERRUN_WARN_MS);
      assert.equal(warnings.length, 1);
      assert.match(warnings[0]!, /^CORRAL_OVERRUN_WARN_MS must be a number of milliseconds ≥ 0 .*; using 1000$/);
    });
  }

  for (const signal of ['SIGKILL', 'SIGSTOP', 'SIGINT', 'SIGTERM', 'SIGUSR1', 'sigint', 'SIGSEGV']) {
    test(`CORRAL_DUMP_SIGNAL=${signal} is refused with a warning that suggests SIGUSR2`, () => {
      const { settings, warnings } = read({ CORRAL_DUMP_SIGNAL: signal });
      assert.equal(settings.dumpSignal, undefined);
      assert.equal(warnings.length, 1);
      assert.match(warnings[0]!, new RegExp(`^CORRAL_DUMP_SIGNAL=${signal.toUpperCase()} is refused: .+; use a free one such as SIGUSR2$`));
    });
  }

  test('an unknown signal, a bad switch, a trace file in a missing folder and a misspelt name each get a warning', () => {
    const { settings, warnings } = read({
      CORRAL_DUMP_SIGNAL: 'SIGNOPE',
      CORRAL_TRACE: 'maybe',
      CORRAL_TRACE_FILE: join(root, 'no such folder', 'trace.json'),
      CORRAL_TRACES: '1',
    });
    assert.deepEqual(settings, { trace: false, traceFile: undefined, historySize: DEFAULT_HISTORY_SIZE, dumpSignal: undefined, overrunWarnMs: DEFAULT_OVERRUN_WARN_MS });
    assert.equal(warnings.length, 4);
    assert.match(warnings.join('\n'), /CORRAL_TRACES is not a variable of the corral runtime/);
    assert.match(warnings.join('\n'), /CORRAL_DUMP_SIGNAL="SIGNOPE" is not a signal of this platform/);
    assert.match(warnings.join('\n'), /CORRAL_TRACE="maybe" is not 1\/0/);
    assert.match(warnings.join('\n'), /CORRAL_TRACE_FILE=".*trace\.json": the folder ".*no such folder" does not exist/);
  });
});

/** Runs `source` (an ES module importing the built package) with `env` added. */
function runChild(source: string, env: Record<string, string>, timeout = 15_000): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, ['--input-type=module', '-e', source], { cwd: root, env: { ...process.env, ...env }, encoding: 'utf8', timeout });
}

describe('importing the built package', () => {
  // Both builds in one process: the import must work, and warn once between them.
  const program = `
    import { createRequire } from 'node:module';
    import { createTaskGroup, sleep } from 'corral';
    createRequire(import.meta.url)('corral');
    await createTaskGroup(async (tg) => { tg.startSoon(() => sleep(1)); });
    console.log('imported and ran');
  `;
  const bad = {
    CORRAL_TRACE_HISTORY: ['Infinity', '1.5', '1e9'],
    CORRAL_DUMP_SIGNAL: ['SIGKILL', 'SIGSTOP', 'SIGINT', 'SIGTERM', 'SIGUSR1'],
  };
  for (const [name, values] of Object.entries(bad)) {
    for (const value of values) {
      test(`with ${name}=${value} works, with one warning`, T, () => {
        const result = runChild(program, { [name]: value, CORRAL_TRACE: '1' });
        assert.equal(result.status, 0, result.stderr);
        assert.equal(result.stdout.trim(), 'imported and ran');
        const warnings = result.stderr.split('\n').filter((line) => line.includes('[CORRAL_ENV]'));
        assert.equal(warnings.length, 1, result.stderr);
        assert.match(warnings[0]!, new RegExp(`Warning: ${name}=`));
      });
    }
  }

  test('CORRAL_DUMP_SIGNAL=SIGINT leaves Ctrl-C stopping the process', T, () => {
    const result = runChild(`
      import 'corral';
      setTimeout(() => console.log('survived SIGINT'), 2_000);
      process.kill(process.pid, 'SIGINT');
    `, { CORRAL_DUMP_SIGNAL: 'SIGINT' });
    assert.equal(result.signal, 'SIGINT', `stdout: ${result.stdout} stderr: ${result.stderr}`);
    assert.doesNotMatch(result.stdout, /survived/);
  });
});
