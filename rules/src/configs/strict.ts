import type { TSESLint } from '@typescript-eslint/utils';

import { preset, type PluginShape } from './base.ts';

/** `recommended-type-checked` plus the stricter rules (checkpoints in loops, signals passed on). */
export default (plugin: PluginShape): TSESLint.FlatConfig.ConfigArray => preset(plugin, 'strict');
