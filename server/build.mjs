// Bundles the server into dist/server.js and dist/engine.js: CommonJS for Node 20 holding the
// rules (from ../rules/src), ESLint's Linter, the TypeScript parser and vscode-languageserver.
// `typescript` stays external and is resolved at run time from node_modules (it is large, and loaded only by
// the parser and the project service). The runtime's API docs, read from ../runtime/src, are
// baked in for hovers. `--faults=<folder>` writes the tests' build there instead: the same, with
// fault injection (src/faults.ts), which the published bundle never holds.
import { build } from 'esbuild';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import ts from 'typescript';

const here = dirname(fileURLToPath(import.meta.url));

/** Each export of the runtime's index: a Markdown block with its declaration and first doc paragraph. */
export function runtimeApiDocs(indexPath = join(here, '../runtime/src/index.ts')) {
  const program = ts.createProgram([indexPath], { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext, allowImportingTsExtensions: true, noEmit: true });
  const checker = program.getTypeChecker();
  const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(indexPath));
  const docs = {};
  for (const exported of checker.getExportsOfModule(moduleSymbol)) {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const paragraph = ts.displayPartsToString(symbol.getDocumentationComment(checker)).split(/\n\s*\n/)[0].trim();
    if (!paragraph) continue;
    docs[exported.name] = `\`\`\`ts\n${declarationLine(checker, symbol, exported.name)}\n\`\`\`\n\n${paragraph}`;
  }
  return docs;
}

function declarationLine(checker, symbol, name) {
  const declaration = symbol.declarations?.[0];
  if (symbol.flags & ts.SymbolFlags.Function) {
    const type = checker.getTypeOfSymbol(symbol);
    return type.getCallSignatures().map((signature) => `function ${name}${checker.signatureToString(signature)}`).join('\n');
  }
  if (symbol.flags & ts.SymbolFlags.Class) return `class ${name}`;
  if (symbol.flags & ts.SymbolFlags.Interface) return `interface ${name}`;
  if (symbol.flags & ts.SymbolFlags.TypeAlias) return `type ${name}`;
  if (declaration && symbol.flags & ts.SymbolFlags.Variable) return `const ${name}: ${checker.typeToString(checker.getTypeOfSymbol(symbol))}`;
  return name;
}

/**
 * @typescript-eslint/utils subclasses ESLint's file-system classes when loaded; given the whole
 * of `eslint` the bundle would carry its config loader too. It gets a shim with the Linter instead.
 */
const eslintShim = {
  name: 'eslint-shim',
  setup(build) {
    build.onResolve({ filter: /^eslint(\/use-at-your-own-risk)?$/ }, ({ importer }) =>
      /@typescript-eslint[\\/]utils/.test(importer) ? { path: join(here, 'build/eslint-shim.cjs') } : undefined);
  },
};

/** The published bundle's src/faults.ts: it injects nothing, and the throwing rule is not in it. */
const withoutFaults = {
  name: 'without-faults',
  setup(build) {
    build.onResolve({ filter: /^\.\/faults\.ts$/ }, () => ({ path: 'faults', namespace: 'without-faults' }));
    build.onLoad({ filter: /.*/, namespace: 'without-faults' }, () => ({
      contents: 'export const exitsMidLint = () => false;\nexport const faultRules = () => ({});\n',
      loader: 'js',
    }));
  },
};

/**
 * The engine (everything that needs the linter, src/engine.ts) is a bundle of its own,
 * dist/engine.js, which server.js requires once it has answered `initialize`: V8 reads a bundle
 * whole before running any of it, and the engine's is most of the code.
 */
const separateEngine = {
  name: 'separate-engine',
  setup(build) {
    build.onResolve({ filter: /^\.\/engine\.ts$/ }, () => ({ path: './engine.js', external: true }));
  },
};

export async function buildServer({ faults = false, outdir = join(here, 'dist') } = {}) {
  mkdirSync(outdir, { recursive: true });
  // The package is ESM (for its sources); the bundles are CommonJS.
  writeFileSync(join(outdir, 'package.json'), '{ "type": "commonjs" }\n');
  await build({
    entryPoints: { server: join(here, 'src/server.ts'), engine: join(here, 'src/engine.ts') },
    outdir,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['typescript'],
    plugins: faults ? [eslintShim, separateEngine] : [eslintShim, separateEngine, withoutFaults],
    define: { CORRAL_API_DOCS: JSON.stringify(runtimeApiDocs()) },
    // Whitespace only (5.0 → 3.3 MB): names stay, so stack traces in the server's log still read.
    minifyWhitespace: true,
    // For debugging in a checkout (and for the extension's bundle, which chains it); not published.
    sourcemap: true,
    logLevel: 'warning',
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const faultsDir = process.argv.slice(2).find((arg) => arg.startsWith('--faults='))?.slice('--faults='.length);
  await buildServer(faultsDir ? { faults: true, outdir: faultsDir } : {});
}
