import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import {
  ABSOLUTE_DEADLINE_EXPORTS, absoluteDeadline, createRule, mayReferenceCorralExport, referenceTo, shortText, staticNumber,
} from '../util/index.ts';

export type Options = [];
export type MessageId = 'constantDeadline' | 'useRelative' | 'addCurrentTime';

/** The relative form of each function that takes an absolute deadline first. */
const RELATIVE: Readonly<Record<string, string>> = { moveOnAt: 'moveOnAfter', failAt: 'failAfter', sleepUntil: 'sleep' };

/** Values that read as "an expression of the deadline's own": no parentheses needed after `+`. */
const PLAIN = new Set<string>([AST_NODE_TYPES.Literal, AST_NODE_TYPES.Identifier, AST_NODE_TYPES.MemberExpression, AST_NODE_TYPES.CallExpression]);

export default createRule<Options, MessageId>({
  name: 'no-constant-absolute-deadline',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow a constant as an absolute deadline (`moveOnAt(5_000)`), which is a moment after the process started, not a duration',
      recommended: 'recommended',
    },
    hasSuggestions: true,
    messages: {
      constantDeadline: '`{{api}}` takes an absolute deadline on the `currentTime()` clock, which counts from when the process started: the constant `{{value}}` is a moment then, already past in a process that has run that long. For a duration, use {{relative}}.',
      useRelative: 'Use `{{relative}}` (a duration from now).',
      addCurrentTime: 'Use `currentTime() + {{value}}` (a deadline from now).',
    },
    schema: [],
  },
  defaultOptions: [],
  create(context) {
    if (!mayReferenceCorralExport(context, ABSOLUTE_DEADLINE_EXPORTS)) return {};
    return {
      'CallExpression, NewExpression'(node: TSESTree.CallExpression | TSESTree.NewExpression) {
        const found = absoluteDeadline(context, node);
        if (!found) return;
        const value = staticNumber(context, found.deadline);
        // `Infinity` (no deadline) and `-Infinity` (already expired) are deliberate.
        if (value === undefined || value === Infinity || value === -Infinity) return;
        const relative = RELATIVE[found.api];
        const text = shortText(context, found.deadline);
        context.report({
          node: found.deadline,
          messageId: 'constantDeadline',
          data: { api: found.api, value: text, relative: relative ? `\`${relative}\`` : '`currentTime() + …`' },
          suggest: relative !== undefined && node.type === AST_NODE_TYPES.CallExpression
            ? [{ messageId: 'useRelative', data: { relative }, fix: (fixer) => useRelative(fixer, node, relative) }]
            : [{ messageId: 'addCurrentTime', data: { value: text }, fix: (fixer) => addCurrentTime(fixer, found.deadline) }],
        });
      },
    };

    /** `moveOnAt(5_000, body)` becomes `moveOnAfter(5_000, body)`, importing the name when needed. */
    function* useRelative(fixer: TSESLint.RuleFixer, call: TSESTree.CallExpression, relative: string): Generator<TSESLint.RuleFix> {
      const { text, fixes } = referenceTo(context, fixer, relative);
      yield* fixes;
      yield fixer.replaceText(call.callee, text);
    }

    /** `{ deadline: 7 }` becomes `{ deadline: currentTime() + 7 }`. */
    function* addCurrentTime(fixer: TSESLint.RuleFixer, deadline: TSESTree.Node): Generator<TSESLint.RuleFix> {
      const { text, fixes } = referenceTo(context, fixer, 'currentTime');
      yield* fixes;
      const value = context.sourceCode.getText(deadline);
      const isNegative = deadline.type === AST_NODE_TYPES.UnaryExpression && deadline.operator === '-';
      yield fixer.replaceText(deadline, `${text}() + ${PLAIN.has(deadline.type) && !isNegative ? value : `(${value})`}`);
    }
  },
});
