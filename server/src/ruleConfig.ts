// The flat config the bundled rules run under, built from the settings alone: no config file is
// looked up and no workspace code is loaded.
import * as parser from '@typescript-eslint/parser';
import type { Linter, Rule } from 'eslint';

import plugin from '../../rules/src/index.ts';
import { recordingEdits } from './fixes.ts';
import type { CorralSettings, RuleSeverity } from './shared/settings.ts';
import { faultRules } from './faults.ts';

/**
 * The plugin as ESLint sees it: its rules record their fixes' edits (see fixes.ts), and the
 * fault-injection rule is there when the tests ask for it.
 */
const corralPlugin = { ...plugin, rules: recordingEdits({ ...plugin.rules, ...faultRules() } as unknown as Record<string, Rule.RuleModule>, 'corral/') };

/** What a lint needs to know beyond the settings. */
export interface LintTarget {
  /** The tsconfig.json directory when type-aware rules run; undefined for the syntactic rules only. */
  tsconfigRootDir?: string;
}

/** The rule names (without `corral/`) that need type information. */
export const TYPE_AWARE_RULES: ReadonlySet<string> = new Set(
  Object.entries(plugin.rules)
    .filter(([, rule]) => (rule.meta.docs as { requiresTypeChecking?: boolean }).requiresTypeChecking)
    .map(([name]) => name),
);

/** Every rule name (without `corral/`) the server knows. */
export const RULE_NAMES: ReadonlySet<string> = new Set(Object.keys(corralPlugin.rules));

/** The docs page of a rule, from its `meta.docs.url`. */
export function ruleDocsUrl(name: string): string | undefined {
  return (corralPlugin.rules as Record<string, { meta: { docs?: { url?: string } } }>)[name]?.meta.docs?.url;
}

/** The effective severity of every rule that runs, preset first and the settings over it. */
export function ruleSeverities(settings: CorralSettings, typeAware: boolean): Map<string, RuleSeverity> {
  const severities = new Map<string, RuleSeverity>();
  for (const id of Object.keys(plugin.configs[settings.preset].rules ?? {})) severities.set(id.slice('corral/'.length), 'error');
  for (const [name, severity] of Object.entries(settings.rules)) {
    if (RULE_NAMES.has(name)) severities.set(name, severity);
  }
  for (const [name, severity] of severities) {
    if (severity === 'off' || (!typeAware && TYPE_AWARE_RULES.has(name))) severities.delete(name);
  }
  return severities;
}

/** The one-object flat config for a lint. Files are matched by the preset's own pattern. */
export function flatConfig(settings: CorralSettings, target: LintTarget): Linter.Config[] {
  const rules: Linter.RulesRecord = {};
  for (const [name, severity] of ruleSeverities(settings, target.tsconfigRootDir !== undefined)) {
    rules[`corral/${name}`] = severity === 'error' ? 'error' : 'warn';
  }
  return [{
    files: plugin.configs.recommended.files as string[],
    plugins: { corral: corralPlugin as never },
    languageOptions: {
      parser: parser as never,
      parserOptions: target.tsconfigRootDir === undefined
        ? {}
        : { projectService: true, tsconfigRootDir: target.tsconfigRootDir },
    },
    // Other tools' directives name rules this config lacks; they are none of our business.
    linterOptions: { reportUnusedDisableDirectives: 'off' },
    rules,
  }];
}
