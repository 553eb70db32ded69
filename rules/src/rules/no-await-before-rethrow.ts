import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';

import {
  type CancellationHandler,
  type CheckpointNode,
  anyHandler,
  createRule,
  handlerFlow,
  isFunction,
  nestedCleanupCheckpoints,
  rejectedValue,
  shieldSuggestion,
  unshieldedCheckpoints,
  usesCorral,
  visit,
} from '../util/index.ts';

export type Options = [];
export type MessageId = 'checkpointBeforeRethrow' | 'wrapInShield';

export default createRule<Options, MessageId>({
  name: 'no-await-before-rethrow',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow checkpoints in a handler before it rethrows the caught error',
      recommended: 'recommended',
    },
    hasSuggestions: true,
    messages: {
      checkpointBeforeRethrow: 'If this checkpoint is cancelled, `Cancelled` replaces `{{name}}` and the rethrow below never runs: the error is lost. Run it inside `shield(...)`, or rethrow first.',
      wrapInShield: 'Run it inside `await shield(() => …)`.',
    },
    schema: [],
  },
  defaultOptions: [],
  create(context) {
    if (!usesCorral(context)) return {};
    return { CatchClause: check, CallExpression: check };

    function check(node: TSESTree.CatchClause | TSESTree.CallExpression): void {
      // Only a handler whose caught value has a name can rethrow it: skip the others before looking at their `try`.
      if (node.type === AST_NODE_TYPES.CatchClause && node.param?.type !== AST_NODE_TYPES.Identifier) return;
      // Around synchronous code too: what such a handler caught is certainly not `Cancelled`.
      const handler = anyHandler(node);
      const name = handler?.param?.type === AST_NODE_TYPES.Identifier ? handler.param.name : undefined;
      if (!handler || name === undefined) return;
      // Every checkpoint is written with the keyword `await`: a handler without it has none to report.
      if (!context.sourceCode.text.slice(handler.body.range[0], handler.body.range[1]).includes('await')) return;
      const lastRethrow = lastRethrowStart(handler, name);
      if (lastRethrow === undefined) return;
      // Checkpoints of nested handlers and `finally` blocks that can see `Cancelled` are no-unshielded-cleanup's.
      let cleanup: Set<TSESTree.Node> | undefined;
      const report = (checkpoints: readonly CheckpointNode[]): void => {
        for (const checkpoint of checkpoints) {
          if (checkpoint.range[1] > lastRethrow) continue;
          cleanup ??= nestedCleanupCheckpoints(context, handler.body);
          if (cleanup.has(checkpoint)) continue;
          context.report({
            node: checkpoint.type === AST_NODE_TYPES.ForOfStatement ? checkpoint.right : checkpoint,
            messageId: 'checkpointBeforeRethrow',
            data: { name },
            suggest: shieldSuggestion(context, checkpoint, 'wrapInShield'),
          });
        }
      };
      // Where the value may still be `Cancelled`, the checkpoint is no-unshielded-cleanup's to report.
      handlerFlow(context, handler, {
        evaluate(part, mayBeCancelled) {
          if (!mayBeCancelled) report(unshieldedCheckpoints(context, part));
        },
        awaitLoop(loop, mayBeCancelled) {
          if (!mayBeCancelled) report([loop]);
        },
      });
    }

    /** Where the handler's last `throw e` (or `return Promise.reject(e)`) starts, outside nested functions. */
    function lastRethrowStart(handler: CancellationHandler, name: string): number | undefined {
      // Without `throw` or `reject` in its text (or a `\` escape, which could spell `reject`) the handler rethrows nothing.
      const text = context.sourceCode.text.slice(handler.body.range[0], handler.body.range[1]);
      if (!text.includes('throw') && !text.includes('reject') && !text.includes('\\')) return undefined;
      let last: number | undefined;
      visit(handler.body, (node) => {
        if (node !== handler.body && (isFunction(node) || node.type === AST_NODE_TYPES.ClassBody)) return false;
        const value = node.type === AST_NODE_TYPES.ThrowStatement ? node.argument
          : node.type === AST_NODE_TYPES.ReturnStatement ? rejectedValue(context, node.argument) : undefined;
        if (value?.type === AST_NODE_TYPES.Identifier && value.name === name) last = node.range[0];
        return true;
      });
      return last;
    }
  },
});
