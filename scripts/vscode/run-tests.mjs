// Runs extension tests in a real VS Code: code-server serves the workbench on 127.0.0.1, Debian's
// Chromium (driven by playwright-core) opens it with the extension under development loaded, and
// the test module's `run()` executes in the extension host (the @vscode/test-electron contract).
// The module writes its results to a file this runner waits for; the runner prints them in
// node:test style, then `N passed, N failed`, and exits non-zero on a failure.
//
// Usage: node scripts/vscode/run-tests.mjs [--extension <dir> | --vsix <file>] [--tests <module>] [--untrusted]
//          [--workspace <folder>] [--timeout <s>] [--keep]
// With --vsix the extension is installed from the .vsix into the fresh extensions folder first,
// as a user would, and a stub extension (test/vscode/host) takes the development slot that
// carries the tests, so the suite runs against the packaged extension.
// Tool installation happens on first use (scripts/vscode/install.mjs).
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createRequire } from 'node:module';
import { ensureInstalled, root } from './install.mjs';
import { copyWorkspace, defaultWorkspace } from './workspace.mjs';

const { values: options } = parseArgs({
  options: {
    extension: { type: 'string', default: root },
    vsix: { type: 'string' },
    tests: { type: 'string', default: join(root, 'dist', 'test', 'vscode', 'index.cjs') },
    workspace: { type: 'string', default: defaultWorkspace },
    timeout: { type: 'string', default: '300' },
    artifacts: { type: 'string', default: join(root, '.artifacts', 'vscode') },
    keep: { type: 'boolean', default: false },
    // Workspace trust on and the folder not trusted: VS Code's Restricted Mode.
    untrusted: { type: 'boolean', default: false },
  },
});

const started = Date.now();
const log = (message) => process.stderr.write(`[vscode-test] ${((Date.now() - started) / 1000).toFixed(1)}s ${message}\n`);

const paths = ensureInstalled();
const require = createRequire(join(paths.driverPrefix, 'package.json'));
const { chromium } = require('playwright-core');

const temp = mkdtempSync(join(tmpdir(), 'corral-vscode-'));
const workspace = join(temp, 'workspace');
const userData = join(temp, 'user-data');
const signals = join(temp, 'signals');
const resultsFile = join(temp, 'results.json');
copyWorkspace(options.workspace, workspace);
mkdirSync(join(userData, 'User'), { recursive: true });
mkdirSync(signals);
mkdirSync(options.artifacts, { recursive: true });
writeFileSync(join(userData, 'User', 'settings.json'), JSON.stringify({
  'files.autoSave': 'off',
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'security.workspace.trust.enabled': options.untrusted,
  'security.workspace.trust.startupPrompt': 'never',
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
  'chat.disableAIFeatures': true,
  'window.commandCenter': false,
}, null, 2));
writeFileSync(join(temp, 'config.yaml'), 'auth: none\ncert: false\n');

const extensionsDir = join(temp, 'extensions');
const codeServerArgs = (...rest) => [join(root, 'scripts', 'vscode', 'code-server-main.cjs'), paths.codeServerDir,
  '--user-data-dir', userData, '--extensions-dir', extensionsDir, '--config', join(temp, 'config.yaml'), ...rest];
let developmentPath = resolve(options.extension);
if (options.vsix) {
  const install = spawnSync(paths.node24, codeServerArgs('--install-extension', resolve(options.vsix)), { encoding: 'utf8' });
  if (install.status !== 0) {
    console.error(install.stdout, install.stderr);
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
  log(`installed ${options.vsix}: ${install.stdout.trim().split('\n').at(-1)}`);
  developmentPath = join(root, 'test', 'vscode', 'host');
}

const port = await freePort();
const serverLog = createWriteStream(join(options.artifacts, 'code-server.log'));
const server = spawn(paths.node24, codeServerArgs(
  '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry', '--disable-update-check',
  ...(options.untrusted ? [] : ['--disable-workspace-trust']), '--disable-getting-started-override', '--enable-smoke-test-driver',
  workspace,
), {
  detached: true, // its own process group, ended as a whole
  stdio: ['ignore', 'pipe', 'pipe'],
  env: { ...process.env, CORRAL_VSCODE_RESULTS: resultsFile, CORRAL_VSCODE_EXTENSION_FROM: options.vsix ? extensionsDir : developmentPath, CORRAL_VSCODE_TRUSTED: String(!options.untrusted), CORRAL_VSCODE_SIGNALS: signals, CORRAL_VSCODE_WORKSPACE: workspace },
});
server.stdout.pipe(serverLog);
server.stderr.pipe(serverLog);

let context;
let finished = false;
async function cleanup() {
  if (finished) return;
  finished = true;
  await context?.close().catch(() => {});
  try { process.kill(-server.pid, 'SIGTERM'); } catch {}
  await delay(500);
  try { process.kill(-server.pid, 'SIGKILL'); } catch {}
  if (!options.keep) rmSync(temp, { recursive: true, force: true });
}
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => { void cleanup().then(() => process.exit(130)); });
}

