// The flat-config presets, as arrays like typescript-eslint's: `export default [corral.configs.recommended]`
// (ESLint flattens nested arrays) and `[...corral.configs.recommended]` both work.
import type { TSESLint } from '@typescript-eslint/utils';

import type { PluginShape, PresetName } from './base.ts';
import recommended from './recommended.ts';
import recommendedTypeChecked from './recommended-type-checked.ts';
import strict from './strict.ts';

export type { PresetName } from './base.ts';
export type CorralConfigs = Record<PresetName, TSESLint.FlatConfig.ConfigArray>;

export function createConfigs(plugin: PluginShape): CorralConfigs {
  return {
    recommended: recommended(plugin),
    'recommended-type-checked': recommendedTypeChecked(plugin),
    strict: strict(plugin),
  };
}
