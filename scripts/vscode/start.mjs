// `npm start`: builds the runtime, the plugin, the server and the extension, runs every example
// (examples/run-all.mjs), then opens the examples/ workspace in VS Code with the extension loaded:
//   - in the user's own VS Code when `code` is on the PATH (a new Extension Development Host window);
//   - else in a real VS Code served by code-server on 127.0.0.1 (installed on first use into
//     .cache/), printing the address to open; Ctrl-C stops it.
// Under CI (the CI variable) or without a terminal it stops after the examples and prints how to
// open VS Code, so that `npm start` never blocks an unattended run.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { delimiter, join } from 'node:path';
import { root } from './install.mjs';

const examples = join(root, 'examples');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

run(npm, ['run', 'build']);
run(process.execPath, [join(root, 'scripts', 'vscode', 'build.mjs'), '--no-tests']);
console.log(`\nThe extension is built (dist/client, dist/server).`);
run(process.execPath, [join(examples, 'run-all.mjs')]);

const interactive = !process.env.CI && process.stdout.isTTY && process.stdin.isTTY;
const code = findOnPath(process.platform === 'win32' ? 'code.cmd' : 'code');

if (!interactive) {
  console.log(`
To try the extension on the examples in VS Code, run \`npm start\` in a terminal: it opens
${code ? 'your VS Code' : 'a VS Code served by code-server on 127.0.0.1'} with the extension loaded. By hand:
  code --extensionDevelopmentPath=${root} ${examples}
or install the packaged extension: npm run package && code --install-extension dist/corral-<version>.vsix`);
  process.exit(0);
}

if (code) {
  console.log(`\nOpening ${examples} in VS Code with the extension loaded (Extension Development Host)…`);
  const result = spawnSync(code, ['--extensionDevelopmentPath', root, examples], { stdio: 'inherit', shell: process.platform === 'win32' });
  process.exit(result.status ?? 0);
}

// No `code`: serve a real VS Code with code-server and print its address.
const { ensureInstalled } = await import('./install.mjs');
const paths = ensureInstalled({ browser: false });
const home = join(root, '.cache', 'start');
const userData = join(home, 'user-data');
mkdirSync(join(userData, 'User'), { recursive: true });
const settingsFile = join(userData, 'User', 'settings.json');
if (!existsSync(settingsFile)) {
  writeFileSync(settingsFile, JSON.stringify({ 'workbench.startupEditor': 'none', 'telemetry.telemetryLevel': 'off', 'chat.disableAIFeatures': true, 'workbench.secondarySideBar.defaultVisibility': 'hidden' }, null, 2));
}
writeFileSync(join(home, 'config.yaml'), 'auth: none\ncert: false\n');
const port = await freePort(Number(process.env.PORT ?? 8080));
const server = spawn(paths.node24, [
  join(root, 'scripts', 'vscode', 'code-server-main.cjs'), paths.codeServerDir,
  '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry', '--disable-update-check',
  '--disable-workspace-trust', // the examples are this checkout's own files
  '--enable-smoke-test-driver', '--user-data-dir', userData, '--extensions-dir', join(home, 'extensions'),
  '--config', join(home, 'config.yaml'), examples,
], { detached: true, stdio: 'ignore' });
// code-server runs in its own process group (its file watchers and extension hosts outlive its
// main process otherwise): end the whole group, forcibly if it lingers.
let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  server.removeAllListeners('exit');
  try { process.kill(-server.pid, 'SIGTERM'); } catch {}
  setTimeout(() => {
    try { process.kill(-server.pid, 'SIGKILL'); } catch {}
    process.exit(0);
  }, 1500);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
process.on('SIGHUP', stop); // the terminal closed
server.on('exit', (status) => { console.error(`code-server exited (${status})`); process.exit(1); });

for (let i = 0; i < 150; i++) {
  if ((await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined))?.ok) break;
  await new Promise((resolve) => setTimeout(resolve, 200));
}
const payload = [['extensionDevelopmentPath', `vscode-remote://127.0.0.1:${port}${root}`]];
const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(examples)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
console.log(`\nVS Code (code-server) is serving the examples with the Corral extension loaded. Open:\n\n  ${url}\n\nCtrl-C stops it.`);

function findOnPath(name) {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

function freePort(preferred) {
  const listen = (port) => new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(port, '127.0.0.1', () => {
      const { port: bound } = probe.address();
      probe.close(() => resolve(bound));
    });
  });
  return listen(preferred).catch(() => listen(0));
}
