import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { blockBody, type BlockCall } from './blockBody.ts';
import { isFunction, visit } from './checkpoints.ts';

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

/** A node that waits and so can raise `Cancelled`. */
export type CheckpointNode = TSESTree.AwaitExpression | TSESTree.ForOfStatement | TSESTree.VariableDeclaration;

/**
 * The checkpoints that `root` runs itself where cancellation can reach them: `await` (but not
 * of a block helper such as `shield(…)` or `moveOnAfter(…)`, which are not checkpoints),
 * `for await` and `await using`. Other functions run elsewhere and are not entered; the body of
 * a block helper runs right here, so it is, unless it is shielded (`shield`,
 * `CancelScope({ shield: true })`, or after `scope.shield = true` in it).
 */
export function unshieldedCheckpoints(context: Context, root: TSESTree.Node): CheckpointNode[] {
  // Every checkpoint is written with the keyword `await` (which cannot be escaped): code without it has none.
  if (!context.sourceCode.text.slice(root.range[0], root.range[1]).includes('await')) return [];
  const found: CheckpointNode[] = [];
  visit(root, (node) => {
    if (isCheckpointNode(context, node)) found.push(node);
    if (node === root) return true;
    if (node.type === AST_NODE_TYPES.ClassBody) return false;
    if (!isFunction(node)) return true;
    const block = blockCallOf(context, node);
    if (block && !block.shielded) found.push(...bodyUntilShielded(context, node));
    return false;
  });
  return found;
}

function isCheckpointNode(context: Context, node: TSESTree.Node): node is CheckpointNode {
  if (node.type === AST_NODE_TYPES.AwaitExpression) return !blockBody(context, node.argument);
  if (node.type === AST_NODE_TYPES.ForOfStatement) return node.await;
  return node.type === AST_NODE_TYPES.VariableDeclaration && node.kind === 'await using';
}

/** The block-helper call that `fn` is the body of, if any. */
function blockCallOf(context: Context, fn: TSESTree.FunctionLike): BlockCall | undefined {
  const block = blockBody(context, fn.parent);
  return block?.body === fn ? block : undefined;
}

/** A block body's checkpoints, except those after `scope.shield = true` (until `scope.shield = false`). */
function bodyUntilShielded(context: Context, fn: TSESTree.FunctionLike): CheckpointNode[] {
  const scope = fn.params[0];
  if (!fn.body) return [];
  if (fn.body.type !== AST_NODE_TYPES.BlockStatement || scope?.type !== AST_NODE_TYPES.Identifier) {
    return unshieldedCheckpoints(context, fn.body);
  }
  const found: CheckpointNode[] = [];
  let shielded = false;
  for (const statement of fn.body.body) {
    const assigned = shieldAssignment(statement, scope.name);
    if (assigned !== undefined) shielded = assigned;
    else if (!shielded) found.push(...unshieldedCheckpoints(context, statement));
  }
  return found;
}

/** The value of `scope.shield = true|false;`, or undefined for any other statement. */
function shieldAssignment(statement: TSESTree.Statement, scope: string): boolean | undefined {
  if (statement.type !== AST_NODE_TYPES.ExpressionStatement) return undefined;
  const assignment = statement.expression;
  if (assignment.type !== AST_NODE_TYPES.AssignmentExpression || assignment.operator !== '=') return undefined;
  const target = assignment.left;
  const value = assignment.right;
  const isShieldOfScope = target.type === AST_NODE_TYPES.MemberExpression && !target.computed
    && target.object.type === AST_NODE_TYPES.Identifier && target.object.name === scope
    && target.property.type === AST_NODE_TYPES.Identifier && target.property.name === 'shield';
  return isShieldOfScope && value.type === AST_NODE_TYPES.Literal && typeof value.value === 'boolean' ? value.value : undefined;
}
