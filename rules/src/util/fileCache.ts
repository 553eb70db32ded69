import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

/**
 * Facts about one file, computed once and shared by every rule that lints it: ESLint gives all
 * rules of a file the same `SourceCode`, whose AST and scopes do not change while they run (a fix
 * pass parses anew and so gets a new `SourceCode`, and a fresh entry).
 */
interface FileFacts {
  usesCorral?: boolean;
  /** What the file's `corral` bindings can name (see `corralExports`). */
  corralExports?: ModuleExports;
  /** Whether the text has `require` (or a `\u` escape, which could spell it). */
  mayRequire?: boolean;
  /** Per set of module names: the names the file may bind to one of them (see `moduleBindingNames`). */
  bindingNames: Map<ReadonlySet<string>, ReadonlySet<string>>;
}

const facts = new WeakMap<object, FileFacts>();
// Rules ask about the file being linted many times in a row: remember the last one without a lookup.
let lastSourceCode: object | undefined;
let lastFacts: FileFacts | undefined;

export function fileFacts(context: Context): FileFacts {
  const sourceCode = context.sourceCode;
  if (sourceCode === lastSourceCode && lastFacts) return lastFacts;
  let found = facts.get(sourceCode);
  if (!found) {
    found = { bindingNames: new Map() };
    facts.set(sourceCode, found);
  }
  lastSourceCode = sourceCode;
  lastFacts = found;
  return found;
}

/**
 * A superset of the names that the file binds, in any scope, to one of `modules`: the local
 * names of its `import … from` those modules, and the names declared by a `const … = require(m)`
 * of one of them. An identifier whose name is not among them cannot resolve to such a binding (a
 * variable is found by its name), so a rule can skip the scope lookup for it; for a name that is
 * among them the lookup still decides, since another binding of the same name may shadow it.
 * `modules` must be a long-lived set: the answer is cached per file by its identity.
 */
export function moduleBindingNames(context: Context, modules: ReadonlySet<string>): ReadonlySet<string> {
  const cache = fileFacts(context).bindingNames;
  let names = cache.get(modules);
  if (!names) {
    names = scanBindings(context, modules).locals;
    cache.set(modules, names);
  }
  return names;
}

/** False when the file cannot call `require`: its text has neither `require` nor a `\u` escape (which could spell it). */
export function mayRequire(context: Context): boolean {
  const facts = fileFacts(context);
  facts.mayRequire ??= context.sourceCode.text.includes('require') || context.sourceCode.text.includes('\\u');
  return facts.mayRequire;
}

/** What a file's bindings of some modules can name: `whole` for a namespace, default or whole-module `require` binding. */
export interface ModuleExports {
  /** The local names of the bindings (a superset: shadowing is not considered). */
  locals: ReadonlySet<string>;
  /** The export names of the named bindings (`import { a as b }` gives `a`, `const { a: b } = require(…)` gives `a`). */
  names: ReadonlySet<string>;
  whole: boolean;
}

export function scanBindings(context: Context, modules: ReadonlySet<string>): ModuleExports {
  const found = { locals: new Set<string>(), names: new Set<string>(), whole: false };
  const sourceCode = context.sourceCode;
  addImports(sourceCode.ast.body, modules, found);
  if (!mayRequire(context)) return found;
  const scopeManager = sourceCode.scopeManager;
  if (!scopeManager) return { locals: ANY_NAME, names: ANY_NAME, whole: true };
  for (const scope of scopeManager.scopes) {
    for (const variable of scope.variables) {
      for (const definition of variable.defs) {
        if (definition.type !== 'Variable' || definition.node.type !== AST_NODE_TYPES.VariableDeclarator
          || !definition.node.init || requiredModule(definition.node.init, modules) === undefined) {
          continue;
        }
        found.locals.add(variable.name);
        const id = definition.node.id;
        if (id.type === AST_NODE_TYPES.Identifier) found.whole = true;
        if (id.type !== AST_NODE_TYPES.ObjectPattern) continue;
        for (const property of id.properties) {
          if (property.type !== AST_NODE_TYPES.Property) continue;
          if (property.key.type === AST_NODE_TYPES.Identifier) found.names.add(property.key.name);
          else if (property.key.type === AST_NODE_TYPES.Literal) found.names.add(String(property.key.value));
        }
      }
    }
  }
  return found;
}

/** Import declarations are top-level statements, or statements of a `declare module '…' { … }` block. */
function addImports(statements: readonly TSESTree.ProgramStatement[], modules: ReadonlySet<string>, found: { locals: Set<string>; names: Set<string>; whole: boolean }): void {
  for (const statement of statements) {
    if (statement.type === AST_NODE_TYPES.ImportDeclaration) {
      if (!modules.has(String(statement.source.value))) continue;
      for (const specifier of statement.specifiers) {
        found.locals.add(specifier.local.name);
        if (specifier.type !== AST_NODE_TYPES.ImportSpecifier) found.whole = true;
        else found.names.add(specifier.imported.type === AST_NODE_TYPES.Identifier ? specifier.imported.name : String(specifier.imported.value));
      }
      continue;
    }
    const declaration = statement.type === AST_NODE_TYPES.ExportNamedDeclaration ? statement.declaration : statement;
    if (declaration?.type === AST_NODE_TYPES.TSModuleDeclaration && declaration.body) addImports(declaration.body.body, modules, found);
  }
}

/** Stands for "any name may be one" when the file has no scope manager to enumerate. */
const ANY_NAME: ReadonlySet<string> = { has: () => true, size: Infinity } as unknown as ReadonlySet<string>;

/** The module of `require('<module>')` when it is one of `modules`. */
export function requiredModule(node: TSESTree.Node, modules: ReadonlySet<string>): string | undefined {
  if (node.type !== AST_NODE_TYPES.CallExpression || node.callee.type !== AST_NODE_TYPES.Identifier || node.callee.name !== 'require') return undefined;
  const argument = node.arguments[0];
  return argument?.type === AST_NODE_TYPES.Literal && typeof argument.value === 'string' && modules.has(argument.value) ? argument.value : undefined;
}

/** A memo keyed by AST node, for answers that depend on nothing but the node and its file. */
export function nodeMemo<T>(): { get(node: TSESTree.Node, compute: () => T): T } {
  const memo = new WeakMap<TSESTree.Node, T>();
  return {
    get(node, compute) {
      if (memo.has(node)) return memo.get(node) as T;
      const value = compute();
      memo.set(node, value);
      return value;
    },
  };
}
