// Hover on a name imported from `corral` (named, renamed, or a namespace's member) shows the
// runtime's own one-paragraph doc for it. The docs are read from runtime/src at build time and
// baked into the bundle (see build.mjs), so nothing from the workspace is loaded to show them.
import { parseForESLint } from '@typescript-eslint/parser';
import type { TSESTree } from '@typescript-eslint/types';
import type { Scope } from '@typescript-eslint/scope-manager';

import { usesCorral } from './usesCorral.ts';

/** Each export of `corral`: its declaration line and first doc paragraph, in Markdown. Defined by build.mjs. */
declare const CORRAL_API_DOCS: Record<string, string> | undefined;

const API_DOCS: Record<string, string> = typeof CORRAL_API_DOCS === 'object' ? CORRAL_API_DOCS : {};

/** A hover's Markdown and the identifier's range (offsets) it is about. */
export interface HoverAnswer {
  markdown: string;
  range: [number, number];
}

/** The docs of the `corral` export named at `offset` of `text` (linted as `filename`), if any. */
export function hoverAt(text: string, filename: string, offset: number): HoverAnswer | null {
  if (!usesCorral(text) || !/[\w$]/.test(text.slice(Math.max(offset - 1, 0), offset + 1))) return null;
  let parsed: ReturnType<typeof parseForESLint>;
  try {
    parsed = parseForESLint(text, { range: true, filePath: filename, sourceType: 'module' });
  } catch {
    return null; // Unparsable as it stands; the next keystroke may fix it.
  }
  const path = nodePathAt(parsed.ast, offset);
  const name = corralNameAt(path, parsed.scopeManager.scopes);
  const docs = name === undefined ? undefined : API_DOCS[name];
  if (docs === undefined) return null;
  return { markdown: docs, range: path[path.length - 1]!.range };
}

/** The runtime export an identifier (the last node of `path`) stands for, if any. */
function corralNameAt(path: TSESTree.Node[], scopes: Scope[]): string | undefined {
  const node = path[path.length - 1];
  const parent = path[path.length - 2];
  if (node?.type !== 'Identifier') return undefined;
  if (parent?.type === 'ImportSpecifier' && isCorralImport(path[path.length - 3])) return importedName(parent);
  if (parent?.type === 'MemberExpression' && parent.property === node && !parent.computed) {
    return importOf(parent.object, scopes)?.type === 'ImportNamespaceSpecifier' ? node.name : undefined;
  }
  const specifier = importOf(node, scopes);
  return specifier?.type === 'ImportSpecifier' ? importedName(specifier) : undefined;
}

/** The import specifier from `corral` an identifier's reference resolves to. */
function importOf(node: TSESTree.Node, scopes: Scope[]): TSESTree.ImportClause | undefined {
  if (node.type !== 'Identifier') return undefined;
  for (const scope of scopes) {
    const reference = scope.references.find((candidate) => candidate.identifier === node);
    if (!reference) continue;
    const definition = reference.resolved?.defs[0];
    if (definition?.type !== 'ImportBinding' || !isCorralImport(definition.parent)) return undefined;
    return definition.node as TSESTree.ImportClause;
  }
  return undefined;
}

function isCorralImport(node: TSESTree.Node | undefined | null): boolean {
  return node?.type === 'ImportDeclaration' && node.source.value === 'corral';
}

function importedName(specifier: TSESTree.ImportSpecifier): string {
  return specifier.imported.type === 'Identifier' ? specifier.imported.name : String(specifier.imported.value);
}

/** The nodes from the root down to the innermost one whose range holds `offset`. */
function nodePathAt(root: TSESTree.Node, offset: number): TSESTree.Node[] {
  const path: TSESTree.Node[] = [root];
  for (let node: TSESTree.Node | undefined = root; node;) {
    node = childAt(node, offset);
    if (node) path.push(node);
  }
  return path;
}

function childAt(node: TSESTree.Node, offset: number): TSESTree.Node | undefined {
  for (const [key, value] of Object.entries(node)) {
    if (key === 'parent' || key === 'tokens' || key === 'comments') continue;
    for (const child of Array.isArray(value) ? value : [value]) {
      if (isNode(child) && child.range[0] <= offset && offset <= child.range[1]) return child;
    }
  }
  return undefined;
}

function isNode(value: unknown): value is TSESTree.Node {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string'
    && Array.isArray((value as { range?: unknown }).range);
}
