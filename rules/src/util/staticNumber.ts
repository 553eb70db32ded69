import { ASTUtils, AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { isGlobal } from './isGlobal.ts';

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

/** The constants of the global `Number` whose values a bound or a duration can be read from. */
const NUMBER_CONSTANTS: ReadonlyMap<string, number> = new Map([
  ['POSITIVE_INFINITY', Number.POSITIVE_INFINITY],
  ['NEGATIVE_INFINITY', Number.NEGATIVE_INFINITY],
  ['MAX_VALUE', Number.MAX_VALUE],
  ['MAX_SAFE_INTEGER', Number.MAX_SAFE_INTEGER],
]);

/** How many `const` indirections are followed: enough for `const DAY = 24 * HOUR`, never a cycle. */
const MAX_DEPTH = 8;

/**
 * The number `node` always evaluates to, when that can be seen without running the program:
 * numeric literals, the globals `Infinity` and `Number.POSITIVE_INFINITY` (and its siblings),
 * unary `+`/`-`, arithmetic on such values (`24 * 60 * 60 * 1000`), and `const` bindings whose
 * initialiser is one of these. Anything else (a call, a `let`, a shadowed `Infinity`) is undefined.
 */
export function staticNumber(context: Context, node: TSESTree.Node, depth = 0): number | undefined {
  if (depth > MAX_DEPTH) return undefined;
  switch (node.type) {
    case AST_NODE_TYPES.Literal:
      return typeof node.value === 'number' ? node.value : undefined;
    case AST_NODE_TYPES.Identifier:
      return identifierNumber(context, node, depth);
    case AST_NODE_TYPES.MemberExpression:
      return isGlobal(context, node.object, 'Number') && !node.computed && node.property.type === AST_NODE_TYPES.Identifier
        ? NUMBER_CONSTANTS.get(node.property.name)
        : undefined;
    case AST_NODE_TYPES.UnaryExpression:
      return unaryNumber(context, node, depth);
    case AST_NODE_TYPES.BinaryExpression:
      return binaryNumber(context, node, depth);
    case AST_NODE_TYPES.TSAsExpression:
    case AST_NODE_TYPES.TSSatisfiesExpression:
    case AST_NODE_TYPES.TSNonNullExpression:
    case AST_NODE_TYPES.TSTypeAssertion:
      return staticNumber(context, node.expression, depth);
    default:
      return undefined;
  }
}

function identifierNumber(context: Context, node: TSESTree.Identifier, depth: number): number | undefined {
  if (isGlobal(context, node, 'Infinity')) return Infinity;
  const variable = ASTUtils.findVariable(context.sourceCode.getScope(node), node);
  const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (definition?.type !== 'Variable' || definition.parent.kind !== 'const') return undefined;
  const init = definition.node.init;
  return definition.node.id.type === AST_NODE_TYPES.Identifier && init ? staticNumber(context, init, depth + 1) : undefined;
}

function unaryNumber(context: Context, node: TSESTree.UnaryExpression, depth: number): number | undefined {
  if (node.operator !== '-' && node.operator !== '+') return undefined;
  const value = staticNumber(context, node.argument, depth);
  if (value === undefined) return undefined;
  return node.operator === '-' ? -value : value;
}

function binaryNumber(context: Context, node: TSESTree.BinaryExpression, depth: number): number | undefined {
  if (node.left.type === AST_NODE_TYPES.PrivateIdentifier) return undefined;
  const left = staticNumber(context, node.left, depth);
  const right = left === undefined ? undefined : staticNumber(context, node.right, depth);
  if (left === undefined || right === undefined) return undefined;
  switch (node.operator) {
    case '+': return left + right;
    case '-': return left - right;
    case '*': return left * right;
    case '/': return left / right;
    case '%': return left % right;
    case '**': return left ** right;
    default: return undefined;
  }
}
