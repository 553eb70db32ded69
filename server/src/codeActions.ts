// Code actions for the problems published for a document: each fix (preferred), each
// suggestion, disabling the rule for the line or the file, the rule's documentation, fixing all
// of a rule's problems, and `source.fixAll.corral`. All come from the lint that produced the
// diagnostics, never from a new one (on a 20,000-line file that took seconds). Every edit is for
// the version the problems were computed for and says so (a versioned TextDocumentEdit); when the
// document has moved on since, there are no actions, since their offsets would be wrong. For
// clients that resolve actions, the fix-all actions' edits are made when one is chosen.
import {
  CodeAction,
  CodeActionKind,
  type CodeActionParams,
  type Diagnostic,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';

import { fixAllEdits, type Fix } from './fixes.ts';
import { Problem, type DocumentProblems } from './problems.ts';
import { touches } from './ranges.ts';
import { ruleDocsUrl } from './ruleConfig.ts';
import { Commands, FIX_ALL_KIND } from './shared/customMessages.ts';

export interface CodeActionContext {
  document: TextDocument;
  problems: DocumentProblems | undefined;
  /** Whether the client applies `documentChanges` (versioned edits). */
  versionedEdits: boolean;
  /** Whether the client resolves actions' edits (codeAction/resolve): fix-all edits wait for it. */
  resolvesEdits: boolean;
}

/** What a fix-all action without its edit carries to codeAction/resolve. */
export interface FixAllData {
  uri: string;
  version: number;
  /** The rule whose problems it fixes; all rules if absent. */
  ruleId?: string;
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
  if (problems.problems.some(Problem.isFixable)) actions.push(fixAllAction('Fix all auto-fixable corral problems', FIX_ALL_KIND, context));
  return actions.filter((action) => wanted(action.kind, params.context.only));
}

/** A fix-all action's edit, made now (codeAction/resolve); none if the document has moved on. */
export function resolveFixAll(action: CodeAction, context: CodeActionContext): CodeAction {
  const data = action.data as FixAllData | undefined;
  const { document, problems } = context;
  if (!data || !problems || problems.version !== document.version || data.version !== document.version) return action;
  return { ...action, edit: fixAllEdit(context, data.ruleId) };
}

/** The problems the request is about: the diagnostics it names, or else those its range touches. */
function problemsAt(problems: Problem[], params: CodeActionParams): Problem[] {
  const named = params.context.diagnostics;
  if (named.length > 0) return problems.filter((problem) => named.some((diagnostic) => Problem.matches(problem, diagnostic, params.range)));
  return problems.filter((problem) => touches(problem.diagnostic.range, params.range));
}

/** The fix and the suggestions of one problem. */
function problemActions(problem: Problem, context: CodeActionContext): CodeAction[] {
  const actions: CodeAction[] = [];
  const { fix, suggestions } = problem;
  if (fix) {
    actions.push(quickFix(`Fix this ${problem.ruleId} problem`, problem.diagnostic, editFor(context, toTextEdits(context.document, fix)), true));
  }
  for (const suggestion of suggestions ?? []) {
    actions.push(quickFix(suggestion.desc, problem.diagnostic, editFor(context, toTextEdits(context.document, suggestion.fix)), false));
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
  const fixable = context.problems!.problems.filter((other) => other.ruleId === ruleId && Problem.isFixable(other));
  if (fixable.length > 1) actions.push(fixAllAction(`Fix all ${ruleId} problems`, CodeActionKind.QuickFix, context, ruleId));
  return actions;
}

/** A fix-all action (of one rule, if given): with its edit, or its data for codeAction/resolve. */
function fixAllAction(title: string, kind: string, context: CodeActionContext, ruleId?: string): CodeAction {
  const action: CodeAction = { title, kind };
  if (!context.resolvesEdits) return { ...action, edit: fixAllEdit(context, ruleId) };
  const data: FixAllData = { uri: context.document.uri, version: context.document.version, ...(ruleId ? { ruleId } : {}) };
  return { ...action, data };
}

/** The edits fixing every fixable problem (of one rule, if given) in one pass (see fixAllEdits). */
function fixAllEdit(context: CodeActionContext, ruleId?: string): WorkspaceEdit {
  const fixes: Fix[] = [];
  for (const problem of context.problems!.problems) {
    if (problem.fix && (ruleId === undefined || problem.ruleId === ruleId)) fixes.push(problem.fix);
  }
  return editFor(context, toTextEdits(context.document, fixAllEdits(fixes)));
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

function toTextEdits(document: TextDocument, fix: Fix): TextEdit[] {
  return fix.map((edit) => ({ range: { start: document.positionAt(edit.range[0]), end: document.positionAt(edit.range[1]) }, newText: edit.text }));
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

/** Whether an action's kind passes the request's `only` filter (a kind or a parent of it). */
function wanted(kind: string | undefined, only: string[] | undefined): boolean {
  if (!only || only.length === 0) return true;
  return kind !== undefined && only.some((prefix) => kind === prefix || kind.startsWith(`${prefix}.`));
}
