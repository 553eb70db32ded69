import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { corralCallee } from './corralReferences.ts';

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

/** The runtime functions whose first argument is an absolute deadline on the `currentTime()` clock. */
export const DEADLINE_FIRST: ReadonlySet<string> = new Set(['moveOnAt', 'failAt', 'sleepUntil']);

/** The `corral` exports that take an absolute deadline: a rule that only looks there can skip other files. */
export const ABSOLUTE_DEADLINE_EXPORTS: readonly string[] = [...DEADLINE_FIRST, 'CancelScope'];

export interface AbsoluteDeadline {
  /** `moveOnAt`, `failAt`, `sleepUntil` or `CancelScope`. */
  api: string;
  deadline: TSESTree.Node;
}

/** The absolute deadline `node` passes Corral: `moveOnAt(d, …)`, `failAt(d, …)`, `sleepUntil(d)`, `new CancelScope({ deadline: d })`. */
export function absoluteDeadline(context: Context, node: TSESTree.CallExpression | TSESTree.NewExpression): AbsoluteDeadline | undefined {
  const api = corralCallee(context, node);
  if (api === undefined) return undefined;
  if (node.type === AST_NODE_TYPES.CallExpression && DEADLINE_FIRST.has(api)) {
    const deadline = node.arguments[0];
    return deadline && deadline.type !== AST_NODE_TYPES.SpreadElement ? { api, deadline } : undefined;
  }
  if (node.type !== AST_NODE_TYPES.NewExpression || api !== 'CancelScope') return undefined;
  const deadline = deadlineProperty(node.arguments[0]);
  return deadline ? { api, deadline } : undefined;
}

/** The `deadline` value of `new CancelScope({ deadline })`. */
function deadlineProperty(options: TSESTree.CallExpressionArgument | undefined): TSESTree.Node | undefined {
  if (options?.type !== AST_NODE_TYPES.ObjectExpression) return undefined;
  for (const property of options.properties) {
    if (property.type !== AST_NODE_TYPES.Property || property.computed) continue;
    const key = property.key.type === AST_NODE_TYPES.Identifier ? property.key.name : String(property.key.value);
    if (key === 'deadline') return property.value;
  }
  return undefined;
}
