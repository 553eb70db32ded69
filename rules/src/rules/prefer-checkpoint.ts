import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';

import { createRule, isCorralCall, referenceTo } from '../util/index.ts';

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
    return {
      CallExpression(node) {
        if (!isCorralCall(context, node, ['sleep']) || !isZero(node.arguments[0])) return;
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
