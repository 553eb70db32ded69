// `npm run test:vscode`: the extension tests in a real VS Code, twice: against the development
// folder (as F5 would load it), then against the packaged .vsix installed into a fresh VS Code, as
// a user gets it, with the folder untrusted. Installs code-server, Chromium and the driver on first use (install.mjs).
// Ends with the totals, `N passed, N failed`, and a non-zero exit code on a failure.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './install.mjs';

const started = Date.now();
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const vsix = join(root, 'dist', `corral-${version}.vsix`);

function step(title, command, args, { capture = false } = {}) {
  console.log(`\n── ${title}`);
  const result = spawnSync(command, args, { cwd: root, stdio: ['ignore', capture ? 'pipe' : 'inherit', 'inherit'], encoding: 'utf8' });
  if (capture) process.stdout.write(result.stdout ?? '');
  return { ok: result.status === 0, stdout: result.stdout ?? '' };
}
function mustPass(result) { if (!result.ok) process.exit(1); }

mustPass(step('build the runtime, the plugin and the server', npm, ['run', 'build']));
mustPass(step('type-check and bundle the extension and its tests', npm, ['run', 'build:vscode']));

let passed = 0;
let failed = 0;
function suite(title, args) {
  const result = step(title, process.execPath, [join(root, 'scripts', 'vscode', 'run-tests.mjs'), ...args], { capture: true });
  const totals = /(\d+) passed, (\d+) failed\s*$/.exec(result.stdout);
  passed += Number(totals?.[1] ?? 0);
  failed += totals ? Number(totals[2]) : 1;
  if (!result.ok && totals?.[2] === '0') failed += 1;
}

const artifacts = (name) => ['--artifacts', join(root, '.artifacts', 'vscode', name)];
suite('extension tests: development folder', artifacts('development'));
const packaged = step('package the .vsix', process.execPath, [join(root, 'scripts', 'vscode', 'package.mjs')]);
// Installed as a user would, in a folder that is not trusted (Restricted Mode): the extension
// declares untrustedWorkspaces supported, since no workspace code runs.
if (packaged.ok) suite(`extension tests: ${vsix.slice(root.length + 1)} installed into a fresh VS Code, Restricted Mode`, ['--vsix', vsix, '--untrusted', ...artifacts('vsix')]);
else failed += 1;

console.log(`\nVS Code extension tests: ${((Date.now() - started) / 1000).toFixed(0)} s`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
