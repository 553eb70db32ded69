// Ranges of a document, and how they move when the document is edited: the type-aware problems
// of an older version stay shown at the right place while the new version's are computed.
import type { Position, Range } from 'vscode-languageserver';

export function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character
    && a.end.line === b.end.line && a.end.character === b.end.character;
}

function before(p: Position, q: Position): boolean {
  return p.line < q.line || (p.line === q.line && p.character < q.character);
}

/** Whether two ranges share a position (touching counts). */
export function touches(a: Range, b: Range): boolean {
  return !before(a.end, b.start) && !before(b.end, a.start);
}

/** One change of a didChange notification: a range replaced, or (no range) the whole text. */
export interface TextChange {
  range?: Range;
  text: string;
}

/**
 * `range` after `change`, or undefined if the change touched it: replaced any of it, or
 * inserted inside it or at either end (`sleep(1)` becoming `await sleep(1)` or `sleep(1).then(…)`).
 */
export function rangeAfter(range: Range, change: TextChange): Range | undefined {
  if (!change.range) return undefined;
  const { start, end } = change.range;
  if (before(end, range.start)) return { start: positionAfter(range.start, change.range, change.text), end: positionAfter(range.end, change.range, change.text) };
  if (before(range.end, start)) return range;
  return undefined;
}

// A position at or after the end of `replaced`, once it holds `text`.
function positionAfter(position: Position, replaced: Range, text: string): Position {
  const lines = text.split(/\r\n|\r|\n/);
  const added = lines.length - 1;
  if (position.line !== replaced.end.line) return { line: position.line + added - (replaced.end.line - replaced.start.line), character: position.character };
  const lineStart = added === 0 ? replaced.start.character : 0;
  return { line: replaced.start.line + added, character: lineStart + lines[added]!.length + position.character - replaced.end.character };
}
