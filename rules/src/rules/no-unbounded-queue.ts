import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';

import { corralCallee, createRule, isCorralCall, mayReferenceCorralExport, staticNumber } from '../util/index.ts';

export type Options = [{ suggestedMaxsize?: number }];
export type MessageId = 'unboundedQueue' | 'suggestFiniteBound';

/** From here up a bound is no bound: `Number.MAX_SAFE_INTEGER` items never fit in memory. */
const UNBOUNDED_FROM = Number.MAX_SAFE_INTEGER;

export default createRule<Options, MessageId>({
  name: 'no-unbounded-queue',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow queues whose maxsize is infinite: producers never wait and memory grows without limit',
      recommended: 'recommended',
    },
    hasSuggestions: true,
    messages: {
      unboundedQueue: 'A maxsize of `{{maxsize}}` is no bound: producers never wait and the buffer grows without limit. Give the queue a finite maxsize.',
      suggestFiniteBound: 'Bound the queue at {{maxsize}} items.',
    },
    schema: [
      {
        type: 'object',
        properties: {
          suggestedMaxsize: {
            type: 'integer',
            minimum: 0,
            description: 'The finite maxsize the suggestion puts in place of the unbounded one.',
          },
        },
        additionalProperties: false,
      },
    ],
  },
  defaultOptions: [{ suggestedMaxsize: 100 }],
  create(context, [{ suggestedMaxsize = 100 }]) {
    if (!mayReferenceCorralExport(context, ['Queue'])) return {};
    return {
      CallExpression(node) {
        if (isCorralCall(context, node, ['Queue.withMaxsize'])) checkMaxsize(node.arguments[0]);
      },
      NewExpression(node) {
        if (corralCallee(context, node) === 'Queue') checkMaxsize(node.arguments[0]);
      },
    };

    function checkMaxsize(maxsize: TSESTree.CallExpressionArgument | undefined): void {
      if (!maxsize || maxsize.type === AST_NODE_TYPES.SpreadElement) return;
      const value = staticNumber(context, maxsize);
      if (value !== undefined && value >= UNBOUNDED_FROM) reportUnbounded(maxsize);
    }

    function reportUnbounded(maxsize: TSESTree.Expression): void {
      context.report({
        node: maxsize,
        messageId: 'unboundedQueue',
        data: { maxsize: context.sourceCode.getText(maxsize) },
        suggest: [
          {
            messageId: 'suggestFiniteBound',
            data: { maxsize: suggestedMaxsize },
            fix: (fixer) => fixer.replaceText(maxsize, String(suggestedMaxsize)),
          },
        ],
      });
    }
  },
});
