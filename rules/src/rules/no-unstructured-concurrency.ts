import type { ParserServicesWithTypeInformation, TSESLint, TSESTree } from '@typescript-eslint/utils';
import { ASTUtils, AST_NODE_TYPES } from '@typescript-eslint/utils';

import {
  corralCallee,
  createRule,
  enclosingFunction,
  importedMember,
  isFunction,
  isGlobal,
  isRuntimeCallee,
  isThenable,
  staticPropertyName,
  taskArguments,
  taskGroupMethod,
  typeInformation,
  usesCorral,
  visit,
} from '../util/index.ts';

export type Options = [];
export type MessageId = 'raceTimeout' | 'callbackTimer' | 'fireAndForget';

type Context = Readonly<TSESLint.RuleContext<MessageId, Options>>;

const TIMER_MODULES: ReadonlySet<string> = new Set(['timers', 'node:timers', 'timers/promises', 'node:timers/promises']);
const CALLBACK_TIMER_MODULES: ReadonlySet<string> = new Set(['timers', 'node:timers']);
const CALLBACK_TIMERS: ReadonlySet<string> = new Set(['setTimeout', 'setInterval']);

export default createRule<Options, MessageId>({
  name: 'no-unstructured-concurrency',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow timeouts, timers and fire-and-forget promises that escape task groups and cancel scopes',
      recommended: 'recommended-type-checked',
      requiresTypeChecking: true,
    },
    messages: {
      raceTimeout: '`Promise.race` against a timer leaves the losing side running after the timeout: use `moveOnAfter` (or `failAfter`), which cancels the work at the deadline.',
      callbackTimer: '`{{name}}` schedules a callback outside the task group: cancelling the group does not stop it and the group does not wait for it. Use `sleep`, or a task started with `tg.startSoon`.',
      fireAndForget: 'This promise runs detached from the task group: the group neither waits for it nor sees its error. Start it with `tg.startSoon` (or await it).',
    },
    schema: [],
  },
  defaultOptions: [],
  create(context) {
    const typed = typeInformation(context);
    if (!typed) return {};
    const services = typed; // for the function declarations below, where narrowing does not reach
    const checker = services.program.getTypeChecker();
    /** Functions that run in a task group: `createTaskGroup` bodies and the tasks started in one. */
    const groupFunctions = new Set<TSESTree.Node>();
    const timers: TSESTree.CallExpression[] = [];
    const dropped: TSESTree.ExpressionStatement[] = [];
    // The advice names Corral's helpers: a file that does not use Corral gets none of it.
    const inCorralFile = usesCorral(context);

    return {
      CallExpression(node) {
        if (inCorralFile && isRaceWithTimer(context, node)) context.report({ node, messageId: 'raceTimeout' });
        if (callbackTimerName(context, node)) timers.push(node);
        for (const fn of groupFunctionsOf(context, services, node)) groupFunctions.add(fn);
      },
      ExpressionStatement(node) {
        if (droppedCall(node.expression)) dropped.push(node);
      },
      'Program:exit'() {
        for (const timer of timers) {
          if (runsInGroup(timer)) context.report({ node: timer, messageId: 'callbackTimer', data: { name: callbackTimerName(context, timer) } });
        }
        for (const statement of dropped) {
          if (isFireAndForget(statement)) context.report({ node: statement, messageId: 'fireAndForget' });
        }
      },
    };

    /** True when some function around `node` runs in a task group. */
    function runsInGroup(node: TSESTree.Node): boolean {
      for (let current = node.parent; current; current = current.parent) {
        if (groupFunctions.has(current)) return true;
      }
      return false;
    }

    /** A dropped promise directly in a group function (nested callbacks run on their own terms). */
    function isFireAndForget(statement: TSESTree.ExpressionStatement): boolean {
      const call = droppedCall(statement.expression);
      if (!call || !groupFunctions.has(enclosingFunction(statement) ?? statement)) return false;
      // A runtime call's own promise is no-floating-runtime-call's to report.
      if (isRuntimeCallee(services, call.callee)) return false;
      return isThenable(checker, services.getTypeAtLocation(call));
    }
  },
});

