// The flat-config presets: `export default [corral.configs.recommended]` or `[...corral.configs.recommended]`.
import type { PluginShape, Preset, PresetName } from './base.ts';
import recommended from './recommended.ts';
import recommendedTypeChecked from './recommended-type-checked.ts';
import strict from './strict.ts';

export type { Preset, PresetName } from './base.ts';
export type CorralConfigs = Record<PresetName, Preset>;

export function createConfigs(plugin: PluginShape): CorralConfigs {
  return {
    recommended: recommended(plugin),
    'recommended-type-checked': recommendedTypeChecked(plugin),
    strict: strict(plugin),
  };
}
