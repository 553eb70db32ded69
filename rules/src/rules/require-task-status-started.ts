import { ASTUtils, AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import {
  createRule, isCorralType, isFunction, mayReferenceCorralExport, parameterType, resolveCorralName, taskArguments,
  TASK_GROUP_EXPORTS, taskGroupMethod,
} from '../util/index.ts';

export type Options = [];
export type MessageId = 'startedNeverCalled';

export default createRule<Options, MessageId>({
  name: 'require-task-status-started',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require tasks run with `tg.start` (or taking a `TaskStatus`) to call `started()`',
      recommended: 'recommended',
    },
    messages: {
      startedNeverCalled: '{{name}} never calls `{{status}}.started()`: `tg.start` waits for that call, so it rejects when the task ends (or hangs until then).',
    },
    schema: [],
  },
  defaultOptions: [],
  create(context) {
    const checked = new Set<TSESTree.Node>();
    const listeners: TSESLint.RuleListener = {};
    // Each listener only finds what the file can reference: a task group, or the `TaskStatus` type (or `TASK_STATUS_IGNORED`).
    if (mayReferenceCorralExport(context, TASK_GROUP_EXPORTS)) {
      listeners.CallExpression = (node) => {
        if (taskGroupMethod(context, node)?.method !== 'start') return;
        const { fn, args } = taskArguments(node);
        const task = fn && functionOf(fn);
        // `tg.start(fn, ...args)` calls `fn(...args, status)`: the status comes after the arguments.
        if (task && !args.some((arg) => arg.type === AST_NODE_TYPES.SpreadElement)) check(task, args.length);
      };
    }
    if (mayReferenceCorralExport(context, STATUS_EXPORTS)) {
      listeners['FunctionDeclaration, FunctionExpression, ArrowFunctionExpression'] = (node: TSESTree.FunctionLike) => {
        if (node.params.length === 0) return;
        const index = node.params.findIndex((param) => isStatusParameter(param));
        if (index >= 0 && !isStub(node)) check(node, index);
      };
    }
    return listeners;

    function check(fn: TSESTree.FunctionLike, index: number): void {
      if (checked.has(fn)) return;
      checked.add(fn);
      const param = fn.params[index];
      if (fn.params.slice(0, index).some((earlier) => earlier.type === AST_NODE_TYPES.RestElement)) return;
      if (param && callsStarted(fn, param) !== false) return;
      context.report({
        node: fn,
        loc: ASTUtils.getFunctionHeadLocation(fn as TSESTree.FunctionDeclaration, context.sourceCode),
        messageId: 'startedNeverCalled',
        data: { name: functionName(fn), status: (param && statusName(param)?.name) ?? 'taskStatus' },
      });
    }

    /** False when `param` is never used to call `started()`; undefined when that cannot be told (a rest or nested pattern). */
    function callsStarted(fn: TSESTree.FunctionLike, param: TSESTree.Parameter): boolean | undefined {
      const target = param.type === AST_NODE_TYPES.AssignmentPattern ? param.left : param;
      if (target.type === AST_NODE_TYPES.Identifier) {
        return referencesOf(fn, target).some((reference) => isStartedCall(reference.identifier));
      }
      if (target.type !== AST_NODE_TYPES.ObjectPattern) return undefined;
      const started = startedBinding(target);
      if (started === undefined) return target.properties.some((property) => property.type === AST_NODE_TYPES.RestElement) ? undefined : false;
      return referencesOf(fn, started).some((reference) => isCalled(reference.identifier));
    }

    function referencesOf(fn: TSESTree.FunctionLike, name: TSESTree.Identifier): TSESLint.Scope.Reference[] {
      const variable = context.sourceCode.getDeclaredVariables(fn).find((candidate) => candidate.identifiers.includes(name));
      return variable ? [...variable.references] : [];
    }

    function isStatusParameter(param: TSESTree.Parameter): boolean {
      if (isCorralType(context, parameterType(param), 'TaskStatus')) return true;
      return param.type === AST_NODE_TYPES.AssignmentPattern && resolveCorralName(context, param.right) === 'TASK_STATUS_IGNORED';
    }

    /** The function `node` evaluates to: inline, a function declaration, or a `const` bound to one. */
    function functionOf(node: TSESTree.Node): TSESTree.FunctionLike | undefined {
      if (isFunction(node)) return node;
      if (node.type !== AST_NODE_TYPES.Identifier) return undefined;
      const variable = ASTUtils.findVariable(context.sourceCode.getScope(node), node);
      const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
      if (definition?.type === 'FunctionName' && definition.node.type === AST_NODE_TYPES.FunctionDeclaration) return definition.node;
      if (definition?.type !== 'Variable' || definition.parent.kind !== 'const') return undefined;
      const init = definition.node.init;
      return init && isFunction(init) ? init : undefined;
    }

    function functionName(fn: TSESTree.FunctionLike): string {
      const name = ASTUtils.getFunctionNameWithKind(fn as TSESTree.FunctionDeclaration, context.sourceCode);
      return name.charAt(0).toUpperCase() + name.slice(1);
    }
  },
});

/** The `corral` exports a status parameter is recognised by. */
const STATUS_EXPORTS: readonly string[] = ['TaskStatus', 'TASK_STATUS_IGNORED'];

/** `status.started(…)` or `status?.started(…)` with `status` the given reference. */
function isStartedCall(identifier: TSESTree.Identifier | TSESTree.JSXIdentifier): boolean {
  const member = identifier.parent;
  if (member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== identifier) return false;
  const isStarted = member.computed
    ? member.property.type === AST_NODE_TYPES.Literal && member.property.value === 'started'
    : member.property.type === AST_NODE_TYPES.Identifier && member.property.name === 'started';
  return isStarted && isCalled(member);
}

/** True when `node` is the callee of a call (looking through an optional chain). */
function isCalled(node: TSESTree.Node): boolean {
  const parent = node.parent;
  return parent?.type === AST_NODE_TYPES.CallExpression && parent.callee === node;
}

/** The local binding of `started` in a destructured status (`{ started }`, `{ started: go }`). */
function startedBinding(pattern: TSESTree.ObjectPattern): TSESTree.Identifier | undefined {
  for (const property of pattern.properties) {
    if (property.type !== AST_NODE_TYPES.Property || property.computed) continue;
    const key = property.key.type === AST_NODE_TYPES.Identifier ? property.key.name : String(property.key.value);
    const value = property.value.type === AST_NODE_TYPES.AssignmentPattern ? property.value.left : property.value;
    if (key === 'started' && value.type === AST_NODE_TYPES.Identifier) return value;
  }
  return undefined;
}

/** The status parameter's own name, without its type annotation or default. */
function statusName(param: TSESTree.Parameter): TSESTree.Identifier | undefined {
  const target = param.type === AST_NODE_TYPES.AssignmentPattern ? param.left : param;
  return target.type === AST_NODE_TYPES.Identifier ? target : undefined;
}

/** A body that only declares a shape (empty, or only throws): interfaces, abstract stand-ins, overload helpers. */
function isStub(fn: TSESTree.FunctionLike): boolean {
  const body = fn.body;
  if (!body) return true;
  if (body.type !== AST_NODE_TYPES.BlockStatement) return false;
  return body.body.every((statement) => statement.type === AST_NODE_TYPES.ThrowStatement
    || (statement.type === AST_NODE_TYPES.ExpressionStatement && statement.directive !== undefined));
}