/** `f()`, `obj?.f()`, `void f()` as a statement: the call whose result is dropped. */
function droppedCall(expression: TSESTree.Expression): TSESTree.CallExpression | undefined {
  let inner = expression;
  if (inner.type === AST_NODE_TYPES.UnaryExpression && inner.operator === 'void') inner = inner.argument;
  if (inner.type === AST_NODE_TYPES.ChainExpression) inner = inner.expression;
  return inner.type === AST_NODE_TYPES.CallExpression ? inner : undefined;
}

/** `Promise.race([work(), new Promise((_, reject) => setTimeout(reject, ms))])` and the like. */
function isRaceWithTimer(context: Context, call: TSESTree.CallExpression): boolean {
  const callee = call.callee;
  if (callee.type !== AST_NODE_TYPES.MemberExpression || staticPropertyName(callee) !== 'race') return false;
  if (!isGlobal(context, callee.object, 'Promise')) return false;
  const entries = call.arguments[0];
  if (entries?.type !== AST_NODE_TYPES.ArrayExpression) return false;
  return entries.elements.some((entry) => entry !== null && containsTimer(context, entry));
}

/** True when `root` starts a timer anywhere, nested callbacks included (a timeout's executor). */
function containsTimer(context: Context, root: TSESTree.Node): boolean {
  let found = false;
  visit(root, (node) => {
    if (found) return false;
    if (node.type === AST_NODE_TYPES.CallExpression && isTimerCall(context, node)) found = true;
    return !found;
  });
  return found;
}

function isTimerCall(context: Context, call: TSESTree.CallExpression): boolean {
  const runtime = corralCallee(context, call);
  if (runtime === 'sleep' || runtime === 'sleepUntil') return true;
  if (callbackTimerName(context, call) !== undefined) return true;
  const member = importedMember(context, call.callee, TIMER_MODULES);
  return member?.name === 'setTimeout';
}

/** `setTimeout`/`setInterval` taking a callback: the global, `globalThis.setTimeout`, or from `timers`. */
function callbackTimerName(context: Context, call: TSESTree.CallExpression): string | undefined {
  const callee = call.callee.type === AST_NODE_TYPES.ChainExpression ? call.callee.expression : call.callee;
  if (callee.type === AST_NODE_TYPES.Identifier && CALLBACK_TIMERS.has(callee.name) && isGlobal(context, callee, callee.name)) {
    return callee.name;
  }
  if (callee.type === AST_NODE_TYPES.MemberExpression && isGlobal(context, callee.object, 'globalThis')) {
    const name = staticPropertyName(callee);
    return name !== undefined && CALLBACK_TIMERS.has(name) ? name : undefined;
  }
  const member = importedMember(context, callee, CALLBACK_TIMER_MODULES);
  return member && CALLBACK_TIMERS.has(member.name) ? member.name : undefined;
}

/**
 * The functions that `call` makes run in a task group: the body of `createTaskGroup(body)`, the
 * task of `tg.startSoon(task)` / `tg.start(task)`, inline or named by a binding of this file.
 */
function groupFunctionsOf(context: Context, services: ParserServicesWithTypeInformation, call: TSESTree.CallExpression): TSESTree.Node[] {
  const callee = call.callee.type === AST_NODE_TYPES.ChainExpression ? call.callee.expression : call.callee;
  const name = callee.type === AST_NODE_TYPES.Identifier ? callee.name
    : callee.type === AST_NODE_TYPES.MemberExpression ? staticPropertyName(callee) : undefined;
  if (name !== 'createTaskGroup' && name !== 'startSoon' && name !== 'start') return [];
  const syntactic = name === 'createTaskGroup' ? corralCallee(context, call) === name : taskGroupMethod(context, call) !== undefined;
  if (!syntactic && !isRuntimeCallee(services, callee)) return [];
  const fn = name === 'createTaskGroup' ? call.arguments[0] : taskArguments(call).fn;
  const declared = fn ? functionOf(context, fn) : undefined;
  return declared ? [declared] : [];
}

/** The function an argument is or names (a function declaration or a `const` initialised with one). */
function functionOf(context: Context, node: TSESTree.Node): TSESTree.Node | undefined {
  if (isFunction(node)) return node;
  if (node.type !== AST_NODE_TYPES.Identifier) return undefined;
  const variable = ASTUtils.findVariable(context.sourceCode.getScope(node), node);
  const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (definition?.type === 'FunctionName') return definition.node;
  if (definition?.type === 'Variable' && definition.node.init && isFunction(definition.node.init)) return definition.node.init;
  return undefined;
}
