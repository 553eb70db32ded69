
/** The languages the server lints (files on disk and unsaved ones). */
export const LANGUAGES = ['typescript', 'typescriptreact', 'javascript', 'javascriptreact'] as const;

export const DOCUMENT_SELECTOR: { scheme: string; language: string }[] = LANGUAGES.flatMap((language) => [
  { scheme: 'file', language },
  { scheme: 'untitled', language },
]);

/** The commands the extension contributes (package.json `contributes.commands`). */
export namespace Commands {
  export const restartServer = 'corral.restartServer';
  export const showOutput = 'corral.showOutput';
  export const fixAll = 'corral.fixAll';
}
