// The server's own LSP messages, prefixed `corral/`. Shared with editor clients as types.
import { NotificationType } from 'vscode-languageserver-protocol';

/** How type information was used for a document's latest diagnostics. */
export type TypeAwareState =
  /** The preset needs no types, or linting is off for the document (or it is too large). */
  | 'notNeeded'
  /** Type-aware rules ran. */
  | 'on'
  /** Only the syntactic rules ran; `StatusParams.reason` says why. */
  | 'fallback';

export interface StatusParams {
  /** The document the status is about. */
  uri: string;
  /** The document's version it is about. */
  version: number;
  /** `ok`: linted; `warn`: linted with a rule or type information left out; `error`: could not lint. */
  state: 'ok' | 'warn' | 'error';
  typeAware: TypeAwareState;
  /** Why type-aware linting fell back, or what went wrong, in one sentence; absent when all is well. */
  reason?: string;
}

/**
 * Sent by the server after each lint of a document: its state and whether type-aware linting
 * ran or fell back (no tsconfig.json, not in the project, over the time budget, failed), or that
 * the document was not linted at all (larger than `maxFileSizeKB`). Sent only when it changes.
 */
export namespace StatusNotification {
  export const method = 'corral/status' as const;
  export const type = new NotificationType<StatusParams>(method);
}

/** The kind of the fix-all source action, for `codeActionsOnSave` and `only` filters. */
export const FIX_ALL_KIND = 'source.fixAll.corral';

/** The commands the server executes (workspace/executeCommand). */
export namespace Commands {
  /** Opens a rule's documentation page; argument: the page's URL. Asks the client with window/showDocument. */
  export const showDocumentation = 'corral.showDocumentation' as const;
}
