import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import * as ts from 'typescript';

import {
  blockBody,
  createRule,
  importedMember,
  isFunction,
  isGlobal,
  referenceTo,
  staticPropertyName,
  taskArguments,
  taskGroupMethod,
  typeInformation,
  usesCorral,
} from '../util/index.ts';

export type Options = [];
export type MessageId = 'missingSignal' | 'addSignal';

type Context = Readonly<TSESLint.RuleContext<MessageId, Options>>;

/** A call of an API that takes `{ signal }`, and where its options argument goes. */
interface SignalApi {
  name: string;
  /** The index of the options argument, or `'last'` for `pipeline(...streams, options?)`. */
  optionsAt: number | 'last';
}

/** The Node.js module exports that take `{ signal }`, by module, with their options' position. */
const MODULE_APIS: ReadonlyMap<string, ReadonlyMap<string, number | 'last'>> = new Map([
  ...['timers/promises', 'node:timers/promises'].map((module) => [module, new Map([['setTimeout', 2], ['setInterval', 2], ['setImmediate', 1]])] as const),
  ...['events', 'node:events'].map((module) => [module, new Map([['once', 2], ['on', 2]])] as const),
  ...['stream/promises', 'node:stream/promises'].map((module) => [module, new Map<string, number | 'last'>([['pipeline', 'last'], ['finished', 1]])] as const),
]);
const MODULES: ReadonlySet<string> = new Set(MODULE_APIS.keys());

export default createRule<Options, MessageId>({
  name: 'prefer-signal',
  meta: {
    type: 'suggestion',
    docs: {
      description: 'Pass `signal: currentSignal()` to APIs that accept an `AbortSignal` when they run inside a Corral cancel scope',
      recommended: 'strict',
    },
    hasSuggestions: true,
    messages: {
      missingSignal: '`{{name}}` accepts a `signal` but gets none: cancelling the surrounding scope cannot interrupt it, so it runs to completion first.',
      addSignal: 'Pass `signal: currentSignal()`.',
    },
    schema: [],
  },
  defaultOptions: [],
  create(context) {
    if (!usesCorral(context)) return {};
    // Types, when the project provides them, tell whether an options variable carries a signal.
    const services = typeInformation(context);

    return {
      CallExpression(node) {
        const api = signalApi(context, node);
        if (!api || node.arguments.some((argument) => argument.type === AST_NODE_TYPES.SpreadElement)) return;
        const options = optionsArgument(node, api);
        if (options !== undefined && !lacksSignal(options)) return;
        if (!inCancelScope(context, node)) return;
        context.report({
          node,
          messageId: 'missingSignal',
          data: { name: api.name },
          suggest: [{ messageId: 'addSignal', fix: (fixer) => addSignal(fixer, node, api, options) }],
        });
      },
    };

    /** An object literal without `signal` (and no spread), or a value whose type has no `signal`. */
    function lacksSignal(options: TSESTree.CallExpressionArgument): boolean {
      if (options.type === AST_NODE_TYPES.ObjectExpression) {
        return options.properties.every((property) => property.type === AST_NODE_TYPES.Property && propertyKey(property) !== 'signal');
      }
      if (!services) return false;
      const type = services.getTypeAtLocation(options);
      return type.getProperty('signal') === undefined && isPlainObject(type);
    }

    function* addSignal(fixer: TSESLint.RuleFixer, call: TSESTree.CallExpression, api: SignalApi, options: TSESTree.CallExpressionArgument | undefined): Generator<TSESLint.RuleFix> {
      const { text, fixes } = referenceTo(context, fixer, 'currentSignal');
      yield* fixes;
      const property = `signal: ${text}()`;
      if (options?.type === AST_NODE_TYPES.ObjectExpression) {
        const last = options.properties.at(-1);
        yield last ? fixer.insertTextAfter(last, `, ${property}`) : fixer.replaceText(options, `{ ${property} }`);
      } else if (options) {
        yield fixer.replaceText(options, `{ ...${context.sourceCode.getText(options)}, ${property} }`);
      } else {
        yield appendArguments(fixer, call, [...missingArguments(call, api), `{ ${property} }`]);
      }
    }

    function appendArguments(fixer: TSESLint.RuleFixer, call: TSESTree.CallExpression, added: string[]): TSESLint.RuleFix {
      const closing = context.sourceCode.getLastToken(call);
      const before = closing && context.sourceCode.getTokenBefore(closing);
      const separator = call.arguments.length === 0 ? '' : before?.value === ',' ? ' ' : ', ';
      return fixer.insertTextBefore(closing ?? call, `${separator}${added.join(', ')}`);
    }
  },
});

