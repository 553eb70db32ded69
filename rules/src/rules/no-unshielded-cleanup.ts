import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';

import {
  type CheckpointNode,
  cancellationHandler,
  createRule,
  finallyCleanupCheckpoints,
  handlerCleanupCheckpoints,
  isFunction,
  isGlobal,
  shieldSuggestion,
  staticPropertyName,
  unshieldedCheckpoints,
  usesCorral,
} from '../util/index.ts';

export type Options = [];
export type MessageId = 'inFinally' | 'inHandler' | 'inAsyncDispose' | 'wrapInShield';

type Place = Exclude<MessageId, 'wrapInShield'>;

export default createRule<Options, MessageId>({
  name: 'no-unshielded-cleanup',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require checkpoints in `finally`, in handlers that can catch `Cancelled` and in `[Symbol.asyncDispose]` to run inside `shield`',
      recommended: 'recommended',
    },
    hasSuggestions: true,
    messages: {
      inFinally: 'When this `finally` runs because of cancellation, this checkpoint raises `Cancelled` at once and the cleanup after it never runs. Run it inside `shield(...)`.',
      inHandler: 'When this handler has caught `Cancelled`, this checkpoint raises it again at once (cancellation is level-triggered). Run it inside `shield(...)`, or rethrow `Cancelled` first.',
      inAsyncDispose: 'When disposal runs in a cancelled scope, this checkpoint raises `Cancelled` at once and the resource is not released. Run it inside `shield(...)`.',
      wrapInShield: 'Run it inside `await shield(() => …)`.',
    },
    schema: [],
  },
  defaultOptions: [],
  create(context) {
    if (!usesCorral(context)) return {};
    // A checkpoint in a handler's `finally` is reached by two listeners: report it once.
    const reported = new Set<TSESTree.Node>();
    return {
      TryStatement(node) {
        if (node.finalizer) reportAll(finallyCleanupCheckpoints(context, node), 'inFinally');
      },
      CatchClause: checkHandler,
      CallExpression: checkHandler,
      // `[Symbol.asyncDispose]` is a computed key: other members need not be looked at.
      'MethodDefinition[computed=true], Property[computed=true], PropertyDefinition[computed=true]'(node: TSESTree.MethodDefinition | TSESTree.Property | TSESTree.PropertyDefinition) {
        const fn = node.value;
        if (fn && isFunction(fn) && isAsyncDisposeKey(node)) reportAll(unshieldedCheckpoints(context, fn), 'inAsyncDispose');
      },
    };

    function checkHandler(node: TSESTree.CatchClause | TSESTree.CallExpression): void {
      const handler = cancellationHandler(node);
      if (handler) reportAll(handlerCleanupCheckpoints(context, handler), 'inHandler');
    }

    function reportAll(checkpoints: readonly CheckpointNode[], messageId: Place): void {
      for (const node of checkpoints) {
        if (reported.has(node)) continue;
        reported.add(node);
        context.report({ node: reportedPart(node), messageId, suggest: shieldSuggestion(context, node, 'wrapInShield') });
      }
    }

    /** `[Symbol.asyncDispose]` as a computed key, `Symbol` being the global. */
    function isAsyncDisposeKey(node: TSESTree.MethodDefinition | TSESTree.Property | TSESTree.PropertyDefinition): boolean {
      const key = node.key;
      return node.computed && key.type === AST_NODE_TYPES.MemberExpression
        && staticPropertyName(key) === 'asyncDispose' && isGlobal(context, key.object, 'Symbol');
    }
  },
});

/** A `for await` loop is reported at its header, not over its whole body. */
function reportedPart(node: CheckpointNode): TSESTree.Node {
  return node.type === AST_NODE_TYPES.ForOfStatement ? node.right : node;
}
