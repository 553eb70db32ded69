import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';

import { createRule, enclosingFunction, isFunction, referenceTo, usesCorral, visit } from '../util/index.ts';

export type Options = [];
export type MessageId = 'noCheckpointInLoop' | 'addCheckpoint';

type Loop = TSESTree.WhileStatement | TSESTree.ForStatement | TSESTree.DoWhileStatement;

export default createRule<Options, MessageId>({
  name: 'require-checkpoint-in-loop',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require a checkpoint on every path through the body of an unbounded loop in an async function',
      recommended: 'strict',
    },
    hasSuggestions: true,
    messages: {
      noCheckpointInLoop: 'This loop never ends on its own and has a path through its body with no checkpoint: on that path it holds the event loop and cannot be cancelled.',
      addCheckpoint: 'Add `await checkpoint()` at the start of the loop body.',
    },
    schema: [],
  },
  defaultOptions: [],
  create(context) {
    if (!usesCorral(context)) return {};

    return {
      'WhileStatement, ForStatement, DoWhileStatement'(loop: Loop) {
        if (!isUnbounded(loop) || enclosingFunction(loop)?.async !== true) return;
        const label = loop.parent.type === AST_NODE_TYPES.LabeledStatement ? loop.parent.label.name : undefined;
        if (hasBreakOut(loop.body, label) || !hasUncheckedIteration(loop, label)) return;
        const keyword = context.sourceCode.getFirstToken(loop);
        context.report({
          node: loop,
          loc: keyword?.loc ?? loop.loc,
          messageId: 'noCheckpointInLoop',
          suggest: [{ messageId: 'addCheckpoint', fix: (fixer) => addCheckpoint(fixer, loop.body) }],
        });
      },
    };

    function* addCheckpoint(fixer: TSESLint.RuleFixer, body: TSESTree.Statement): Generator<TSESLint.RuleFix> {
      const { text, fixes } = referenceTo(context, fixer, 'checkpoint');
      yield* fixes;
      const statement = `await ${text}();`;
      if (body.type !== AST_NODE_TYPES.BlockStatement) {
        yield fixer.replaceText(body, `{ ${statement} ${context.sourceCode.getText(body)} }`);
        return;
      }
      const first = body.body[0];
      if (!first) {
        yield fixer.replaceText(body, `{ ${statement} }`);
        return;
      }
      const indent = context.sourceCode.lines[first.loc.start.line - 1]?.slice(0, first.loc.start.column) ?? '';
      const separator = /^\s*$/.test(indent) ? `\n${indent}` : ' ';
      yield fixer.insertTextBefore(first, `${statement}${separator}`);
    }
  },
});

/** `while (true)`, `for (;;)`, `do … while (1)`: loops whose condition never ends them. */
function isUnbounded(loop: Loop): boolean {
  if (loop.type === AST_NODE_TYPES.ForStatement) return loop.test === null || isAlwaysTrue(loop.test);
  return isAlwaysTrue(loop.test);
}

function isAlwaysTrue(test: TSESTree.Expression): boolean {
  if (test.type === AST_NODE_TYPES.Literal) return Boolean(test.value);
  return test.type === AST_NODE_TYPES.UnaryExpression && test.operator === '!'
    && test.argument.type === AST_NODE_TYPES.Literal && !test.argument.value;
}

/** True when some path goes round the loop (to its end or a `continue`) without a checkpoint. */
function hasUncheckedIteration(loop: Loop, label: string | undefined): boolean {
  if (loop.type === AST_NODE_TYPES.ForStatement && loop.update && alwaysCheckpoints(loop.update)) return false;
  const body = flow(loop.body);
  return body.end || body.jumps.some((jump) => jump.kind === 'continue' && targets(jump, label));
}

/**
 * A loop that a `break` leaves is bounded by that exit condition (`while (true) { const m = re.exec(s);
 * if (!m) break; … }`); as in flake8-async's ASYNC913, such loops are not reported.
 */
function hasBreakOut(body: TSESTree.Statement, label: string | undefined): boolean {
  let found = false;
  const walk = (node: TSESTree.Node, nested: boolean): boolean => {
    if (found || isFunction(node) || node.type === AST_NODE_TYPES.ClassBody) return false;
    if (node.type === AST_NODE_TYPES.BreakStatement) {
      found = node.label ? node.label.name === label : !nested;
      return false;
    }
    if (isBreakable(node) && node !== body) {
      visit(node, (child) => child === node || walk(child, true));
      return false;
    }
    return true;
  };
  visit(body, (node) => walk(node, false));
  return found;
}

function isBreakable(node: TSESTree.Node): boolean {
  return node.type === AST_NODE_TYPES.SwitchStatement || isLoop(node);
}

// ---------------------------------------------------------------------------------------------
// Paths without a checkpoint. `flow(statement)` assumes the statement is entered before any
// checkpoint and tells where such unchecked paths can go: past its end, or out through a jump.
// A path that returns or throws leaves the loop and is of no interest.

interface Jump {
  kind: 'break' | 'continue';
  label: string | undefined;
}

interface Flow {
  /** Some unchecked path reaches the end of the statement. */
  end: boolean;
  /** The `break`/`continue` statements some unchecked path reaches. */
  jumps: Jump[];
}

const CHECKED: Flow = { end: false, jumps: [] };
const OPEN: Flow = { end: true, jumps: [] };

