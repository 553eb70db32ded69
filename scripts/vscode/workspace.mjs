// The test workspace, copied per run (the tests edit files and settings): test/vscode/workspace
// with `corral` resolving to this checkout's runtime.
import { cpSync, existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { root } from './install.mjs';

export const defaultWorkspace = join(root, 'test', 'vscode', 'workspace');

export function copyWorkspace(from, to) {
  cpSync(resolve(from), to, { recursive: true });
  if (!existsSync(join(to, 'node_modules', 'corral'))) {
    mkdirSync(join(to, 'node_modules'), { recursive: true });
    symlinkSync(join(root, 'runtime'), join(to, 'node_modules', 'corral'), 'dir');
  }
  return to;
}
