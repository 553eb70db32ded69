// A worker thread that runs lints the main thread must not: type-aware ones (typescript-eslint's
// project service, made on the first lint and reused, builds programs synchronously, which can
// take seconds) and those of large files (parsing 20,000 lines takes a second or more), and
// hovers over large files. Off the main thread they cannot stall the server.
import { parentPort } from 'node:worker_threads';

import { exitsMidLint } from './faults.ts';
import { hoverAt } from './hover.ts';
import { lint } from './lint.ts';
import type { WorkerRequest, WorkerResponse } from './workerProtocol.ts';

export function runLintWorker(): void {
  const port = parentPort!;
  port.on('message', ({ id, job }: WorkerRequest) => {
    // Fault injection for the server's tests only (faults.ts): a worker that dies mid-lint.
    if (job.kind === 'lint' && exitsMidLint(job.request.text)) process.exit(3);
    let response: WorkerResponse;
    try {
      response = { id, answer: job.kind === 'lint' ? lint(job.request) : hoverAt(job.text, job.filename, job.offset) };
    } catch (error) {
      response = { id, error: error instanceof Error ? error.stack ?? error.message : String(error) };
    }
    // As JSON: V8's structured clone took several times as long to read back on the main thread
    // (thousands of small objects for a large file's problems), and that thread must stay free.
    port.postMessage(JSON.stringify(response));
  });
}
