#!/usr/bin/env node
// Starts the Corral language server. It speaks LSP over stdio (`--stdio`, the default), or over
// `--node-ipc`, `--socket=<port>` or `--pipe=<name>` as vscode-languageserver allows; anything
// else gets the usage and exit code 2, so a mistyped flag never leaves an editor waiting on a
// server that reads the wrong channel. In a checkout where the bundle has not been built yet, it
// is built first (its output goes to stderr: stdout is the protocol's).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const require = createRequire(import.meta.url);
const { name, version } = require('../package.json');

const USAGE = `Usage: ${name} [--stdio | --node-ipc | --socket=<port> | --pipe=<name>] [--clientProcessId=<pid>]

The Corral language server: the eslint-plugin-corral rules, their quick fixes and the
runtime's API docs in any editor that speaks the Language Server Protocol. It reads no
ESLint config and runs no code from the workspace. Editor setups: the package's README.md.

Options:
  --stdio                  speak LSP on stdin and stdout (the default)
  --node-ipc               speak LSP on Node's IPC channel (a client that forks the server)
  --socket=<port>          connect to the client's socket on that port
  --pipe=<name>            connect to the client's named pipe
  --clientProcessId=<pid>  exit when that process has gone
  -h, --help               print this and exit
  -v, --version            print the version and exit
`;

/** The command line, or undefined after printing the usage for a mistake (exit code 2). */
function parseCommandLine(args) {
  try {
    const { values } = parseArgs({
      args,
      options: {
        stdio: { type: 'boolean' },
        'node-ipc': { type: 'boolean' },
        socket: { type: 'string' },
        pipe: { type: 'string' },
        clientProcessId: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
    const transports = ['stdio', 'node-ipc', 'socket', 'pipe'].filter((transport) => values[transport] !== undefined);
    if (transports.length > 1) throw new Error(`choose one of --${transports.join(', --')}`);
    if (values.socket !== undefined && !/^\d+$/.test(values.socket)) throw new Error(`--socket takes a port number, not '${values.socket}'`);
    if (values.clientProcessId !== undefined && !/^\d+$/.test(values.clientProcessId)) {
      throw new Error(`--clientProcessId takes a process id, not '${values.clientProcessId}'`);
    }
    return { values, transport: transports[0] };
  } catch (error) {
    process.stderr.write(`${name}: ${error.message}\n\n${USAGE}`);
    process.exitCode = 2;
    return undefined;
  }
}

const commandLine = parseCommandLine(process.argv.slice(2));
if (commandLine?.values.help) process.stdout.write(USAGE);
else if (commandLine?.values.version) process.stdout.write(`${version}\n`);
else if (commandLine) {
  const bundle = fileURLToPath(new URL('../dist/server.js', import.meta.url));
  const buildScript = fileURLToPath(new URL('../build.mjs', import.meta.url));
  if (!existsSync(bundle) && existsSync(buildScript)) {
    execFileSync(process.execPath, [buildScript], { stdio: ['ignore', process.stderr, process.stderr] });
  }
  if (!commandLine.transport) process.argv.push('--stdio');
  require(bundle);
}
