import type { TSESLint } from '@typescript-eslint/utils';

import * as parser from '@typescript-eslint/parser';

import type { CorralRuleDocs } from '../util/createRule.ts';

export type PresetName = CorralRuleDocs['recommended'];

/** Each preset includes the rules of those before it: recommended ⊂ recommended-type-checked ⊂ strict. */
export const PRESET_ORDER: readonly PresetName[] = ['recommended', 'recommended-type-checked', 'strict'];

/** The files every preset applies to. */
export const FILES = ['**/*.{ts,tsx,mts,cts,js,mjs,cjs}'];

/** What a preset needs to know of the plugin: the object to register, and each rule's preset. */
export interface PluginShape {
  rules: Record<string, { meta: { docs?: { recommended?: unknown } } }>;
}

/**
 * A preset: the plugin registered as `corral` and the TypeScript parser (with the project service
 * when the preset needs types), then the rules. `sourceType` is left to ESLint's per-extension default.
 */
export function preset(plugin: PluginShape, name: PresetName): TSESLint.FlatConfig.ConfigArray {
  const typeChecked = name !== 'recommended';
  return [
    {
      name: `corral/${name}/base`,
      files: FILES,
      languageOptions: {
        parser: parser as TSESLint.FlatConfig.Parser,
        ...(typeChecked ? { parserOptions: { projectService: true } } : {}),
      },
      plugins: { corral: plugin as unknown as TSESLint.FlatConfig.Plugin },
    },
    { name: `corral/${name}/rules`, files: FILES, rules: presetRules(plugin, name) },
  ];
}

/** `corral/<name>: 'error'` for every rule whose `meta.docs.recommended` is `name` or an earlier preset. */
export function presetRules(plugin: PluginShape, name: PresetName): TSESLint.FlatConfig.Rules {
  const upTo = PRESET_ORDER.indexOf(name);
  const rules: TSESLint.FlatConfig.Rules = {};
  for (const [ruleName, rule] of Object.entries(plugin.rules)) {
    const level = PRESET_ORDER.indexOf(rule.meta.docs?.recommended as PresetName);
    if (level >= 0 && level <= upTo) rules[`corral/${ruleName}`] = 'error';
  }
  return rules;
}
