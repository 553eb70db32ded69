// A worker thread that runs lints the main thread must not: type-aware ones (typescript-eslint's
// project service, made on the first lint and reused, builds programs synchronously, which can
// take seconds) and those of large files (parsing 20,000 lines takes a second or more). Off the
// main thread they cannot stall the server, and the main thread can stop waiting.
import { parentPort, workerData } from 'node:worker_threads';

import { exitsMidLint } from './faults.ts';
import { encodeFixes } from './fixTransfer.ts';
import { lint, type LintRequest, type LintResult } from './lint.ts';

export const WORKER_ROLE = 'corral-lint-worker';

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

/** True in a worker thread started by `createWorkerLinter`. */
export function isLintWorker(): boolean {
  return parentPort !== null && (workerData as { role?: unknown } | undefined)?.role === WORKER_ROLE;
}

export function runLintWorker(): void {
  const port = parentPort!;
  port.on('message', ({ id, request }: WorkerRequest) => {
    // Fault injection for the server's tests only (faults.ts): a worker that dies mid-lint.
    if (exitsMidLint(request.text)) process.exit(3);
    let response: WorkerResponse;
    try {
      const result = lint(request);
      response = { id, result: { ...result, messages: encodeFixes(request.text, result.messages) } };
    } catch (error) {
      response = { id, error: error instanceof Error ? error.stack ?? error.message : String(error) };
    }
    port.postMessage(response);
  });
}
