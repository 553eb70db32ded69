// The runtime's package as a user installs it: the files `npm pack` ships (its `files` list,
// with npm's own rules), copied into a project's node_modules. Tests that run real programs
// against the published shape use it instead of reading `files` themselves.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const RUNTIME = fileURLToPath(new URL('../../runtime', import.meta.url));

let shipped: string[] | undefined;

/** The package's files, relative to runtime/, as `npm pack` would ship them (asked once). */
export function packedFiles(): string[] {
  shipped ??= (JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: RUNTIME, encoding: 'utf8' })) as Array<{ files: Array<{ path: string }> }>)[0]!.files.map((file) => file.path);
  return shipped;
}

/** Copies the shipped files of the runtime into `target` (a package folder such as node_modules/corral). */
export function copyPackedRuntime(target: string): void {
  for (const file of packedFiles()) {
    mkdirSync(dirname(join(target, file)), { recursive: true });
    cpSync(join(RUNTIME, file), join(target, file));
  }
}
