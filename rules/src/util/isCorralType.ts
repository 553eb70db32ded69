import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { localNameOf, resolveCorralName } from './corralReferences.ts';

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

/**
 * True when the type annotation `type` names `corral`'s `exportName`, with or without type
 * arguments: `TaskStatus`, `TaskStatus<number>`, a renamed import, `corral.TaskStatus<T>`.
 */
export function isCorralType(context: Context, type: TSESTree.TypeNode | undefined, exportName: string): boolean {
  if (type?.type !== AST_NODE_TYPES.TSTypeReference) return false;
  const name = type.typeName;
  if (name.type === AST_NODE_TYPES.Identifier) return resolveCorralName(context, name) === exportName;
  if (name.type !== AST_NODE_TYPES.TSQualifiedName || name.left.type !== AST_NODE_TYPES.Identifier) return false;
  // A namespace import: `localNameOf` gives `corral.TaskStatus` for `import * as corral`.
  return localNameOf(context, exportName) === `${name.left.name}.${name.right.name}`;
}
