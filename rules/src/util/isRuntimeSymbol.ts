import type { ParserServicesWithTypeInformation, TSESTree } from '@typescript-eslint/utils';
import * as ts from 'typescript';

import { CORRAL_MODULE } from './corralReferences.ts';

/**
 * Where the `corral` package's own declarations live: an installed copy (`node_modules/corral/`,
 * pnpm's nested layout included) or the runtime workspace, from source or built. A bare `/corral/`
 * folder is not enough: a project checked out as `~/code/corral/` would make every symbol its own.
 */
const RUNTIME_PATHS: readonly RegExp[] = [/\/node_modules\/corral\//, /\/runtime\/(?:src|dist)\//];

/**
 * True when `symbol` (an alias is followed to its target) is declared by the `corral` package:
 * in one of its source files, or inside an ambient `declare module 'corral' { … }`. A user's own
 * `put` or `sleep` is declared elsewhere and is never the runtime's.
 */
export function isRuntimeSymbol(checker: ts.TypeChecker, symbol: ts.Symbol | undefined): boolean {
  if (!symbol) return false;
  const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
  return (target.declarations ?? []).some(isRuntimeDeclaration);
}

/**
 * True when `callee` (`sleep`, `corral.sleep`, `queue.put`, `tg.startSoon`, optional chains too)
 * names a function or method that `corral` declares, by the type checker.
 */
export function isRuntimeCallee(services: ParserServicesWithTypeInformation, callee: TSESTree.Node): boolean {
  const checker = services.program.getTypeChecker();
  return isRuntimeSymbol(checker, calleeSymbol(services, checker, callee));
}

/** The symbol a callee expression names: the property for `a.b`, the binding for `b`. */
function calleeSymbol(services: ParserServicesWithTypeInformation, checker: ts.TypeChecker, callee: TSESTree.Node): ts.Symbol | undefined {
  let node: ts.Node = services.esTreeNodeToTSNodeMap.get(callee);
  while (ts.isParenthesizedExpression(node) || ts.isNonNullExpression(node)) node = node.expression;
  if (ts.isPropertyAccessExpression(node)) return checker.getSymbolAtLocation(node.name);
  if (ts.isElementAccessExpression(node)) return checker.getSymbolAtLocation(node.argumentExpression);
  return checker.getSymbolAtLocation(node);
}

function isRuntimeDeclaration(declaration: ts.Declaration): boolean {
  const fileName = declaration.getSourceFile().fileName.replaceAll('\\', '/');
  if (RUNTIME_PATHS.some((pattern) => pattern.test(fileName))) return true;
  for (let current: ts.Node | undefined = declaration; current; current = current.parent) {
    if (ts.isModuleDeclaration(current) && ts.isStringLiteral(current.name) && current.name.text === CORRAL_MODULE) return true;
  }
  return false;
}
