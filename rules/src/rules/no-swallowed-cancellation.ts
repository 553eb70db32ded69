import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';

import {
  type CancellationHandler,
  canReferenceCorral,
  cancellationHandler,
  createRule,
  enclosingFunction,
  finallyCanSeeCancelled,
  guardedName,
  handlerFlow,
  insertGuard,
  isFunction,
  isLoop,
  usesCorral,
  visit,
} from '../util/index.ts';

export type Options = [];
export type MessageId = 'swallowed' | 'leavesHandler' | 'replaced' | 'finallyDiscards' | 'addGuard';

export default createRule<Options, MessageId>({
  name: 'no-swallowed-cancellation',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow handlers and `finally` blocks that swallow `Cancelled`',
      recommended: 'recommended',
    },
    hasSuggestions: true,
    messages: {
      swallowed: 'This handler can catch `Cancelled` and has a path that neither rethrows it nor guards with `isCancelled`: the cancellation is swallowed.',
      leavesHandler: 'This {{exit}} ends a handler that can catch `Cancelled` without rethrowing it: the cancellation is swallowed.',
      replaced: 'This `throw` can replace a caught `Cancelled` with another error: the cancel scope will not recognise it. Rethrow `Cancelled` first.',
      finallyDiscards: '`{{keyword}}` in `finally` discards a pending `Cancelled` (or any error) from the `try`: let `finally` complete.',
      addGuard: 'Rethrow `Cancelled` first: `if (isCancelled({{name}})) throw {{name}};`.',
    },
    schema: [],
  },
  defaultOptions: [],
  create(context) {
    if (!usesCorral(context)) return {};
    return {
      CatchClause: checkHandler,
      CallExpression: checkHandler,
      TryStatement(node) {
        if (node.finalizer && canReceiveCancelled(node) && finallyCanSeeCancelled(node)) reportJumpsOutOf(node.finalizer);
      },
    };

    function checkHandler(node: TSESTree.CatchClause | TSESTree.CallExpression): void {
      if (!canReceiveCancelled(node)) return;
      const handler = cancellationHandler(node);
      if (!handler) return;
      // Worked out only for a handler that is reported (most are not).
      let suggestion: TSESLint.SuggestionReportDescriptor<MessageId>[] | undefined;
      const suggest = (): TSESLint.SuggestionReportDescriptor<MessageId>[] => (suggestion ??= guardSuggestion(handler));
      const swallows = handlerFlow(context, handler, {
        exit(exit, mayBeCancelled, rethrows) {
          if (!mayBeCancelled || rethrows) return;
          if (exit.type === AST_NODE_TYPES.ThrowStatement) {
            context.report({ node: exit, messageId: 'replaced', suggest: suggest() });
          } else {
            context.report({ node: exit, messageId: 'leavesHandler', data: { exit: exitWord(exit) }, suggest: suggest() });
          }
        },
      });
      if (swallows) context.report({ loc: headerOf(handler), messageId: 'swallowed', suggest: suggest() });
    }

    function guardSuggestion(handler: CancellationHandler): TSESLint.SuggestionReportDescriptor<MessageId>[] {
      const name = guardedName(handler);
      if (name === undefined || !canReferenceCorral(context, handler.body, 'isCancelled')) return [];
      return [{ messageId: 'addGuard', data: { name }, fix: (fixer) => insertGuard(context, fixer, handler) ?? [] }];
    }

    function reportJumpsOutOf(finalizer: TSESTree.BlockStatement): void {
      visit(finalizer, (node) => {
        if (node !== finalizer && (isFunction(node) || node.type === AST_NODE_TYPES.ClassBody)) return false;
        if (isJump(node) && leaves(node, finalizer)) {
          context.report({ node, messageId: 'finallyDiscards', data: { keyword: keywordOf(node) } });
        }
        return true;
      });
    }
  },
});

/**
 * Only code in a function can run inside a cancel scope (the function may be called from a task).
 * Code at the top level of a module or script runs once, outside every scope: whatever it awaits,
 * no `Cancelled` can reach it (a `moveOnAfter` there catches its own).
 */
function canReceiveCancelled(node: TSESTree.Node): boolean {
  return enclosingFunction(node) !== undefined;
}

type Jump = TSESTree.ReturnStatement | TSESTree.BreakStatement | TSESTree.ContinueStatement;

function isJump(node: TSESTree.Node): node is Jump {
  return node.type === AST_NODE_TYPES.ReturnStatement || node.type === AST_NODE_TYPES.BreakStatement
    || node.type === AST_NODE_TYPES.ContinueStatement;
}

/** True when `jump` transfers control out of `block` (a `break` of a loop inside it does not). */
function leaves(jump: Jump, block: TSESTree.Node): boolean {
  if (jump.type === AST_NODE_TYPES.ReturnStatement) return true;
  for (let node: TSESTree.Node | undefined = jump.parent; node && node !== block; node = node.parent) {
    if (jump.label) {
      if (node.type === AST_NODE_TYPES.LabeledStatement && node.label.name === jump.label.name) return false;
    } else if (isLoop(node) || (jump.type === AST_NODE_TYPES.BreakStatement && node.type === AST_NODE_TYPES.SwitchStatement)) {
      return false;
    }
  }
  return true;
}

function keywordOf(jump: Jump): string {
  return jump.type === AST_NODE_TYPES.ReturnStatement ? 'return' : jump.type === AST_NODE_TYPES.BreakStatement ? 'break' : 'continue';
}

function exitWord(exit: TSESTree.Node): string {
  return isJump(exit) ? `\`${keywordOf(exit)}\`` : 'returned value';
}

/** From `catch` (or the handler function's start) to its body's `{`: where the report points. */
function headerOf(handler: CancellationHandler): TSESTree.SourceLocation {
  return { start: handler.node.loc.start, end: handler.body.loc.start };
}
