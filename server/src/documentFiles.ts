// The file name a document is linted under. Documents on disk keep their path (the project
// service needs it); others get a name under an invented root with their language's extension.
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';

import type { TextDocument } from 'vscode-languageserver-textdocument';

const EXTENSIONS: Record<string, string> = {
  typescript: '.ts',
  typescriptreact: '.tsx',
  javascript: '.js',
  // The presets match no .jsx; TypeScript parses JSX in .js files.
  javascriptreact: '.js',
};

/** The extensions the presets' `files` pattern matches. */
const LINTED_PATH = /\.(?:[cm]?[jt]s|tsx)$/;

/** The languages the server lints. */
export const LANGUAGE_IDS: readonly string[] = Object.keys(EXTENSIONS);

/** The file's path for `file:` documents, else undefined. */
export function filePathOf(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

const UNTITLED = `${process.platform === 'win32' ? 'C:\\untitled\\' : '/untitled/'}document`;

/** An absolute file name to lint the document as: its path, for a type-aware lint. */
export function lintFilename(document: TextDocument): string {
  const path = filePathOf(document.uri);
  if (path !== undefined && LINTED_PATH.test(path)) return path;
  return `${UNTITLED}${EXTENSIONS[document.languageId] ?? '.ts'}`;
}

/**
 * A short file name with the document's extension, for a lint or a parse that needs no path:
 * ESLint matches the name against its patterns in time that grows with the square of its length
 * (a path of 20,000 segments held the thread for 33 s).
 */
export function standInFilename(document: TextDocument): string {
  return `${UNTITLED}${extname(lintFilename(document))}`;
}

/** Whether the server lints documents of this language (by id, or by the file's extension). */
export function isLintable(document: TextDocument): boolean {
  return LANGUAGE_IDS.includes(document.languageId) || /\.[cm]?[jt]sx?$/.test(filePathOf(document.uri) ?? '');
}
