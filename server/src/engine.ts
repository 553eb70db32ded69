// Everything that needs the linter (ESLint, the TypeScript parser, the rules, TypeScript itself):
// loaded by server.ts after it has answered `initialize`, so that the editor is not kept waiting
// for the second or so that loading takes on a busy machine.
export { codeActions, resolveFixAll } from './codeActions.ts';
export { hoverAt } from './hover.ts';
export { runLintWorker } from './lintWorker.ts';
export { forgetProjects } from './projects.ts';
export { createValidator, LARGE_FILE_CHARS } from './validator.ts';
