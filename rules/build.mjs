// Builds the plugin into dist/: one CommonJS bundle (esbuild; every dependency and peer stays
// external, so the user's eslint/typescript are the ones used), an ES module entry that
// re-exports it, so that `import` and `require` give one plugin object (ESLint refuses two
// objects registered as `corral` in one config), and a hand-written declaration of the plugin's
// shape (the rule modules' own types are not part of the public API).
import { build } from 'esbuild';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, 'dist');

/** The esbuild options both bundles share. */
const common = {
  entryPoints: [join(here, 'src/index.ts')],
  bundle: true,
  platform: 'node',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
};

/** The rule names, read from the source of the index (the single list), for the declaration. */
function ruleNames() {
  const index = readFileSync(join(here, 'src/index.ts'), 'utf8');
  return [...index.matchAll(/^\s+'([a-z-]+)': \w+,$/gm)].map((match) => match[1]);
}

/** The plugin's declaration; `exports` ends it in the ESM or the CommonJS way. */
function declaration(exports) {
  const names = ruleNames().map((name) => `  | '${name}'`).join('\n');
  return `import type { ESLint, Linter, Rule } from 'eslint';

/** The names of the plugin's rules (\`corral/<name>\` in a config). */
type CorralRuleName =
${names};

/** The flat-config presets' names. */
type CorralPresetName = 'recommended' | 'recommended-type-checked' | 'strict';

/** A preset: one config object, also iterable, for \`[corral.configs.recommended]\` or \`[...corral.configs.recommended]\`. */
type CorralPreset = Linter.Config & Iterable<Linter.Config>;

declare const plugin: ESLint.Plugin & {
  meta: { name: string; version: string };
  rules: Record<CorralRuleName, Rule.RuleModule>;
  configs: Record<CorralPresetName, CorralPreset>;
};
${exports}
`;
}

const ESM_EXPORTS = 'export type { CorralPreset, CorralPresetName, CorralRuleName };\nexport default plugin;';
const CJS_EXPORTS = `declare namespace plugin {
  export { CorralPreset, CorralPresetName, CorralRuleName };
}
export = plugin;`;

/** Builds dist/; `options` are extra esbuild options (a development script may add plugins). */
export async function buildPlugin(options = {}) {
  rmSync(dist, { recursive: true, force: true });
  mkdirSync(dist, { recursive: true });
  // `require('eslint-plugin-corral')` gives the plugin itself, as ESLint plugins do.
  await build({ ...common, ...options, format: 'cjs', outfile: join(dist, 'index.cjs'), footer: { js: 'module.exports = module.exports.default;' } });
  writeFileSync(join(dist, 'index.js'), "import plugin from './index.cjs';\n\nexport default plugin;\n");
  writeFileSync(join(dist, 'index.d.ts'), declaration(ESM_EXPORTS));
  writeFileSync(join(dist, 'index.d.cts'), declaration(CJS_EXPORTS));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildPlugin();
