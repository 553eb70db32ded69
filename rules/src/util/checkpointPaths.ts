import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';

import { isFunction, visit } from './checkpoints.ts';
import { nodeMemo } from './fileCache.ts';
import { isLoop, mayRunZeroTimes, runsForever, type Loop } from './isLoop.ts';

// Paths without a checkpoint. `uncheckedPaths(statement)` assumes the statement is entered before
// any checkpoint and tells where such unchecked paths can go: past its end, out through a jump,
// or out of the function through a `return`. A path that throws needs no checkpoint.

export interface Jump {
  kind: 'break' | 'continue';
  label: string | undefined;
}

export interface UncheckedPaths {
  /** Some unchecked path reaches the end of the statement. */
  end: boolean;
  /** The `break`/`continue` statements some unchecked path reaches. */
  jumps: Jump[];
  /** The `return` statements some unchecked path reaches (their value does not checkpoint either). */
  returns: TSESTree.ReturnStatement[];
}

const CHECKED: UncheckedPaths = { end: false, jumps: [], returns: [] };
const OPEN: UncheckedPaths = { end: true, jumps: [], returns: [] };

export function uncheckedPaths(statement: TSESTree.Statement): UncheckedPaths {
  switch (statement.type) {
    case AST_NODE_TYPES.BlockStatement:
      return sequence(statement.body);
    case AST_NODE_TYPES.IfStatement:
      if (alwaysCheckpoints(statement.test)) return CHECKED;
      return merge(uncheckedPaths(statement.consequent), statement.alternate ? uncheckedPaths(statement.alternate) : OPEN);
    case AST_NODE_TYPES.BreakStatement:
    case AST_NODE_TYPES.ContinueStatement:
      return { end: false, jumps: [{ kind: statement.type === AST_NODE_TYPES.BreakStatement ? 'break' : 'continue', label: statement.label?.name }], returns: [] };
    case AST_NODE_TYPES.ReturnStatement:
      return statement.argument && alwaysCheckpoints(statement.argument) ? CHECKED : { end: false, jumps: [], returns: [statement] };
    case AST_NODE_TYPES.ThrowStatement:
      return CHECKED;
    case AST_NODE_TYPES.LabeledStatement:
      return labeledPaths(statement);
    case AST_NODE_TYPES.SwitchStatement:
      return switchPaths(statement);
    case AST_NODE_TYPES.TryStatement:
      return tryPaths(statement);
    // Declarations run nothing: a function's or class's body runs when called or constructed.
    case AST_NODE_TYPES.FunctionDeclaration:
    case AST_NODE_TYPES.TSDeclareFunction:
    case AST_NODE_TYPES.TSInterfaceDeclaration:
    case AST_NODE_TYPES.TSTypeAliasDeclaration:
      return OPEN;
    default:
      return isLoop(statement) ? innerLoopPaths(statement, undefined) : alwaysCheckpoints(statement) ? CHECKED : OPEN;
  }
}

function sequence(statements: readonly TSESTree.Statement[]): UncheckedPaths {
  const jumps: Jump[] = [];
  const returns: TSESTree.ReturnStatement[] = [];
  for (const statement of statements) {
    const result = uncheckedPaths(statement);
    jumps.push(...result.jumps);
    returns.push(...result.returns);
    if (!result.end) return { end: false, jumps, returns };
  }
  return { end: true, jumps, returns };
}

function merge(a: UncheckedPaths, b: UncheckedPaths): UncheckedPaths {
  return { end: a.end || b.end, jumps: [...a.jumps, ...b.jumps], returns: [...a.returns, ...b.returns] };
}

function labeledPaths(statement: TSESTree.LabeledStatement): UncheckedPaths {
  const label = statement.label.name;
  if (isLoop(statement.body)) return innerLoopPaths(statement.body, label);
  const body = uncheckedPaths(statement.body);
  const own = body.jumps.filter((jump) => jump.kind === 'break' && jump.label === label);
  return { end: body.end || own.length > 0, jumps: body.jumps.filter((jump) => !own.includes(jump)), returns: body.returns };
}

/**
 * A loop on the path: its own jumps stay inside it. After it, unchecked: a `break` of an unchecked
 * path, or (unless it runs forever) an unchecked last iteration, or not running at all when it
 * may run zero times (a `for`/`while` with a condition; not `do … while` nor `for (… of [a, b])`).
 */
export function innerLoopPaths(loop: Loop, label: string | undefined): UncheckedPaths {
  if (loopHeadCheckpoints(loop)) return CHECKED;
  const body = uncheckedPaths(loop.body);
  const own = body.jumps.filter((jump) => targets(jump, label));
  const outer = body.jumps.filter((jump) => !own.includes(jump));
  const breaks = own.some((jump) => jump.kind === 'break');
  const repeats = body.end || own.some((jump) => jump.kind === 'continue');
  const lastIteration = repeats && !(loop.type === AST_NODE_TYPES.DoWhileStatement && alwaysCheckpoints(loop.test));
  const end = runsForever(loop) ? breaks : breaks || lastIteration || mayRunZeroTimes(loop);
  return { end, jumps: outer, returns: body.returns };
}

