import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

/** `node`'s source on one line, cut to `max` characters with `...`: for quoting code in a message. */
export function shortText(context: Context, node: TSESTree.Node, max = 30): string {
  return oneLine(context.sourceCode.getText(node), max);
}

/** `text` on one line, cut to `max` characters with `...`. */
export function oneLine(text: string, max = 30): string {
  const line = text.replace(/\s+/g, ' ');
  return line.length <= max ? line : `${line.slice(0, max - 3)}...`;
}

/**
 * What separates a statement inserted before `node` from it: a line break and `node`'s
 * indentation when `node` starts its line, otherwise a space.
 */
export function separatorBefore(context: Context, node: TSESTree.Node): string {
  const indent = context.sourceCode.lines[node.loc.start.line - 1]?.slice(0, node.loc.start.column) ?? '';
  return /^\s*$/.test(indent) ? `\n${indent}` : ' ';
}
