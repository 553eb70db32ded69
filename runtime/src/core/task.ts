import { CancelNode } from './cancelNode.ts';
import { currentNode } from './context.ts';

let nextTaskId = 1;

export type TaskState = 'starting' | 'running' | 'done' | 'failed' | 'cancelled';

/**
 * A child task: a node of the cancel tree, so that cancellation reaches its waiters, and so that
 * `started()` can move it from its starter's scope into its group by re-linking one node.
 */
export class Task extends CancelNode {
  readonly id = nextTaskId++;
  state: TaskState = 'starting';

  constructor(readonly name: string) {
    super(`task "${name}"`);
  }
}

/** The task the calling code runs in (the nearest task up the cancel tree), or undefined at top level. */
export function currentTask(): Task | undefined {
  for (let node = currentNode(); node; node = node.parent ?? undefined) {
    if (node instanceof Task) return node;
  }
  return undefined;
}
