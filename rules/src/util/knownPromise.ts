import { ASTUtils, AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { isFunction } from './checkpoints.ts';
import { corralCallee, staticPropertyName } from './corralReferences.ts';
import { isGlobal } from './isGlobal.ts';
import { isThenable } from './isThenable.ts';
import { typeInformation } from './typeInformation.ts';

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

/** The `corral` functions that return a promise. */
const CORRAL_PROMISES = new Set([
  'sleep', 'sleepUntil', 'sleepForever', 'checkpoint', 'cancellable', 'gather', 'race', 'boundedMap', 'retry',
  'moveOnAt', 'moveOnAfter', 'failAt', 'failAfter', 'shield', 'createTaskGroup',
]);
const PROMISE_STATICS = new Set(['all', 'allSettled', 'any', 'race', 'resolve', 'reject']);
const PROMISE_METHODS = new Set(['then', 'catch', 'finally']);

/**
 * True when `node` certainly evaluates to a promise (and not to a function): `new Promise(…)`,
 * `Promise.all(…)` and the other statics, `….then(…)`/`.catch`/`.finally`, `fetch(…)`, a `corral`
 * function that returns one (`sleep(…)`), or a call of an `async` function the file declares
 * (`async function f`, `const f = async () => …`). With type information, any expression whose
 * type is a thenable that cannot be called. A call of anything else may return a function.
 */
export function knownPromise(context: Context, node: TSESTree.Node): boolean {
  const expression = passedValue(node);
  if (expression.type === AST_NODE_TYPES.NewExpression) return isGlobal(context, expression.callee, 'Promise') || typedPromise(context, expression);
  if (expression.type !== AST_NODE_TYPES.CallExpression) return !isFunction(expression) && typedPromise(context, expression);
  return syntacticPromiseCall(context, expression) || typedPromise(context, expression);
}

function syntacticPromiseCall(context: Context, call: TSESTree.CallExpression): boolean {
  const callee = call.callee;
  if (callee.type === AST_NODE_TYPES.MemberExpression) {
    const method = staticPropertyName(callee);
    if (method !== undefined && PROMISE_METHODS.has(method)) return true;
    if (method !== undefined && PROMISE_STATICS.has(method) && isGlobal(context, callee.object, 'Promise')) return true;
  }
  const name = corralCallee(context, call);
  if (name !== undefined) return CORRAL_PROMISES.has(name);
  if (callee.type !== AST_NODE_TYPES.Identifier) return false;
  return isGlobal(context, callee, 'fetch') || declaredAsync(context, callee);
}

/** The file declares `identifier` as an `async` function (not a generator): a declaration, or a `const` bound to one. */
function declaredAsync(context: Context, identifier: TSESTree.Identifier): boolean {
  const variable = ASTUtils.findVariable(context.sourceCode.getScope(identifier), identifier);
  const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (!definition) return false;
  const declared = definition.type === 'FunctionName' ? definition.node
    : definition.type === 'Variable' && definition.parent.kind === 'const' ? definition.node.init : undefined;
  return declared !== undefined && declared !== null && isFunction(declared) && declared.async && !declared.generator;
}

function typedPromise(context: Context, node: TSESTree.Node): boolean {
  const services = typeInformation(context);
  if (!services) return false;
  const checker = services.program.getTypeChecker();
  const type = checker.getTypeAtLocation(services.esTreeNodeToTSNodeMap.get(node));
  return isThenable(checker, type) && type.getCallSignatures().length === 0;
}

/** What `node` passes on: `fetchUser(1)` for `fetchUser(1) as never`, `p!`, `a?.b()` (the call inside the chain). */
export function passedValue(node: TSESTree.Node): TSESTree.Node {
  let value = node;
  while (value.type === AST_NODE_TYPES.TSAsExpression || value.type === AST_NODE_TYPES.TSNonNullExpression
    || value.type === AST_NODE_TYPES.TSSatisfiesExpression || value.type === AST_NODE_TYPES.TSTypeAssertion) {
    value = value.expression;
  }
  return value.type === AST_NODE_TYPES.ChainExpression ? value.expression : value;
}
