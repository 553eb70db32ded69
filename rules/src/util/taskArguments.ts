import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';

/**
 * Splits the arguments of `tg.start`/`tg.startSoon` into the task function and what it is
 * called with, skipping the leading `{ name }` options object when there is one.
 */
export function taskArguments(call: TSESTree.CallExpression): { fn: TSESTree.CallExpressionArgument | undefined; args: TSESTree.CallExpressionArgument[] } {
  const hasOptions = call.arguments[0]?.type === AST_NODE_TYPES.ObjectExpression;
  const [fn, ...args] = hasOptions ? call.arguments.slice(1) : call.arguments;
  return { fn, args };
}
