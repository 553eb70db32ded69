import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

/**
 * The comments inside `node` (but outside the `kept` nodes, whose text a fix reuses as is),
 * space-separated, so a fix that replaces the node can keep them: `sleep(Infinity /* idle *\/)`
 * becomes `sleepForever(/* idle *\/)`. Line comments come back as block comments, since the
 * text they are put into may continue on the same line.
 */
export function commentsInside(context: Context, node: TSESTree.Node, kept: readonly TSESTree.Node[] = []): string {
  return context.sourceCode.getCommentsInside(node)
    .filter((comment) => !kept.some((part) => part.range[0] <= comment.range[0] && comment.range[1] <= part.range[1]))
    .map((comment) => comment.type === 'Line' ? `/*${comment.value.replaceAll('*/', '* /')} */` : context.sourceCode.getText(comment))
    .join(' ');
}
