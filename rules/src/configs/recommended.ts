import type { TSESLint } from '@typescript-eslint/utils';

import { preset, type PluginShape } from './base.ts';

/** The rules that need no type information. */
export default (plugin: PluginShape): TSESLint.FlatConfig.ConfigArray => preset(plugin, 'recommended');
