import type { TSESLint } from '@typescript-eslint/utils';

import * as parser from '@typescript-eslint/parser';

import type { CorralRuleDocs } from '../util/createRule.ts';
import { projectParser } from './projectParser.ts';

export type PresetName = CorralRuleDocs['recommended'];

/** Each preset includes the rules of those before it: recommended ⊂ recommended-type-checked ⊂ strict. */
export const PRESET_ORDER: readonly PresetName[] = ['recommended', 'recommended-type-checked', 'strict'];

/** The files every preset applies to. */
export const FILES = ['**/*.{ts,tsx,mts,cts,js,mjs,cjs}'];

/** What a preset needs to know of the plugin: the object to register, and each rule's preset. */
export interface PluginShape {
  rules: Record<string, { meta: { docs?: { recommended?: unknown } } }>;
}

/** A flat-config object that is also iterable (yielding itself), so it can be listed or spread into a config array. */
export type Preset = TSESLint.FlatConfig.Config & Iterable<TSESLint.FlatConfig.Config>;

/**
 * A preset: one config object with the plugin registered as `corral`, the TypeScript parser (with
 * the project service, through projectParser, when the preset needs types) and the rules. ESLint rejects nested arrays
 * in a config array, so a preset is an object, not an array as typescript-eslint's are; being
 * iterable as well, both `[corral.configs.recommended]` and `[...corral.configs.recommended]`
 * work (and `{ ...preset, rules }`, which copies the object without the iterator).
 * `sourceType` is left to ESLint's per-extension default.
 */
export function preset(plugin: PluginShape, name: PresetName): Preset {
  const config: TSESLint.FlatConfig.Config = {
    name: `corral/${name}`,
    files: FILES,
    languageOptions: {
      ...(name === 'recommended'
        ? { parser: parser as TSESLint.FlatConfig.Parser }
        : { parser: projectParser, parserOptions: { projectService: true } }),
    },
    plugins: { corral: plugin as unknown as TSESLint.FlatConfig.Plugin },
    rules: presetRules(plugin, name),
  };
  // Not enumerable: config validation and object spread see only the config's own keys.
  Object.defineProperty(config, Symbol.iterator, { value: function* () { yield config; }, enumerable: false });
  return config as Preset;
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
