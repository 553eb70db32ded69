import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

/**
 * What `referenceTo` does for `corral`, for any module: the text to use `exportName` of `module`
 * by (the local name of an existing named import from it or from one of `aliases`, e.g.
 * `fs/promises` for `node:fs/promises`), and the fix adding the import when there is none:
 * a specifier on an existing named import of `module`, else a declaration at the top.
 */
export function importReference(
  context: Context,
  fixer: TSESLint.RuleFixer,
  module: string,
  exportName: string,
  aliases: readonly string[] = [],
): { text: string; fixes: TSESLint.RuleFix[] } {
  const body = context.sourceCode.ast.body;
  const imports = body.filter((statement): statement is TSESTree.ImportDeclaration =>
    statement.type === AST_NODE_TYPES.ImportDeclaration && statement.importKind !== 'type'
    && (statement.source.value === module || aliases.includes(statement.source.value)));
  for (const declaration of imports) {
    const specifier = declaration.specifiers.find((candidate) => candidate.type === AST_NODE_TYPES.ImportSpecifier
      && candidate.importKind !== 'type' && importedName(candidate) === exportName);
    if (specifier) return { text: specifier.local.name, fixes: [] };
  }
  const named = imports.find((declaration) => declaration.specifiers.length > 0
    && declaration.specifiers.every((specifier) => specifier.type === AST_NODE_TYPES.ImportSpecifier));
  const last = named?.specifiers.at(-1);
  if (last) return { text: exportName, fixes: [fixer.insertTextAfter(last, `, ${exportName}`)] };
  const first = body[0];
  const line = `import { ${exportName} } from '${module}';\n`;
  return { text: exportName, fixes: [first ? fixer.insertTextBefore(first, line) : fixer.insertTextAfterRange([0, 0], line)] };
}

function importedName(specifier: TSESTree.ImportSpecifier): string {
  return specifier.imported.type === AST_NODE_TYPES.Identifier ? specifier.imported.name : String(specifier.imported.value);
}
