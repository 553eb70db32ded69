// A lint message as the editor sees it: a Diagnostic, kept beside its rule, fix and suggestions
// (and no more: a large file's problems cross from a worker), and the document version they
// were computed for.
import { DiagnosticSeverity, type Diagnostic, type Range } from 'vscode-languageserver';

import type { Fix, LintMessage } from './fixes.ts';
import { sameRange, touches } from './ranges.ts';
import { ruleDocsUrl } from './ruleConfig.ts';
import type { RuleSeverity } from './shared/settings.ts';

export const DIAGNOSTIC_SOURCE = 'corral';

export interface Problem {
  diagnostic: Diagnostic;
  /** `corral/<rule>`, or null for a parsing error (or the server's own notice). */
  ruleId: string | null;
  fix?: Fix;
  suggestions?: { desc: string; fix: Fix }[];
}

export namespace Problem {
  /** The rule's name without `corral/`, or undefined for a parsing error. */
  export function ruleName(problem: Problem): string | undefined {
    return problem.ruleId?.slice('corral/'.length);
  }

  export function isFixable(problem: Problem): boolean {
    return problem.fix !== undefined;
  }

  /**
   * Whether a diagnostic the client sent back is this problem's. Some clients drop fields (its
   * `data`, even its message or range): what is missing matches, a missing range by touching the
   * range the actions are asked for.
   */
  export function matches(problem: Problem, diagnostic: Partial<Diagnostic>, requested: Range): boolean {
    const { code, message, range } = diagnostic;
    return (code === undefined || code === null || problem.diagnostic.code === code)
      && (!message || problem.diagnostic.message === message)
      && (range ? sameRange(problem.diagnostic.range, range) : touches(problem.diagnostic.range, requested));
  }
}

/** The problems of one document at one version. */
export interface DocumentProblems {
  version: number;
  problems: Problem[];
}

const SEVERITIES: Record<Exclude<RuleSeverity, 'off'>, DiagnosticSeverity> = {
  hint: DiagnosticSeverity.Hint,
  info: DiagnosticSeverity.Information,
  warn: DiagnosticSeverity.Warning,
  error: DiagnosticSeverity.Error,
};

export function toProblem(message: LintMessage, severities: ReadonlyMap<string, RuleSeverity>): Problem {
  const ruleId = message.ruleId;
  const name = ruleId?.slice('corral/'.length);
  const severity = name === undefined ? 'error' : severities.get(name) ?? 'error';
  const diagnostic: Diagnostic = {
    range: toRange(message),
    severity: SEVERITIES[severity === 'off' ? 'error' : severity],
    source: DIAGNOSTIC_SOURCE,
    message: message.message,
  };
  if (ruleId && name) {
    diagnostic.code = ruleId;
    const href = ruleDocsUrl(name);
    if (href) diagnostic.codeDescription = { href };
  }
  const problem: Problem = { diagnostic, ruleId: message.ruleId };
  if (message.fix) problem.fix = message.fix;
  if (message.suggestions) problem.suggestions = message.suggestions;
  return problem;
}

/** ESLint's 1-based lines and columns to LSP's 0-based; a message without an end marks one point. */
function toRange(message: LintMessage): Range {
  const start = { line: Math.max(message.line - 1, 0), character: Math.max(message.column - 1, 0) };
  if (message.endLine === undefined || message.endColumn === undefined) return { start, end: start };
  return { start, end: { line: Math.max(message.endLine - 1, 0), character: Math.max(message.endColumn - 1, 0) } };
}
