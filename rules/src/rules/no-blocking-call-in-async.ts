import { ASTUtils, AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import {
  createRule, existingReference, importedMember, importReference, isFunction, isGlobal, mayRequire, moduleBindingNames, staticPropertyName, type ImportedMember,
} from '../util/index.ts';

export type Options = [];
export type MessageId = 'blockingCall' | 'suggestPromiseApi';

const FS_MODULES: ReadonlySet<string> = new Set(['fs', 'node:fs']);
const CHILD_PROCESS_MODULES: ReadonlySet<string> = new Set(['child_process', 'node:child_process']);
/** Where the twins come from; a new import names the first. */
const PROMISES_MODULE = 'node:fs/promises';
const PROMISES_MODULES: ReadonlySet<string> = new Set([PROMISES_MODULE, 'fs/promises']);

/** `fs` functions whose `fs/promises` twin takes the same arguments and resolves to the same value. */
const PROMISE_TWINS: ReadonlySet<string> = new Set([
  'access', 'appendFile', 'chmod', 'chown', 'copyFile', 'cp', 'lchown', 'link', 'lstat', 'lutimes', 'mkdir', 'mkdtemp',
  'opendir', 'readFile', 'readdir', 'readlink', 'realpath', 'rename', 'rm', 'rmdir', 'stat', 'statfs', 'symlink',
  'truncate', 'unlink', 'utimes', 'writeFile',
]);

export default createRule<Options, MessageId>({
  name: 'no-blocking-call-in-async',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow blocking calls (`fs.*Sync`, `child_process.*Sync`, `Atomics.wait`) inside async functions',
      recommended: 'recommended',
    },
    hasSuggestions: true,
    messages: {
      blockingCall: '`{{name}}` blocks the event loop: every other task stops until it returns, and cancellation cannot reach it. Use the asynchronous API.',
      suggestPromiseApi: 'Use `await {{replacement}}(…)` from `fs/promises`.',
    },
    schema: [],
  },
  defaultOptions: [],
  create(context) {
    if (!mayCallBlocking(context)) return {};
    return {
      CallExpression(node) {
        if (!isDirectlyInAsyncFunction(node)) return;
        if (isAtomicsWait(node.callee)) {
          context.report({ node, messageId: 'blockingCall', data: { name: 'Atomics.wait' } });
          return;
        }
        const member = blockingMember(node.callee);
        if (!member) return;
        const twin = member.module.endsWith('fs') ? member.name.slice(0, -'Sync'.length) : undefined;
        const suggestible = twin !== undefined && PROMISE_TWINS.has(twin) && canAwaitHere(node)
          && (member.via.kind === 'namespace' || canNameTwin(node, twin));
        context.report({
          node,
          messageId: 'blockingCall',
          data: { name: `${member.module.replace('node:', '')}.${member.name}` },
          suggest: suggestible && twin !== undefined ? [{
            messageId: 'suggestPromiseApi',
            data: { replacement: twin },
            fix: (fixer) => awaitTwin(fixer, node, member, twin),
          }] : null,
        });
      },
    };

    // An imported twin must not clash with (or be shadowed by) a binding of the same name.
    function canNameTwin(node: TSESTree.Node, twin: string): boolean {
      return existingReference(context, PROMISES_MODULES, twin) !== undefined
        || ASTUtils.findVariable(context.sourceCode.getScope(node), twin) === null;
    }

    function isAtomicsWait(callee: TSESTree.Expression): boolean {
      return callee.type === AST_NODE_TYPES.MemberExpression && isGlobal(context, callee.object, 'Atomics')
        && staticPropertyName(callee) === 'wait';
    }

    function blockingMember(callee: TSESTree.Expression): ImportedMember | undefined {
      const member = importedMember(context, callee, FS_MODULES) ?? importedMember(context, callee, CHILD_PROCESS_MODULES);
      return member?.name.endsWith('Sync') ? member : undefined;
    }

    /** `fs.readFileSync(…)` becomes `await fs.promises.readFile(…)`; an imported `readFileSync` becomes `await readFile(…)` from `node:fs/promises`. */
    function* awaitTwin(fixer: TSESLint.RuleFixer, call: TSESTree.CallExpression, member: ImportedMember, twin: string): Generator<TSESLint.RuleFix> {
      if (member.via.kind === 'namespace') {
        yield fixer.replaceText(call.callee, `${context.sourceCode.getText(member.via.object)}.promises.${twin}`);
      } else {
        const { text, fixes } = importReference(context, fixer, PROMISES_MODULE, twin, [...PROMISES_MODULES]);
        yield* fixes;
        yield fixer.replaceText(call.callee, text);
      }
      const parenthesise = needsParentheses(call);
      yield fixer.insertTextBefore(call, parenthesise ? '(await ' : 'await ');
      if (parenthesise) yield fixer.insertTextAfter(call, ')');
    }
  },
});

/**
 * False when the file cannot make a blocking call this rule knows: it binds nothing from `fs` or
 * `child_process` and its text has neither `require` (for `require('fs').readFileSync`) nor
 * `Atomics` (`\u` stands for an escaped spelling of either).
 */
function mayCallBlocking(context: Readonly<TSESLint.RuleContext<MessageId, Options>>): boolean {
  if (moduleBindingNames(context, FS_MODULES).size > 0 || moduleBindingNames(context, CHILD_PROCESS_MODULES).size > 0) return true;
  return mayRequire(context) || context.sourceCode.text.includes('Atomics');
}

/** True when the innermost function around `node` is async (class fields and static blocks are their own code). */
function isDirectlyInAsyncFunction(node: TSESTree.Node): boolean {
  for (let current = node.parent; current; current = current.parent) {
    if (isFunction(current)) return current.async;
    if (current.type === AST_NODE_TYPES.PropertyDefinition || current.type === AST_NODE_TYPES.StaticBlock
      || current.type === AST_NODE_TYPES.AccessorProperty) {
      return false;
    }
  }
  return false;
}

/** `await` is not allowed in parameter defaults, and an optional call would need its chain rewritten. */
function canAwaitHere(call: TSESTree.CallExpression): boolean {
  if (call.optional || call.parent.type === AST_NODE_TYPES.ChainExpression) return false;
  for (let child: TSESTree.Node = call, parent: TSESTree.Node | undefined = call.parent; parent; child = parent, parent = parent.parent) {
    if (isFunction(parent)) return !parent.params.includes(child as TSESTree.Parameter);
  }
  return false;
}

/** `await x` binds looser than member access, calls and the left of `**`. */
function needsParentheses(call: TSESTree.CallExpression): boolean {
  const parent = call.parent;
  switch (parent.type) {
    case AST_NODE_TYPES.MemberExpression: return parent.object === call;
    case AST_NODE_TYPES.CallExpression:
    case AST_NODE_TYPES.NewExpression: return parent.callee === call;
    case AST_NODE_TYPES.TaggedTemplateExpression: return parent.tag === call;
    case AST_NODE_TYPES.BinaryExpression: return parent.operator === '**' && parent.left === call;
    default: return false;
  }
}
