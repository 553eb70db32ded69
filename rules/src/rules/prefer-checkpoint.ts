import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';

import { createRule, isCorralCall, mayReferenceCorralExport, referenceTo } from '../util/index.ts';

export type Options = [];
export type MessageId = 'preferCheckpoint';

export default createRule<Options, MessageId>({
  name: 'prefer-checkpoint',
  meta: {
    type: 'suggestion',
    docs: {
      description: 'Use `checkpoint()` instead of `sleep(0)` to yield and check for cancellation',
      recommended: 'recommended',
    },
    fixable: 'code',
    messages: {
      preferCheckpoint: '`sleep(0)` only yields and checks for cancellation: say so with `checkpoint()`.',
    },
    schema: [],
  },
  defaultOptions: [],
  create(context) {
    if (!mayReferenceCorralExport(context, ['sleep'])) return {};
    return {
      CallExpression(node) {
        if (!isZero(node.arguments[0]) || !isCorralCall(context, node, ['sleep'])) return;
        context.report({
          node,
          messageId: 'preferCheckpoint',
          *fix(fixer) {
            const { text, fixes } = referenceTo(context, fixer, 'checkpoint');
            yield* fixes;
            yield fixer.replaceText(node, `${text}()`);
          },
        });
      },
    };
  },
});

function isZero(argument: TSESTree.CallExpressionArgument | undefined): boolean {
  return argument?.type === AST_NODE_TYPES.Literal && argument.value === 0;
}
