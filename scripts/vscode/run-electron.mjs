// The same extension test module under @vscode/test-electron, for machines where VS Code can be
// downloaded (these cannot: see scripts/vscode/run-tests.mjs for the code-server route).
// Usage: npm run build && npm run build:vscode && node scripts/vscode/run-electron.mjs [--version <v>]
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runTests } from '@vscode/test-electron';
import { root } from './install.mjs';
import { copyWorkspace, defaultWorkspace } from './workspace.mjs';

const { values } = parseArgs({ options: { version: { type: 'string', default: 'stable' } } });
const temp = mkdtempSync(join(tmpdir(), 'corral-electron-'));
const workspace = copyWorkspace(defaultWorkspace, join(temp, 'workspace'));
try {
  await runTests({
    version: values.version,
    extensionDevelopmentPath: root,
    extensionTestsPath: join(root, 'dist', 'test', 'vscode', 'index.cjs'),
    extensionTestsEnv: { CORRAL_VSCODE_EXTENSION_FROM: root },
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--user-data-dir', join(temp, 'user-data')],
  });
  console.log('VS Code (electron): all tests passed');
} catch (error) {
  console.error(`VS Code (electron): ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}
