// Which tsconfig.json a file belongs to, by the nearest one above it (as tsserver looks). The
// project service decides whether the file is really in that project; this only says whether
// asking it is worth while. The walk up is linear in the path's length (a path of 20,000
// segments took 33 s when each step split the whole path again), and its answer is cached by
// directory until `forgetProjects` (a tsconfig.json was created or deleted).
import { existsSync } from 'node:fs';
import { dirname, sep } from 'node:path';

/** No longer path names a file (PATH_MAX; Windows' long paths): above it, nothing to look up. */
const MAX_PATH = process.platform === 'win32' ? 32_767 : 4_096;

/** How many directories' answers are kept; the oldest goes first. */
const CACHED_DIRECTORIES = 1_000;

// The nearest tsconfig.json directory for the directories of files looked up (null: none).
const nearest = new Map<string, string | null>();

/** The directory of the nearest tsconfig.json above `filePath`, or undefined. */
export function findTsconfigRoot(filePath: string): string | undefined {
  const start = dirname(filePath);
  let found = nearest.get(start);
  if (found === undefined) {
    found = walkUp(start);
    if (nearest.size >= CACHED_DIRECTORIES) nearest.delete(nearest.keys().next().value!);
    nearest.set(start, found);
  }
  return found ?? undefined;
}

function walkUp(start: string): string | null {
  // No tsconfig.json inside node_modules counts: start above the outermost node_modules.
  const segments = start.split(/[\\/]/);
  const inside = segments.indexOf('node_modules');
  let directory = inside === -1 ? start : segments.slice(0, inside).join(sep) || sep;
  for (;;) {
    // Not `join`: it normalizes the whole path at each step.
    if (directory.length < MAX_PATH && existsSync(`${directory.endsWith(sep) ? directory : directory + sep}tsconfig.json`)) return directory;
    const parent = dirname(directory);
    if (parent === directory) return null;
    directory = parent;
  }
}

/** Forgets every answer (a tsconfig.json was created or deleted). */
export function forgetProjects(): void {
  nearest.clear();
}
