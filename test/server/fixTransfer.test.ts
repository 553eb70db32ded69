// Fixes cross from a lint worker as pieces of the source: decoding must give the text back
// exactly, whatever the edit, and ESLint's merged fixes must travel at the size of their edits.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { decodeFixes, decodeReplacement, encodeFixes, encodeReplacement } from '../../server/src/fixTransfer.ts';

/** A deterministic pseudo-random generator (the same cases every run). */
function random(seed: number): () => number {
  return () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
}

function sourceOf(lines: number): string {
  return Array.from({ length: lines }, (_, i) => `export async function f${i}() {\n  await sleep(${i % 2});\n}`).join('\n');
}

function size(pieces: unknown): number {
  return JSON.stringify(pieces).length;
}

describe('fix transfer', () => {
  it('an import at the top and a call far below: the file between them goes as one run', () => {
    const source = `import { sleep } from 'corral';\n${sourceOf(2_000)}`;
    const call = source.lastIndexOf('sleep(1)');
    const start = source.indexOf(' }');
    const text = `, checkpoint${source.slice(start, call)}checkpoint()`;
    const pieces = encodeReplacement(source, start, call + 'sleep(1)'.length, text);
    assert.deepEqual(pieces, [', checkpoint', [start, call], 'checkpoint()']);
    assert.equal(decodeReplacement(source, pieces), text);
  });

  it('gives back every text exactly: random edits of random sources', () => {
    const next = random(42);
    const alphabet = 'ab \n{}()x';
    const randomText = (length: number): string => Array.from({ length }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
    for (let run = 0; run < 2_000; run++) {
      const source = randomText(Math.floor(next() * 3_000));
      const start = Math.floor(next() * source.length);
      const end = start + Math.floor(next() * (source.length - start));
      // Up to three sub-edits inside the range, each replacing a little of it; half of them by
      // as many characters as they drop (a middle of the right length is not yet the same text).
      let text = source.slice(start, end);
      for (let edit = Math.floor(next() * 4); edit > 0; edit--) {
        const at = Math.floor(next() * (text.length + 1));
        const drop = Math.floor(next() * Math.min(40, text.length - at + 1));
        const insert = next() < 0.5 ? drop : Math.floor(next() * 40);
        text = text.slice(0, at) + randomText(insert) + text.slice(at + drop);
      }
      const pieces = encodeReplacement(source, start, end, text);
      assert.equal(decodeReplacement(source, pieces), text, `run ${run}`);
      for (const piece of pieces) {
        if (typeof piece !== 'string') assert.ok(piece[0] >= start && piece[1] <= end && piece[1] - piece[0] >= 64, `run ${run}: ${JSON.stringify(piece)}`);
      }
    }
  });

  it('encodes the fixes and suggestions of lint messages, and decodes them to what they were', () => {
    const source = `import { sleep } from 'corral';\n${sourceOf(500)}`;
    const far = source.length - 5;
    const fix = { range: [10, far] as [number, number], text: `X${source.slice(11, far)}Y` };
    const messages = [
      { ruleId: 'corral/a', severity: 2 as const, message: 'm', line: 1, column: 1, fix },
      { ruleId: 'corral/b', severity: 2 as const, message: 'n', line: 1, column: 1, suggestions: [{ desc: 'd', fix }] },
      { ruleId: 'corral/c', severity: 2 as const, message: 'o', line: 1, column: 1, fix: { range: [0, 1] as [number, number], text: 'short' } },
    ];
    const copy = structuredClone(messages);
    const encoded = encodeFixes(source, messages);
    assert.ok(size(encoded) < size(copy) / 20, 'the merged fix travels at the size of its edits');
    assert.deepEqual(decodeFixes(source, structuredClone(encoded)), copy);
    assert.deepEqual(messages, copy, 'the worker\'s own messages are left as they were');
  });
});
