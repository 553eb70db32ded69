import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import type { CancellationHandler } from './cancellationHandler.ts';
import { constInitializer } from './constInitializer.ts';
import { resolveCorralName, staticPropertyName } from './corralReferences.ts';
import { isGlobal } from './isGlobal.ts';
import { isLoop, mayRunZeroTimes, runsForever, type Loop } from './isLoop.ts';
import { rejectedValue } from './rejectedValue.ts';

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

/** Where control leaves a handler: a statement, or the concise body of an arrow handler (its return value). */
export type HandlerExit =
  | TSESTree.ReturnStatement
  | TSESTree.ThrowStatement
  | TSESTree.BreakStatement
  | TSESTree.ContinueStatement
  | TSESTree.Expression;

/**
 * What `handlerFlow` reports as it follows the paths through a handler. `mayBeCancelled` is false
 * where the path runs only when the caught value is known not to be `Cancelled`
 * (after `if (isCancelled(e)) throw e`, inside `if (e instanceof HttpError)`).
 */
export interface HandlerFlowVisitor {
  /** Code run on a path: an expression, a declaration, or a statement the flow does not look into. */
  evaluate?(node: TSESTree.Node, mayBeCancelled: boolean): void;
  /** The header of a `for await` loop, a checkpoint of its own. */
  awaitLoop?(node: TSESTree.ForOfStatement, mayBeCancelled: boolean): void;
  /** `throw`, `return` or the concise body, or `break`/`continue` to a target outside the handler. */
  exit?(node: HandlerExit, mayBeCancelled: boolean, rethrows: boolean): void;
}

/** Completion of a statement (`normal`, `break:<label>`, `continue:<label>`) → may the value be `Cancelled` there. */
type Completions = Map<string, boolean>;

interface JumpTarget {
  labels: readonly string[];
  kind: 'loop' | 'switch' | 'label';
}

interface Flow {
  context: Context;
  visitor: HandlerFlowVisitor;
  /** The caught value's name; undefined when it is not bound to a plain identifier. */
  param: string | undefined;
  /** Names whose `throw` passes the caught value on: the handler's own and nested handlers' (their value may be it). */
  rethrowNames: Set<string>;
  targets: JumpTarget[];
  /** How many enclosing `try` blocks (inside the handler) have a `catch`: a `throw` there does not leave. */
  catching: number;
}

const NORMAL = 'normal';

/**
 * Follows every path through `handler`'s body with the knowledge of whether the caught value may
 * still be `Cancelled`, and tells `visitor` what each path evaluates and how it leaves. Returns true
 * when the end of the handler can be reached while the value may be `Cancelled` (it is swallowed).
 * Loops may run zero times unless they visibly cannot; a `finally` that never completes replaces
 * what its `try` did; unreachable code is not visited.
 */
export function handlerFlow(context: Context, handler: CancellationHandler, visitor: HandlerFlowVisitor): boolean {
  // Several rules follow the same handler: follow it once, and replay what it reported to each of them.
  let recorded = flows.get(handler.node);
  if (!recorded) {
    const events: FlowEvent[] = [];
    const swallows = followHandler(context, handler, {
      evaluate: (node, mayBeCancelled) => { events.push({ kind: 'evaluate', node, mayBeCancelled }); },
      awaitLoop: (node, mayBeCancelled) => { events.push({ kind: 'awaitLoop', node, mayBeCancelled }); },
      exit: (node, mayBeCancelled, rethrows) => { events.push({ kind: 'exit', node, mayBeCancelled, rethrows }); },
    });
    recorded = { events, swallows };
    flows.set(handler.node, recorded);
  }
  for (const event of recorded.events) {
    if (event.kind === 'evaluate') visitor.evaluate?.(event.node, event.mayBeCancelled);
    else if (event.kind === 'awaitLoop') visitor.awaitLoop?.(event.node, event.mayBeCancelled);
    else visitor.exit?.(event.node, event.mayBeCancelled, event.rethrows);
  }
  return recorded.swallows;
}

type FlowEvent =
  | { kind: 'evaluate'; node: TSESTree.Node; mayBeCancelled: boolean }
  | { kind: 'awaitLoop'; node: TSESTree.ForOfStatement; mayBeCancelled: boolean }
  | { kind: 'exit'; node: HandlerExit; mayBeCancelled: boolean; rethrows: boolean };

/** Each handler's flow, by its `catch` clause or function: it depends on nothing but the handler's code and file. */
const flows = new WeakMap<TSESTree.Node, { events: FlowEvent[]; swallows: boolean }>();

