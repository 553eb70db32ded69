// What to run for a document under its settings: nothing, the syntactic rules, or the
// type-aware rules (with the syntactic ones first and as the fallback); nothing either for a
// document over the size limit, which is told so.
import type { TextDocument } from 'vscode-languageserver-textdocument';

import { filePathOf, isLintable, lintFilename, standInFilename } from './documentFiles.ts';
import type { LintRequest } from './lint.ts';
import type { Problem } from './problems.ts';
import { findTsconfigRoot } from './projects.ts';
import type { CorralSettings } from './shared/settings.ts';
import { usesCorral } from './usesCorral.ts';

export type LintPlan =
  | { kind: 'skip' }
  /** Larger than `maxFileSizeKB`: not linted. */
  | { kind: 'tooLarge'; sizeKB: number }
  /** `fallback` says why type information is not used although the preset wants it. */
  | { kind: 'syntactic'; request: LintRequest; fallback?: string }
  | { kind: 'typeAware'; request: LintRequest; syntactic: LintRequest };

export function planLint(document: TextDocument, settings: CorralSettings): LintPlan {
  const text = document.getText();
  if (!settings.enable || !isLintable(document) || !usesCorral(text)) return { kind: 'skip' };
  if (text.length > settings.maxFileSizeKB * 1024) return { kind: 'tooLarge', sizeKB: Math.ceil(text.length / 1024) };
  const syntactic: LintRequest = { text, filename: standInFilename(document), settings, target: {} };
  if (settings.preset === 'recommended') return { kind: 'syntactic', request: syntactic };
  const filePath = filePathOf(document.uri);
  if (filePath === undefined || filePath !== lintFilename(document)) {
    return { kind: 'syntactic', request: syntactic, fallback: 'the document is not a TypeScript or JavaScript file on disk' };
  }
  const tsconfigRootDir = findTsconfigRoot(filePath);
  if (tsconfigRootDir === undefined) {
    return { kind: 'syntactic', request: syntactic, fallback: 'no tsconfig.json above the file' };
  }
  return { kind: 'typeAware', request: { ...syntactic, filename: filePath, target: { tsconfigRootDir } }, syntactic };
}

/** A type-aware lint's parsing error that is about the project, not the code: fall back on it. */
export function projectFailure(problems: readonly Problem[]): string | undefined {
  const parsingError = problems.find((problem) => problem.ruleId === null)?.diagnostic.message;
  if (typeof parsingError === 'string' && /project service|tsconfig|allowDefaultProject/i.test(parsingError)) {
    return parsingError.replace(/^Parsing error:\s*/, '').split('\n')[0];
  }
  return undefined;
}
