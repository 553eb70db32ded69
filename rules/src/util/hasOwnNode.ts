import type { TSESTree } from '@typescript-eslint/utils';

import { isFunction, visit } from './checkpoints.ts';

/**
 * True when `root` has a node of one of `types` in its own code: nested functions are not
 * entered, since their `await`, `yield` and `return` belong to them.
 */
export function hasOwnNode(root: TSESTree.Node, types: ReadonlySet<string>): boolean {
  let found = false;
  visit(root, (node) => {
    if (found || (node !== root && isFunction(node))) return false;
    found = types.has(node.type);
    return !found;
  });
  return found;
}
