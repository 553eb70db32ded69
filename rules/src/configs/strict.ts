import { preset, type PluginShape, type Preset } from './base.ts';

/** `recommended-type-checked` plus the stricter rules (checkpoints in loops, signals passed on). */
export default (plugin: PluginShape): Preset => preset(plugin, 'strict');
