// Deliberately bad Corral programs (test/fixtures/bad-programs/*.ts), linted by a real ESLint with
// the built plugin's `recommended` preset: exactly the diagnostics annotated in the files
// (`// expect: corral/<rule>` at the end of the line), and no others.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';

import { ESLint } from 'eslint';

import { loadBuiltPlugin, repoRoot, type BuiltPlugin } from './builtPlugin.ts';
import { rulesOf } from './catalogue.ts';

const fixtures = join(repoRoot, 'test', 'fixtures', 'bad-programs');
const files = readdirSync(fixtures).filter((file) => file.endsWith('.ts')).sort();

interface Diagnostic {
  ruleId: string | null;
  line: number;
}

let plugin: BuiltPlugin;
before(async () => {
  plugin = await loadBuiltPlugin();
});

describe('bad programs', () => {
  it('cover every rule of the recommended preset', () => {
    const expected = new Set(files.flatMap((file) => expectedDiagnostics(readFileSync(join(fixtures, file), 'utf8'))).map((d) => d.ruleId));
    for (const name of rulesOf('recommended')) assert.ok(expected.has(`corral/${name}`), `no bad program expects corral/${name}`);
  });

  for (const file of files) {
    it(`${file}: exactly the annotated diagnostics`, async () => {
      const path = join(fixtures, file);
      const eslint = new ESLint({ cwd: repoRoot, overrideConfigFile: true, overrideConfig: [plugin.configs.recommended] });
      const [result] = await eslint.lintFiles([path]);
      const actual = (result?.messages ?? []).map((message) => ({ ruleId: message.ruleId, line: message.line, text: message.message }));
      assert.deepEqual(
        actual.map(({ ruleId, line }) => ({ ruleId, line })).sort(byLine),
        expectedDiagnostics(readFileSync(path, 'utf8')).sort(byLine),
        `diagnostics of ${file}:\n${actual.map((message) => `  ${message.line} ${message.ruleId}: ${message.text}`).join('\n')}`,
      );
    });
  }
});

/** The `// expect: corral/a, corral/b` annotations, one diagnostic per rule id, on their lines. */
function expectedDiagnostics(source: string): Diagnostic[] {
  return source.split('\n').flatMap((text, index) => {
    const annotation = /\/\/ expect: (.+)$/.exec(text)?.[1];
    return annotation ? annotation.split(',').map((ruleId) => ({ ruleId: ruleId.trim(), line: index + 1 })) : [];
  });
}

function byLine(a: Diagnostic, b: Diagnostic): number {
  return a.line - b.line || String(a.ruleId).localeCompare(String(b.ruleId));
}
