import { ASTUtils, AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { isFunction } from './checkpoints.ts';
import { staticPropertyName } from './corralReferences.ts';
import { isCorralType } from './isCorralType.ts';
import { parameterType } from './parameterType.ts';
import { isTaskGroupBody } from './taskGroupBody.ts';

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

/** The `corral` exports that `taskGroupMethod` and `taskGroupOwner` need the file to reference to find a group. */
export const TASK_GROUP_EXPORTS: readonly string[] = ['TaskGroup', 'createTaskGroup'];

/** The methods that start a child task in a `TaskGroup`. */
export type TaskGroupMethodName = 'start' | 'startSoon';

export interface TaskGroupMethodCall {
  method: TaskGroupMethodName;
  /** The identifier naming the group (`tg` in `tg.startSoon(…)`). */
  group: TSESTree.Identifier;
  /** The function that declares the group as a parameter: a `createTaskGroup` body, or one taking a `TaskGroup`. */
  owner: TSESTree.FunctionLike;
}

/**
 * `tg.start(…)` / `tg.startSoon(…)` (optional call or computed string key included) where `tg`
 * is known to be a task group: the first parameter of a `createTaskGroup` body, or a parameter
 * annotated with `corral`'s `TaskGroup`. Any other object's `start` is someone else's.
 */
export function taskGroupMethod(context: Context, call: TSESTree.Node): TaskGroupMethodCall | undefined {
  if (call.type !== AST_NODE_TYPES.CallExpression || call.callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const method = staticPropertyName(call.callee);
  if (method !== 'start' && method !== 'startSoon') return undefined;
  const group = call.callee.object;
  if (group.type !== AST_NODE_TYPES.Identifier) return undefined;
  const owner = taskGroupOwner(context, group);
  return owner ? { method, group, owner } : undefined;
}

/** The function declaring `identifier` as a task-group parameter, or undefined. */
export function taskGroupOwner(context: Context, identifier: TSESTree.Identifier): TSESTree.FunctionLike | undefined {
  const variable = ASTUtils.findVariable(context.sourceCode.getScope(identifier), identifier);
  const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (definition?.type !== 'Parameter' || !isFunction(definition.node)) return undefined;
  const fn = definition.node;
  const parameter = fn.params.find((param) => param.range[0] <= definition.name.range[0] && definition.name.range[1] <= param.range[1]);
  if (!parameter) return undefined;
  if (isCorralType(context, parameterType(parameter), 'TaskGroup')) return fn;
  const isFirstIdentifier = parameter === fn.params[0] && parameter.type === AST_NODE_TYPES.Identifier;
  return isFirstIdentifier && isTaskGroupBody(context, fn) ? fn : undefined;
}
