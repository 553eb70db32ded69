import { ASTUtils, AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

/**
 * The initializer of the `const` that `node` names (`const x = init`, not destructured), when it
 * is one: its value is then `init`'s wherever `x` is read.
 */
export function constInitializer(context: Context, node: TSESTree.Node): TSESTree.Expression | undefined {
  if (node.type !== AST_NODE_TYPES.Identifier) return undefined;
  const variable = ASTUtils.findVariable(context.sourceCode.getScope(node), node);
  const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (definition?.type !== 'Variable' || definition.parent.kind !== 'const') return undefined;
  return definition.node.id.type === AST_NODE_TYPES.Identifier ? definition.node.init ?? undefined : undefined;
}
