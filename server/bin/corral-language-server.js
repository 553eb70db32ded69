#!/usr/bin/env node
// Starts the Corral language server. It speaks LSP over stdio (`--stdio`, the default), or over
// `--node-ipc` / `--socket=<port>` as vscode-languageserver allows. In a checkout where the bundle
// has not been built yet, it is built first (its output goes to stderr: stdout is the protocol's).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const bundle = fileURLToPath(new URL('../dist/server.js', import.meta.url));
const buildScript = fileURLToPath(new URL('../build.mjs', import.meta.url));
if (!existsSync(bundle) && existsSync(buildScript)) {
  execFileSync(process.execPath, [buildScript], { stdio: ['ignore', process.stderr, process.stderr] });
}
const transports = ['--stdio', '--node-ipc', '--socket=', '--pipe='];
if (!process.argv.slice(2).some((arg) => transports.some((transport) => arg.startsWith(transport)))) {
  process.argv.push('--stdio');
}
createRequire(import.meta.url)(bundle);
