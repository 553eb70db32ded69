import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { canReferenceCorral } from './canReferenceCorral.ts';
import { isFunction, visit } from './checkpoints.ts';
import { referenceTo } from './corralReferences.ts';
import type { CheckpointNode } from './unshieldedCheckpoints.ts';

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

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
  if (node.type !== AST_NODE_TYPES.AwaitExpression || ownNodes(node.argument).has(AST_NODE_TYPES.YieldExpression)) return [];
  if (!canReferenceCorral(context, node, 'shield')) return [];
  const argument = node.argument;
  const wrap = argument.type === AST_NODE_TYPES.SequenceExpression || argument.type === AST_NODE_TYPES.ObjectExpression;
  const text = wrap ? `(${context.sourceCode.getText(argument)})` : context.sourceCode.getText(argument);
  const arrow = ownNodes(argument).has(AST_NODE_TYPES.AwaitExpression) ? 'async () =>' : '() =>';
  return [{
    messageId,
    *fix(fixer) {
      const shield = referenceTo(context, fixer, 'shield');
      yield* shield.fixes;
      yield fixer.replaceText(node, `await ${shield.text}(${arrow} ${text})`);
    },
  }];
}

/** The node types in `root` outside nested functions, whose `await`/`yield` belong to them. */
function ownNodes(root: TSESTree.Node): Set<string> {
  const types = new Set<string>();
  visit(root, (node) => {
    if (node !== root && isFunction(node)) return false;
    types.add(node.type);
    return true;
  });
  return types;
}
