import { ASTUtils, AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import * as ts from 'typescript';

import { isThenable } from './isThenable.ts';
import { typeInformation } from './typeInformation.ts';

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

/** How many local variables are followed from a returned name to the values written to it. */
const MAX_DEPTH = 4;

/**
 * Could `node`, returned from the function `fn`, evaluate to a promise (which the caller then
 * waits for, and whose work runs as part of the call)? Literals, operators and
 * function expressions cannot; nor can a variable local to `fn` whose every written value cannot
 * (`let total = 0; … total += x; return total`). With type information, a value whose type has no
 * `then` cannot either (`return rows.map(format)` on an array).
 */
export function mayBePromise(context: Context, fn: TSESTree.FunctionLike, node: TSESTree.Expression, depth = 0): boolean {
  if (!syntaxMayBePromise(context, fn, node, depth)) return false;
  const services = typeInformation(context);
  if (!services) return true;
  const checker = services.program.getTypeChecker();
  const type = checker.getTypeAtLocation(services.esTreeNodeToTSNodeMap.get(node));
  return (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.TypeParameter)) !== 0 || isThenable(checker, type);
}

function syntaxMayBePromise(context: Context, fn: TSESTree.FunctionLike, node: TSESTree.Expression, depth: number): boolean {
  switch (node.type) {
    case AST_NODE_TYPES.Identifier: return node.name !== 'undefined' && localMayBePromise(context, fn, node, depth);
    case AST_NODE_TYPES.CallExpression:
    case AST_NODE_TYPES.NewExpression:
    case AST_NODE_TYPES.MemberExpression:
    case AST_NODE_TYPES.ChainExpression:
    case AST_NODE_TYPES.TaggedTemplateExpression:
    case AST_NODE_TYPES.AwaitExpression:
    case AST_NODE_TYPES.ThisExpression: return true;
    case AST_NODE_TYPES.ConditionalExpression: return mayBePromise(context, fn, node.consequent, depth) || mayBePromise(context, fn, node.alternate, depth);
    case AST_NODE_TYPES.LogicalExpression: return mayBePromise(context, fn, node.left, depth) || mayBePromise(context, fn, node.right, depth);
    case AST_NODE_TYPES.SequenceExpression: return node.expressions.length > 0 && mayBePromise(context, fn, node.expressions.at(-1)!, depth);
    case AST_NODE_TYPES.AssignmentExpression: return writtenMayBePromise(context, fn, node, depth);
    case AST_NODE_TYPES.TSAsExpression:
    case AST_NODE_TYPES.TSNonNullExpression:
    case AST_NODE_TYPES.TSSatisfiesExpression:
    case AST_NODE_TYPES.TSTypeAssertion: return mayBePromise(context, fn, node.expression, depth);
    default: return false;
  }
}

/**
 * A variable declared in `fn` (not a parameter, not a loop's or a destructuring's) holds a promise
 * only if a value written to it may be one. Variables from outside may hold anything.
 */
function localMayBePromise(context: Context, fn: TSESTree.FunctionLike, identifier: TSESTree.Identifier, depth: number): boolean {
  if (depth >= MAX_DEPTH) return true;
  const variable = ASTUtils.findVariable(context.sourceCode.getScope(identifier), identifier);
  if (!variable || variable.defs.length === 0) return true;
  for (const definition of variable.defs) {
    const declarator = definition.node;
    if (definition.type !== 'Variable' || declarator.type !== AST_NODE_TYPES.VariableDeclarator || declarator.id.type !== AST_NODE_TYPES.Identifier) return true;
    if (!fn.body || declarator.range[0] < fn.body.range[0] || declarator.range[1] > fn.body.range[1]) return true;
    const head = definition.parent.parent;
    if (head.type === AST_NODE_TYPES.ForOfStatement || head.type === AST_NODE_TYPES.ForInStatement) return true;
  }
  return variable.references.some((reference) => {
    if (!reference.isWrite()) return false;
    const parent = reference.identifier.parent;
    if (parent.type === AST_NODE_TYPES.VariableDeclarator) return parent.init !== null && mayBePromise(context, fn, parent.init, depth + 1);
    if (parent.type === AST_NODE_TYPES.UpdateExpression) return false;
    if (parent.type === AST_NODE_TYPES.AssignmentExpression && parent.left === reference.identifier) return writtenMayBePromise(context, fn, parent, depth + 1);
    return true; // a destructuring target, or some other write
  });
}

/** `x = v` gives `v`; `x ||= v` gives `x` or `v`; arithmetic (`x += v`) gives a number or string. */
function writtenMayBePromise(context: Context, fn: TSESTree.FunctionLike, assignment: TSESTree.AssignmentExpression, depth: number): boolean {
  if (assignment.operator === '=') return mayBePromise(context, fn, assignment.right, depth);
  if (assignment.operator === '&&=' || assignment.operator === '||=' || assignment.operator === '??=') return true;
  return false;
}
