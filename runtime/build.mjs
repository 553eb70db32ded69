// Builds the runtime into dist/: one ESM and one CJS bundle (esbuild) and the declarations (tsc).
// CJS consumers get their own copy of the declarations under a `"type": "commonjs"` marker,
// so that TypeScript reads them as CommonJS rather than as ESM masquerading as CJS.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, 'dist');
rmSync(dist, { recursive: true, force: true });

const common = {
  entryPoints: [join(here, 'src/index.ts')],
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  // Class names are part of what the task tree shows ("Queue#3.get"): keep them as written.
  keepNames: true,
  logLevel: 'warning',
};
await Promise.all([
  build({ ...common, format: 'esm', outfile: join(dist, 'index.js') }),
  build({ ...common, format: 'cjs', outfile: join(dist, 'index.cjs') }),
]);

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', join(here, 'tsconfig.build.json')], { stdio: 'inherit' });
cpSync(join(dist, 'types'), join(dist, 'types-cjs'), { recursive: true });
writeFileSync(join(dist, 'types-cjs/package.json'), '{ "type": "commonjs" }\n');
writeFileSync(join(dist, 'index.d.ts'), 'export * from "./types/index.js";\n');
writeFileSync(join(dist, 'index.d.cts'), 'export * from "./types-cjs/index.js";\n');
