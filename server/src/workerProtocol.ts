// What the main thread and a lint worker (lintWorker.ts) say to each other. Light on purpose:
// the main thread reads it before it has loaded any of the linting code.
import { workerData } from 'node:worker_threads';

import type { HoverAnswer } from './hover.ts';
import type { LintRequest, LintResult } from './lint.ts';

export const WORKER_ROLE = 'corral-lint-worker';

/** A job for a worker: a lint, or a hover over a text too large to parse on the main thread. */
export type WorkerJob =
  | { kind: 'lint'; request: LintRequest }
  | { kind: 'hover'; text: string; filename: string; offset: number };

/** What each job answers. */
export interface WorkerAnswers {
  lint: LintResult;
  hover: HoverAnswer | null;
}

export interface WorkerRequest {
  id: number;
  job: WorkerJob;
}

export interface WorkerResponse {
  id: number;
  answer?: WorkerAnswers[WorkerJob['kind']];
  /** The failure's message when the job threw. */
  error?: string;
}

/** True in a worker thread started by `createWorkerLinter`. */
export function isLintWorker(): boolean {
  return (workerData as { role?: unknown } | undefined)?.role === WORKER_ROLE;
}