/** A head evaluated before the first iteration that checkpoints (`for await`, `while (await more())`). */
function loopHeadCheckpoints(loop: Loop): boolean {
  switch (loop.type) {
    case AST_NODE_TYPES.ForOfStatement:
      return loop.await || alwaysCheckpoints(loop.right);
    case AST_NODE_TYPES.ForInStatement:
      return alwaysCheckpoints(loop.right);
    case AST_NODE_TYPES.WhileStatement:
      return alwaysCheckpoints(loop.test);
    case AST_NODE_TYPES.ForStatement:
      return (loop.init !== null && alwaysCheckpoints(loop.init)) || (loop.test !== null && alwaysCheckpoints(loop.test));
    default:
      return false;
  }
}

/** True when `jump` (unlabelled, or naming `label`) goes to the loop or switch being analysed. */
export function targets(jump: Jump, label: string | undefined): boolean {
  return jump.label === undefined || jump.label === label;
}

/** Cases are entered straight from the discriminant; unlabelled `break`s end the switch. */
function switchPaths(statement: TSESTree.SwitchStatement): UncheckedPaths {
  if (alwaysCheckpoints(statement.discriminant)) return CHECKED;
  const cases = statement.cases.map((switchCase) => sequence(switchCase.consequent));
  const jumps = cases.flatMap((result) => result.jumps);
  const own = jumps.filter((jump) => jump.kind === 'break' && jump.label === undefined);
  const hasDefault = statement.cases.some((switchCase) => switchCase.test === null);
  const end = !hasDefault || own.length > 0 || (cases.at(-1)?.end ?? true);
  return { end, jumps: jumps.filter((jump) => !own.includes(jump)), returns: cases.flatMap((result) => result.returns) };
}

/**
 * The handler can be entered before the block's first checkpoint, unless the block starts with
 * one (`try { await q.get() … } catch`). A `finally` that always checkpoints covers every path
 * (the `return`s of the block and handler pass through it).
 */
function tryPaths(statement: TSESTree.TryStatement): UncheckedPaths {
  const block = uncheckedPaths(statement.block);
  const first = statement.block.body[0];
  const handlerEntryChecked = first !== undefined && alwaysCheckpoints(first);
  const handler = !statement.handler || handlerEntryChecked ? CHECKED : uncheckedPaths(statement.handler.body);
  const body = merge(block, handler);
  if (!statement.finalizer) return body;
  const finalizer = uncheckedPaths(statement.finalizer);
  if (!finalizer.end) return { end: false, jumps: finalizer.jumps, returns: finalizer.returns };
  return { end: body.end, jumps: [...body.jumps, ...finalizer.jumps], returns: [...body.returns, ...finalizer.returns] };
}

/**
 * True when evaluating `root` always reaches a checkpoint: an `await`, an `await using`, a `yield`
 * of an async generator (the consumer runs in between). Code that may be skipped (the right of
 * `&&`/`||`/`??`, one branch of `?:`) and nested functions do not count.
 */
export function alwaysCheckpoints(root: TSESTree.Node): boolean {
  // The paths of nested statements ask this of the same nodes again: walk each subtree once.
  return alwaysMemo.get(root, () => walkAlwaysCheckpoints(root));
}

const alwaysMemo = nodeMemo<boolean>();

function walkAlwaysCheckpoints(root: TSESTree.Node): boolean {
  let found = false;
  visit(root, (node) => {
    if (found || (node !== root && (isFunction(node) || node.type === AST_NODE_TYPES.ClassBody))) return false;
    const partly = conditionalCheckpoint(node);
    if (partly !== undefined) {
      found = partly;
      return false;
    }
    found = node.type === AST_NODE_TYPES.AwaitExpression || node.type === AST_NODE_TYPES.YieldExpression
      || (node.type === AST_NODE_TYPES.VariableDeclaration && node.kind === 'await using');
    return !found;
  });
  return found;
}

/** For expressions with parts that may not run, whether the parts that always run checkpoint. */
function conditionalCheckpoint(node: TSESTree.Node): boolean | undefined {
  switch (node.type) {
    case AST_NODE_TYPES.LogicalExpression:
      return alwaysCheckpoints(node.left);
    case AST_NODE_TYPES.AssignmentExpression:
      return ['&&=', '||=', '??='].includes(node.operator) ? alwaysCheckpoints(node.left) : undefined;
    case AST_NODE_TYPES.ConditionalExpression:
      return alwaysCheckpoints(node.test) || (alwaysCheckpoints(node.consequent) && alwaysCheckpoints(node.alternate));
    default:
      return undefined;
  }
}
