import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import {
  commentsInside, createRule, knownPromise, mayReferenceCorralExport, referenceTo, shortText, taskArguments, taskGroupBody, taskGroupMethod, type TaskGroupMethodCall,
} from '../util/index.ts';

export type Options = [];
export type MessageId = 'uselessTaskGroup' | 'suggestDirectCall';

/** Callees that need no parentheses before `(…)`. */
const PLAIN_CALLEES = new Set<string>([AST_NODE_TYPES.Identifier, AST_NODE_TYPES.MemberExpression, AST_NODE_TYPES.ThisExpression]);

export default createRule<Options, MessageId>({
  name: 'no-useless-task-group',
  meta: {
    type: 'suggestion',
    docs: {
      description: 'Disallow task groups whose body only starts one task',
      recommended: 'recommended',
    },
    hasSuggestions: true,
    messages: {
      uselessTaskGroup: 'This task group only starts `{{task}}` and does nothing else: the group adds nothing but an `ExceptionGroup` around its errors. Call the function directly.',
      suggestDirectCall: 'Call `{{task}}` directly instead of through a task group.',
    },
    schema: [],
  },
  defaultOptions: [],
  create(context) {
    if (!mayReferenceCorralExport(context, ['createTaskGroup'])) return {};
    return {
      CallExpression(node) {
        const body = taskGroupBody(context, node);
        const start = body && onlyStatement(body);
        const method = start && taskGroupMethod(context, start);
        if (!body || !start || method?.owner !== body || groupIsUsedElsewhere(body)) return;
        const { fn } = taskArguments(start);
        // A promise passed as the task is no-promise-as-task's: "call it directly" would be wrong advice.
        if (fn && knownPromise(context, fn)) return;
        context.report({
          node,
          messageId: 'uselessTaskGroup',
          data: { task: fn ? shortText(context, fn) : 'a task' },
          suggest: fn ? [{ messageId: 'suggestDirectCall', data: { task: shortText(context, fn) }, fix: (fixer) => directCall(fixer, node, start, method) }] : null,
        });
      },
    };

    /** True when the group is referenced anywhere but as the object of the one start call. */
    function groupIsUsedElsewhere(body: TSESTree.FunctionLike): boolean {
      const group = body.params[0];
      const variable = context.sourceCode.getDeclaredVariables(body).find((candidate) => candidate.defs.some((def) => def.name === group));
      return !variable || variable.references.length !== 1;
    }

    /** `fn(...args)` in place of the whole group (`start` gets `TASK_STATUS_IGNORED` for its status). */
    function* directCall(fixer: TSESLint.RuleFixer, group: TSESTree.CallExpression, start: TSESTree.CallExpression, method: TaskGroupMethodCall): Generator<TSESLint.RuleFix> {
      const { fn, args } = taskArguments(start);
      if (!fn) return;
      const argumentTexts = args.map((arg) => context.sourceCode.getText(arg));
      if (method.method === 'start') {
        const { text, fixes } = referenceTo(context, fixer, 'TASK_STATUS_IGNORED');
        yield* fixes;
        argumentTexts.push(text);
      }
      const fnText = PLAIN_CALLEES.has(fn.type) ? context.sourceCode.getText(fn) : `(${context.sourceCode.getText(fn)})`;
      const comments = commentsInside(context, group, [fn, ...args]);
      yield fixer.replaceText(group, `${comments ? `${comments} ` : ''}${fnText}(${argumentTexts.join(', ')})`);
    }
  },
});

/** The one call the body consists of: `tg.startSoon(…)`, `await tg.start(…)`, `return …`, or an arrow's expression body. */
function onlyStatement(body: TSESTree.FunctionLike): TSESTree.CallExpression | undefined {
  const block = body.body;
  if (!block) return undefined;
  if (block.type !== AST_NODE_TYPES.BlockStatement) return callOf(block);
  if (block.body.length !== 1) return undefined;
  const statement = block.body[0];
  if (statement?.type === AST_NODE_TYPES.ExpressionStatement) return callOf(statement.expression);
  if (statement?.type === AST_NODE_TYPES.ReturnStatement && statement.argument) return callOf(statement.argument);
  return undefined;
}

function callOf(expression: TSESTree.Expression): TSESTree.CallExpression | undefined {
  const inner = expression.type === AST_NODE_TYPES.AwaitExpression ? expression.argument : expression;
  const unwrapped = inner.type === AST_NODE_TYPES.ChainExpression ? inner.expression : inner;
  return unwrapped.type === AST_NODE_TYPES.CallExpression ? unwrapped : undefined;
}
