// A fix as its rule made it: a list of edits. ESLint merges a fix's edits into one replacement
// of everything between the first and the last: adding an import at the top and rewriting a call
// at line 20,000 becomes a copy of the whole file between, once per problem (25,000 of them ran
// a worker out of memory). The server's rules record their edits before ESLint merges them
// (`recordingEdits`); quick fixes and fix-all apply the edits, and the merged text is never read.
import type { Linter, Rule } from 'eslint';

/** One replacement of `[start, end)` of the linted text. */
export interface Edit {
  range: [number, number];
  text: string;
}

/** A fix: its edits in order, none overlapping. */
export type Fix = Edit[];

// The edits of the fixes of the lint in progress that had more than one, by `fixKey`.
let recorded = new Map<string, Fix>();

function fixKey(kind: 'fix' | 'suggestion', ruleId: string, range: readonly [number, number]): string {
  return `${kind} ${ruleId} ${range[0]} ${range[1]}`;
}

/** The rules, each recording the edits of the fixes and suggestions it reports. */
export function recordingEdits(rules: Record<string, Rule.RuleModule>, prefix: string): Record<string, Rule.RuleModule> {
  return Object.fromEntries(Object.entries(rules).map(([name, rule]) => [name, {
    ...rule,
    create(context: Rule.RuleContext) {
      const ruleId = `${prefix}${name}`;
      const report = (descriptor: Rule.ReportDescriptor): void => context.report({
        ...descriptor,
        ...(descriptor.fix ? { fix: recording('fix', ruleId, descriptor.fix) } : {}),
        ...(descriptor.suggest ? { suggest: descriptor.suggest.map((suggestion) => ({ ...suggestion, fix: recording('suggestion', ruleId, suggestion.fix) })) } : {}),
      } as Rule.ReportDescriptor);
      // The context ESLint made, with `report` in front (ESLint's is frozen).
      return rule.create(Object.create(context, { report: { value: report } }) as Rule.RuleContext);
    },
  }]));
}

type FixFunction = (fixer: Rule.RuleFixer) => Rule.Fix | Iterable<Rule.Fix> | null;

function recording(kind: 'fix' | 'suggestion', ruleId: string, fix: FixFunction): FixFunction {
  return (fixer) => {
    const made = fix(fixer);
    if (!made || !(Symbol.iterator in made)) return made;
    const edits = [...made];
    if (edits.length > 1) {
      const sorted = edits.map((edit) => ({ range: [edit.range[0], edit.range[1]] as [number, number], text: edit.text }))
        .sort((a, b) => a.range[0] - b.range[0] || a.range[1] - b.range[1]);
      recorded.set(fixKey(kind, ruleId, [sorted[0]!.range[0], sorted.at(-1)!.range[1]]), sorted);
    }
    return edits;
  };
}

/** A lint message with its fix and suggestions as edits. */
export interface LintMessage extends Omit<Linter.LintMessage, 'fix' | 'suggestions'> {
  fix?: Fix;
  suggestions?: { desc: string; fix: Fix }[];
}

/** Runs a lint, then gives its messages' fixes as the edits the rules made. */
export function withEdits(lint: () => Linter.LintMessage[]): LintMessage[] {
  recorded = new Map();
  try {
    return lint().map((message) => {
      const { fix, suggestions, ...rest } = message;
      const result: LintMessage = rest;
      if (fix) result.fix = editsOf('fix', message.ruleId, fix);
      if (suggestions) result.suggestions = suggestions.map((suggestion) => ({ desc: suggestion.desc, fix: editsOf('suggestion', message.ruleId, suggestion.fix) }));
      return result;
    });
  } finally {
    recorded = new Map();
  }
}

function editsOf(kind: 'fix' | 'suggestion', ruleId: string | null, fix: NonNullable<Linter.LintMessage['fix']>): Fix {
  return (ruleId !== null && recorded.get(fixKey(kind, ruleId, fix.range))) || [{ range: [fix.range[0], fix.range[1]], text: fix.text }];
}

/**
 * The edits that fix every problem given, in one pass (as each of `eslint --fix`'s passes does):
 * the problems in order, each fix whole or not at all; a fix with an edit overlapping one already
 * taken waits for the next run, and an edit equal to one already taken (the same import added by
 * each fix) is taken once. Memory is the edits', never a copy of the text per fix.
 */
export function fixAllEdits(fixes: readonly Fix[]): Edit[] {
  const taken: Edit[] = []; // sorted by range, none overlapping
  for (const fix of fixes) {
    const fresh = fix.filter((edit) => equalAt(taken, edit) === -1);
    if (fresh.some((edit) => overlaps(taken, edit))) continue;
    for (const edit of fresh) taken.splice(insertionPoint(taken, edit), 0, edit);
  }
  return taken;
}

// The index of an edit equal to `edit` in `taken`, or -1.
function equalAt(taken: Edit[], edit: Edit): number {
  const i = insertionPoint(taken, edit);
  for (const j of [i - 1, i]) {
    const other = taken[j];
    if (other && other.range[0] === edit.range[0] && other.range[1] === edit.range[1] && other.text === edit.text) return j;
  }
  return -1;
}

// Whether `edit` overlaps a taken one: shares characters, or inserts where one replaces or inserts.
function overlaps(taken: Edit[], edit: Edit): boolean {
  const i = insertionPoint(taken, edit);
  const [start, end] = edit.range;
  const before = taken[i - 1];
  const after = taken[i];
  return (before !== undefined && (before.range[1] > start || before.range[0] === start))
    || (after !== undefined && (after.range[0] < end || after.range[0] === start));
}

// The first index whose edit starts after `edit` (or at it and ends after it).
function insertionPoint(taken: Edit[], edit: Edit): number {
  let low = 0;
  let high = taken.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    const other = taken[middle]!;
    if (other.range[0] < edit.range[0] || (other.range[0] === edit.range[0] && other.range[1] <= edit.range[1])) low = middle + 1;
    else high = middle;
  }
  return low;
}
