// `npm run package`: builds the extension minified (client and server bundles, no source maps)
// and writes dist/corral-<version>.vsix with @vscode/vsce. The bundles hold every dependency, so
// vsce packs no node_modules (--no-dependencies); .vscodeignore lists what goes in. Fails when
// the .vsix is 5 MB or larger.
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './install.mjs';

const LIMIT = 5 * 1024 * 1024;
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const out = join(root, 'dist', `corral-${version}.vsix`);

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

run(process.execPath, [join(root, 'scripts', 'vscode', 'build.mjs'), '--minify', '--no-tests']);
run(process.execPath, [join(root, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package',
  '--no-dependencies', '--no-rewrite-relative-links',
  '--out', out]);
const size = statSync(out).size;
console.log(`${out}: ${(size / 1024 / 1024).toFixed(2)} MB`);
if (size >= LIMIT) {
  console.error(`the .vsix must stay under 5 MB (${size} bytes)`);
  process.exit(1);
}
