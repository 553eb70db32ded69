import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { canReferenceCorral } from './canReferenceCorral.ts';
import { referenceTo } from './corralReferences.ts';
import { hasOwnNode } from './hasOwnNode.ts';
import type { CheckpointNode } from './unshieldedCheckpoints.ts';

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

const AWAIT = new Set<string>([AST_NODE_TYPES.AwaitExpression]);
const YIELD = new Set<string>([AST_NODE_TYPES.YieldExpression]);

/**
 * The suggestion that runs an awaited expression in a shield: `await conn.close()` becomes
 * `await shield(() => conn.close())` (an `async` arrow when the expression awaits too), adding
 * `shield` to the `corral` import. None for `for await`, `await using`, an expression that
 * `yield`s (it cannot move into an arrow function), or where the file binds `shield` itself.
 */
export function shieldSuggestion<MessageId extends string>(
  context: Context,
  node: CheckpointNode,
  messageId: MessageId,
): TSESLint.SuggestionReportDescriptor<MessageId>[] {
  if (node.type !== AST_NODE_TYPES.AwaitExpression || hasOwnNode(node.argument, YIELD)) return [];
  if (!canReferenceCorral(context, node, 'shield')) return [];
  const argument = node.argument;
  const wrap = argument.type === AST_NODE_TYPES.SequenceExpression || argument.type === AST_NODE_TYPES.ObjectExpression;
  const text = wrap ? `(${context.sourceCode.getText(argument)})` : context.sourceCode.getText(argument);
  const arrow = hasOwnNode(argument, AWAIT) ? 'async () =>' : '() =>';
  return [{
    messageId,
    *fix(fixer) {
      const shield = referenceTo(context, fixer, 'shield');
      yield* shield.fixes;
      yield fixer.replaceText(node, `await ${shield.text}(${arrow} ${text})`);
    },
  }];
}
