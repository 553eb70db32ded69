import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { requiredModule } from './fileCache.ts';

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

/**
 * How code of the file can already name `exportName` of one of `modules`, or undefined: the
 * local name of a named import (`import { sleep as nap }` gives `nap`) or of a top-level
 * destructuring `require`, or `ns.exportName` through a namespace import or a `require` bound to
 * one name. Type-only imports do not count: a fix needs a value.
 */
export function existingReference(context: Context, modules: ReadonlySet<string>, exportName: string): string | undefined {
  for (const statement of context.sourceCode.ast.body) {
    if (statement.type === AST_NODE_TYPES.ImportDeclaration) {
      if (statement.importKind === 'type' || !modules.has(String(statement.source.value))) continue;
      for (const specifier of statement.specifiers) {
        if (specifier.type === AST_NODE_TYPES.ImportNamespaceSpecifier) return `${specifier.local.name}.${exportName}`;
        if (specifier.type === AST_NODE_TYPES.ImportSpecifier && specifier.importKind !== 'type'
          && importedName(specifier) === exportName) {
          return specifier.local.name;
        }
      }
    }
    for (const declarator of topLevelRequires(statement, modules)) {
      if (declarator.id.type === AST_NODE_TYPES.Identifier) return `${declarator.id.name}.${exportName}`;
      for (const property of declarator.id.properties) {
        if (property.type === AST_NODE_TYPES.Property && propertyKey(property) === exportName
          && property.value.type === AST_NODE_TYPES.Identifier) {
          return property.value.name;
        }
      }
    }
  }
  return undefined;
}

/**
 * The text to use `exportName` of `module` by, and the fixes that make it available. An existing
 * reference (see `existingReference`; `aliases` name the same module, e.g. `fs/promises` for
 * `node:fs/promises`) is used as it is. Otherwise the name is added to an existing named import
 * or destructuring `require` of it, or a declaration of `module` is added at the top: `import { x }
 * from 'm'` in an ES module, `const { x } = require('m')` in a CommonJS file.
 */
export function importReference(
  context: Context,
  fixer: TSESLint.RuleFixer,
  module: string,
  exportName: string,
  aliases: readonly string[] = [],
): { text: string; fixes: TSESLint.RuleFix[] } {
  const modules: ReadonlySet<string> = new Set([module, ...aliases]);
  const existing = existingReference(context, modules, exportName);
  if (existing !== undefined) return { text: existing, fixes: [] };
  const body = context.sourceCode.ast.body;
  for (const statement of body) {
    if (statement.type === AST_NODE_TYPES.ImportDeclaration && statement.importKind !== 'type'
      && modules.has(String(statement.source.value)) && statement.specifiers.length > 0
      && statement.specifiers.every((specifier) => specifier.type === AST_NODE_TYPES.ImportSpecifier)) {
      return { text: exportName, fixes: [fixer.insertTextAfter(statement.specifiers.at(-1)!, `, ${exportName}`)] };
    }
    for (const declarator of topLevelRequires(statement, modules)) {
      const last = declarator.id.type === AST_NODE_TYPES.ObjectPattern ? declarator.id.properties.at(-1) : undefined;
      if (last?.type === AST_NODE_TYPES.Property) return { text: exportName, fixes: [fixer.insertTextAfter(last, `, ${exportName}`)] };
    }
  }
  if (isCommonJs(context)) {
    // After the directive prologue: a 'use strict' that no longer comes first is no directive.
    const first = body.find((statement) => !(statement.type === AST_NODE_TYPES.ExpressionStatement && statement.directive !== undefined));
    const line = `const { ${exportName} } = require('${module}');\n`;
    const last = body.at(-1);
    const fix = first ? fixer.insertTextBefore(first, line) : last ? fixer.insertTextAfter(last, `\n${line}`) : fixer.insertTextAfterRange([0, 0], line);
    return { text: exportName, fixes: [fix] };
  }
  const first = body[0];
  const line = `import { ${exportName} } from '${module}';\n`;
  return { text: exportName, fixes: [first ? fixer.insertTextBefore(first, line) : fixer.insertTextAfterRange([0, 0], line)] };
}

/**
 * True for a CommonJS file, where an `import` declaration would not load: ESLint was told so
 * (`sourceType: 'commonjs'` or `'script'`, as for `.cjs` files), or the file has no import or
 * export declaration and calls `require` (as Node decides for a `.js` file without a `type`).
 */
function isCommonJs(context: Context): boolean {
  const sourceType = context.languageOptions.sourceType;
  if (sourceType === 'commonjs' || sourceType === 'script') return true;
  const body = context.sourceCode.ast.body;
  const moduleSyntax = body.some((statement) => statement.type === AST_NODE_TYPES.ImportDeclaration
    || statement.type === AST_NODE_TYPES.ExportNamedDeclaration || statement.type === AST_NODE_TYPES.ExportDefaultDeclaration
    || statement.type === AST_NODE_TYPES.ExportAllDeclaration || statement.type === AST_NODE_TYPES.TSExportAssignment
    || statement.type === AST_NODE_TYPES.TSImportEqualsDeclaration);
  return !moduleSyntax && /\brequire\s*\(/.test(context.sourceCode.text);
}

type RequireDeclarator = TSESTree.VariableDeclarator & { id: TSESTree.Identifier | TSESTree.ObjectPattern };

// `const x = require('m')` and `const { a, b: c } = require('m')` at the top of the file.
function topLevelRequires(statement: TSESTree.ProgramStatement, modules: ReadonlySet<string>): RequireDeclarator[] {
  if (statement.type !== AST_NODE_TYPES.VariableDeclaration) return [];
  return (statement.declarations as TSESTree.VariableDeclarator[]).filter((declarator): declarator is RequireDeclarator =>
    (declarator.id.type === AST_NODE_TYPES.Identifier || declarator.id.type === AST_NODE_TYPES.ObjectPattern)
    && declarator.init !== null && requiredModule(declarator.init, modules) !== undefined);
}

function propertyKey(property: TSESTree.Property): string | undefined {
  if (property.computed) return undefined;
  return property.key.type === AST_NODE_TYPES.Identifier ? property.key.name : String((property.key as TSESTree.Literal).value);
}

function importedName(specifier: TSESTree.ImportSpecifier): string {
  return specifier.imported.type === AST_NODE_TYPES.Identifier ? specifier.imported.name : String(specifier.imported.value);
}
