import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { blockBody } from './blockBody.ts';
import { corralCallee } from './corralReferences.ts';
import { taskArguments } from './taskArguments.ts';
import { TASK_GROUP_EXPORTS, taskGroupMethod } from './taskGroupMethod.ts';

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

/** A place in a `corral` call where a function is expected, which Corral calls (as a task or a block body). */
export interface TaskSlot {
  /** What is called: `startSoon`, `start`, `gather`, `moveOnAfter`, `CancelScope.run`, … */
  api: string;
  node: TSESTree.CallExpressionArgument | TSESTree.Expression;
  /**
   * What Corral passes the function: `nothing` it must use (`startSoon` without extra arguments,
   * `gather`, `race`, `retry`'s attempt number, a block's scope), the `status` to call `started`
   * on (`start`), or `arguments` it needs (`boundedMap`'s item, `startSoon(fn, ...args)`'s args).
   */
  receives: 'nothing' | 'status' | 'arguments';
}

/** The `corral` functions taking task functions, beyond task groups and blocks; where they take them. */
const FUNCTION_TAKING: Readonly<Record<string, (call: TSESTree.CallExpression) => TaskSlot[]>> = {
  gather: (call) => each('gather', call.arguments),
  race: (call) => each('race', call.arguments),
  retry: (call) => (call.arguments[0] ? [{ api: 'retry', node: call.arguments[0], receives: 'nothing' }] : []),
  boundedMap: (call) => (call.arguments[1] ? [{ api: 'boundedMap', node: call.arguments[1], receives: 'arguments' }] : []),
  completionStream: (call) => {
    const list = call.arguments[0];
    return list?.type === AST_NODE_TYPES.ArrayExpression ? each('completionStream', list.elements) : [];
  },
};

/** The `corral` exports through which `taskSlots` finds something: a rule that only looks there can skip other files. */
export const TASK_SLOT_EXPORTS: readonly string[] = [
  ...Object.keys(FUNCTION_TAKING), ...TASK_GROUP_EXPORTS, 'moveOnAt', 'moveOnAfter', 'failAt', 'failAfter', 'shield', 'CancelScope',
];

/**
 * The arguments of `call` where Corral expects a function it will call: the task of
 * `tg.startSoon`/`tg.start`, each function of `gather`/`race`/`completionStream([…])`, the
 * function of `retry`/`boundedMap`, the body of a block (`moveOnAfter`, `shield`,
 * `createTaskGroup`, `scope.run`). Empty for every other call.
 */
export function taskSlots(context: Context, call: TSESTree.CallExpression): TaskSlot[] {
  const method = taskGroupMethod(context, call);
  if (method) {
    const { fn, args } = taskArguments(call);
    if (!fn) return [];
    return [{ api: method.method, node: fn, receives: method.method === 'start' ? 'status' : args.length > 0 ? 'arguments' : 'nothing' }];
  }
  const block = blockBody(context, call);
  if (block) return block.body ? [{ api: block.helper, node: block.body, receives: 'nothing' }] : [];
  const name = corralCallee(context, call);
  const slots = name === undefined ? undefined : FUNCTION_TAKING[name];
  return slots ? slots(call) : [];
}

function each(api: string, nodes: readonly (TSESTree.CallExpressionArgument | TSESTree.Expression | TSESTree.SpreadElement | null)[]): TaskSlot[] {
  return nodes.flatMap((node) => (node && node.type !== AST_NODE_TYPES.SpreadElement ? [{ api, node, receives: 'nothing' as const }] : []));
}
