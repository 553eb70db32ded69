import { ESLintUtils } from '@typescript-eslint/utils';

/** What every Corral rule says about itself in `meta.docs`, beyond ESLint's own fields. */
export interface CorralRuleDocs {
  /** The preset that first turns the rule on. */
  recommended: 'recommended' | 'recommended-type-checked' | 'strict';
  /** True when the rule needs type information (parserOptions.projectService). */
  requiresTypeChecking?: boolean;
}

/** Where each rule's docs page lives: `rules/docs/<name>.md` in the repository. */
export const DOCS_BASE = 'https://github.com/corral-ts/corral/blob/main/rules/docs/';

export const createRule = ESLintUtils.RuleCreator<CorralRuleDocs>((name) => `${DOCS_BASE}${name}.md`);
