import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';

import { corralCallee, createRule, usesCorral } from '../util/index.ts';

export type Options = [];
export type MessageId = 'busyWait';

/** Waits that a polling loop uses between looks at its condition. */
const POLLING_WAITS = new Set(['sleep', 'sleepUntil', 'checkpoint']);

export default createRule<Options, MessageId>({
  name: 'no-busy-wait',
  meta: {
    type: 'suggestion',
    docs: {
      description: 'Disallow loops that poll a condition by sleeping',
      recommended: 'recommended',
    },
    messages: {
      busyWait: 'This loop polls its condition with `{{wait}}`: it wakes up for nothing and reacts late. Have the code that makes the condition true set an `Event`, and `await event.wait()` here.',
    },
    schema: [],
  },
  defaultOptions: [],
  create(context) {
    if (!usesCorral(context)) return {};
    return {
      'WhileStatement, DoWhileStatement'(node: TSESTree.WhileStatement | TSESTree.DoWhileStatement) {
        if (isLiteralTrue(node.test)) return; // polls nothing: a heartbeat, not a wait for a condition
        const wait = onlyWait(node.body);
        if (wait) context.report({ node, messageId: 'busyWait', data: { wait } });
      },
    };

    /** The corral wait that is the loop's whole body (`{ await sleep(10); }`), if it is. */
    function onlyWait(body: TSESTree.Statement): string | undefined {
      const statement = body.type === AST_NODE_TYPES.BlockStatement ? (body.body.length === 1 ? body.body[0] : undefined) : body;
      if (statement?.type !== AST_NODE_TYPES.ExpressionStatement || statement.expression.type !== AST_NODE_TYPES.AwaitExpression) return undefined;
      const argument = statement.expression.argument;
      const call = argument.type === AST_NODE_TYPES.ChainExpression ? argument.expression : argument;
      if (call.type !== AST_NODE_TYPES.CallExpression) return undefined;
      const name = corralCallee(context, call);
      return name !== undefined && POLLING_WAITS.has(name) ? name : undefined;
    }
  },
});

function isLiteralTrue(test: TSESTree.Expression): boolean {
  return test.type === AST_NODE_TYPES.Literal && test.value === true;
}
