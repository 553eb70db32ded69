import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { isFunction } from './checkpoints.ts';
import { isCorralCall } from './corralReferences.ts';

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

/** The body function of `createTaskGroup(async (tg) => { … })` when `call` is such a call from `corral`. */
export function taskGroupBody(context: Context, call: TSESTree.Node): TSESTree.FunctionLike | undefined {
  if (!isCorralCall(context, call, ['createTaskGroup'])) return undefined;
  const body = call.arguments[0];
  return body && isFunction(body) ? body : undefined;
}

/** True when `fn` is the body of a `createTaskGroup` call (its first argument). */
export function isTaskGroupBody(context: Context, fn: TSESTree.Node): boolean {
  const parent = fn.parent;
  return parent?.type === AST_NODE_TYPES.CallExpression && parent.arguments[0] === fn && taskGroupBody(context, parent) === fn;
}
