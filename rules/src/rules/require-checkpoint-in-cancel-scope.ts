import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';

import {
  type BlockHelper,
  blockBody,
  createRule,
  hasOwnNode,
  isFunction,
  mayBePromise,
  mayReferenceCorralExport,
  staticPropertyName,
  usesCorral,
  visit,
} from '../util/index.ts';

export type Options = [];
export type MessageId = 'noCheckpoint' | 'unwrapBody';

type Context = Readonly<TSESLint.RuleContext<MessageId, Options>>;

/** The block helpers that open a cancel scope with a deadline or a `cancel()` to serve. */
const CANCEL_SCOPES = new Set<BlockHelper>(['moveOnAt', 'moveOnAfter', 'failAt', 'failAfter', 'CancelScope.run']);
/** The `corral` exports those are reached through. */
const CANCEL_SCOPE_EXPORTS: readonly string[] = ['moveOnAt', 'moveOnAfter', 'failAt', 'failAfter', 'CancelScope'];

export default createRule<Options, MessageId>({
  name: 'require-checkpoint-in-cancel-scope',
  meta: {
    type: 'suggestion',
    docs: {
      description: 'Require a checkpoint in the body of a cancel scope',
      recommended: 'recommended',
    },
    hasSuggestions: true,
    messages: {
      noCheckpoint: 'This `{{helper}}` body has no checkpoint: nothing in it can be cancelled, so its deadline or `cancel()` can never interrupt it. Add a checkpoint, or drop the scope.',
      unwrapBody: 'Run the body without the cancel scope.',
    },
    schema: [],
  },
  defaultOptions: [],
  create(context) {
    if (!usesCorral(context) || !mayReferenceCorralExport(context, CANCEL_SCOPE_EXPORTS)) return {};
    return {
      CallExpression(node) {
        const block = blockBody(context, node);
        if (!block || !CANCEL_SCOPES.has(block.helper) || !block.body || !isFunction(block.body)) return;
        if (hasCheckpoint(context, block.body)) return;
        context.report({
          node: node.callee,
          messageId: 'noCheckpoint',
          data: { helper: block.helper },
          suggest: unwrapSuggestion(context, node, block.body),
        });
      },
    };
  },
});

/**
 * True when running `fn` can reach a checkpoint: an `await` (of a block helper only when that
 * helper's body can), `for await`, `await using`, or a returned promise, which the scope awaits
 * and whose work runs inside it (`() => fetchAll()`, `return fetchAll()`).
 */
function hasCheckpoint(context: Context, fn: TSESTree.FunctionLike): boolean {
  if (!fn.body) return true;
  if (fn.body.type !== AST_NODE_TYPES.BlockStatement) return mayBePromise(context, fn, fn.body) || ownCheckpoint(context, fn, fn.body);
  return ownCheckpoint(context, fn, fn.body);
}

function ownCheckpoint(context: Context, fn: TSESTree.FunctionLike, root: TSESTree.Node): boolean {
  let found = false;
  visit(root, (node) => {
    if (found || (node !== root && (isFunction(node) || node.type === AST_NODE_TYPES.ClassBody))) return false;
    if (node.type === AST_NODE_TYPES.AwaitExpression) found = awaitWaits(context, node);
    else if (node.type === AST_NODE_TYPES.ForOfStatement) found = node.await;
    else if (node.type === AST_NODE_TYPES.VariableDeclaration) found = node.kind === 'await using';
    else if (node.type === AST_NODE_TYPES.ReturnStatement) found = node.argument !== null && mayBePromise(context, fn, node.argument);
    return !found;
  });
  return found;
}

/** Block helpers are not checkpoints; awaiting one waits only if its body does (or a task group starts tasks). */
function awaitWaits(context: Context, node: TSESTree.AwaitExpression): boolean {
  const block = blockBody(context, node.argument);
  if (!block) return true;
  if (!block.body || !isFunction(block.body)) return true;
  return hasCheckpoint(context, block.body) || (block.helper === 'createTaskGroup' && startsTasks(block.body));
}

function startsTasks(fn: TSESTree.FunctionLike): boolean {
  let found = false;
  visit(fn, (node) => {
    if (node.type === AST_NODE_TYPES.CallExpression && node.callee.type === AST_NODE_TYPES.MemberExpression) {
      const method = staticPropertyName(node.callee);
      found ||= method === 'startSoon' || method === 'start';
    }
    return !found;
  });
  return found;
}

