// The RuleTester of every rule test: @typescript-eslint/rule-tester wired to Node's runner,
// parsing TypeScript (and, per case, type-checked through the fixture project).
import { RuleTester } from '@typescript-eslint/rule-tester';
import { after, describe, it } from 'node:test';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

RuleTester.afterAll = after;
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

/** A tester for syntactic rules. */
export const ruleTester = new RuleTester();

/** The folder of the small TypeScript project that type-checked rule tests parse against. */
export const fixtureRoot = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'typed');

/** A tester for rules that need type information: every case is parsed as `fixtureRoot/file.ts`. */
export const typedRuleTester = new RuleTester({
  languageOptions: {
    parserOptions: {
      projectService: { allowDefaultProject: ['*.ts'] },
      tsconfigRootDir: fixtureRoot,
    },
  },
});
