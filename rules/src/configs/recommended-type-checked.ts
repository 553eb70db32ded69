import { preset, type PluginShape, type Preset } from './base.ts';

/** `recommended` plus the rules that need type information; turns on `parserOptions.projectService`. */
export default (plugin: PluginShape): Preset => preset(plugin, 'recommended-type-checked');
