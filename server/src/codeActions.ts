// Code actions for the problems published for a document: each fix (preferred), each
// suggestion, disabling the rule for the line or the file, the rule's documentation, fixing all
// of a rule's problems, and `source.fixAll.corral`. Every edit is for the version the problems
// were computed for and says so (a versioned TextDocumentEdit); when the document has moved on
// since, there are no actions, since their offsets would be wrong.
import {
  CodeAction,
  CodeActionKind,
  type CodeActionParams,
  type Diagnostic,
  type Range,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';

import { fixAll } from './lint.ts';
import { planLint } from './lintPlan.ts';
import { Problem, type DocumentProblems } from './problems.ts';
import { ruleDocsUrl } from './ruleConfig.ts';
import { Commands } from './shared/customMessages.ts';
import type { CorralSettings } from './shared/settings.ts';

/** The kind of the fix-all source action, for `codeActionsOnSave` and `only` filters. */
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.corral`;

export interface CodeActionContext {
  document: TextDocument;
  problems: DocumentProblems | undefined;
  settings: CorralSettings;
  /** Whether the client applies `documentChanges` (versioned edits). */
  versionedEdits: boolean;
}

export function codeActions(params: CodeActionParams, context: CodeActionContext): CodeAction[] {
  const { document, problems } = context;
  if (!problems || problems.version !== document.version) return [];
  const targets = problemsAt(problems.problems, params);
  const actions: CodeAction[] = [];
  const rulesSeen = new Set<string>();
  for (const problem of targets) {
    actions.push(...problemActions(problem, context));
    const rule = Problem.ruleName(problem);
    if (rule && !rulesSeen.has(rule)) {
      rulesSeen.add(rule);
      actions.push(...ruleActions(problem, rule, context));
    }
  }
  const fixAllAction = fixAllSourceAction(context);
  if (fixAllAction) actions.push(fixAllAction);
  return actions.filter((action) => wanted(action.kind, params.context.only));
}

/** The problems the request is about: the diagnostics it names, or else those its range touches. */
function problemsAt(problems: Problem[], params: CodeActionParams): Problem[] {
  const named = params.context.diagnostics;
  if (named.length > 0) return problems.filter((problem) => named.some((diagnostic) => Problem.matches(problem, diagnostic)));
  return problems.filter((problem) => touches(problem.diagnostic.range, params.range));
}

/** The fix and the suggestions of one problem. */
function problemActions(problem: Problem, context: CodeActionContext): CodeAction[] {
  const actions: CodeAction[] = [];
  const { fix, suggestions } = problem.message;
  if (fix) {
    actions.push(quickFix(`Fix this ${problem.message.ruleId} problem`, problem.diagnostic, editFor(context, [toTextEdit(context.document, fix)]), true));
  }
  for (const suggestion of suggestions ?? []) {
    actions.push(quickFix(suggestion.desc, problem.diagnostic, editFor(context, [toTextEdit(context.document, suggestion.fix)]), false));
  }
  return actions;
}

/** The actions about a problem's rule: disable it for the line and the file, its docs, fix all of it. */
function ruleActions(problem: Problem, rule: string, context: CodeActionContext): CodeAction[] {
  const ruleId = `corral/${rule}`;
  const { document } = context;
  const line = problem.diagnostic.range.start.line;
  const actions = [
    quickFix(`Disable ${ruleId} for this line`, problem.diagnostic, editFor(context, [disableForLine(document, line, ruleId)]), false),
    quickFix(`Disable ${ruleId} for the entire file`, problem.diagnostic, editFor(context, [disableForFile(document, ruleId)]), false),
  ];
  const href = ruleDocsUrl(rule);
  if (href) {
    actions.push(CodeAction.create(`Show documentation for ${ruleId}`, { title: `Show documentation for ${ruleId}`, command: Commands.showDocumentation, arguments: [href] }, CodeActionKind.QuickFix));
  }
  const fixable = context.problems!.problems.filter((other) => other.message.ruleId === ruleId && Problem.isFixable(other));
  if (fixable.length > 1) {
    const edit = fixAllEdit(context, ruleId);
    if (edit) actions.push(quickFix(`Fix all ${ruleId} problems`, undefined, edit, false));
  }
  return actions;
}

function fixAllSourceAction(context: CodeActionContext): CodeAction | undefined {
  if (!context.problems!.problems.some(Problem.isFixable)) return undefined;
  const edit = fixAllEdit(context);
  return edit && CodeAction.create('Fix all auto-fixable corral problems', edit, FIX_ALL_KIND);
}

/** One edit from the text to the text `eslint --fix` would leave (of one rule, if given). */
function fixAllEdit(context: CodeActionContext, ruleId?: string): WorkspaceEdit | undefined {
  const plan = planLint(context.document, context.settings);
  if (plan.kind === 'skip') return undefined;
  const request = plan.kind === 'typeAware' ? plan.syntactic : plan.request;
  const fixed = fixAll(request, ruleId);
  return fixed === undefined ? undefined : editFor(context, [differenceEdit(context.document, fixed)]);
}

function quickFix(title: string, diagnostic: Diagnostic | undefined, edit: WorkspaceEdit, isPreferred: boolean): CodeAction {
  const action = CodeAction.create(title, edit, CodeActionKind.QuickFix);
  if (diagnostic) action.diagnostics = [diagnostic];
  if (isPreferred) action.isPreferred = true;
  return action;
}

/** A workspace edit of the document at the version the actions were computed for. */
function editFor({ document, versionedEdits }: CodeActionContext, edits: TextEdit[]): WorkspaceEdit {
  if (!versionedEdits) return { changes: { [document.uri]: edits } };
  return { documentChanges: [{ textDocument: { uri: document.uri, version: document.version }, edits }] };
}

function toTextEdit(document: TextDocument, fix: { range: readonly [number, number]; text: string }): TextEdit {
  return { range: { start: document.positionAt(fix.range[0]), end: document.positionAt(fix.range[1]) }, newText: fix.text };
}

/** `// eslint-disable-next-line <rule>` above the line, indented as the line is. */
function disableForLine(document: TextDocument, line: number, ruleId: string): TextEdit {
  const text = document.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } });
  const indent = /^[ \t]*/.exec(text)![0];
  return { range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: `${indent}// eslint-disable-next-line ${ruleId}\n` };
}

/** `/* eslint-disable <rule> *\/` as the first line, after a `#!` line if there is one. */
function disableForFile(document: TextDocument, ruleId: string): TextEdit {
  const line = document.getText().startsWith('#!') ? 1 : 0;
  return { range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: `/* eslint-disable ${ruleId} */\n` };
}

/** One edit replacing the part of the document that differs from `after`. */
function differenceEdit(document: TextDocument, after: string): TextEdit {
  const before = document.getText();
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let end = 0;
  while (end < before.length - start && end < after.length - start && before[before.length - 1 - end] === after[after.length - 1 - end]) end++;
  return {
    range: { start: document.positionAt(start), end: document.positionAt(before.length - end) },
    newText: after.slice(start, after.length - end),
  };
}

function touches(a: Range, b: Range): boolean {
  const before = (p: Range['start'], q: Range['start']): boolean => p.line < q.line || (p.line === q.line && p.character < q.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}

/** Whether an action's kind passes the request's `only` filter (a kind or a parent of it). */
function wanted(kind: string | undefined, only: string[] | undefined): boolean {
  if (!only || only.length === 0) return true;
  return kind !== undefined && only.some((prefix) => kind === prefix || kind.startsWith(`${prefix}.`));
}