function followHandler(context: Context, handler: CancellationHandler, visitor: HandlerFlowVisitor): boolean {
  const param = handler.param?.type === AST_NODE_TYPES.Identifier ? handler.param.name : undefined;
  const flow: Flow = { context, visitor, param, rethrowNames: new Set(param ? [param] : []), targets: [], catching: 0 };
  const cancelled = handler.catchesCancelled;
  if (handler.body.type !== AST_NODE_TYPES.BlockStatement) {
    visitor.evaluate?.(handler.body, cancelled);
    visitor.exit?.(handler.body, cancelled, rejectsWithCaught(flow, handler.body));
    return false;
  }
  return statement(flow, handler.body, cancelled).get(NORMAL) === true;
}

function statement(flow: Flow, node: TSESTree.Statement, cancelled: boolean): Completions {
  switch (node.type) {
    case AST_NODE_TYPES.BlockStatement: return sequence(flow, node.body, cancelled);
    case AST_NODE_TYPES.IfStatement: return ifStatement(flow, node, cancelled);
    case AST_NODE_TYPES.ReturnStatement: return returnStatement(flow, node, cancelled);
    case AST_NODE_TYPES.ThrowStatement: return throwStatement(flow, node, cancelled);
    case AST_NODE_TYPES.BreakStatement:
    case AST_NODE_TYPES.ContinueStatement: return jump(flow, node, cancelled);
    case AST_NODE_TYPES.LabeledStatement: return labeled(flow, node, cancelled);
    case AST_NODE_TYPES.SwitchStatement: return switchStatement(flow, node, cancelled);
    case AST_NODE_TYPES.TryStatement: return tryStatement(flow, node, cancelled);
    case AST_NODE_TYPES.EmptyStatement: return only(NORMAL, cancelled);
    default:
      if (isLoop(node)) return loop(flow, node, cancelled, []);
      flow.visitor.evaluate?.(node, cancelled);
      return only(NORMAL, cancelled);
  }
}

/** Statements in order; once no path falls through, the rest is unreachable and not visited. */
function sequence(flow: Flow, statements: readonly TSESTree.Statement[], cancelled: boolean): Completions {
  const out: Completions = new Map();
  let state: boolean | undefined = cancelled;
  for (const node of statements) {
    if (state === undefined) break;
    const result = statement(flow, node, state);
    state = take(result, NORMAL);
    merge(out, result);
  }
  if (state !== undefined) add(out, NORMAL, state);
  return out;
}

function ifStatement(flow: Flow, node: TSESTree.IfStatement, cancelled: boolean): Completions {
  flow.visitor.evaluate?.(node.test, cancelled);
  const { whenTrue, whenFalse } = narrowing(flow, node.test);
  const out = statement(flow, node.consequent, cancelled && whenTrue);
  merge(out, node.alternate ? statement(flow, node.alternate, cancelled && whenFalse) : only(NORMAL, cancelled && whenFalse));
  return out;
}

function returnStatement(flow: Flow, node: TSESTree.ReturnStatement, cancelled: boolean): Completions {
  if (node.argument) flow.visitor.evaluate?.(node.argument, cancelled);
  flow.visitor.exit?.(node, cancelled, node.argument ? rejectsWithCaught(flow, node.argument) : false);
  return new Map();
}

function throwStatement(flow: Flow, node: TSESTree.ThrowStatement, cancelled: boolean): Completions {
  flow.visitor.evaluate?.(node.argument, cancelled);
  if (flow.catching > 0) return new Map(); // caught by a `catch` inside the handler, which is followed on its own
  const rethrows = node.argument.type === AST_NODE_TYPES.Identifier && flow.rethrowNames.has(node.argument.name);
  flow.visitor.exit?.(node, cancelled, rethrows);
  return new Map();
}

function jump(flow: Flow, node: TSESTree.BreakStatement | TSESTree.ContinueStatement, cancelled: boolean): Completions {
  const kind = node.type === AST_NODE_TYPES.BreakStatement ? 'break' : 'continue';
  const label = node.label?.name ?? '';
  const found = flow.targets.some((target) =>
    label !== '' ? target.labels.includes(label) && (kind === 'break' || target.kind === 'loop')
      : kind === 'break' ? target.kind !== 'label' : target.kind === 'loop');
  if (found) return only(`${kind}:${label}`, cancelled);
  flow.visitor.exit?.(node, cancelled, false);
  return new Map();
}

