import { ASTUtils, AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { staticPropertyName } from './corralReferences.ts';
import { moduleBindingNames, requiredModule } from './fileCache.ts';

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

/** What `importedMember` found: the export `name` of `module`, and how the file reached it. */
export interface ImportedMember {
  module: string;
  name: string;
  /**
   * `namespace` for `fs.readFileSync` through `import fs`/`import * as fs`/`require('fs')`
   * (`object` is then the namespace expression); `named` for `import { readFileSync }` and
   * `const { readFileSync } = require('fs')` (`fromRequire` tells which).
   */
  via: { kind: 'namespace'; object: TSESTree.Expression } | { kind: 'named'; fromRequire: boolean };
}

type Binding = { kind: 'namespace'; module: string } | { kind: 'named'; module: string; name: string; fromRequire: boolean };

/**
 * The export of one of `modules` that `node` refers to, through scope analysis, as
 * `resolveCorralName` does for `corral`: `readFileSync` imported (renamed or not), `fs.readFileSync`
 * on a namespace or default import or a `require`, `require('fs').readFileSync`. Else undefined.
 */
export function importedMember(context: Context, node: TSESTree.Node, modules: ReadonlySet<string>): ImportedMember | undefined {
  if (node.type === AST_NODE_TYPES.ChainExpression) return importedMember(context, node.expression, modules);
  if (node.type === AST_NODE_TYPES.Identifier) {
    const binding = bindingOf(context, node, modules);
    return binding?.kind === 'named'
      ? { module: binding.module, name: binding.name, via: { kind: 'named', fromRequire: binding.fromRequire } }
      : undefined;
  }
  if (node.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const name = staticPropertyName(node);
  const module = name === undefined ? undefined : namespaceModule(context, node.object, modules);
  return module === undefined || name === undefined ? undefined : { module, name, via: { kind: 'namespace', object: node.object } };
}

function namespaceModule(context: Context, object: TSESTree.Expression, modules: ReadonlySet<string>): string | undefined {
  if (object.type === AST_NODE_TYPES.Identifier) {
    const binding = bindingOf(context, object, modules);
    return binding?.kind === 'namespace' ? binding.module : undefined;
  }
  return requiredModule(object, modules);
}

function bindingOf(context: Context, identifier: TSESTree.Identifier, modules: ReadonlySet<string>): Binding | undefined {
  // Only a name the file binds to one of `modules` can be one: no scope lookup for the others.
  if (!moduleBindingNames(context, modules).has(identifier.name)) return undefined;
  const variable = ASTUtils.findVariable(context.sourceCode.getScope(identifier), identifier);
  const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (definition?.type === 'ImportBinding') {
    const declaration = definition.parent;
    if (declaration.type !== AST_NODE_TYPES.ImportDeclaration || !modules.has(String(declaration.source.value))) return undefined;
    if (declaration.importKind === 'type') return undefined;
    const module = String(declaration.source.value);
    const specifier = definition.node;
    if (specifier.type !== AST_NODE_TYPES.ImportSpecifier) return { kind: 'namespace', module };
    const name = specifier.imported.type === AST_NODE_TYPES.Identifier ? specifier.imported.name : String(specifier.imported.value);
    return specifier.importKind === 'type' ? undefined : { kind: 'named', module, name, fromRequire: false };
  }
  if (definition?.type === 'Variable' && definition.parent.kind === 'const') {
    return requireBinding(definition.node, identifier, modules);
  }
  return undefined;
}

/** `const fs = require('fs')` and `const { readFileSync: read } = require('fs')`. */
function requireBinding(declarator: TSESTree.VariableDeclarator, identifier: TSESTree.Identifier, modules: ReadonlySet<string>): Binding | undefined {
  const module = declarator.init ? requiredModule(declarator.init, modules) : undefined;
  if (module === undefined) return undefined;
  if (declarator.id.type === AST_NODE_TYPES.Identifier) return { kind: 'namespace', module };
  if (declarator.id.type !== AST_NODE_TYPES.ObjectPattern) return undefined;
  for (const property of declarator.id.properties) {
    if (property.type !== AST_NODE_TYPES.Property || property.computed) continue;
    const value = property.value.type === AST_NODE_TYPES.AssignmentPattern ? property.value.left : property.value;
    if (value.type !== AST_NODE_TYPES.Identifier || value.name !== identifier.name) continue;
    const key = property.key.type === AST_NODE_TYPES.Identifier ? property.key.name : String(property.key.value);
    return { kind: 'named', module, name: key, fromRequire: true };
  }
  return undefined;
}
