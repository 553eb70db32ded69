// The parser of the type-checked presets: typescript-eslint's with the project service, except
// that a file no tsconfig.json project includes (eslint.config.js, scripts, JavaScript outside
// `include`) is parsed again without type information instead of failing with a parsing error.
// Such a file gets every rule that needs no types; the type-aware rules skip it (typeInformation).
// The alternative, the project service's default project (`allowDefaultProject`), takes only
// globs without `**` and slows linting past a handful of files, so it cannot cover an ordinary
// project's JavaScript.
import type { TSESLint } from '@typescript-eslint/utils';

import * as parser from '@typescript-eslint/parser';

/** typescript-eslint's errors for a file outside the projects (`projectService`, then `project`). */
const NOT_IN_A_PROJECT = /was not found by the project service|was not found in any of the provided project/;

type ParserOptions = Parameters<typeof parser.parseForESLint>[1];

export const projectParser = {
  meta: { name: 'eslint-plugin-corral/project-parser', version: parser.meta.version },
  parseForESLint(code: string, options: ParserOptions): ReturnType<typeof parser.parseForESLint> {
    try {
      return parser.parseForESLint(code, options);
    } catch (error) {
      if (!(error instanceof Error && NOT_IN_A_PROJECT.test(error.message))) throw error;
      return parser.parseForESLint(code, { ...options, projectService: false, project: undefined });
    }
  },
} satisfies TSESLint.FlatConfig.Parser;
