// Starts code-server with VS Code's `--enable-smoke-test-driver` switch accepted. A built workbench
// honours the `payload` query (extensionDevelopmentPath, extensionTestsPath) only with that switch,
// and code-server's option parser rejects names it does not list: add it to the table first.
// Usage: node24 code-server-main.cjs <code-server dir> <code-server arguments…>
'use strict';
const path = require('node:path');

const [codeServerDir, ...args] = process.argv.slice(2);
const cli = require(path.join(codeServerDir, 'out', 'node', 'cli.js'));
cli.options['enable-smoke-test-driver'] = { type: 'boolean', description: 'VS Code smoke-test driver (extension tests).' };
process.argv = [process.argv[0], path.join(codeServerDir, 'out', 'node', 'entry.js'), ...args];
require(path.join(codeServerDir, 'out', 'node', 'entry.js'));
