import { AsyncLocalStorage } from 'node:async_hooks';

import type { CancelNode } from './cancelNode.ts';

/**
 * The innermost cancel node (a scope or a task) of the running code follows the async call chain,
 * as contextvars do in Python. Only `CancelScope.run` and task start-up enter a new one.
 */
export const context = new AsyncLocalStorage<CancelNode>();

/** The innermost cancel node of the calling code, or undefined outside any scope or task. */
export function currentNode(): CancelNode | undefined {
  return context.getStore();
}
