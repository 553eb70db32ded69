// Fixes cross from a lint worker to the main thread as pieces of the source they edit. ESLint
// merges a report's fixes into one replacement of everything between them: a fix that adds an
// import at the top and rewrites a call at line 20,000 replaces the whole file in between, so
// 2,500 of them were ~400 MB of text to copy between threads (a second of the main thread's time,
// where on one thread they had been cheap slices of the source). Both threads have the source;
// the replacement text travels as runs copied from it and the new text between them.
import type { Linter } from 'eslint';

/** A replacement text as `[start, end]` runs of the source and strings of new text. */
export type Pieces = (string | [number, number])[];

/** A copied run shorter than this is sent as text: it saves less than it costs. */
const MIN_RUN = 64;
/** How far a sub-edit may reach: the length of the text it inserts, or of the source it drops. */
const MAX_EDIT = 512;

/**
 * `text`, the replacement of `source[start, end)`, as pieces; decoding them gives `text` exactly.
 * Found: what text and source share at both ends, and between them one long run of the source
 * with a sub-edit before and after it (an import at the top, a call below), the shape of
 * ESLint's merged fixes. Any other middle goes as text.
 */
export function encodeReplacement(source: string, start: number, end: number, text: string): Pieces {
  const head = commonPrefix(text, source, start, end);
  const tail = commonSuffix(text, head, source, start + head, end);
  const pieces: Pieces = [];
  push(pieces, text, 0, head, start);
  const [i0, i1, j0, j1] = [head, text.length - tail, start + head, end - tail];
  const front = resyncForward(text, i0, i1, source, j0, j1);
  const back = resyncBackward(text, i0, i1, source, j0, j1);
  if (front && back && back[0] - front[0] >= MIN_RUN && back[0] - front[0] === back[1] - front[1]
    && text.slice(front[0], back[0]) === source.slice(front[1], back[1])) {
    push(pieces, text, i0, front[0]);
    pieces.push([front[1], back[1]]);
    push(pieces, text, back[0], i1);
  } else {
    push(pieces, text, i0, i1);
  }
  push(pieces, text, i1, text.length, j1);
  return pieces;
}

// text[from, to) as a piece: a run of the source from `copiedFrom` if given and long enough,
// else text (joined to the text before it).
function push(pieces: Pieces, text: string, from: number, to: number, copiedFrom?: number): void {
  if (to <= from) return;
  if (copiedFrom !== undefined && to - from >= MIN_RUN) {
    pieces.push([copiedFrom, copiedFrom + to - from]);
    return;
  }
  const last = pieces.at(-1);
  if (typeof last === 'string') pieces[pieces.length - 1] = last + text.slice(from, to);
  else pieces.push(text.slice(from, to));
}

/** The replacement text again; built of slices of `source`, so it copies nothing until read. */
export function decodeReplacement(source: string, pieces: Pieces): string {
  let text = '';
  for (const piece of pieces) text += typeof piece === 'string' ? piece : source.slice(piece[0], piece[1]);
  return text;
}

/** Worker side: the messages with their fixes' texts as pieces of `source`. */
export function encodeFixes(source: string, messages: Linter.LintMessage[]): Linter.LintMessage[] {
  return messages.map((message) => {
    if (!message.fix && !message.suggestions) return message;
    const encoded: Linter.LintMessage = { ...message };
    if (message.fix) encoded.fix = encodeFix(source, message.fix);
    if (message.suggestions) encoded.suggestions = message.suggestions.map((suggestion) => ({ ...suggestion, fix: encodeFix(source, suggestion.fix) }));
    return encoded;
  });
}

/** Main-thread side: `encodeFixes` undone. */
export function decodeFixes(source: string, messages: Linter.LintMessage[]): Linter.LintMessage[] {
  for (const message of messages) {
    if (message.fix) message.fix = decodeFix(source, message.fix);
    for (const suggestion of message.suggestions ?? []) suggestion.fix = decodeFix(source, suggestion.fix);
  }
  return messages;
}

// An encoded fix keeps ESLint's shape, its text moved to `pieces`.
type EncodedFix = Linter.LintMessage['fix'] & { pieces?: Pieces };

function encodeFix(source: string, fix: NonNullable<Linter.LintMessage['fix']>): EncodedFix {
  if (fix.text.length < MIN_RUN * 2) return fix;
  return { range: fix.range, text: '', pieces: encodeReplacement(source, fix.range[0], fix.range[1], fix.text) };
}

function decodeFix(source: string, fix: EncodedFix): NonNullable<Linter.LintMessage['fix']> {
  if (!fix?.pieces) return fix!;
  return { range: fix.range, text: decodeReplacement(source, fix.pieces) };
}

// How many characters text and source[start, end) agree on from their starts: the longest
// power-of-two prefix that matches, then halving steps. (Slices compared with `===` are compared
// as blocks of memory; `startsWith` went character by character, ten times slower.)
function commonPrefix(text: string, source: string, start: number, end: number): number {
  const limit = Math.min(text.length, end - start);
  const agrees = (length: number): boolean => text.slice(0, length) === source.slice(start, start + length);
  return longestAgreeing(limit, agrees);
}

// The same from their ends, not reaching back past text[head] or source[from].
function commonSuffix(text: string, head: number, source: string, from: number, end: number): number {
  const limit = Math.min(text.length - head, end - from);
  const agrees = (length: number): boolean => text.slice(text.length - length) === source.slice(end - length, end);
  return longestAgreeing(limit, agrees);
}

// The largest length ≤ limit that `agrees`, for a test that holds up to some length and not after.
function longestAgreeing(limit: number, agrees: (length: number) => boolean): number {
  let good = 0;
  let step = 1;
  while (good + step <= limit && agrees(good + step)) {
    good += step;
    step *= 2;
  }
  for (; step >= 1; step >>= 1) if (good + step <= limit && agrees(good + step)) good += step;
  return good;
}

// The first (i, j) past (i0, j0), each at most MAX_EDIT on, from which MIN_RUN characters of
// text and source agree: where the unchanged run after the first sub-edit starts.
function resyncForward(text: string, i0: number, i1: number, source: string, j0: number, j1: number): [number, number] | undefined {
  const window = text.slice(i0, Math.min(i1, i0 + MAX_EDIT + MIN_RUN));
  for (let dropped = 0; dropped <= MAX_EDIT && j0 + dropped + MIN_RUN <= j1; dropped++) {
    const found = window.indexOf(source.slice(j0 + dropped, j0 + dropped + MIN_RUN));
    if (found !== -1) return [i0 + found, j0 + dropped];
  }
  return undefined;
}

// The last (i, j) before (i1, j1), each at most MAX_EDIT back, up to which MIN_RUN characters
// agree: where the unchanged run before the last sub-edit ends.
function resyncBackward(text: string, i0: number, i1: number, source: string, j0: number, j1: number): [number, number] | undefined {
  const windowStart = Math.max(i0, i1 - MAX_EDIT - MIN_RUN);
  const window = text.slice(windowStart, i1);
  for (let dropped = 0; dropped <= MAX_EDIT && j1 - dropped - MIN_RUN >= j0; dropped++) {
    const found = window.lastIndexOf(source.slice(j1 - dropped - MIN_RUN, j1 - dropped));
    if (found !== -1) return [windowStart + found + MIN_RUN, j1 - dropped];
  }
  return undefined;
}
