// Builds the runtime into dist/: one CJS bundle of the runtime (esbuild), the entry points that
// share it, and the declarations (tsc). One build, not an ESM and a CJS one: a program that
// imports `corral` and uses a CommonJS library that requires it must get one runtime, not two
// (runtime/README.md, "One runtime per process").
//   dist/runtime.cjs  the runtime
//   dist/index.cjs    `require` entry: joins a copy already loaded in the process, or loads runtime.cjs
//   dist/index.js     `import` entry: re-exports index.cjs by name
// CJS consumers get their own copy of the declarations under a `"type": "commonjs"` marker,
// so that TypeScript reads them as CommonJS rather than as ESM masquerading as CJS.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, 'dist');
rmSync(dist, { recursive: true, force: true });

const { version } = JSON.parse(readFileSync(join(here, 'package.json'), 'utf8'));
const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'warning' };
await Promise.all([
  // Class names are part of what the task tree shows ("Queue#3.get"): keep them as written.
  build({ ...common, entryPoints: [join(here, 'src/index.ts')], outfile: join(dist, 'runtime.cjs'), sourcemap: true, keepNames: true }),
  build({
    ...common,
    entryPoints: [join(here, 'src/entry.cts')],
    outfile: join(dist, 'index.cjs'),
    external: ['./runtime.cjs'],
    define: { CORRAL_VERSION: JSON.stringify(version) },
  }),
]);

// Named exports spelt out rather than left to Node's guess from the CommonJS text, so that every
// name of the API is there for `import { … } from 'corral'`.
const names = Object.keys(createRequire(import.meta.url)(join(dist, 'runtime.cjs'))).sort();
writeFileSync(
  join(dist, 'index.js'),
  `// The ESM entry shares the CommonJS build, so that \`import\` and \`require\` get one runtime.\n`
    + `import corral from './index.cjs';\n\nexport const {\n${names.map((name) => `  ${name},\n`).join('')}} = corral;\n`,
);

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', join(here, 'tsconfig.build.json')], { stdio: 'inherit' });
pruneUnreachable(join(dist, 'types'), 'index.d.ts');
cpSync(join(dist, 'types'), join(dist, 'types-cjs'), { recursive: true });
writeFileSync(join(dist, 'types-cjs/package.json'), '{ "type": "commonjs" }\n');
writeFileSync(join(dist, 'index.d.ts'), 'export * from "./types/index.js";\n');
writeFileSync(join(dist, 'index.d.cts'), 'export * from "./types-cjs/index.js";\n');

// The declarations of the runtime's inner modules (the cancel tree, tasks, the recorder) are
// no part of the API: only what index.d.ts reaches is published. (Members marked @internal are
// stripped by tsc, `stripInternal`.)
function pruneUnreachable(root, entry) {
  const reached = new Set();
  const pending = [join(root, entry)];
  while (pending.length > 0) {
    const file = pending.pop();
    if (reached.has(file)) continue;
    reached.add(file);
    for (const [, specifier] of readFileSync(file, 'utf8').matchAll(/from '(\.[^']+)'/g)) {
      pending.push(join(dirname(file), specifier.replace(/\.ts$/, '.d.ts')));
    }
  }
  for (const file of readdirSync(root, { recursive: true })) {
    const path = join(root, file);
    if (/\.d\.c?ts$/.test(path) && !reached.has(path)) rmSync(path);
  }
}
