// Every snippet of the VS Code extension, accepted with its defaults, type-checks against the
// runtime and passes the plugin's `recommended` rules; TypeScript and JavaScript offer the same
// snippets. The runtime (its .d.ts) and the plugin must be built (`npm test` builds them first).
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { ESLint } from 'eslint';
import ts from 'typescript';

import plugin from '../../rules/dist/index.js';
import { expandSnippet } from './expand.ts';

interface Snippet { prefix: string; description: string; body: string[] }

const root = join(import.meta.dirname, '..', '..');
const load = (language: string): Record<string, Snippet> =>
  JSON.parse(readFileSync(join(root, 'snippets', `${language}.json`), 'utf8')) as Record<string, Snippet>;
const snippets = { ts: load('typescript'), js: load('javascript') };

// Inside the repository, so that `corral` resolves to the workspace package (runtime/dist).
const dir = join(root, '.cache', 'snippet-check');
const runtimeNames = Object.keys(await import('corral')).sort();
/** The runtime's type-only exports a snippet may name (imported with `type` in TypeScript). */
const runtimeTypes = ['TaskStatus', 'TaskOptions', 'CancelScopeOptions', 'BoundedMapOptions'];

/** A module holding one expanded snippet: imports of the runtime names it uses, then the body
 * inside an async function (the snippets are statements), or at the top for an import. */
function moduleText(body: string, language: 'ts' | 'js'): string {
  const uses = (name: string): boolean => new RegExp(`\\b${name}\\b`).test(body);
  const used = [
    ...runtimeNames.filter(uses),
    ...(language === 'ts' ? runtimeTypes.filter(uses).map((name) => `type ${name}`) : []),
  ];
  if (/^import /.test(body)) return `${body}\n`;
  const imports = used.length > 0 ? `import { ${used.join(', ')} } from 'corral';\n\n` : '';
  const indented = body.split('\n').map((line) => (line ? `  ${line}` : line)).join('\n');
  return `${imports}export async function snippet() {\n${indented}\n}\n`;
}

const files: { language: 'ts' | 'js'; name: string; file: string; text: string }[] = [];
for (const language of ['ts', 'js'] as const) {
  Object.entries(snippets[language]).forEach(([name, snippet], index) => {
    const text = moduleText(expandSnippet(snippet.body).replaceAll('\t', '  '), language);
    files.push({ language, name, file: join(dir, `${language}-${index}.${language}`), text });
  });
}

before(() => {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  for (const { file, text } of files) writeFileSync(file, text);
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('snippets', () => {
  test('TypeScript and JavaScript offer the same snippets, each with a corral- prefix and a description', () => {
    assert.deepEqual(Object.keys(snippets.js), Object.keys(snippets.ts));
    for (const language of ['ts', 'js'] as const) {
      for (const [name, snippet] of Object.entries(snippets[language])) {
        assert.match(snippet.prefix, /^corral-[a-z-]+$/, name);
        assert.equal(snippets.js[name]?.prefix, snippets.ts[name]?.prefix, name);
        assert.ok(snippet.description.length > 20, `${name} has a description`);
      }
    }
    const prefixes = Object.values(snippets.ts).map((snippet) => snippet.prefix);
    assert.equal(new Set(prefixes).size, prefixes.length, 'prefixes are unique');
  });

  test('the patterns of examples/ and the README each have a snippet', () => {
    const prefixes = new Set(Object.values(snippets.ts).map((snippet) => snippet.prefix));
    for (const prefix of ['corral-task-group', 'corral-service', 'corral-worker-pool', 'corral-worker-pool-sentinel',
      'corral-fan-out', 'corral-deadline-loop', 'corral-fail-after', 'corral-shielded-finally', 'corral-catch',
      'corral-bounded-map', 'corral-gather', 'corral-graceful-shutdown']) {
      assert.ok(prefixes.has(prefix), prefix);
    }
  });

  test('every expansion type-checks against the runtime (strict TypeScript, checkJs for JavaScript)', () => {
    const program = ts.createProgram(files.map((f) => f.file), {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      strict: true,
      noUncheckedIndexedAccess: true,
      allowJs: true,
      checkJs: true,
      skipLibCheck: true,
      noEmit: true,
      types: ['node'],
    });
    const problems = ts.getPreEmitDiagnostics(program).map((diagnostic) => {
      const where = diagnostic.file ? `${diagnostic.file.fileName.slice(dir.length + 1)}:${diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0).line + 1}` : '';
      return `${where} ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`;
    });
    assert.deepEqual(problems, [], files.map((f) => `--- ${f.file}\n${f.text}`).join('\n'));
  });

  test('every expansion passes the recommended rules', async () => {
    const eslint = new ESLint({ cwd: root, overrideConfigFile: true, overrideConfig: [plugin.configs.recommended] });
    for (const { name, language, file, text } of files) {
      const [result] = await eslint.lintText(text, { filePath: file });
      assert.ok(result, name);
      assert.deepEqual(result.messages.map((m) => `${m.line}: ${m.ruleId ?? 'parse'} ${m.message}`), [], `${language} ${name}:\n${text}`);
    }
  });
});
