import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';

import { nodeMemo } from './fileCache.ts';

const FUNCTION_TYPES = new Set<string>([
  AST_NODE_TYPES.FunctionDeclaration,
  AST_NODE_TYPES.FunctionExpression,
  AST_NODE_TYPES.ArrowFunctionExpression,
]);

/** True for any function node: a checkpoint inside a nested function is not one of the outer code. */
export function isFunction(node: TSESTree.Node): node is TSESTree.FunctionLike {
  return FUNCTION_TYPES.has(node.type);
}

/**
 * True when `root` contains a checkpoint of its own code: an `await`, a `for await`, or an
 * `await using`; nested functions and class bodies are not entered (their awaits run elsewhere).
 * Only these can observe `Cancelled`: synchronous code never sees it.
 */
export function containsCheckpoint(root: TSESTree.Node): boolean {
  // Several rules ask this of the same `try` block: walk each subtree once.
  return checkpointMemo.get(root, () => walkForCheckpoint(root));
}

const checkpointMemo = nodeMemo<boolean>();

function walkForCheckpoint(root: TSESTree.Node): boolean {
  let found = false;
  visit(root, (node) => {
    if (found) return false;
    if (node !== root && (isFunction(node) || node.type === AST_NODE_TYPES.ClassBody)) return false;
    if (node.type === AST_NODE_TYPES.AwaitExpression
      || (node.type === AST_NODE_TYPES.ForOfStatement && node.await)
      || (node.type === AST_NODE_TYPES.VariableDeclaration && node.kind === 'await using')) {
      found = true;
      return false;
    }
    return true;
  });
  return found;
}

/**
 * Depth-first walk over child nodes (by the ESTree keys, skipping `parent`); `enter` returns false
 * to skip a node's children. Used instead of a selector when a rule needs a bounded sub-walk.
 */
export function visit(root: TSESTree.Node, enter: (node: TSESTree.Node) => boolean): void {
  if (!enter(root)) return;
  for (const key of Object.keys(root) as (keyof typeof root)[]) {
    if (key === 'parent') continue;
    const value = root[key] as unknown;
    if (Array.isArray(value)) {
      for (const item of value) if (isNode(item)) visit(item, enter);
    } else if (isNode(value)) {
      visit(value, enter);
    }
  }
}

function isNode(value: unknown): value is TSESTree.Node {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

/** The innermost function enclosing `node`, or undefined at module level. */
export function enclosingFunction(node: TSESTree.Node): TSESTree.FunctionLike | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (isFunction(current)) return current;
  }
  return undefined;
}
