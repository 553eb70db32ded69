import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';

import {
  absoluteDeadline, constInitializer, containsCheckpoint, corralCallee, createRule, enclosingFunction, isFunction, mayReferenceCorralExport,
  staticPropertyName, visit,
} from '../util/index.ts';

export type Options = [];
export type MessageId = 'delayedDeadline' | 'delayedScope';

/** The scopes an absolute deadline is for; `sleepUntil(deadline)` after other work is a fixed period, not a delay. */
const SCOPES = new Set(['moveOnAt', 'failAt', 'CancelScope']);

/** How many `const` indirections are followed from a deadline to its `currentTime()` read. */
const MAX_DEPTH = 3;

type Statement = TSESTree.ProgramStatement | TSESTree.Statement;

/** Statements that run none of their code where they stand. */
const DECLARATIONS = new Set<string>([AST_NODE_TYPES.FunctionDeclaration, AST_NODE_TYPES.ClassDeclaration, AST_NODE_TYPES.TSDeclareFunction]);

export default createRule<Options, MessageId>({
  name: 'no-delayed-scope-entry',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow a checkpoint between computing a deadline from `currentTime()` and starting the scope it is for',
      recommended: 'recommended',
    },
    messages: {
      delayedDeadline: 'This deadline starts counting here, but the scope it is for (`{{api}}`, line {{entry}}) starts only after the checkpoint on line {{checkpoint}}: what that waits for is taken out of the scope\'s time. Compute the deadline where the scope starts, or use the `…After` form.',
      delayedScope: 'This scope\'s deadline starts counting here, but the scope is entered (`run`, line {{entry}}) only after the checkpoint on line {{checkpoint}}: what that waits for is taken out of its time. Create the scope where it is entered.',
    },
    schema: [],
  },
  defaultOptions: [],
  create(context) {
    if (!mayReferenceCorralExport(context, ['currentTime'])) return {};
    return {
      VariableDeclarator(declarator) {
        if (declarator.id.type !== AST_NODE_TYPES.Identifier || !declarator.init || !readsClock(declarator.init, 0)) return;
        const isScope = declarator.init.type === AST_NODE_TYPES.NewExpression && corralCallee(context, declarator.init) === 'CancelScope';
        const entry = isScope ? firstRun(declarator) : firstScopeUse(declarator);
        if (!entry) return;
        const checkpoint = checkpointBetween(declarator, entry.node);
        if (!checkpoint) return;
        context.report({
          node: declarator,
          messageId: isScope || entry.api === 'CancelScope.run' ? 'delayedScope' : 'delayedDeadline',
          data: { api: entry.api, entry: String(entry.node.loc.start.line), checkpoint: String(checkpoint.loc.start.line) },
        });
      },
    };

    /** True when evaluating `node` reads `currentTime()`, directly or through `const`s. */
    function readsClock(node: TSESTree.Node, depth: number): boolean {
      let found = false;
      visit(node, (child) => {
        if (found || (child !== node && isFunction(child))) return false;
        if (child.type === AST_NODE_TYPES.CallExpression && corralCallee(context, child) === 'currentTime') found = true;
        else if (child.type === AST_NODE_TYPES.Identifier && depth < MAX_DEPTH) {
          const init = constInitializer(context, child);
          found = init !== undefined && readsClock(init, depth + 1);
        }
        return !found;
      });
      return found;
    }

    /** The first `scope.run(…)` of the scope `declarator` creates. */
    function firstRun(declarator: TSESTree.VariableDeclarator): { api: string; node: TSESTree.Node } | undefined {
      for (const reference of referencesOf(declarator)) {
        const member = reference.parent;
        if (member.type === AST_NODE_TYPES.MemberExpression && member.object === reference && staticPropertyName(member) === 'run'
          && member.parent.type === AST_NODE_TYPES.CallExpression && member.parent.callee === member) {
          return { api: 'CancelScope.run', node: member.parent };
        }
      }
      return undefined;
    }

    /** Where the deadline `declarator` computes is first given to a scope: `moveOnAt(d, …)`, `failAt`, a `CancelScope` (entered at its `run`). */
    function firstScopeUse(declarator: TSESTree.VariableDeclarator): { api: string; node: TSESTree.Node } | undefined {
      for (const reference of referencesOf(declarator)) {
        const user = deadlineUser(reference);
        if (!user) continue;
        if (user.api !== 'CancelScope') return { api: user.api, node: user.node };
        // A scope held in a `const` starts at its `run`; one written inline starts where it is written.
        const holder = user.node.parent;
        if (holder.type === AST_NODE_TYPES.VariableDeclarator && holder.init === user.node) return firstRun(holder);
        return { api: 'CancelScope', node: user.node };
      }
      return undefined;
    }

    /** The call or `new` that takes the expression containing `reference` as its absolute deadline, if a scope does. */
    function deadlineUser(reference: TSESTree.Identifier): { api: string; node: TSESTree.CallExpression | TSESTree.NewExpression } | undefined {
      for (let node: TSESTree.Node = reference; node.parent && !isFunction(node.parent); node = node.parent) {
        const parent = node.parent;
        if (parent.type !== AST_NODE_TYPES.CallExpression && parent.type !== AST_NODE_TYPES.NewExpression) continue;
        const found = absoluteDeadline(context, parent);
        if (!found) continue;
        const inside = found.deadline.range[0] <= reference.range[0] && reference.range[1] <= found.deadline.range[1];
        return inside && SCOPES.has(found.api) ? { api: found.api, node: parent } : undefined;
      }
      return undefined;
    }

    function referencesOf(declarator: TSESTree.VariableDeclarator): TSESTree.Identifier[] {
      const variable = context.sourceCode.getDeclaredVariables(declarator)[0];
      return (variable?.references ?? [])
        .filter((reference) => reference.isRead())
        .map((reference) => reference.identifier as TSESTree.Identifier)
        .sort((a, b) => a.range[0] - b.range[0]);
    }
  },
});

/**
 * A statement that certainly runs between `declarator` and `entry` and contains a checkpoint: a
 * statement before `entry` (or before a block holding it) in the same function, after the
 * declaration. Code in other branches, or an entry in another function (a task that runs later),
 * is not followed.
 */
function checkpointBetween(declarator: TSESTree.VariableDeclarator, entry: TSESTree.Node): TSESTree.Node | undefined {
  const fn = enclosingFunction(declarator);
  if (enclosingFunction(entry) !== fn) return undefined;
  for (let node: TSESTree.Node = entry; node.parent && node !== fn; node = node.parent) {
    const siblings = statementList(node.parent);
    if (!siblings) continue;
    const index = siblings.indexOf(node as Statement);
    for (let i = index - 1; i >= 0; i--) {
      const sibling = siblings[i]!;
      if (sibling.range[0] < declarator.range[1]) break;
      if (!DECLARATIONS.has(sibling.type) && containsCheckpoint(sibling)) return sibling;
    }
    if (node.parent.range[0] <= declarator.range[0]) break;
  }
  return undefined;
}

function statementList(node: TSESTree.Node): readonly Statement[] | undefined {
  if (node.type === AST_NODE_TYPES.BlockStatement || node.type === AST_NODE_TYPES.Program || node.type === AST_NODE_TYPES.StaticBlock) return node.body;
  return node.type === AST_NODE_TYPES.SwitchCase ? node.consequent : undefined;
}
