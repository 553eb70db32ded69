import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import {
  alwaysCheckpoints, blockBody, createRule, isCorralBinding, isFunction, isPropertyName, mayBePromise, mayReferenceCorral, referenceTo,
  separatorBefore, taskSlots, uncheckedPaths, visit,
} from '../util/index.ts';

export type Options = [];
export type MessageId = 'endWithoutCheckpoint' | 'returnWithoutCheckpoint' | 'addCheckpoint';

export default createRule<Options, MessageId>({
  name: 'require-checkpoint-in-async-function',
  meta: {
    type: 'suggestion',
    docs: {
      description: 'Require a checkpoint on every path through an async function that uses Corral',
      recommended: 'strict',
    },
    hasSuggestions: true,
    messages: {
      endWithoutCheckpoint: 'This async function can reach its end without a checkpoint: on that path a caller that awaits it cannot be cancelled there, and no other task runs meanwhile. Add `await checkpoint()` on that path.',
      returnWithoutCheckpoint: 'This `return` can be reached without a checkpoint since the function started: on that path a caller that awaits it cannot be cancelled there, and no other task runs meanwhile.',
      addCheckpoint: 'Add `await checkpoint()` here.',
    },
    schema: [],
  },
  defaultOptions: [],
  create(context) {
    if (!mayReferenceCorral(context)) return {};
    /** Inline functions Corral runs as tasks: they use Corral whatever their code names. */
    const tasks = new Set<TSESTree.Node>();
    /** Block bodies (`moveOnAfter`, `shield`, `createTaskGroup`, `scope.run`): require-checkpoint-in-cancel-scope's, or run in place. */
    const blockBodies = new Set<TSESTree.Node>();
    return {
      CallExpression(node) {
        // Only a call with an inline function argument can make one a task or a block body.
        if (!node.arguments.some(isFunction)) return;
        const block = blockBody(context, node);
        if (block?.body) blockBodies.add(block.body);
        for (const slot of taskSlots(context, node)) if (isFunction(slot.node)) tasks.add(slot.node);
      },
      ':function:exit'(fn: TSESTree.FunctionLike) {
        if (!fn.async || fn.generator || !fn.body || blockBodies.has(fn)) return;
        // The paths first (syntax only): most async functions checkpoint on every one.
        if (fn.body.type !== AST_NODE_TYPES.BlockStatement) {
          if (alwaysCheckpoints(fn.body) || !usesCorral(fn)) return;
          // A returned promise counts: the caller waits for it, and its work runs as part of the call.
          if (!mayBePromise(context, fn, fn.body)) reportEnd(fn, fn.body);
          return;
        }
        if (isStub(fn.body)) return;
        const paths = uncheckedPaths(fn.body);
        if ((paths.returns.length === 0 && !paths.end) || !usesCorral(fn)) return;
        for (const statement of paths.returns) {
          if (statement.argument && mayBePromise(context, fn, statement.argument)) continue;
          context.report({
            node: statement,
            messageId: 'returnWithoutCheckpoint',
            suggest: [{ messageId: 'addCheckpoint', fix: (fixer) => checkpointBefore(fixer, statement) }],
          });
        }
        if (paths.end) reportEnd(fn, fn.body);
      },
    };

    /** True when Corral runs `fn` as a task, or its own code (not a nested function's) names a `corral` binding. */
    function usesCorral(fn: TSESTree.FunctionLike): boolean {
      if (tasks.has(fn)) return true;
      let found = false;
      visit(fn, (node) => {
        if (found || (node !== fn && isFunction(node))) return false;
        if (node.type === AST_NODE_TYPES.Identifier && !isPropertyName(node)) found = isCorralBinding(context, node);
        return !found;
      });
      return found;
    }

    function reportEnd(fn: TSESTree.FunctionLike, body: TSESTree.BlockStatement | TSESTree.Expression): void {
      context.report({
        loc: headerOf(fn),
        messageId: 'endWithoutCheckpoint',
        suggest: [{ messageId: 'addCheckpoint', fix: (fixer) => checkpointAtEnd(fixer, body) }],
      });
    }

    /** `await checkpoint();` before `statement`, in braces when it is the body of an `if` or a loop. */
    function* checkpointBefore(fixer: TSESLint.RuleFixer, statement: TSESTree.ReturnStatement): Generator<TSESLint.RuleFix> {
      const { text, fixes } = referenceTo(context, fixer, 'checkpoint');
      yield* fixes;
      const inList = statement.parent.type === AST_NODE_TYPES.BlockStatement || statement.parent.type === AST_NODE_TYPES.SwitchCase;
      if (!inList) {
        yield fixer.replaceText(statement, `{ await ${text}(); ${context.sourceCode.getText(statement)} }`);
        return;
      }
      yield fixer.insertTextBefore(statement, `await ${text}();${separatorBefore(context, statement)}`);
    }

    /** `await checkpoint();` as the last statement of a block body; a concise body becomes a block that returns its value. */
    function* checkpointAtEnd(fixer: TSESLint.RuleFixer, body: TSESTree.BlockStatement | TSESTree.Expression): Generator<TSESLint.RuleFix> {
      const { text, fixes } = referenceTo(context, fixer, 'checkpoint');
      yield* fixes;
      if (body.type !== AST_NODE_TYPES.BlockStatement) {
        yield fixer.replaceText(body, `{ await ${text}(); return ${context.sourceCode.getText(body)}; }`);
        return;
      }
      const last = body.body.at(-1);
      if (!last) {
        yield fixer.replaceText(body, `{ await ${text}(); }`);
        return;
      }
      yield fixer.insertTextAfter(last, `${separatorBefore(context, last)}await ${text}();`);
    }
  },
});

/** A body of nothing but empty statements and string directives: a stub (as in ASYNC910). */
function isStub(body: TSESTree.BlockStatement): boolean {
  return body.body.every((statement) => statement.type === AST_NODE_TYPES.EmptyStatement
    || (statement.type === AST_NODE_TYPES.ExpressionStatement && statement.expression.type === AST_NODE_TYPES.Literal && typeof statement.expression.value === 'string'));
}

/** From the function's start (its method name, for a method) to its body: where the report points. */
function headerOf(fn: TSESTree.FunctionLike): TSESTree.SourceLocation {
  const owner = fn.parent.type === AST_NODE_TYPES.MethodDefinition || (fn.parent.type === AST_NODE_TYPES.Property && fn.parent.method) ? fn.parent : fn;
  return { start: owner.loc.start, end: fn.body?.loc.start ?? fn.loc.end };
}
