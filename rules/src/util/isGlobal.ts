import { ASTUtils, AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

/** True when `node` is the identifier `name` and refers to the global, not a binding of the file. */
export function isGlobal(context: Context, node: TSESTree.Node, name: string): node is TSESTree.Identifier {
  if (node.type !== AST_NODE_TYPES.Identifier || node.name !== name) return false;
  const variable = ASTUtils.findVariable(context.sourceCode.getScope(node), node);
  return !variable || variable.defs.length === 0;
}

/** True when `identifier` names a property (`x` in `a.x`, `{ x: 1 }`, a class member), not a binding. */
export function isPropertyName(identifier: TSESTree.Identifier): boolean {
  const parent = identifier.parent;
  if (parent.type === AST_NODE_TYPES.MemberExpression) return parent.property === identifier && !parent.computed;
  if (parent.type === AST_NODE_TYPES.Property || parent.type === AST_NODE_TYPES.PropertyDefinition || parent.type === AST_NODE_TYPES.MethodDefinition) {
    return parent.key === identifier && !parent.computed && !(parent.type === AST_NODE_TYPES.Property && parent.shorthand);
  }
  return false;
}
