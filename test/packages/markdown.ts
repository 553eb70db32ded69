// The code blocks of a Markdown file, as the docs tests run them. A block may be preceded by a
// `<!-- typecheck: … -->` comment: `skip <reason>` leaves a fragment out (the reason is required),
// anything else is TypeScript put before the block, declaring the names the reader brings.
import { readFileSync } from 'node:fs';

export interface CodeBlock {
  /** The fence's language (`ts`, `js`, …), '' when none. */
  language: string;
  code: string;
  /** 1-based line of the opening fence, for messages. */
  line: number;
  /** From a preceding typecheck comment. */
  typecheck?: { skip: string } | { prelude: string };
}

const TYPECHECK = /^<!-- typecheck: ([\s\S]*?) -->$/;

export function codeBlocks(file: string): CodeBlock[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  const blocks: CodeBlock[] = [];
  for (let index = 0; index < lines.length; index++) {
    const fence = /^```(\w*)$/.exec(lines[index]!);
    if (!fence) continue;
    const end = lines.indexOf('```', index + 1);
    if (end === -1) throw new Error(`${file}:${index + 1}: the code block is not closed`);
    const block: CodeBlock = { language: fence[1]!, code: `${lines.slice(index + 1, end).join('\n')}\n`, line: index + 1 };
    const marker = TYPECHECK.exec(lines[index - 1] ?? '')?.[1]?.trim();
    if (marker !== undefined) {
      const skip = /^skip\b(.*)$/s.exec(marker);
      block.typecheck = skip ? { skip: skip[1]!.replace(/^[\s:—-]+/, '').trim() } : { prelude: marker };
    }
    blocks.push(block);
    index = end;
  }
  return blocks;
}
