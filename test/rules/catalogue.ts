// The rule catalogue (docs/rules.md) as data: the contract the plugin-level tests hold
// the plugin, its presets, its docs and its README to.

export type Preset = 'recommended' | 'recommended-type-checked' | 'strict';

export interface CatalogueRule {
  name: string;
  preset: Preset;
  /** What the catalogue promises: an autofix, suggestions only, or neither. */
  repair: 'fix' | 'suggestion' | 'none';
}

export const CATALOGUE: readonly CatalogueRule[] = [
  { name: 'no-swallowed-cancellation', preset: 'recommended', repair: 'suggestion' },
  { name: 'no-unshielded-cleanup', preset: 'recommended', repair: 'suggestion' },
  { name: 'no-await-before-rethrow', preset: 'recommended', repair: 'suggestion' },
  { name: 'require-checkpoint-in-cancel-scope', preset: 'recommended', repair: 'suggestion' },
  { name: 'no-unbounded-queue', preset: 'recommended', repair: 'suggestion' },
  { name: 'no-busy-wait', preset: 'recommended', repair: 'none' },
  { name: 'prefer-checkpoint', preset: 'recommended', repair: 'fix' },
  { name: 'prefer-sleep-forever', preset: 'recommended', repair: 'suggestion' },
  { name: 'prefer-monotonic-deadline', preset: 'recommended', repair: 'fix' },
  { name: 'require-task-status-started', preset: 'recommended', repair: 'none' },
  { name: 'no-useless-task-group', preset: 'recommended', repair: 'suggestion' },
  { name: 'no-resource-outliving-task', preset: 'recommended', repair: 'none' },
  { name: 'no-blocking-call-in-async', preset: 'recommended', repair: 'suggestion' },
  { name: 'no-promise-as-task', preset: 'recommended', repair: 'fix' },
  { name: 'no-constant-absolute-deadline', preset: 'recommended', repair: 'suggestion' },
  { name: 'no-delayed-scope-entry', preset: 'recommended', repair: 'none' },
  { name: 'no-floating-runtime-call', preset: 'recommended-type-checked', repair: 'suggestion' },
  { name: 'no-unstructured-concurrency', preset: 'recommended-type-checked', repair: 'none' },
  { name: 'require-checkpoint-in-loop', preset: 'strict', repair: 'suggestion' },
  { name: 'prefer-signal', preset: 'strict', repair: 'suggestion' },
  { name: 'require-checkpoint-in-async-function', preset: 'strict', repair: 'suggestion' },
];

export const PRESETS: readonly Preset[] = ['recommended', 'recommended-type-checked', 'strict'];

/** The catalogue's rules that `preset` turns on: its own and those of the presets before it. */
export function rulesOf(preset: Preset): string[] {
  const upTo = PRESETS.indexOf(preset);
  return CATALOGUE.filter((rule) => PRESETS.indexOf(rule.preset) <= upTo).map((rule) => rule.name).sort();
}
