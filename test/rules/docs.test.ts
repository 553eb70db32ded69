// Every rule's docs page follows the template (rules/docs/prefer-checkpoint.md): frontmatter
// description matching the rule's, the fixed headings in order, one heading per schema option,
// and a bad and a good example.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

import type { TSESLint } from '@typescript-eslint/utils';

import { rulesRoot } from './builtPlugin.ts';
import { CATALOGUE } from './catalogue.ts';

const docsRoot = join(rulesRoot, 'docs');
const HEADINGS = ['What it flags', 'Why', 'Examples', 'Options', 'When Not To Use It'];

describe('rule docs', () => {
  it('has one page per catalogue rule and no other', () => {
    const pages = readdirSync(docsRoot).filter((file) => file.endsWith('.md')).map((file) => file.slice(0, -3)).sort();
    assert.deepEqual(pages, CATALOGUE.map((rule) => rule.name).sort());
  });

  for (const { name } of CATALOGUE) {
    describe(name, () => {
      const path = join(docsRoot, `${name}.md`);
      const page = existsSync(path) ? readFileSync(path, 'utf8') : '';

      it('exists', () => assert.ok(page, `rules/docs/${name}.md is missing`));

      it('has a frontmatter description matching meta.docs.description', async () => {
        const description = /^---\ndescription: '(.+)'\n---\n/.exec(page)?.[1];
        assert.ok(description, 'frontmatter `description` missing');
        const rule = await loadRule(name);
        assert.equal(description.replace(/\.$/, ''), rule.meta.docs?.description.replace(/\.$/, ''));
      });

      it('has the title and the headings in order', () => {
        assert.match(page, new RegExp(`^# ${name}$`, 'm'));
        assert.deepEqual(headings(page, '## '), HEADINGS);
      });

      it('has one heading per schema option under Options, or says it has none', async () => {
        const options = optionNames((await loadRule(name)).meta.schema);
        const section = sectionOf(page, 'Options');
        if (options.length === 0) assert.match(section, /This rule has no options\./);
        else assert.deepEqual(headings(section, '### ').sort(), options.sort());
      });

      it('has a bad and a good code block', () => {
        const examples = sectionOf(page, 'Examples');
        assert.match(examples, /^Bad:?\s*\n+```(ts|js|tsx)\n[^]+?\n```/m, 'no "Bad:" code block');
        assert.match(examples, /^Good:?\s*\n+```(ts|js|tsx)\n[^]+?\n```/m, 'no "Good:" code block');
      });
    });
  }
});

type AnyRule = TSESLint.RuleModule<string, readonly unknown[]>;

async function loadRule(name: string): Promise<AnyRule> {
  const module = (await import(`../../rules/src/rules/${name}.ts`)) as { default: AnyRule };
  return module.default;
}

/** The headings of one level, outside code blocks. */
function headings(markdown: string, prefix: string): string[] {
  return withoutCode(markdown).split('\n').filter((line) => line.startsWith(prefix)).map((line) => line.slice(prefix.length).trim());
}

/** The text under `## title`, up to the next `## ` heading. */
function sectionOf(markdown: string, title: string): string {
  const start = markdown.indexOf(`\n## ${title}\n`);
  if (start < 0) return '';
  const end = markdown.indexOf('\n## ', start + 1);
  return markdown.slice(start, end < 0 ? undefined : end);
}

function withoutCode(markdown: string): string {
  return markdown.replace(/^```[^]*?^```/gm, '');
}

/** The option names a schema declares: the properties of its object entries. */
function optionNames(schema: unknown): string[] {
  const entries = Array.isArray(schema) ? schema : schema ? [schema] : [];
  return entries.flatMap((entry: { properties?: Record<string, unknown> }) => Object.keys(entry.properties ?? {}));
}