/**
 * Replaces the scope with its body where that is plain to do: an arrow body that does not use
 * the scope parameter, `await`, `return` or `yield`, in a statement of its own
 * (`await moveOnAfter(10, async () => { a(); })` becomes `a();`), or awaited for its value
 * (`await moveOnAfter(10, async () => 42)` becomes `42`).
 */
function unwrapSuggestion(context: Context, call: TSESTree.CallExpression, fn: TSESTree.FunctionLike): TSESLint.SuggestionReportDescriptor<MessageId>[] {
  if (fn.type !== AST_NODE_TYPES.ArrowFunctionExpression || usesParameters(context, fn) || hasOwnNode(fn.body, UNMOVABLE)) return [];
  const awaited = call.parent.type === AST_NODE_TYPES.AwaitExpression ? call.parent : undefined;
  const outer = awaited ?? call;
  const sourceCode = context.sourceCode;
  if (outer.parent.type === AST_NODE_TYPES.ExpressionStatement) {
    const statement = outer.parent;
    const text = fn.body.type === AST_NODE_TYPES.BlockStatement
      ? blockContents(context, fn.body, statement.loc.start.column)
      : `${expressionText(context, fn.body)};`;
    return [{ messageId: 'unwrapBody', fix: (fixer) => (text === '' ? removeStatement(context, fixer, statement) : fixer.replaceText(statement, text)) }];
  }
  if (!awaited || fn.body.type === AST_NODE_TYPES.BlockStatement) return [];
  const value = `(${sourceCode.getText(fn.body)})`;
  return [{ messageId: 'unwrapBody', fix: (fixer) => fixer.replaceText(awaited, value) }];
}

const UNMOVABLE = new Set<string>([AST_NODE_TYPES.AwaitExpression, AST_NODE_TYPES.ReturnStatement, AST_NODE_TYPES.YieldExpression]);

function usesParameters(context: Context, fn: TSESTree.FunctionLike): boolean {
  return context.sourceCode.getDeclaredVariables(fn).some((variable) => variable.references.length > 0);
}

/**
 * The statements of `block` as written, moved left to `column` (where the replaced statement
 * starts); in braces when they declare names that could clash outside.
 */
function blockContents(context: Context, block: TSESTree.BlockStatement, column: number): string {
  const sourceCode = context.sourceCode;
  const open = sourceCode.getFirstToken(block)!;
  const close = sourceCode.getLastToken(block)!;
  const first = block.body[0];
  const shift = first && first.loc.start.line !== open.loc.start.line ? first.loc.start.column - column : 0;
  const inner = sourceCode.text.slice(open.range[1], close.range[0]).trim()
    .split('\n')
    .map((line, index) => (index > 0 && shift > 0 && /^\s*$/.test(line.slice(0, shift)) ? line.slice(shift) : line))
    .join('\n');
  const declares = block.body.some((statement) =>
    (statement.type === AST_NODE_TYPES.VariableDeclaration && statement.kind !== 'var')
    || statement.type === AST_NODE_TYPES.ClassDeclaration || statement.type === AST_NODE_TYPES.FunctionDeclaration);
  return declares ? `{ ${inner} }` : inner;
}

/** An expression as a statement: an object literal would read as a block, a function expression as a declaration. */
function expressionText(context: Context, expression: TSESTree.Expression): string {
  const text = context.sourceCode.getText(expression);
  return /^\s*(\{|function\b|class\b|let\s*\[)/.test(text) ? `(${text})` : text;
}

/** Removes `statement`, and its line when nothing else is on it. */
function removeStatement(context: Context, fixer: TSESLint.RuleFixer, statement: TSESTree.Node): TSESLint.RuleFix {
  const text = context.sourceCode.text;
  let start = statement.range[0];
  let end = statement.range[1];
  while (start > 0 && (text[start - 1] === ' ' || text[start - 1] === '\t')) start -= 1;
  const aloneOnLine = (start === 0 || text[start - 1] === '\n') && (end === text.length || text[end] === '\n');
  if (!aloneOnLine) return fixer.remove(statement);
  if (end < text.length) end += 1;
  return fixer.removeRange([start, end]);
}
