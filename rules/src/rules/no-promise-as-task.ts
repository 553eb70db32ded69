import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';

import { createRule, knownPromise, mayReferenceCorralExport, oneLine, passedValue, shortText, TASK_SLOT_EXPORTS, type TaskSlot, taskSlots } from '../util/index.ts';

export type Options = [];
export type MessageId = 'promiseAsTask';

export default createRule<Options, MessageId>({
  name: 'no-promise-as-task',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow passing a promise (the result of a call) where Corral expects a function to call as a task or block body',
      recommended: 'recommended',
    },
    fixable: 'code',
    messages: {
      promiseAsTask: '`{{text}}` is a promise, not a function: the work started when it was called, outside `{{api}}`, which cannot cancel or wait for it (and throws a `TypeError`, expecting a function). Pass a function that starts it: `{{fixed}}`.',
    },
    schema: [],
  },
  defaultOptions: [],
  create(context) {
    if (!mayReferenceCorralExport(context, TASK_SLOT_EXPORTS)) return {};
    const types = hasTypes();
    return {
      CallExpression(node) {
        // Only an argument that is a call, a `new`, a list of them, or (with types) any value can be a promise.
        if (!node.arguments.some(types ? mayHoldPromise : isCallLike)) return;
        for (const slot of taskSlots(context, node)) {
          // The syntactic test first: most tasks are written as functions.
          if (isFunctionLiteral(slot.node) || (slot.node.type === AST_NODE_TYPES.Identifier && !types)) continue;
          if (!knownPromise(context, slot.node)) continue;
          const fixed = wrapped(slot);
          context.report({
            node: slot.node,
            messageId: 'promiseAsTask',
            data: { text: shortText(context, slot.node, 40), api: slot.api, fixed: fixed === undefined ? '() => …' : oneLine(fixed, 40) },
            fix: fixed === undefined ? null : (fixer) => fixer.replaceText(slot.node, fixed),
          });
        }
      },
    };

    function hasTypes(): boolean {
      return Boolean(context.sourceCode.parserServices?.program);
    }

    /**
     * The call as a function that makes it: `() => fetchUser(1)`; for `start`, which passes a
     * status to call `started` on, `(status) => serve(port, status)`. None where the function
     * must take arguments Corral passes (`boundedMap`'s item) or the promise is not a call.
     */
    function wrapped(slot: TaskSlot): string | undefined {
      const call = passedValue(slot.node);
      const text = context.sourceCode.getText(slot.node);
      const isCall = call.type === AST_NODE_TYPES.CallExpression || call.type === AST_NODE_TYPES.NewExpression;
      if (slot.receives === 'nothing') return isCall ? `() => ${text}` : undefined;
      if (slot.receives !== 'status' || call.type !== AST_NODE_TYPES.CallExpression) return undefined;
      const status = /\bstatus\b/.test(text) ? 'taskStatus' : 'status';
      const callee = context.sourceCode.getText(call.callee);
      const args = [...call.arguments.map((argument) => context.sourceCode.getText(argument)), status];
      return `(${status}) => ${callee}${call.optional ? '?.' : ''}(${args.join(', ')})`;
    }
  },
});

function isFunctionLiteral(node: TSESTree.Node): boolean {
  return node.type === AST_NODE_TYPES.ArrowFunctionExpression || node.type === AST_NODE_TYPES.FunctionExpression;
}

/** A call or `new` (through casts and `?.`), or an array of values (`completionStream([…])`). */
function isCallLike(node: TSESTree.Node): boolean {
  const value = passedValue(node);
  return value.type === AST_NODE_TYPES.CallExpression || value.type === AST_NODE_TYPES.NewExpression || value.type === AST_NODE_TYPES.ArrayExpression;
}

/** With type information, anything but a function written in place may be a promise. */
function mayHoldPromise(node: TSESTree.Node): boolean {
  return !isFunctionLiteral(node) && node.type !== AST_NODE_TYPES.Literal;
}
