// The `corral` settings per document: pulled with workspace/configuration when the client can,
// else taken from initializationOptions and didChangeConfiguration pushes. Values off the wire
// are checked field by field; a bad field falls back to its default (and is logged), never throws.
import type { Connection } from 'vscode-languageserver';

import { DEFAULT_SETTINGS, SETTINGS_SECTION, type CorralSettings, type PresetName, type RuleSeverity, type RunMode } from './shared/settings.ts';

const PRESETS: readonly PresetName[] = ['recommended', 'recommended-type-checked', 'strict'];
const SEVERITIES: readonly RuleSeverity[] = ['off', 'hint', 'info', 'warn', 'error'];
const RUN_MODES: readonly RunMode[] = ['onType', 'onSave'];

export interface SettingsStore {
  /** The settings for a document; cached until the next `invalidate`. */
  forDocument(uri: string): Promise<CorralSettings>;
  /** Forgets the cache; `pushed` is the `corral` section of a didChangeConfiguration, if any. */
  invalidate(pushed?: unknown): void;
  /** Forgets one document's settings (it closed). */
  forget(uri: string): void;
}

export function createSettingsStore(connection: Connection, canPull: boolean, initial: unknown): SettingsStore {
  let pushed = initial;
  const cache = new Map<string, Promise<CorralSettings>>();
  const log = (message: string): void => connection.console.warn(message);

  async function pull(uri: string): Promise<CorralSettings> {
    if (!canPull) return normalizeSettings(pushed, log);
    try {
      const [section] = await connection.workspace.getConfiguration([{ scopeUri: uri, section: SETTINGS_SECTION }]) as unknown[];
      return normalizeSettings(section ?? pushed, log);
    } catch (error) {
      // A client that fails the request (or was shut down) still gets linted, with what was pushed.
      log(`workspace/configuration failed (${String(error)}); using the pushed settings`);
      return normalizeSettings(pushed, log);
    }
  }

  return {
    forDocument(uri) {
      let settings = cache.get(uri);
      if (!settings) cache.set(uri, settings = pull(uri));
      return settings;
    },
    invalidate(next) {
      if (next !== undefined) pushed = next;
      cache.clear();
    },
    forget(uri) {
      cache.delete(uri);
    },
  };
}

/** Settings from any value: each valid field kept, everything else the default. */
export function normalizeSettings(raw: unknown, log: (message: string) => void = () => {}): CorralSettings {
  const value = isObject(raw) ? raw : {};
  const pick = <K extends keyof CorralSettings>(key: K, valid: (v: unknown) => boolean): CorralSettings[K] => {
    if (value[key] === undefined || value[key] === null) return DEFAULT_SETTINGS[key];
    if (valid(value[key])) return value[key] as CorralSettings[K];
    log(`corral.${key}: ${JSON.stringify(value[key])} is not valid; using ${JSON.stringify(DEFAULT_SETTINGS[key])}`);
    return DEFAULT_SETTINGS[key];
  };
  return {
    enable: pick('enable', (v) => typeof v === 'boolean'),
    preset: pick('preset', (v) => PRESETS.includes(v as PresetName)),
    rules: normalizeRules(value.rules, log),
    run: pick('run', (v) => RUN_MODES.includes(v as RunMode)),
    debounceMs: pick('debounceMs', isNonNegativeNumber),
    typeAwareBudgetMs: pick('typeAwareBudgetMs', isNonNegativeNumber),
    maxFileSizeKB: pick('maxFileSizeKB', isNonNegativeNumber),
  };
}

function normalizeRules(raw: unknown, log: (message: string) => void): Record<string, RuleSeverity> {
  if (raw === undefined || raw === null) return {};
  if (!isObject(raw)) {
    log(`corral.rules must be an object of rule name to severity; ignored`);
    return {};
  }
  const rules: Record<string, RuleSeverity> = {};
  for (const [name, severity] of Object.entries(raw)) {
    const bare = name.replace(/^corral\//, '');
    if (SEVERITIES.includes(severity as RuleSeverity)) rules[bare] = severity as RuleSeverity;
    else log(`corral.rules.${name}: ${JSON.stringify(severity)} is not one of ${SEVERITIES.join(', ')}; ignored`);
  }
  return rules;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNonNegativeNumber(value: unknown): boolean {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}