function labeled(flow: Flow, node: TSESTree.LabeledStatement, cancelled: boolean): Completions {
  const labels = [node.label.name];
  let body = node.body;
  while (body.type === AST_NODE_TYPES.LabeledStatement) {
    labels.push(body.label.name);
    body = body.body;
  }
  if (isLoop(body)) return loop(flow, body, cancelled, labels);
  flow.targets.push({ labels, kind: 'label' });
  const out = statement(flow, body, cancelled);
  flow.targets.pop();
  const broken = labels.reduce<boolean | undefined>((state, label) => or(state, take(out, `break:${label}`)), undefined);
  if (broken !== undefined) add(out, NORMAL, broken);
  return out;
}

/** A loop leaves by `break`, by its test failing after an iteration, or at once when it may run zero times. */
function loop(flow: Flow, node: Loop, cancelled: boolean, labels: readonly string[]): Completions {
  loopHeader(flow, node, cancelled);
  flow.targets.push({ labels, kind: 'loop' });
  const out = statement(flow, node.body, cancelled);
  flow.targets.pop();
  let again = take(out, NORMAL);
  let broken: boolean | undefined;
  for (const label of ['', ...labels]) {
    again = or(again, take(out, `continue:${label}`));
    broken = or(broken, take(out, `break:${label}`));
  }
  let after = broken;
  if (!runsForever(node)) after = or(or(after, again), mayRunZeroTimes(node) ? cancelled : undefined);
  if (after !== undefined) add(out, NORMAL, after);
  return out;
}

function loopHeader(flow: Flow, node: Loop, cancelled: boolean): void {
  const parts = node.type === AST_NODE_TYPES.ForStatement ? [node.init, node.test, node.update]
    : node.type === AST_NODE_TYPES.ForInStatement || node.type === AST_NODE_TYPES.ForOfStatement ? [node.left, node.right]
      : [node.test];
  for (const part of parts) if (part) flow.visitor.evaluate?.(part, cancelled);
  if (node.type === AST_NODE_TYPES.ForOfStatement && node.await) flow.visitor.awaitLoop?.(node, cancelled);
}

function switchStatement(flow: Flow, node: TSESTree.SwitchStatement, cancelled: boolean): Completions {
  flow.visitor.evaluate?.(node.discriminant, cancelled);
  flow.targets.push({ labels: [], kind: 'switch' });
  const out: Completions = new Map();
  let fallsThrough: boolean | undefined;
  for (const branch of node.cases) {
    if (branch.test) flow.visitor.evaluate?.(branch.test, cancelled);
    const result = sequence(flow, branch.consequent, or(fallsThrough, cancelled) ?? cancelled);
    fallsThrough = take(result, NORMAL);
    merge(out, result);
  }
  flow.targets.pop();
  const hasDefault = node.cases.some((branch) => branch.test === null);
  const after = or(or(fallsThrough, take(out, 'break:')), hasDefault ? undefined : cancelled);
  if (after !== undefined) add(out, NORMAL, after);
  return out;
}

/** A `catch` may run from any point of its block; a `finally` that cannot complete overrides both. */
function tryStatement(flow: Flow, node: TSESTree.TryStatement, cancelled: boolean): Completions {
  const catching = node.handler ? 1 : 0;
  flow.catching += catching;
  const out = statement(flow, node.block, cancelled);
  flow.catching -= catching;
  if (node.handler) merge(out, nestedHandler(flow, node.handler, cancelled));
  if (!node.finalizer) return out;
  const final = statement(flow, node.finalizer, cancelled);
  if (!final.has(NORMAL)) return final;
  take(final, NORMAL);
  merge(out, final);
  return out;
}

function nestedHandler(flow: Flow, clause: TSESTree.CatchClause, cancelled: boolean): Completions {
  const name = clause.param?.type === AST_NODE_TYPES.Identifier ? clause.param.name : undefined;
  const added = name !== undefined && !flow.rethrowNames.has(name);
  if (added) flow.rethrowNames.add(name);
  const out = statement(flow, clause.body, cancelled);
  if (added) flow.rethrowNames.delete(name);
  return out;
}

interface Narrowing {
  /** May the caught value be `Cancelled` when the test is true / false. */
  whenTrue: boolean;
  whenFalse: boolean;
}

/**
 * What a test tells about the caught value: `isCancelled(e)`, `e instanceof Cancelled` (or
 * `Error`, which every `Cancelled` is) and `e.name === 'Cancelled'` hold for it; `e instanceof
 * HttpError` and `e.name === 'AbortError'` do not. `!`, `&&` and `||` combine them.
 */
