import { preset, type PluginShape, type Preset } from './base.ts';

/** The rules that need no type information. */
export default (plugin: PluginShape): Preset => preset(plugin, 'recommended');