let exitCode = 1;
try {
  await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined))?.ok, 30_000, 'code-server /healthz');
  log(`code-server ready on 127.0.0.1:${port}`);

  const remote = (path) => `vscode-remote://127.0.0.1:${port}${path}`;
  const payload = [
    ['extensionDevelopmentPath', remote(developmentPath)],
    ['extensionTestsPath', remote(resolve(options.tests))],
  ];
  const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;

  context = await chromium.launchPersistentContext(join(temp, 'browser'), {
    executablePath: paths.chromium,
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  const page = context.pages()[0] ?? await context.newPage();
  const consoleLines = [];
  page.on('console', (message) => { consoleLines.push(`[${message.type()}] ${message.text()}`); });
  page.on('pageerror', (error) => { consoleLines.push(`[pageerror] ${error.message}`); });
  await page.goto(url);
  log('workbench opened; waiting for the tests');

  // The test module asks for screenshots through files: <name>.request -> <name>.png, <name>.done.
  const deadline = Date.now() + Number(options.timeout) * 1000;
  while (!existsSync(resultsFile)) {
    if (Date.now() > deadline) {
      writeFileSync(join(options.artifacts, 'console.log'), consoleLines.join('\n'));
      await page.screenshot({ path: join(options.artifacts, 'timeout.png') }).catch(() => {});
      throw new Error(`no results after ${options.timeout} s; see ${options.artifacts}`);
    }
    for (const name of readdirSync(signals)) {
      if (!name.endsWith('.request')) continue;
      const base = name.slice(0, -'.request'.length);
      rmSync(join(signals, name));
      const file = join(options.artifacts, `${base}.png`);
      await page.screenshot({ path: file }).catch((error) => log(`screenshot failed: ${error.message}`));
      writeFileSync(join(signals, `${base}.done`), file);
      log(`screenshot saved: ${file}`);
    }
    await delay(100);
  }
  writeFileSync(join(options.artifacts, 'console.log'), consoleLines.join('\n'));
  await delay(100); // the file is written at once, but be safe on a slow disk
  exitCode = report(JSON.parse(readFileSync(resultsFile, 'utf8')));
} catch (error) {
  console.log(`✖ the run did not complete: ${error instanceof Error ? error.message : error}`);
  console.log('0 passed, 1 failed');
} finally {
  await cleanup();
  log('done');
}
process.exit(exitCode);

/** Prints the results like node:test's spec reporter; returns the exit code. */
function report({ results }) {
  let passed = 0;
  let failed = 0;
  for (const result of results) {
    if (result.ok) {
      passed += 1;
      console.log(`✔ ${result.name} (${result.ms.toFixed(1)}ms)`);
    } else {
      failed += 1;
      console.log(`✖ ${result.name} (${result.ms.toFixed(1)}ms)`);
      console.log(String(result.error).split('\n').map((line) => `    ${line}`).join('\n'));
    }
  }
  if (results.length === 0) failed += 1;
  console.log(`${passed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

function delay(ms) { return new Promise((r) => setTimeout(r, ms)); }

async function waitFor(check, timeoutMs, what) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (server.exitCode !== null) throw new Error(`code-server exited with ${server.exitCode} (see ${options.artifacts}/code-server.log)`);
    if (await check()) return;
    await delay(200);
  }
  throw new Error(`timed out waiting for ${what}`);
}

function freePort() {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolvePort(port));
    });
  });
}
