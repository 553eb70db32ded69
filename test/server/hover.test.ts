// Hover on a name imported from corral shows its one-paragraph doc from the runtime's source.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import type { MarkupContent } from 'vscode-languageserver-protocol';

import { ensureBuilt, startServer, virtualUri, type Editor } from './harness.ts';

const SOURCE = [
  "import { sleep as nap, shield } from 'corral';",
  "import * as corral from 'corral';",
  'export async function f(sleep: (ms: number) => Promise<void>) {',
  '  await nap(1);',
  '  await corral.checkpoint();',
  '  await shield(() => sleep(1));',
  '}',
].join('\n');

describe('hover', () => {
  let editor: Editor;
  const uri = virtualUri('hover.ts');
  before(async () => {
    ensureBuilt();
    editor = await startServer({ settings: { preset: 'recommended' } });
    editor.open(uri, SOURCE);
  });
  after(() => editor.stop());

  async function hoverText(line: number, character: number): Promise<string | undefined> {
    const hover = await editor.hover(uri, line, character);
    return hover ? (hover.contents as MarkupContent).value : undefined;
  }

  it("shows a renamed import's doc under its local name", async () => {
    const text = await hoverText(3, 9);
    assert.match(text!, /^```ts\nfunction sleep\(ms: number\): Promise<void>\n```\n\nWaits `ms` milliseconds/);
  });

  it("shows a namespace member's doc", async () => {
    assert.match((await hoverText(4, 16))!, /Yields to the event loop once/);
  });

  it('shows the doc on the import specifier itself', async () => {
    assert.match((await hoverText(0, 25))!, /^```ts\nfunction shield/);
  });

  it('shows nothing for a local name that shadows nothing of corral', async () => {
    assert.equal(await hoverText(5, 22), undefined);
  });

  it('returns the range of the hovered name', async () => {
    const hover = await editor.hover(uri, 3, 9);
    assert.deepEqual(hover!.range, { start: { line: 3, character: 8 }, end: { line: 3, character: 11 } });
  });
});
