import type { TSESTree } from '@typescript-eslint/utils';

import { commentsInside, corralCallee, createRule, mayReferenceCorralExport, referenceTo, staticNumber } from '../util/index.ts';

export type Options = [];
export type MessageId = 'preferSleepForever' | 'suggestSleepForever';

/** A day in milliseconds: a sleep at least this long is meant never to wake up. */
const DAY_MS = 24 * 60 * 60 * 1000;

export default createRule<Options, MessageId>({
  name: 'prefer-sleep-forever',
  meta: {
    type: 'suggestion',
    docs: {
      description: 'Use `sleepForever()` instead of `sleep(Infinity)` or a sleep of a day or more',
      recommended: 'recommended',
    },
    hasSuggestions: true,
    messages: {
      preferSleepForever: '`{{call}}` is meant to wait until cancelled: say so with `sleepForever()`.',
      suggestSleepForever: 'Replace with `sleepForever()`.',
    },
    schema: [],
  },
  defaultOptions: [],
  create(context) {
    if (!mayReferenceCorralExport(context, ['sleep', 'sleepUntil'])) return {};
    return {
      CallExpression(node) {
        if (!isEndlessSleep(node)) return;
        context.report({
          node,
          messageId: 'preferSleepForever',
          data: { call: context.sourceCode.getText(node.callee) + '(…)' },
          suggest: [
            {
              messageId: 'suggestSleepForever',
              *fix(fixer) {
                const { text, fixes } = referenceTo(context, fixer, 'sleepForever');
                yield* fixes;
                yield fixer.replaceText(node, `${text}(${commentsInside(context, node)})`);
              },
            },
          ],
        });
      },
    };

    /** `sleep(d)` with `d` ≥ a day (Infinity included), or `sleepUntil(Infinity)`. */
    function isEndlessSleep(node: TSESTree.CallExpression): boolean {
      const callee = corralCallee(context, node);
      if (callee !== 'sleep' && callee !== 'sleepUntil') return false;
      const argument = node.arguments[0];
      const value = argument ? staticNumber(context, argument) : undefined;
      if (value === undefined) return false;
      return callee === 'sleep' ? value >= DAY_MS : value === Infinity;
    }
  },
});
