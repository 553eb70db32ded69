// One lint of one text with the bundled rules, shared by the main thread (syntactic rules, fixes)
// and the type-aware worker. A rule that throws is left out and the text linted again, so one
// broken rule costs its own results only.
import { parse, sep } from 'node:path';

import { Linter } from 'eslint/universal';

import { withEdits } from './fixes.ts';
import { toProblem, type Problem } from './problems.ts';
import { flatConfig, ruleSeverities, type LintTarget } from './ruleConfig.ts';
import type { CorralSettings } from './shared/settings.ts';

/** A lint's request: the text as the editor has it, under the file name it is linted as. */
export interface LintRequest {
  text: string;
  /** An absolute path; for a type-aware lint, the file's real path. */
  filename: string;
  settings: CorralSettings;
  target: LintTarget;
}

export interface LintResult {
  /**
   * The problems of the corral rules, and a parsing error (ruleId null, fatal) if any, made
   * where the lint ran (a worker's main thread only forwards them).
   */
  problems: Problem[];
  /** Rules that threw and were left out, each with its error's first line. */
  brokenRules: { ruleId: string; error: string }[];
}

// One Linter per file-system root: a file must lie under the linter's cwd to match a config.
const linters = new Map<string, Linter>();

function linterFor(filename: string): Linter {
  const root = parse(filename).root || sep;
  let linter = linters.get(root);
  if (!linter) linters.set(root, linter = new Linter({ cwd: root }));
  return linter;
}

/** Lints; throws only for a failure that is no rule's (the caller reports it). */
export function lint(request: LintRequest): LintResult {
  const config = flatConfig(request.settings, request.target);
  const { value, brokenRules } = leavingOutBrokenRules((ruleFilter) => withEdits(() =>
    linterFor(request.filename).verify(request.text, config, { filename: request.filename, ruleFilter } as Linter.LintOptions).filter(isOurs)));
  const severities = ruleSeverities(request.settings, request.target.tsconfigRootDir !== undefined);
  return { problems: value.map((message) => toProblem(message, severities)), brokenRules };
}

type RuleFilter = (rule: { ruleId: string; severity: number }) => boolean;

/** Runs `run` until no rule throws, each rule that threw left out by the filter. */
function leavingOutBrokenRules<T>(run: (ruleFilter: RuleFilter) => T): { value: T; brokenRules: LintResult['brokenRules'] } {
  const brokenRules: LintResult['brokenRules'] = [];
  const broken = new Set<string>();
  for (;;) {
    try {
      return { value: run(({ ruleId }) => !broken.has(ruleId)), brokenRules };
    } catch (error) {
      const ruleId = (error as { ruleId?: unknown }).ruleId;
      if (typeof ruleId !== 'string' || broken.has(ruleId)) throw error;
      broken.add(ruleId);
      brokenRules.push({ ruleId, error: String((error as Error).message ?? error).split('\n')[0]! });
    }
  }
}

/**
 * The corral rules' messages and parsing errors. The server is not the user's ESLint: other
 * tools' comments (`/* eslint-env *\/`, which ESLint now rejects, or settings of rules this config
 * lacks) say nothing to it.
 */
function isOurs(message: Linter.LintMessage): boolean {
  return message.ruleId === null ? message.fatal === true && message.message.startsWith('Parsing error') : message.ruleId.startsWith('corral/');
}
