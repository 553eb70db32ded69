// Runs the project's tests with Node's built-in runner, TypeScript loaded by tsx.
// Arguments narrow the run to those files; without them every `test/<part>/*.test.ts` runs.
// The real-VS-Code suites live under test/vscode/ and have their own script.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const parts = readdirSync('test', { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && entry.name !== 'vscode' && entry.name !== 'fixtures')
  .map((entry) => entry.name);
const files = process.argv.length > 2
  ? process.argv.slice(2)
  : parts.flatMap((part) =>
      readdirSync(join('test', part))
        .filter((name) => name.endsWith('.test.ts'))
        .map((name) => join('test', part, name)));

const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);