function flow(statement: TSESTree.Statement): Flow {
  switch (statement.type) {
    case AST_NODE_TYPES.BlockStatement:
      return sequence(statement.body);
    case AST_NODE_TYPES.IfStatement:
      if (alwaysCheckpoints(statement.test)) return CHECKED;
      return merge(flow(statement.consequent), statement.alternate ? flow(statement.alternate) : OPEN);
    case AST_NODE_TYPES.BreakStatement:
    case AST_NODE_TYPES.ContinueStatement:
      return { end: false, jumps: [{ kind: statement.type === AST_NODE_TYPES.BreakStatement ? 'break' : 'continue', label: statement.label?.name }] };
    case AST_NODE_TYPES.ReturnStatement:
    case AST_NODE_TYPES.ThrowStatement:
      return CHECKED;
    case AST_NODE_TYPES.LabeledStatement:
      return labeledFlow(statement);
    case AST_NODE_TYPES.SwitchStatement:
      return switchFlow(statement);
    case AST_NODE_TYPES.TryStatement:
      return tryFlow(statement);
    default:
      return isLoop(statement) ? innerLoopFlow(statement, undefined) : alwaysCheckpoints(statement) ? CHECKED : OPEN;
  }
}

function sequence(statements: readonly TSESTree.Statement[]): Flow {
  const jumps: Jump[] = [];
  for (const statement of statements) {
    const result = flow(statement);
    jumps.push(...result.jumps);
    if (!result.end) return { end: false, jumps };
  }
  return { end: true, jumps };
}

function merge(a: Flow, b: Flow): Flow {
  return { end: a.end || b.end, jumps: [...a.jumps, ...b.jumps] };
}

function labeledFlow(statement: TSESTree.LabeledStatement): Flow {
  const label = statement.label.name;
  if (isLoop(statement.body)) return innerLoopFlow(statement.body, label);
  const body = flow(statement.body);
  const own = body.jumps.filter((jump) => jump.kind === 'break' && jump.label === label);
  return { end: body.end || own.length > 0, jumps: body.jumps.filter((jump) => !own.includes(jump)) };
}

type AnyLoop = Loop | TSESTree.ForInStatement | TSESTree.ForOfStatement;

function isLoop(node: TSESTree.Node): node is AnyLoop {
  return node.type === AST_NODE_TYPES.WhileStatement || node.type === AST_NODE_TYPES.DoWhileStatement
    || node.type === AST_NODE_TYPES.ForStatement || node.type === AST_NODE_TYPES.ForInStatement
    || node.type === AST_NODE_TYPES.ForOfStatement;
}

/** An inner loop on the path: its own jumps stay inside it; it may run zero times unless unbounded. */
function innerLoopFlow(loop: AnyLoop, label: string | undefined): Flow {
  if (loopHeadCheckpoints(loop)) return CHECKED;
  const body = flow(loop.body);
  const own = body.jumps.filter((jump) => targets(jump, label));
  const outer = body.jumps.filter((jump) => !own.includes(jump));
  const breaks = own.some((jump) => jump.kind === 'break');
  const repeats = body.end || own.some((jump) => jump.kind === 'continue');
  const end = isUnboundedLoop(loop) ? breaks
    : loop.type === AST_NODE_TYPES.DoWhileStatement ? breaks || (repeats && !alwaysCheckpoints(loop.test))
    : true;
  return { end, jumps: outer };
}

/** A head evaluated before the first iteration that checkpoints (`for await`, `while (await more())`). */
function loopHeadCheckpoints(loop: AnyLoop): boolean {
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

function isUnboundedLoop(loop: AnyLoop): boolean {
  return (loop.type === AST_NODE_TYPES.WhileStatement || loop.type === AST_NODE_TYPES.ForStatement
    || loop.type === AST_NODE_TYPES.DoWhileStatement) && isUnbounded(loop);
}

/** True when `jump` (unlabelled, or naming `label`) goes to the loop or switch being analysed. */
function targets(jump: Jump, label: string | undefined): boolean {
  return jump.label === undefined || jump.label === label;
}

/** Cases are entered straight from the discriminant; unlabelled `break`s end the switch. */
function switchFlow(statement: TSESTree.SwitchStatement): Flow {
  if (alwaysCheckpoints(statement.discriminant)) return CHECKED;
  const cases = statement.cases.map((switchCase) => sequence(switchCase.consequent));
  const jumps = cases.flatMap((result) => result.jumps);
  const own = jumps.filter((jump) => jump.kind === 'break' && jump.label === undefined);
  const hasDefault = statement.cases.some((switchCase) => switchCase.test === null);
  const end = !hasDefault || own.length > 0 || (cases.at(-1)?.end ?? true);
  return { end, jumps: jumps.filter((jump) => !own.includes(jump)) };
}

/**
 * The handler can be entered before the block's first checkpoint, unless the block starts with
 * one (`try { await q.get() … } catch`). A `finally` that always checkpoints covers every path.
 */
function tryFlow(statement: TSESTree.TryStatement): Flow {
  const block = flow(statement.block);
  const first = statement.block.body[0];
  const handlerEntryChecked = first !== undefined && alwaysCheckpoints(first);
  const handler = !statement.handler ? { end: false, jumps: [] } : handlerEntryChecked ? CHECKED : flow(statement.handler.body);
  const body = merge(block, handler);
  if (!statement.finalizer) return body;
  const finalizer = flow(statement.finalizer);
  if (!finalizer.end) return { end: false, jumps: finalizer.jumps };
  return { end: body.end, jumps: [...body.jumps, ...finalizer.jumps] };
}

/**
 * True when evaluating `root` always reaches a checkpoint: an `await`, an `await using`, a `yield`
 * of an async generator (the consumer runs in between). Code that may be skipped (the right of
 * `&&`/`||`/`??`, one branch of `?:`) and nested functions do not count.
 */
function alwaysCheckpoints(root: TSESTree.Node): boolean {
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
