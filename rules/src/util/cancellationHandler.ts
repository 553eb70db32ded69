import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';

import { containsCheckpoint, isFunction } from './checkpoints.ts';
import { staticPropertyName } from './corralReferences.ts';

/** A piece of code that can receive `Cancelled` as the value it caught. */
export interface CancellationHandler {
  /** The `catch` clause, or the function passed to `.catch` / `.then(_, onRejected)`. */
  node: TSESTree.CatchClause | TSESTree.FunctionLike;
  /** What binds the caught value: an identifier, a destructuring pattern, or nothing (`catch {`, `() =>`). */
  param: TSESTree.Node | undefined;
  /** The handler's code: a block, or the expression of an arrow function's concise body. */
  body: TSESTree.BlockStatement | TSESTree.Expression;
  /**
   * False for a `catch` around synchronous code: what it caught is certainly not `Cancelled`
   * (nothing there can raise it). `cancellationHandler` gives only handlers where this is true.
   */
  catchesCancelled: boolean;
}

/**
 * The handler that `node` is, when it can observe `Cancelled`: a `catch` clause whose `try`
 * block contains a checkpoint (around synchronous code nothing can raise `Cancelled`), or the
 * inline rejection handler of `.catch(h)` / `.then(f, h)` when `node` is that call.
 */
export function cancellationHandler(node: TSESTree.Node): CancellationHandler | undefined {
  const handler = anyHandler(node);
  return handler?.catchesCancelled ? handler : undefined;
}

/** Like `cancellationHandler`, but also a `catch` around synchronous code (with `catchesCancelled` false). */
export function anyHandler(node: TSESTree.Node): CancellationHandler | undefined {
  if (node.type === AST_NODE_TYPES.CatchClause) {
    const catchesCancelled = containsCheckpoint(node.parent.block);
    return { node, param: node.param ?? undefined, body: node.body, catchesCancelled };
  }
  const fn = rejectionHandlerOf(node);
  return fn?.body ? { node: fn, param: fn.params[0], body: fn.body, catchesCancelled: true } : undefined;
}

/**
 * The inline function given to `p.catch(h)` or `p.then(f, h)` (optional calls included). Calls with
 * another number of arguments, or on a capitalised name (`Effect.catch(f)`, a static method of a
 * class or namespace), are not a promise's.
 */
export function rejectionHandlerOf(node: TSESTree.Node): TSESTree.FunctionLike | undefined {
  if (node.type !== AST_NODE_TYPES.CallExpression || node.callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const method = staticPropertyName(node.callee);
  const count = node.arguments.length;
  const handler = method === 'catch' && count === 1 ? node.arguments[0] : method === 'then' && count === 2 ? node.arguments[1] : undefined;
  if (!handler || !isFunction(handler)) return undefined;
  const object = node.callee.object;
  return object.type === AST_NODE_TYPES.Identifier && /^[A-Z]/.test(object.name) ? undefined : handler;
}
