import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { createRule, mayReferenceCorralExport, TASK_GROUP_EXPORTS, taskGroupMethod, type TaskGroupMethodCall } from '../util/index.ts';

export type Options = [];
export type MessageId = 'resourceOutlivesBlock';

export default createRule<Options, MessageId>({
  name: 'no-resource-outliving-task',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow passing a resource opened with `using` inside a task-group body to a task of that group',
      recommended: 'recommended',
    },
    messages: {
      resourceOutlivesBlock: '`{{resource}}` is disposed when its block ends, but the task given it by `{{group}}.{{method}}` can run on until the group ends: open the resource outside the task group, or inside the task.',
    },
    schema: [],
  },
  defaultOptions: [],
  create(context) {
    // Only a task group's start call can make a resource outlive its block.
    if (!mayReferenceCorralExport(context, TASK_GROUP_EXPORTS)) return {};
    return {
      VariableDeclaration(node) {
        if (node.kind !== 'using' && node.kind !== 'await using') return;
        for (const declarator of node.declarations) {
          for (const variable of context.sourceCode.getDeclaredVariables(declarator)) checkResource(node, variable);
        }
      },
    };

    /** Reports each use of the resource inside the arguments of a start call whose group outlives `declaration`. */
    function checkResource(declaration: TSESTree.VariableDeclaration, variable: TSESLint.Scope.Variable): void {
      for (const reference of variable.references) {
        if (reference.init) continue;
        const start = outlivingStart(reference.identifier, declaration);
        if (!start) continue;
        context.report({
          node: reference.identifier,
          messageId: 'resourceOutlivesBlock',
          data: { resource: variable.name, group: start.group.name, method: start.method },
        });
      }
    }

    /**
     * The `tg.start[Soon](…)` whose arguments contain `identifier`, when `tg` is a parameter of a
     * function enclosing the resource's declaration: the group was opened outside the resource's
     * block, so it waits for its tasks after the resource is gone.
     */
    function outlivingStart(identifier: TSESTree.Node, declaration: TSESTree.VariableDeclaration): TaskGroupMethodCall | undefined {
      for (let child = identifier, parent = identifier.parent; parent; child = parent, parent = parent.parent) {
        // Past the block holding the declaration: calls out here do not see the resource.
        if (contains(parent, declaration)) return undefined;
        if (parent.type !== AST_NODE_TYPES.CallExpression || !parent.arguments.includes(child as TSESTree.CallExpressionArgument)) continue;
        const start = taskGroupMethod(context, parent);
        if (start && contains(start.owner, declaration)) return start;
      }
      return undefined;
    }
  },
});

function contains(outer: TSESTree.Node, inner: TSESTree.Node): boolean {
  return outer.range[0] <= inner.range[0] && inner.range[1] <= outer.range[1];
}
