// The extension test suite: `run()` executes inside the VS Code extension host, under
// scripts/vscode/run-tests.mjs (code-server in Chromium) or under @vscode/test-electron.
import { runAll } from './harness.ts';
import './smoke.test.ts';
import './extension.test.ts';
import './snippets.test.ts';
import './taskTree.test.ts';

export async function run(): Promise<void> {
  await runAll();
}
