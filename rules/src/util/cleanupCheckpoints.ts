import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { cancellationHandler, type CancellationHandler } from './cancellationHandler.ts';
import { isFunction, visit } from './checkpoints.ts';
import { finallyCanSeeCancelled } from './finallyCanSeeCancelled.ts';
import { handlerFlow } from './handlerFlow.ts';
import { unshieldedCheckpoints, type CheckpointNode } from './unshieldedCheckpoints.ts';

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

/**
 * The unshielded checkpoints of `handler` that run while its caught value may still be
 * `Cancelled`: each raises it again at once (no-unshielded-cleanup reports them).
 */
export function handlerCleanupCheckpoints(context: Context, handler: CancellationHandler): CheckpointNode[] {
  const found: CheckpointNode[] = [];
  handlerFlow(context, handler, {
    evaluate(part, mayBeCancelled) {
      if (mayBeCancelled) found.push(...unshieldedCheckpoints(context, part));
    },
    awaitLoop(loop, mayBeCancelled) {
      if (mayBeCancelled) found.push(loop);
    },
  });
  return found;
}

/** The unshielded checkpoints of `statement`'s `finally` when it can run because of cancellation (no-unshielded-cleanup's). */
export function finallyCleanupCheckpoints(context: Context, statement: TSESTree.TryStatement): CheckpointNode[] {
  return statement.finalizer && finallyCanSeeCancelled(statement) ? unshieldedCheckpoints(context, statement.finalizer) : [];
}

/**
 * The cleanup checkpoints (as above) of the handlers and `finally` blocks nested in `root`'s own
 * code, `root` itself excluded: a rule that reports other checkpoints of `root` leaves these to
 * no-unshielded-cleanup, so one checkpoint never gets two reports.
 */
export function nestedCleanupCheckpoints(context: Context, root: TSESTree.Node): Set<CheckpointNode> {
  const found = new Set<CheckpointNode>();
  visit(root, (node) => {
    if (node !== root && (isFunction(node) || node.type === AST_NODE_TYPES.ClassBody)) return false;
    if (node.type === AST_NODE_TYPES.TryStatement) {
      for (const checkpoint of finallyCleanupCheckpoints(context, node)) found.add(checkpoint);
    }
    const handler = node === root ? undefined : cancellationHandler(node);
    if (handler) for (const checkpoint of handlerCleanupCheckpoints(context, handler)) found.add(checkpoint);
    return true;
  });
  return found;
}