function narrowing(flow: Flow, test: TSESTree.Expression): Narrowing {
  if (test.type === AST_NODE_TYPES.UnaryExpression && test.operator === '!') {
    const inner = narrowing(flow, test.argument);
    return { whenTrue: inner.whenFalse, whenFalse: inner.whenTrue };
  }
  if (test.type === AST_NODE_TYPES.LogicalExpression && test.operator !== '??') {
    const left = narrowing(flow, test.left);
    const right = narrowing(flow, test.right);
    return test.operator === '&&'
      ? { whenTrue: left.whenTrue && right.whenTrue, whenFalse: left.whenFalse || (left.whenTrue && right.whenFalse) }
      : { whenTrue: left.whenTrue || (left.whenFalse && right.whenTrue), whenFalse: left.whenFalse && right.whenFalse };
  }
  const verdict = classify(flow, test);
  return { whenTrue: verdict !== 'other', whenFalse: verdict !== 'cancelled' };
}

/** `cancelled`: the test holds for every `Cancelled`; `other`: for none; undefined: it may go either way. */
function classify(flow: Flow, test: TSESTree.Expression): 'cancelled' | 'other' | undefined {
  if (test.type === AST_NODE_TYPES.CallExpression) {
    return resolveCorralName(flow.context, test.callee) === 'isCancelled' && isCaught(flow, test.arguments[0]) ? 'cancelled' : undefined;
  }
  if (test.type !== AST_NODE_TYPES.BinaryExpression) return undefined;
  if (test.operator === 'instanceof') return isCaught(flow, test.left) ? instanceOf(flow, test.right) : undefined;
  const negated = test.operator === '!==' || test.operator === '!=';
  if (!negated && test.operator !== '===' && test.operator !== '==') return undefined;
  const verdict = nameComparison(flow, test.left, test.right) ?? nameComparison(flow, test.right, test.left);
  if (verdict === undefined || !negated) return verdict;
  return verdict === 'cancelled' ? 'other' : 'cancelled';
}

function instanceOf(flow: Flow, right: TSESTree.Node): 'cancelled' | 'other' {
  // A class saved in a `const` first (`const C = getCancelledExcClass()`) is the one it was saved from.
  const saved = constInitializer(flow.context, right) ?? right;
  const target = saved.type === AST_NODE_TYPES.CallExpression ? saved.callee : saved;
  const name = resolveCorralName(flow.context, target);
  if (name === 'Cancelled' || name === 'getCancelledExcClass') return 'cancelled';
  return isGlobal(flow.context, right, 'Error') || isGlobal(flow.context, right, 'Object') ? 'cancelled' : 'other';
}

/** `e.name === 'Cancelled'` (`cancelled`), `e.name === 'SomethingElse'` (`other`). */
function nameComparison(flow: Flow, member: TSESTree.Node, value: TSESTree.Node): 'cancelled' | 'other' | undefined {
  const access = member.type === AST_NODE_TYPES.ChainExpression ? member.expression : member;
  if (access.type !== AST_NODE_TYPES.MemberExpression || staticPropertyName(access) !== 'name' || !isCaught(flow, access.object)) return undefined;
  if (value.type !== AST_NODE_TYPES.Literal || typeof value.value !== 'string') return undefined;
  return value.value === 'Cancelled' ? 'cancelled' : 'other';
}

function isCaught(flow: Flow, node: TSESTree.Node | undefined): boolean {
  return node?.type === AST_NODE_TYPES.Identifier && node.name === flow.param;
}

/** `Promise.reject(e)` returned from a handler passes the caught value on like `throw e`. */
function rejectsWithCaught(flow: Flow, value: TSESTree.Expression): boolean {
  const rejected = rejectedValue(flow.context, value);
  return rejected?.type === AST_NODE_TYPES.Identifier && flow.rethrowNames.has(rejected.name);
}

function only(key: string, cancelled: boolean): Completions {
  return new Map([[key, cancelled]]);
}

function add(out: Completions, key: string, cancelled: boolean): void {
  out.set(key, (out.get(key) ?? false) || cancelled);
}

function merge(out: Completions, more: Completions): void {
  for (const [key, cancelled] of more) add(out, key, cancelled);
}

/** Removes `key` from `out` and returns its state (undefined when no path completes that way). */
function take(out: Completions, key: string): boolean | undefined {
  const state = out.get(key);
  out.delete(key);
  return state;
}

function or(a: boolean | undefined, b: boolean | undefined): boolean | undefined {
  return a === undefined ? b : b === undefined ? a : a || b;
}
