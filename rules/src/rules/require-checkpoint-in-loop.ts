import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';

import {
  alwaysCheckpoints, createRule, enclosingFunction, isFunction, isLoop, referenceTo, runsForever, separatorBefore, targets, uncheckedPaths, usesCorral, visit,
} from '../util/index.ts';

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
        if (!runsForever(loop) || enclosingFunction(loop)?.async !== true) return;
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
      yield fixer.insertTextBefore(first, `${statement}${separatorBefore(context, first)}`);
    }
  },
});

/** True when some path goes round the loop (to its end or a `continue`) without a checkpoint. */
function hasUncheckedIteration(loop: Loop, label: string | undefined): boolean {
  if (loop.type === AST_NODE_TYPES.ForStatement && loop.update && alwaysCheckpoints(loop.update)) return false;
  const body = uncheckedPaths(loop.body);
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
