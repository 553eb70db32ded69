import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';

export type Loop = TSESTree.WhileStatement | TSESTree.DoWhileStatement | TSESTree.ForStatement | TSESTree.ForInStatement | TSESTree.ForOfStatement;

/** True for every kind of loop statement: the targets of an unlabelled `continue`. */
export function isLoop(node: TSESTree.Node): node is Loop {
  return node.type === AST_NODE_TYPES.WhileStatement || node.type === AST_NODE_TYPES.DoWhileStatement
    || node.type === AST_NODE_TYPES.ForStatement || node.type === AST_NODE_TYPES.ForInStatement
    || node.type === AST_NODE_TYPES.ForOfStatement;
}
