// Builds the VS Code extension into dist/ with esbuild:
//   dist/client/extension.cjs  the client (vscode-languageclient), `vscode` external
//   dist/server/server.cjs     the language server's bundle (server/dist/server.js, built by the
//                              server's own build) with TypeScript bundled in, so that the
//                              extension does not depend on the TypeScript copy VS Code ships
//   dist/test/vscode/index.cjs the extension test suite (test/vscode/suite), `vscode` external
// `.cjs` because the root package.json says "type": "module". Options: --no-server, --no-tests,
// --minify (what `npm run package` uses).
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './install.mjs';

const args = new Set(process.argv.slice(2));
const minify = args.has('--minify');
const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'warning', minify, sourcemap: !minify };

rmSync(join(root, 'dist', 'client'), { recursive: true, force: true });
await build({
  ...common,
  entryPoints: [join(root, 'client', 'src', 'extension.ts')],
  outfile: join(root, 'dist', 'client', 'extension.cjs'),
  external: ['vscode'],
});

if (!args.has('--no-server')) {
  const serverBundle = join(root, 'server', 'dist', 'server.js');
  if (!existsSync(serverBundle)) {
    const result = spawnSync('npm', ['run', 'build', '--workspace', 'corral-language-server'], { cwd: root, stdio: 'inherit' });
    if (result.status !== 0) process.exit(result.status ?? 1);
  }
  rmSync(join(root, 'dist', 'server'), { recursive: true, force: true });
  await build({
    ...common,
    entryPoints: [serverBundle],
    outfile: join(root, 'dist', 'server', 'server.cjs'),
    // The server runs in VS Code's Node; the parser's optional peers that it never loads stay out.
    logOverride: { 'require-resolve-not-external': 'silent' },
  });
}

if (!args.has('--no-tests')) {
  rmSync(join(root, 'dist', 'test', 'vscode'), { recursive: true, force: true });
  await build({
    ...common,
    sourcemap: true,
    entryPoints: [join(root, 'test', 'vscode', 'suite', 'index.ts')],
    outfile: join(root, 'dist', 'test', 'vscode', 'index.cjs'),
    external: ['vscode'],
  });
}
