// The server's own LSP messages, prefixed `corral/`. Shared with editor clients as types.
import { NotificationType } from 'vscode-languageserver-protocol';

/** How type information was used for a document's latest diagnostics. */
export type TypeAwareState =
  /** The preset needs no types, or linting is off for the document. */
  | 'notNeeded'
  /** Type-aware rules ran. */
  | 'on'
  /** Only the syntactic rules ran; `StatusParams.reason` says why. */
  | 'fallback';

export interface StatusParams {
  /** The document the status is about. */
  uri: string;
  /** `ok`: linted; `warn`: linted with a rule or type information left out; `error`: could not lint. */
  state: 'ok' | 'warn' | 'error';
  typeAware: TypeAwareState;
  /** Why type-aware linting fell back, or what went wrong, in one sentence; absent when all is well. */
  reason?: string;
}

/**
 * Sent by the server after each lint of a document: its state and whether type-aware linting
 * ran or fell back (no tsconfig.json, not in the project, over the time budget, failed).
 */
export namespace StatusNotification {
  export const method = 'corral/status' as const;
  export const type = new NotificationType<StatusParams>(method);
}

/** The commands the server executes (workspace/executeCommand). */
export namespace Commands {
  /** Opens a rule's documentation page; argument: the page's URL. Asks the client with window/showDocument. */
  export const showDocumentation = 'corral.showDocumentation' as const;
}
