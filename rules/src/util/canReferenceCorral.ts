import { ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { localNameOf } from './corralReferences.ts';

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

/**
 * True when code at `node` can call `corral`'s `exportName` through `referenceTo`: it is imported
 * already, or its name is free there, so that importing it does not clash with (or get shadowed
 * by) the file's own binding of that name.
 */
export function canReferenceCorral(context: Context, node: TSESTree.Node, exportName: string): boolean {
  if (localNameOf(context, exportName) !== undefined) return true;
  return ASTUtils.findVariable(context.sourceCode.getScope(node), exportName) === null;
}
