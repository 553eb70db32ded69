import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';

export type Loop = TSESTree.WhileStatement | TSESTree.DoWhileStatement | TSESTree.ForStatement | TSESTree.ForInStatement | TSESTree.ForOfStatement;

/** True for every kind of loop statement: the targets of an unlabelled `continue`. */
export function isLoop(node: TSESTree.Node): node is Loop {
  return node.type === AST_NODE_TYPES.WhileStatement || node.type === AST_NODE_TYPES.DoWhileStatement
    || node.type === AST_NODE_TYPES.ForStatement || node.type === AST_NODE_TYPES.ForInStatement
    || node.type === AST_NODE_TYPES.ForOfStatement;
}

/** `while (true)`, `while (1)`, `while (!0)`, `for (;;)`, `do … while (true)`: only a `break` (or leaving) ends them. */
export function runsForever(loop: Loop): boolean {
  if (loop.type === AST_NODE_TYPES.ForInStatement || loop.type === AST_NODE_TYPES.ForOfStatement) return false;
  return loop.test === null || isAlwaysTrue(loop.test);
}

function isAlwaysTrue(test: TSESTree.Expression): boolean {
  if (test.type === AST_NODE_TYPES.Literal) return Boolean(test.value);
  return test.type === AST_NODE_TYPES.UnaryExpression && test.operator === '!'
    && test.argument.type === AST_NODE_TYPES.Literal && !test.argument.value;
}

/** False for `do … while` and `for (… of [a, b])`, which run their body at least once. */
export function mayRunZeroTimes(loop: Loop): boolean {
  if (loop.type === AST_NODE_TYPES.DoWhileStatement) return false;
  if (loop.type !== AST_NODE_TYPES.ForOfStatement || loop.right.type !== AST_NODE_TYPES.ArrayExpression) return true;
  return !loop.right.elements.some((element) => element !== null && element.type !== AST_NODE_TYPES.SpreadElement);
}
