import { ASTUtils, AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { fileFacts, requiredModule, scanBindings, type ModuleExports } from './fileCache.ts';
import { existingReference, importReference } from './importReference.ts';

/** The module whose exports the rules recognise. */
export const CORRAL_MODULE = 'corral';

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

/**
 * The `corral` export that `node` refers to, or undefined when it is anything else.
 *
 * Recognised: `import { sleep } from 'corral'`, renamed (`import { sleep as nap }`), namespace
 * (`import * as corral` then `corral.sleep`), default-less CommonJS (`const { sleep } = require('corral')`,
 * `const c = require('corral')` then `c.sleep`). A user's own `sleep` is never the runtime's:
 * the identifier must resolve, through scope analysis, to one of those bindings.
 * Static members resolve to `Export.member`: `Queue.withMaxsize` gives `'Queue.withMaxsize'`.
 */
export function resolveCorralName(context: Context, node: TSESTree.Node): string | undefined {
  if (node.type === AST_NODE_TYPES.Identifier) {
    const binding = bindingOf(context, node);
    return binding?.kind === 'named' ? binding.name : undefined;
  }
  if (node.type === AST_NODE_TYPES.MemberExpression) {
    const property = staticPropertyName(node);
    if (property === undefined) return undefined;
    if (node.object.type === AST_NODE_TYPES.Identifier) {
      const binding = bindingOf(context, node.object);
      if (binding?.kind === 'namespace') return property;
      if (binding?.kind === 'named') return `${binding.name}.${property}`;
      return undefined;
    }
    const inner = resolveCorralName(context, node.object);
    return inner !== undefined && !inner.includes('.') ? `${inner}.${property}` : undefined;
  }
  if (node.type === AST_NODE_TYPES.ChainExpression) return resolveCorralName(context, node.expression);
  if (node.type === AST_NODE_TYPES.TSNonNullExpression || node.type === AST_NODE_TYPES.TSAsExpression) {
    return resolveCorralName(context, node.expression);
  }
  return undefined;
}

/** The `corral` export a call calls (`sleep(1)`, `corral.sleep(1)`, `Queue.withMaxsize(4)`), or undefined. */
export function corralCallee(context: Context, call: TSESTree.CallExpression | TSESTree.NewExpression): string | undefined {
  return resolveCorralName(context, call.callee);
}

/** True when `call` calls one of `names` from `corral`. */
export function isCorralCall(
  context: Context,
  node: TSESTree.Node,
  names: ReadonlySet<string> | readonly string[],
): node is TSESTree.CallExpression {
  if (node.type !== AST_NODE_TYPES.CallExpression) return false;
  const name = corralCallee(context, node);
  if (name === undefined) return false;
  return Array.isArray(names) ? names.includes(name) : (names as ReadonlySet<string>).has(name);
}

/** True when the file imports or requires `corral` at all: rules can skip files that do not. Computed once per file. */
export function usesCorral(context: Context): boolean {
  const facts = fileFacts(context);
  facts.usesCorral ??= importsOrRequiresCorral(context);
  return facts.usesCorral;
}

function importsOrRequiresCorral(context: Context): boolean {
  for (const statement of context.sourceCode.ast.body) {
    if (statement.type === AST_NODE_TYPES.ImportDeclaration && statement.source.value === CORRAL_MODULE) return true;
  }
  return context.sourceCode.text.includes(`require('${CORRAL_MODULE}')`)
    || context.sourceCode.text.includes(`require("${CORRAL_MODULE}")`);
}

const CORRAL_MODULES: ReadonlySet<string> = new Set([CORRAL_MODULE]);

/** The file's bindings of `corral`, found once per file: a superset of what `resolveCorralName` can resolve through. */
function corralBindings(context: Context): ModuleExports {
  const facts = fileFacts(context);
  facts.corralExports ??= scanBindings(context, CORRAL_MODULES);
  return facts.corralExports;
}

/**
 * False when no identifier of the file can resolve to a `corral` binding (the file neither imports
 * nor requires it under any name): then `resolveCorralName` and `localNameOf` find nothing in it,
 * and a rule that only reports what they find can skip the file. Unlike `usesCorral`, this is exact.
 */
export function mayReferenceCorral(context: Context): boolean {
  return corralBindings(context).locals.size > 0;
}

/**
 * False when `resolveCorralName` can give none of `exportNames` (nor a static member of one,
 * `Queue.withMaxsize` for `Queue`) anywhere in the file: it imports or requires neither those
 * names nor the whole module. A rule that reports only such references can skip the file.
 */
export function mayReferenceCorralExport(context: Context, exportNames: readonly string[]): boolean {
  const bindings = corralBindings(context);
  return bindings.whole || exportNames.some((name) => bindings.names.has(name));
}

/** How code of the file can already name `corral`'s `exportName` (for fixes that call it); see `existingReference`. */
export function localNameOf(context: Context, exportName: string): string | undefined {
  return existingReference(context, CORRAL_MODULES, exportName);
}

/**
 * The text to call `corral`'s `exportName` with, and the fixes that make it available: the
 * existing local name when there is one, otherwise an added import or `require` (see
 * `importReference`).
 */
export function referenceTo(
  context: Context,
  fixer: TSESLint.RuleFixer,
  exportName: string,
): { text: string; fixes: TSESLint.RuleFix[] } {
  return importReference(context, fixer, CORRAL_MODULE, exportName);
}

/** True when `identifier` names one of the file's bindings of `corral` (an import or `require` of it, named or whole). */
export function isCorralBinding(context: Context, identifier: TSESTree.Identifier): boolean {
  return bindingOf(context, identifier) !== undefined;
}

type Binding = { kind: 'named'; name: string } | { kind: 'namespace' };

function bindingOf(context: Context, identifier: TSESTree.Identifier): Binding | undefined {
  // Most identifiers a rule asks about are not named like any `corral` binding of the file: no scope lookup for those.
  const bindings = corralBindings(context);
  if (!bindings.locals.has(identifier.name)) return undefined;
  const unique = uniqueModuleBindings(context, bindings);
  if (unique.has(identifier.name)) return unique.get(identifier.name);
  return bindingOfVariable(ASTUtils.findVariable(context.sourceCode.getScope(identifier), identifier), identifier.name);
}

function bindingOfVariable(variable: TSESLint.Scope.Variable | null, name: string): Binding | undefined {
  const definition = variable?.defs[0];
  if (!definition) return undefined;
  if (definition.type === 'ImportBinding') {
    const declaration = definition.parent;
    if (declaration.type !== AST_NODE_TYPES.ImportDeclaration || declaration.source.value !== CORRAL_MODULE) return undefined;
    const specifier = definition.node;
    if (specifier.type === AST_NODE_TYPES.ImportNamespaceSpecifier) return { kind: 'namespace' };
    if (specifier.type === AST_NODE_TYPES.ImportSpecifier) return { kind: 'named', name: importedName(specifier) };
    return { kind: 'namespace' }; // a default import of an ESM/CJS interop namespace
  }
  if (definition.type === 'Variable' && definition.node.type === AST_NODE_TYPES.VariableDeclarator) {
    return requireBinding(definition.node, name);
  }
  return undefined;
}

/**
 * The bindings of the `corral` names that only the module scope declares in the file: every
 * identifier of the file with such a name resolves to that variable (no inner scope can shadow
 * it, and the module scope comes before the global one), so it needs no scope lookup. Names
 * declared anywhere else too (a parameter, a nested `require`) are left to the lookup.
 */
function uniqueModuleBindings(context: Context, bindings: ModuleExports): ReadonlyMap<string, Binding | undefined> {
  let unique = uniqueByFile.get(bindings);
  if (unique) return unique;
  unique = new Map();
  uniqueByFile.set(bindings, unique);
  const scopeManager = context.sourceCode.scopeManager;
  if (!scopeManager) return unique;
  if (!(bindings.locals instanceof Set)) return unique;
  for (const name of bindings.locals) {
    // The one scope below the global one that declares `name`, or null when several do.
    let only: TSESLint.Scope.Variable | null | undefined;
    for (const scope of scopeManager.scopes) {
      const variable = scope.type === 'global' ? undefined : scope.set.get(name);
      if (!variable) continue;
      only = only === undefined ? variable : null;
      if (only === null) break;
    }
    if (only?.scope.type === 'module') unique.set(name, bindingOfVariable(only, name));
  }
  return unique;
}

const uniqueByFile = new WeakMap<ModuleExports, Map<string, Binding | undefined>>();

/** `const c = require('corral')` and `const { sleep: nap } = require('corral')`. */
function requireBinding(declarator: TSESTree.VariableDeclarator, name: string): Binding | undefined {
  if (!declarator.init || requiredModule(declarator.init, CORRAL_MODULES) === undefined) return undefined;
  if (declarator.id.type === AST_NODE_TYPES.Identifier) return { kind: 'namespace' };
  if (declarator.id.type !== AST_NODE_TYPES.ObjectPattern) return undefined;
  for (const property of declarator.id.properties) {
    if (property.type !== AST_NODE_TYPES.Property) continue;
    const value = property.value.type === AST_NODE_TYPES.AssignmentPattern ? property.value.left : property.value;
    if (value.type === AST_NODE_TYPES.Identifier && value.name === name) {
      const key = property.key.type === AST_NODE_TYPES.Identifier ? property.key.name
        : property.key.type === AST_NODE_TYPES.Literal ? String(property.key.value) : undefined;
      return key === undefined ? undefined : { kind: 'named', name: key };
    }
  }
  return undefined;
}

function importedName(specifier: TSESTree.ImportSpecifier): string {
  return specifier.imported.type === AST_NODE_TYPES.Identifier ? specifier.imported.name : String(specifier.imported.value);
}

/** `a.b` and `a['b']` give `'b'`; computed non-literal access gives undefined. */
export function staticPropertyName(member: TSESTree.MemberExpression): string | undefined {
  if (!member.computed && member.property.type === AST_NODE_TYPES.Identifier) return member.property.name;
  if (member.computed && member.property.type === AST_NODE_TYPES.Literal && typeof member.property.value === 'string') {
    return member.property.value;
  }
  return undefined;
}
