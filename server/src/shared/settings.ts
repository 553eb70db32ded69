// The settings the server reads from the client, section `corral` (workspace/configuration).
// Shared with editor clients as types; this module may import only vscode-languageserver-protocol.

/** The rule presets of eslint-plugin-corral; each includes the ones before it. */
export type PresetName = 'recommended' | 'recommended-type-checked' | 'strict';

/** A rule's severity as the editor shows it; `off` turns the rule off. */
export type RuleSeverity = 'off' | 'hint' | 'info' | 'warn' | 'error';

/** When documents are linted: on every change (debounced) or when saved. Both lint on open. */
export type RunMode = 'onType' | 'onSave';

/** The `corral` settings section. Every field is optional on the wire; see `DEFAULT_SETTINGS`. */
export interface CorralSettings {
  /** Lint at all. */
  enable: boolean;
  /** The preset whose rules run. The type-checked ones need the document to be in a tsconfig.json project. */
  preset: PresetName;
  /** Per-rule severities by rule name without the `corral/` prefix, over the preset's. */
  rules: Record<string, RuleSeverity>;
  /** When to lint. */
  run: RunMode;
  /** Milliseconds of quiet after a change before linting (onType only). Minimum 0. */
  debounceMs: number;
  /**
   * Milliseconds type-aware results may take before the status says they are late. The syntactic
   * rules' problems are published at once either way, beside the last type-aware problems (moved
   * through the edits since) until the new ones come. 0: say so whenever they are not there at once.
   */
  typeAwareBudgetMs: number;
  /**
   * Documents larger than this many KB (1,024 characters) are not linted (generated bundles): they
   * get one informational diagnostic saying so, and the status says why. Minimum 0.
   */
  maxFileSizeKB: number;
}

export const DEFAULT_SETTINGS: CorralSettings = {
  enable: true,
  preset: 'recommended-type-checked',
  rules: {},
  run: 'onType',
  debounceMs: 20,
  typeAwareBudgetMs: 1500,
  maxFileSizeKB: 3072,
};

/** The settings section name the server asks for. */
export const SETTINGS_SECTION = 'corral';
