import { ASTUtils, AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';

import {
  absoluteDeadline, corralCallee, createRule, DEADLINE_FIRST, isFunction, isGlobal, isPropertyName, shortText, mayReferenceCorralExport, referenceTo, staticPropertyName, TASK_GROUP_EXPORTS,
  taskGroupOwner, visit,
} from '../util/index.ts';

export type Options = [];
export type MessageId = 'wallClockDeadline';

/** The blocks whose body (second argument) receives its `CancelScope`. */
const SCOPE_BLOCKS = new Set(['moveOnAt', 'moveOnAfter', 'failAt', 'failAfter']);

/** What a file must reference for this rule to find a deadline: the functions above, `CancelScope`, a task group. */
const DEADLINE_EXPORTS: readonly string[] = [...DEADLINE_FIRST, ...SCOPE_BLOCKS, 'CancelScope', ...TASK_GROUP_EXPORTS];

/** How many `const` indirections are followed from a deadline to where it was computed. */
const MAX_DEPTH = 4;

/** A wall-clock read inside a deadline: `replace` is set when it reads "now" and `currentTime()` can take its place. */
interface WallClockRead {
  node: TSESTree.Node;
  replaceable: boolean;
}

export default createRule<Options, MessageId>({
  name: 'prefer-monotonic-deadline',
  meta: {
    type: 'problem',
    docs: {
      description: 'Build deadlines from `currentTime()`, not from the wall clock (`Date.now()`, `new Date()`)',
      recommended: 'recommended',
    },
    fixable: 'code',
    messages: {
      wallClockDeadline: 'Deadlines are on the monotonic `currentTime()` clock; `{{read}}` reads the wall clock, so this deadline is wrong (and moves when the system clock does). Use `currentTime()`.',
    },
    schema: [],
  },
  defaultOptions: [],
  create(context) {
    if (!mayReferenceCorralExport(context, DEADLINE_EXPORTS)) return {};
    const reported = new Set<TSESTree.Node>();
    return {
      'CallExpression, NewExpression'(node: TSESTree.CallExpression | TSESTree.NewExpression) {
        const found = absoluteDeadline(context, node);
        if (found) checkDeadline(found.deadline);
      },
      AssignmentExpression(node) {
        // `scope.deadline = …` moves a live scope's deadline: the same clock applies.
        const target = node.left;
        if (node.operator !== '=' || target.type !== AST_NODE_TYPES.MemberExpression || staticPropertyName(target) !== 'deadline') return;
        if (isCancelScope(target.object, 0)) checkDeadline(node.right);
      },
    };

    /** `new CancelScope(…)` (or a const bound to one), the scope a block passes its body, `tg.cancelScope`. */
    function isCancelScope(node: TSESTree.Node, depth: number): boolean {
      if (depth > MAX_DEPTH) return false;
      if (node.type === AST_NODE_TYPES.NewExpression) return corralCallee(context, node) === 'CancelScope';
      if (node.type === AST_NODE_TYPES.MemberExpression) {
        return staticPropertyName(node) === 'cancelScope' && node.object.type === AST_NODE_TYPES.Identifier
          && taskGroupOwner(context, node.object) !== undefined;
      }
      if (node.type !== AST_NODE_TYPES.Identifier) return false;
      const variable = ASTUtils.findVariable(context.sourceCode.getScope(node), node);
      const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
      if (definition?.type === 'Variable' && definition.parent.kind === 'const' && definition.node.init) {
        return isCancelScope(definition.node.init, depth + 1);
      }
      if (definition?.type !== 'Parameter' || !isFunction(definition.node) || definition.node.params[0] !== definition.name) return false;
      return receivesScope(definition.node, depth);
    }

    /** True when `fn` is the body of `moveOnAfter(…, fn)` and the like, or of `scope.run(fn)`. */
    function receivesScope(fn: TSESTree.FunctionLike, depth: number): boolean {
      const call = fn.parent;
      if (call?.type !== AST_NODE_TYPES.CallExpression) return false;
      const callee = corralCallee(context, call);
      if (callee !== undefined && SCOPE_BLOCKS.has(callee)) return call.arguments[1] === fn;
      return call.arguments[0] === fn && call.callee.type === AST_NODE_TYPES.MemberExpression
        && staticPropertyName(call.callee) === 'run' && isCancelScope(call.callee.object, depth + 1);
    }

    function checkDeadline(deadline: TSESTree.Node): void {
      for (const read of wallClockReads(deadline, 0)) {
        if (reported.has(read.node)) continue;
        reported.add(read.node);
        context.report({
          node: read.node,
          messageId: 'wallClockDeadline',
          data: { read: shortText(context, read.node) },
          fix: read.replaceable ? (fixer) => {
            const { text, fixes } = referenceTo(context, fixer, 'currentTime');
            return [...fixes, fixer.replaceText(read.node, `${text}()`)];
          } : null,
        });
      }
    }

    /** Every wall-clock read in `root`, following `const` bindings to their initialisers. */
    function wallClockReads(root: TSESTree.Node, depth: number): WallClockRead[] {
      const reads: WallClockRead[] = [];
      visit(root, (node) => {
        if (node !== root && isFunction(node)) return false;
        const read = wallClockRead(node);
        if (read) {
          reads.push(read);
          return false;
        }
        if (node.type === AST_NODE_TYPES.Identifier && depth < MAX_DEPTH) reads.push(...constReads(node, depth));
        return true;
      });
      return reads;
    }

    function constReads(identifier: TSESTree.Identifier, depth: number): WallClockRead[] {
      if (isPropertyName(identifier)) return [];
      const variable = ASTUtils.findVariable(context.sourceCode.getScope(identifier), identifier);
      const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
      if (definition?.type !== 'Variable' || definition.parent.kind !== 'const') return [];
      const { id, init } = definition.node;
      return id.type === AST_NODE_TYPES.Identifier && init ? wallClockReads(init, depth + 1) : [];
    }

    /** `Date.now()`, `new Date()` and what turns it into a number, `new Date(…)`, `Date.parse`/`Date.UTC`. */
    function wallClockRead(node: TSESTree.Node): WallClockRead | undefined {
      if (node.type === AST_NODE_TYPES.CallExpression && node.callee.type === AST_NODE_TYPES.MemberExpression
        && isGlobal(context, node.callee.object, 'Date')) {
        const method = staticPropertyName(node.callee);
        if (method === 'now') return { node, replaceable: true };
        if (method === 'parse' || method === 'UTC') return { node, replaceable: false };
      }
      if (node.type !== AST_NODE_TYPES.NewExpression || !isGlobal(context, node.callee, 'Date')) return undefined;
      if (node.arguments.length > 0) return { node, replaceable: false };
      const numeric = numericNow(node);
      return numeric ? { node: numeric, replaceable: true } : { node, replaceable: false };
    }
  },
});

/** The expression turning `new Date()` into "now" in ms (`new Date().getTime()`, `+new Date()`, `Number(new Date())`), if any. */
function numericNow(newDate: TSESTree.NewExpression): TSESTree.Node | undefined {
  const parent = newDate.parent;
  if (parent.type === AST_NODE_TYPES.UnaryExpression && parent.operator === '+') return parent;
  if (parent.type === AST_NODE_TYPES.CallExpression && parent.arguments.length === 1 && parent.arguments[0] === newDate
    && parent.callee.type === AST_NODE_TYPES.Identifier && parent.callee.name === 'Number') {
    return parent;
  }
  if (parent.type !== AST_NODE_TYPES.MemberExpression || parent.object !== newDate) return undefined;
  const method = staticPropertyName(parent);
  const call = parent.parent;
  const isCalled = call.type === AST_NODE_TYPES.CallExpression && call.callee === parent && call.arguments.length === 0;
  return isCalled && (method === 'getTime' || method === 'valueOf') ? call : undefined;
}
