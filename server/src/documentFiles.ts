// The file name a document is linted under. Documents on disk keep their path (the project
// service needs it); others get a name under an invented root with their language's extension.
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

/** An absolute file name to lint the document as. */
export function lintFilename(document: TextDocument): string {
  const path = filePathOf(document.uri);
  if (path !== undefined && LINTED_PATH.test(path)) return path;
  const extension = EXTENSIONS[document.languageId] ?? '.ts';
  return `${process.platform === 'win32' ? 'C:\\untitled\\' : '/untitled/'}document${extension}`;
}

/** Whether the server lints documents of this language (by id, or by the file's extension). */
export function isLintable(document: TextDocument): boolean {
  return LANGUAGE_IDS.includes(document.languageId) || /\.[cm]?[jt]sx?$/.test(filePathOf(document.uri) ?? '');
}
