// Which tsconfig.json a file belongs to, by the nearest one above it (as tsserver looks). The
// project service decides whether the file is really in that project; this only says whether
// asking it is worth while.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The directory of the nearest tsconfig.json above `filePath`, or undefined. */
export function findTsconfigRoot(filePath: string): string | undefined {
  let directory = dirname(filePath);
  for (;;) {
    if (!directory.split(/[\\/]/).includes('node_modules') && existsSync(join(directory, 'tsconfig.json'))) return directory;
    const parent = dirname(directory);
    if (parent === directory) return undefined;
    directory = parent;
  }
}
