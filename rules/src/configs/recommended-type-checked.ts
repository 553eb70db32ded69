import type { TSESLint } from '@typescript-eslint/utils';

import { preset, type PluginShape } from './base.ts';

/** `recommended` plus the rules that need type information; turns on `parserOptions.projectService`. */
export default (plugin: PluginShape): TSESLint.FlatConfig.ConfigArray => preset(plugin, 'recommended-type-checked');
