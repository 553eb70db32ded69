import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';

import { containsCheckpoint, enclosingFunction, isFunction, visit } from './checkpoints.ts';

/**
 * True when the `finally` of `statement` can run while a `Cancelled` is on its way out: its
 * `try` block or its handler contains a checkpoint, or it is in an async generator and its block
 * `yield`s (a consumer leaving `for await` because of cancellation closes the generator there).
 * Around synchronous code, `finally` never runs because of cancellation.
 */
export function finallyCanSeeCancelled(statement: TSESTree.TryStatement): boolean {
  if (!statement.finalizer) return false;
  if (containsCheckpoint(statement.block) || (statement.handler !== null && containsCheckpoint(statement.handler.body))) return true;
  const fn = enclosingFunction(statement);
  return fn !== undefined && fn.async && fn.generator && containsYield(statement.block);
}

function containsYield(root: TSESTree.Node): boolean {
  let found = false;
  visit(root, (node) => {
    if (node.type === AST_NODE_TYPES.YieldExpression) found = true;
    return !found && !(node !== root && (isFunction(node) || node.type === AST_NODE_TYPES.ClassBody));
  });
  return found;
}
