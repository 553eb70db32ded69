// The plugin: its rules, listed alphabetically, and the flat-config presets built from them.
import type { TSESLint } from '@typescript-eslint/utils';

import packageJson from '../package.json' with { type: 'json' };
import { createConfigs, type CorralConfigs } from './configs/index.ts';
import noAwaitBeforeRethrow from './rules/no-await-before-rethrow.ts';
import noBlockingCallInAsync from './rules/no-blocking-call-in-async.ts';
import noBusyWait from './rules/no-busy-wait.ts';
import noConstantAbsoluteDeadline from './rules/no-constant-absolute-deadline.ts';
import noDelayedScopeEntry from './rules/no-delayed-scope-entry.ts';
import noFloatingRuntimeCall from './rules/no-floating-runtime-call.ts';
import noPromiseAsTask from './rules/no-promise-as-task.ts';
import noResourceOutlivingTask from './rules/no-resource-outliving-task.ts';
import noSwallowedCancellation from './rules/no-swallowed-cancellation.ts';
import noUnboundedQueue from './rules/no-unbounded-queue.ts';
import noUnshieldedCleanup from './rules/no-unshielded-cleanup.ts';
import noUnstructuredConcurrency from './rules/no-unstructured-concurrency.ts';
import noUselessTaskGroup from './rules/no-useless-task-group.ts';
import preferCheckpoint from './rules/prefer-checkpoint.ts';
import preferMonotonicDeadline from './rules/prefer-monotonic-deadline.ts';
import preferSignal from './rules/prefer-signal.ts';
import preferSleepForever from './rules/prefer-sleep-forever.ts';
import requireCheckpointInAsyncFunction from './rules/require-checkpoint-in-async-function.ts';
import requireCheckpointInCancelScope from './rules/require-checkpoint-in-cancel-scope.ts';
import requireCheckpointInLoop from './rules/require-checkpoint-in-loop.ts';
import requireTaskStatusStarted from './rules/require-task-status-started.ts';

/** Every rule, by the name users write after `corral/`. */
export const rules = {
  'no-await-before-rethrow': noAwaitBeforeRethrow,
  'no-blocking-call-in-async': noBlockingCallInAsync,
  'no-busy-wait': noBusyWait,
  'no-constant-absolute-deadline': noConstantAbsoluteDeadline,
  'no-delayed-scope-entry': noDelayedScopeEntry,
  'no-floating-runtime-call': noFloatingRuntimeCall,
  'no-promise-as-task': noPromiseAsTask,
  'no-resource-outliving-task': noResourceOutlivingTask,
  'no-swallowed-cancellation': noSwallowedCancellation,
  'no-unbounded-queue': noUnboundedQueue,
  'no-unshielded-cleanup': noUnshieldedCleanup,
  'no-unstructured-concurrency': noUnstructuredConcurrency,
  'no-useless-task-group': noUselessTaskGroup,
  'prefer-checkpoint': preferCheckpoint,
  'prefer-monotonic-deadline': preferMonotonicDeadline,
  'prefer-signal': preferSignal,
  'prefer-sleep-forever': preferSleepForever,
  'require-checkpoint-in-async-function': requireCheckpointInAsyncFunction,
  'require-checkpoint-in-cancel-scope': requireCheckpointInCancelScope,
  'require-checkpoint-in-loop': requireCheckpointInLoop,
  'require-task-status-started': requireTaskStatusStarted,
} satisfies Record<string, TSESLint.RuleModule<string, readonly unknown[]>>;

export interface CorralPlugin {
  meta: { name: string; version: string };
  rules: typeof rules;
  configs: CorralConfigs;
}

// The presets register the plugin object itself, so it is created first and they are added to it.
const plugin: CorralPlugin = {
  meta: { name: packageJson.name, version: packageJson.version },
  rules,
  configs: {} as CorralConfigs,
};
plugin.configs = createConfigs(plugin);

export default plugin;
