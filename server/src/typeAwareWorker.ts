// The worker thread that runs type-aware lints. typescript-eslint's project service (one, made
// on the first lint and reused for every file) builds programs synchronously, which can take
// seconds; off the main thread it cannot stall the server, and the main thread can stop waiting.
import { parentPort, workerData } from 'node:worker_threads';

import { lint, type LintRequest, type LintResult } from './lint.ts';

export const WORKER_ROLE = 'corral-type-aware-linter';

export interface WorkerRequest {
  id: number;
  request: LintRequest;
}

export interface WorkerResponse {
  id: number;
  result?: LintResult;
  /** The failure's message when the lint threw. */
  error?: string;
}

/** True in the worker thread started by `createTypeAwareLinter`. */
export function isTypeAwareWorker(): boolean {
  return parentPort !== null && (workerData as { role?: unknown } | undefined)?.role === WORKER_ROLE;
}

export function runTypeAwareWorker(): void {
  const port = parentPort!;
  port.on('message', ({ id, request }: WorkerRequest) => {
    let response: WorkerResponse;
    try {
      response = { id, result: lint(request) };
    } catch (error) {
      response = { id, error: error instanceof Error ? error.stack ?? error.message : String(error) };
    }
    port.postMessage(response);
  });
}
