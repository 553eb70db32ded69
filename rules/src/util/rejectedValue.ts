import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { staticPropertyName } from './corralReferences.ts';
import { isGlobal } from './isGlobal.ts';

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

/** `x` when `value` is `Promise.reject(x)` (the global `Promise`): what a promise handler rethrows by returning it. */
export function rejectedValue(context: Context, value: TSESTree.Node | null | undefined): TSESTree.Node | undefined {
  if (value?.type !== AST_NODE_TYPES.CallExpression || value.callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const isReject = isGlobal(context, value.callee.object, 'Promise') && staticPropertyName(value.callee) === 'reject';
  return isReject ? value.arguments[0] : undefined;
}
