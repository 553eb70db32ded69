import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { constInitializer } from './constInitializer.ts';
import { corralCallee, staticPropertyName } from './corralReferences.ts';

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

/** The `corral` block helpers: calls that run a callback body and are not checkpoints themselves. */
export type BlockHelper = 'moveOnAt' | 'moveOnAfter' | 'failAt' | 'failAfter' | 'CancelScope.run' | 'shield' | 'createTaskGroup';

export interface BlockCall {
  helper: BlockHelper;
  /** The callback argument: usually an inline function, but any expression can be passed. */
  body: TSESTree.CallExpressionArgument | undefined;
  /** True when cancellation of enclosing scopes cannot reach the body (`shield`, `CancelScope({ shield: true })`). */
  shielded: boolean;
}

const BODY_INDEX: Readonly<Record<string, number>> = {
  moveOnAt: 1, moveOnAfter: 1, failAt: 1, failAfter: 1, shield: 0, createTaskGroup: 0,
};

/**
 * The block helper that `call` calls, with its body: `moveOnAfter(ms, body)`, `shield(body)`,
 * `createTaskGroup(body)`, and `run(body)` on a `new CancelScope(…)`, written inline or held in a
 * `const`. Undefined for every other call.
 */
export function blockBody(context: Context, call: TSESTree.Node): BlockCall | undefined {
  if (call.type !== AST_NODE_TYPES.CallExpression) return undefined;
  const name = corralCallee(context, call);
  const index = name === undefined ? undefined : BODY_INDEX[name];
  if (name !== undefined && index !== undefined) {
    return { helper: name as BlockHelper, body: call.arguments[index], shielded: name === 'shield' };
  }
  const scope = cancelScopeOfRun(context, call.callee);
  return scope ? { helper: 'CancelScope.run', body: call.arguments[0], shielded: hasShieldTrue(scope) } : undefined;
}

/** The `new CancelScope(…)` whose `run` `callee` names, inline or through a `const` binding. */
function cancelScopeOfRun(context: Context, callee: TSESTree.Expression): TSESTree.NewExpression | undefined {
  const member = callee.type === AST_NODE_TYPES.ChainExpression ? callee.expression : callee;
  if (member.type !== AST_NODE_TYPES.MemberExpression || staticPropertyName(member) !== 'run') return undefined;
  const created = constInitializer(context, member.object) ?? member.object;
  return created.type === AST_NODE_TYPES.NewExpression && corralCallee(context, created) === 'CancelScope' ? created : undefined;
}

/** `new CancelScope({ …, shield: true })`: only a literal `true` is known to shield. */
function hasShieldTrue(scope: TSESTree.NewExpression): boolean {
  const options = scope.arguments[0];
  if (options?.type !== AST_NODE_TYPES.ObjectExpression) return false;
  return options.properties.some((property) =>
    property.type === AST_NODE_TYPES.Property
    && !property.computed
    && ((property.key.type === AST_NODE_TYPES.Identifier && property.key.name === 'shield')
      || (property.key.type === AST_NODE_TYPES.Literal && property.key.value === 'shield'))
    && property.value.type === AST_NODE_TYPES.Literal
    && property.value.value === true);
}
