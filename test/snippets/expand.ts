// Expands a VS Code snippet body the way accepting it without typing does: every tab stop and
// placeholder becomes its default text (a choice its first option), `$0` and bare tab stops
// become nothing, `\$`, `\}` and `\\` lose their backslash. Variables ($TM_FILENAME…) are not used
// by Corral's snippets and are refused.
export function expandSnippet(body: string | string[]): string {
  const text = Array.isArray(body) ? body.join('\n') : body;
  const [expanded, end] = parse(text, 0, false);
  if (end !== text.length) throw new Error(`unbalanced snippet at ${end}: ${text.slice(end, end + 20)}`);
  return expanded;
}

function parse(text: string, start: number, nested: boolean): [string, number] {
  let out = '';
  let i = start;
  while (i < text.length) {
    const char = text[i]!;
    if (char === '\\' && i + 1 < text.length && '$}\\'.includes(text[i + 1]!)) {
      out += text[i + 1];
      i += 2;
    } else if (nested && char === '}') {
      return [out, i];
    } else if (char === '$') {
      const bare = /^\$(\d+)/.exec(text.slice(i));
      if (bare) { i += bare[0].length; continue; }
      const braced = /^\$\{(\d+)(:|\||\})/.exec(text.slice(i));
      if (!braced) throw new Error(`unsupported snippet syntax at ${i}: ${text.slice(i, i + 20)}`);
      i += braced[0].length;
      if (braced[2] === '}') continue;
      if (braced[2] === '|') {
        const close = text.indexOf('|}', i);
        out += text.slice(i, close).split(',')[0];
        i = close + 2;
        continue;
      }
      const [inner, end] = parse(text, i, true);
      out += inner;
      i = end + 1;
    } else {
      out += char;
      i += 1;
    }
  }
  return [out, i];
}
