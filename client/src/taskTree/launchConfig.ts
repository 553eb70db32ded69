// Node launch configurations get the tracing switch (CORRAL_TRACE=1: spawn sites and history
// for the task tree) unless the setting `corral.tasks.traceOnLaunch` is off or the
// configuration sets CORRAL_TRACE itself. Attach needs nothing: the snapshot is always on, and
// the view may switch tracing on in the running program (view.ts).
import * as vscode from 'vscode';

export const TRACED_DEBUG_TYPES = ['node', 'pwa-node'] as const;

/** `config` with CORRAL_TRACE=1 in its environment, when it is a launch that does not set it. */
export function withTracing<T extends { request?: unknown; env?: unknown }>(config: T): T {
  if (config.request !== 'launch') return config;
  const env = typeof config.env === 'object' && config.env !== null ? (config.env as Record<string, unknown>) : {};
  if ('CORRAL_TRACE' in env) return config;
  return { ...config, env: { ...env, CORRAL_TRACE: '1' } };
}

export function registerLaunchConfig(): vscode.Disposable[] {
  const provider: vscode.DebugConfigurationProvider = {
    resolveDebugConfiguration(folder, config) {
      const enabled = vscode.workspace.getConfiguration('corral', folder?.uri).get<boolean>('tasks.traceOnLaunch', true);
      return enabled ? withTracing(config) : config;
    },
  };
  return TRACED_DEBUG_TYPES.map((type) => vscode.debug.registerDebugConfigurationProvider(type, provider));
}
