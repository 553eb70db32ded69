import * as vscode from 'vscode';

import { DEFAULT_SETTINGS, SETTINGS_SECTION, type CorralSettings } from '../../server/src/shared/index.ts';

/** The `corral` settings for a resource (or the window), with the defaults filled in. */
export function readSettings(scope?: vscode.Uri): CorralSettings {
  const config = vscode.workspace.getConfiguration(SETTINGS_SECTION, scope);
  return {
    enable: config.get('enable', DEFAULT_SETTINGS.enable),
    preset: config.get('preset', DEFAULT_SETTINGS.preset),
    rules: config.get('rules', DEFAULT_SETTINGS.rules),
    run: config.get('run', DEFAULT_SETTINGS.run),
    debounceMs: config.get('debounceMs', DEFAULT_SETTINGS.debounceMs),
    typeAwareBudgetMs: config.get('typeAwareBudgetMs', DEFAULT_SETTINGS.typeAwareBudgetMs),
    maxFileSizeKB: config.get('maxFileSizeKB', DEFAULT_SETTINGS.maxFileSizeKB),
  };
}
