// A lint message as the editor sees it: a Diagnostic, kept beside the ESLint message it came
// from (its fix and suggestions) and the document version both were computed for.
import type { Linter } from 'eslint';
import { DiagnosticSeverity, type Diagnostic, type Range } from 'vscode-languageserver';

import { ruleDocsUrl } from './ruleConfig.ts';
import type { RuleSeverity } from './shared/settings.ts';

export const DIAGNOSTIC_SOURCE = 'corral';

export interface Problem {
  diagnostic: Diagnostic;
  message: Linter.LintMessage;
}

export namespace Problem {
  /** The rule's name without `corral/`, or undefined for a parsing error. */
  export function ruleName(problem: Problem): string | undefined {
    return problem.message.ruleId?.slice('corral/'.length);
  }

  export function isFixable(problem: Problem): boolean {
    return problem.message.fix !== undefined;
  }

  /** Whether a diagnostic the client sent back is this problem's (the client may drop `data`). */
  export function matches(problem: Problem, diagnostic: Diagnostic): boolean {
    return problem.diagnostic.code === diagnostic.code
      && problem.diagnostic.message === diagnostic.message
      && sameRange(problem.diagnostic.range, diagnostic.range);
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

export function toProblem(message: Linter.LintMessage, severities: ReadonlyMap<string, RuleSeverity>): Problem {
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
  return { diagnostic, message };
}

/** ESLint's 1-based lines and columns to LSP's 0-based; a message without an end marks one point. */
function toRange(message: Linter.LintMessage): Range {
  const start = { line: Math.max(message.line - 1, 0), character: Math.max(message.column - 1, 0) };
  if (message.endLine === undefined || message.endColumn === undefined) return { start, end: start };
  return { start, end: { line: Math.max(message.endLine - 1, 0), character: Math.max(message.endColumn - 1, 0) } };
}

function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character
    && a.end.line === b.end.line && a.end.character === b.end.character;
}
