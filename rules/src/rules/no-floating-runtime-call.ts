import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';

import { createRule, enclosingFunction, isRuntimeCallee, isThenable, shortText, typeInformation } from '../util/index.ts';

export type Options = [{ alongsideNoFloatingPromises?: boolean }];
export type MessageId = 'floatingRuntimeCall' | 'addAwait';

/** Promise methods whose result carries the runtime call on: `sleep(1).then(f)` floats as a whole. */
const CHAIN_METHODS = new Set(['then', 'catch', 'finally']);

export default createRule<Options, MessageId>({
  name: 'no-floating-runtime-call',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require the promise of a Corral function or method (`sleep`, `queue.put`, `lock.acquire`, …) to be awaited, returned or passed on',
      recommended: 'recommended-type-checked',
      requiresTypeChecking: true,
    },
    hasSuggestions: true,
    messages: {
      floatingRuntimeCall: 'The promise of `{{name}}` is dropped: it runs detached from this task, its wait does not hold the caller and its `Cancelled` goes unhandled. Await it.',
      addAwait: 'Add `await`.',
    },
    schema: [{
      type: 'object',
      properties: {
        alongsideNoFloatingPromises: {
          type: 'boolean',
          description: 'typescript-eslint\'s `no-floating-promises` is on too (with its default options): report only the dropped promises it does not, so one mistake gets one report.',
        },
      },
      additionalProperties: false,
    }],
  },
  defaultOptions: [{ alongsideNoFloatingPromises: false }],
  create(context, [{ alongsideNoFloatingPromises }]) {
    const services = typeInformation(context);
    if (!services) return {};
    const checker = services.program.getTypeChecker();

    return {
      CallExpression(node) {
        // The syntactic test first: most calls are used, and the checker is the costly part.
        const outer = outerChain(node);
        const floating = floatingExpression(outer);
        if (!floating || (alongsideNoFloatingPromises && reportedByNoFloatingPromises(floating, outer))) return;
        if (!isRuntimeCallee(services, node.callee)) return;
        if (isThenable(checker, services.getTypeAtLocation(node))) report(node, floating);
      },
    };

    function report(call: TSESTree.CallExpression, floating: Floating): void {
      const suggest: TSESLint.SuggestionReportDescriptor<MessageId>[] = canAwait(call)
        ? [{ messageId: 'addAwait', fix: (fixer) => addAwait(fixer, floating) }]
        : [];
      context.report({ node: call, messageId: 'floatingRuntimeCall', data: { name: shortText(context, call.callee, 40) }, suggest });
    }

    function addAwait(fixer: TSESLint.RuleFixer, floating: Floating): TSESLint.RuleFix {
      if (!floating.voided) return fixer.insertTextBefore(floating.expression, 'await ');
      const voidToken = context.sourceCode.getFirstToken(floating.voided);
      return fixer.replaceText(voidToken ?? floating.voided, 'await');
    }

    /** `await` is only valid in an async function, or at the top level of a module. */
    function canAwait(call: TSESTree.CallExpression): boolean {
      const fn = enclosingFunction(call);
      return fn ? fn.async : context.sourceCode.ast.sourceType === 'module';
    }
  },
});

/**
 * True when typescript-eslint's `no-floating-promises` (default options) reports this dropped
 * promise too: it allows `void` and a chain that ends by handling rejection (`.catch(h)`,
 * `.then(f, h)`); both still drop a Corral wait, so they are this rule's alone.
 */
function reportedByNoFloatingPromises(floating: Floating, outer: TSESTree.Expression): boolean {
  if (floating.voided) return false;
  // `.finally(g)` passes the rejection on: what counts is the chain before it.
  while (outer.type === AST_NODE_TYPES.CallExpression && outer.callee.type === AST_NODE_TYPES.MemberExpression
    && !outer.callee.computed && outer.callee.property.type === AST_NODE_TYPES.Identifier && outer.callee.property.name === 'finally') {
    outer = outer.callee.object;
  }
  if (outer.type !== AST_NODE_TYPES.CallExpression || outer.callee.type !== AST_NODE_TYPES.MemberExpression) return true;
  const method = !outer.callee.computed && outer.callee.property.type === AST_NODE_TYPES.Identifier ? outer.callee.property.name : undefined;
  const handlesRejection = (method === 'catch' && outer.arguments.length >= 1) || (method === 'then' && outer.arguments.length >= 2);
  return !handlesRejection;
}

/** The dropped expression that carries the call, and the `void` that drops it, if one does. */
interface Floating {
  expression: TSESTree.Expression;
  voided?: TSESTree.UnaryExpression;
}

/** `sleep(1).then(f).catch(g)`: the outermost call of the promise chain that starts at `call`. */
function outerChain(call: TSESTree.Expression): TSESTree.Expression {
  let current = call;
  for (;;) {
    const parent = skipWrappers(current).parent;
    const member = parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === skipWrappers(current) ? parent : undefined;
    const outer = member?.parent;
    const method = member && !member.computed && member.property.type === AST_NODE_TYPES.Identifier ? member.property.name : undefined;
    if (!member || method === undefined || !CHAIN_METHODS.has(method) || outer?.type !== AST_NODE_TYPES.CallExpression || outer.callee !== member) {
      return current;
    }
    current = outer;
  }
}

/**
 * Where the value of `expression` ends up: undefined when it is awaited, returned, stored or
 * passed on; the expression to await when it is dropped (an expression statement, `void`, a
 * sequence's discarded operand, a branch of `a ? b : c` or `a && b` used as a statement).
 */
function floatingExpression(expression: TSESTree.Expression): Floating | undefined {
  let current: TSESTree.Node = skipWrappers(expression);
  for (;;) {
    const parent = current.parent;
    if (!parent) return undefined;
    switch (parent.type) {
      case AST_NODE_TYPES.ExpressionStatement:
        return { expression };
      case AST_NODE_TYPES.UnaryExpression:
        return parent.operator === 'void' ? { expression, voided: parent } : undefined;
      case AST_NODE_TYPES.SequenceExpression:
        if (parent.expressions.at(-1) !== current) return { expression };
        break;
      case AST_NODE_TYPES.ConditionalExpression:
        if (parent.test === current) return undefined;
        break;
      case AST_NODE_TYPES.LogicalExpression:
        if (parent.left === current) return undefined;
        break;
      default:
        return undefined;
    }
    current = parent;
  }
}

/** Looks through nodes that pass a value on unchanged: `a?.b()`, `x!`, `x as T`. */
function skipWrappers(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  while (current.parent && (current.parent.type === AST_NODE_TYPES.ChainExpression
    || current.parent.type === AST_NODE_TYPES.TSNonNullExpression
    || current.parent.type === AST_NODE_TYPES.TSAsExpression
    || current.parent.type === AST_NODE_TYPES.TSSatisfiesExpression)) {
    current = current.parent;
  }
  return current;
}