/** An object type that is not a union or a function: one whose properties are all known. */
function isPlainObject(type: ts.Type): boolean {
  return !type.isUnion() && (type.getFlags() & ts.TypeFlags.Object) !== 0 && type.getCallSignatures().length === 0;
}

/** `setTimeout(ms)` gets `undefined` for its value before the options. */
function missingArguments(call: TSESTree.CallExpression, api: SignalApi): string[] {
  const count = api.optionsAt === 'last' ? 0 : Math.max(0, api.optionsAt - call.arguments.length);
  return Array.from({ length: count }, () => 'undefined');
}

/** The options argument given to the call, if any (`pipeline`'s only when the last is an object literal). */
function optionsArgument(call: TSESTree.CallExpression, api: SignalApi): TSESTree.CallExpressionArgument | undefined {
  if (api.optionsAt !== 'last') return call.arguments[api.optionsAt];
  const last = call.arguments.at(-1);
  return last?.type === AST_NODE_TYPES.ObjectExpression ? last : undefined;
}

/** The global `fetch`, or an export of `timers/promises`, `events`, `stream/promises` that takes `{ signal }`. */
function signalApi(context: Context, call: TSESTree.CallExpression): SignalApi | undefined {
  const callee = call.callee;
  if (isGlobal(context, callee, 'fetch')) return { name: 'fetch', optionsAt: 1 };
  if (callee.type === AST_NODE_TYPES.MemberExpression && isGlobal(context, callee.object, 'globalThis') && staticPropertyName(callee) === 'fetch') {
    return { name: 'fetch', optionsAt: 1 };
  }
  const member = importedMember(context, callee, MODULES) ?? eventEmitterStatic(context, callee);
  const optionsAt = member && MODULE_APIS.get(member.module)?.get(member.name);
  return member && optionsAt !== undefined ? { name: member.name, optionsAt } : undefined;
}

/** `EventEmitter.once(…)` / `EventEmitter.on(…)` on the class imported by name from `events`. */
function eventEmitterStatic(context: Context, callee: TSESTree.Node): { module: string; name: string } | undefined {
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const owner = importedMember(context, callee.object, MODULES);
  const name = staticPropertyName(callee);
  return owner?.name === 'EventEmitter' && name !== undefined ? { module: owner.module, name } : undefined;
}

/**
 * True when `node` runs inside a Corral cancel scope that can be cancelled: the nearest enclosing
 * block body (`moveOnAfter`, `failAt`, `CancelScope.run`, `createTaskGroup`, a task started with
 * `tg.startSoon`/`tg.start`) decides; inside `shield` the signal would never abort.
 */
function inCancelScope(context: Context, node: TSESTree.Node): boolean {
  for (let current = node.parent; current; current = current.parent) {
    if (!isFunction(current) || current.parent?.type !== AST_NODE_TYPES.CallExpression) continue;
    const call = current.parent;
    const block = blockBody(context, call);
    if (block?.body === current) return !block.shielded;
    if (taskGroupMethod(context, call) && taskArguments(call).fn === current) return true;
  }
  return false;
}

function propertyKey(property: TSESTree.Property): string | undefined {
  if (!property.computed && property.key.type === AST_NODE_TYPES.Identifier) return property.key.name;
  return property.key.type === AST_NODE_TYPES.Literal ? String(property.key.value) : undefined;
}
