import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import type { CancellationHandler } from './cancellationHandler.ts';
import { visit } from './checkpoints.ts';
import { referenceTo } from './corralReferences.ts';

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

/**
 * The fixes that make `if (isCancelled(e)) throw e;` the handler's first statement (adding the
 * import, and a parameter when the handler has none), so `Cancelled` always goes on. Undefined
 * when the caught value is destructured and cannot be rethrown as it is.
 */
export function insertGuard(
  context: Context,
  fixer: TSESLint.RuleFixer,
  handler: CancellationHandler,
): TSESLint.RuleFix[] | undefined {
  const name = guardedName(handler);
  if (name === undefined) return undefined;
  const { text, fixes } = referenceTo(context, fixer, 'isCancelled');
  const guard = `if (${text}(${name})) throw ${name};`;
  if (!handler.param) fixes.push(addParameter(context, fixer, handler.node, name));
  fixes.push(handler.body.type === AST_NODE_TYPES.BlockStatement
    ? prependToBlock(context, fixer, handler.body, guard)
    : blockFromConciseBody(context, fixer, handler.body, guard));
  return fixes;
}

/** The name the guard tests: the handler's parameter, or a fresh one when there is none. */
export function guardedName(handler: CancellationHandler): string | undefined {
  if (!handler.param) return freshName(handler.body);
  return handler.param.type === AST_NODE_TYPES.Identifier ? handler.param.name : undefined;
}

const FRESH_NAMES = ['error', 'err', 'caught'];

function freshName(body: TSESTree.Node): string {
  const used = new Set<string>();
  visit(body, (node) => {
    if (node.type === AST_NODE_TYPES.Identifier) used.add(node.name);
    return true;
  });
  for (let index = 0; ; index += 1) {
    const candidate = FRESH_NAMES[index] ?? `error${index - FRESH_NAMES.length + 1}`;
    if (!used.has(candidate)) return candidate;
  }
}

/** `catch {` becomes `catch (error) {`; `() =>` and `function ()` get `(error)`. */
function addParameter(context: Context, fixer: TSESLint.RuleFixer, node: TSESTree.Node, name: string): TSESLint.RuleFix {
  const sourceCode = context.sourceCode;
  if (node.type === AST_NODE_TYPES.CatchClause) return fixer.insertTextAfter(sourceCode.getFirstToken(node)!, ` (${name})`);
  const paren = sourceCode.getFirstToken(node, { filter: (token) => token.value === '(' })!;
  return fixer.insertTextAfter(paren, name);
}

/** Inserts `guard` after the `{`, on its own line (indented like the block's first line) when the block spans lines. */
function prependToBlock(context: Context, fixer: TSESLint.RuleFixer, block: TSESTree.BlockStatement, guard: string): TSESLint.RuleFix {
  const sourceCode = context.sourceCode;
  const open = sourceCode.getFirstToken(block)!;
  const first = block.body[0];
  if (block.loc.start.line === block.loc.end.line) return fixer.insertTextAfter(open, first ? ` ${guard}` : ` ${guard} `);
  const indent = first && first.loc.start.line !== open.loc.start.line
    ? indentOf(context, first.loc.start.line)
    : `${indentOf(context, block.loc.end.line)}  `;
  return fixer.insertTextAfter(open, `\n${indent}${guard}`);
}

function indentOf(context: Context, line: number): string {
  return /^\s*/.exec(context.sourceCode.lines[line - 1] ?? '')?.[0] ?? '';
}

/** `(e) => fallback(e)` becomes `(e) => { guard return fallback(e); }`. */
function blockFromConciseBody(context: Context, fixer: TSESLint.RuleFixer, body: TSESTree.Expression, guard: string): TSESLint.RuleFix {
  const sourceCode = context.sourceCode;
  const arrow = sourceCode.getTokenBefore(body, { filter: (token) => token.value === '=>' })!;
  const fn = body.parent;
  return fixer.replaceTextRange([arrow.range[1], fn.range[1]], ` { ${guard} return ${sourceCode.getText(body)}; }`);
}
