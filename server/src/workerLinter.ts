// The main thread's side of a lint worker (the type-aware one, the large-file one). At most one
// lint is in the worker at a time and at most one waits per document (the newest), so a burst of
// edits costs one lint, not a backlog. A worker that dies is replaced on the next request.
import { Worker } from 'node:worker_threads';

import { decodeFixes } from './fixTransfer.ts';
import type { LintRequest, LintResult } from './lint.ts';
import { WORKER_ROLE, type WorkerRequest, type WorkerResponse } from './lintWorker.ts';

export type WorkerLintOutcome =
  | { kind: 'linted'; result: LintResult }
  /** A newer request for the same document replaced this one before it ran. */
  | { kind: 'superseded' }
  | { kind: 'failed'; reason: string };

export interface WorkerLinter {
  /** Lints in the worker; `key` (the document) decides which requests replace each other. */
  lint(key: string, request: LintRequest): Promise<WorkerLintOutcome>;
  dispose(): Promise<void>;
}

interface Job {
  key: string;
  request: LintRequest;
  settle(outcome: WorkerLintOutcome): void;
}

export function createWorkerLinter(scriptPath: string, name: string, log: (message: string) => void): WorkerLinter {
  let worker: Worker | undefined;
  let running: (Job & { id: number }) | undefined;
  const waiting = new Map<string, Job>();
  let nextId = 0;

  function start(): Worker {
    // stdout is piped here: the worker must never write into the LSP stream on our stdout.
    const started = new Worker(scriptPath, { workerData: { role: WORKER_ROLE }, stdout: true, stderr: true });
    started.stdout.on('data', (chunk: Buffer) => log(`[${name} worker] ${String(chunk).trimEnd()}`));
    started.stderr.on('data', (chunk: Buffer) => log(`[${name} worker] ${String(chunk).trimEnd()}`));
    started.on('message', (response: WorkerResponse) => finish(response));
    started.on('error', (error) => log(`${name} worker failed: ${error.stack ?? error.message}`));
    started.on('exit', (code) => lost(started, code));
    started.unref();
    return started;
  }

  function finish(response: WorkerResponse): void {
    if (!running || running.id !== response.id) return;
    const job = running;
    running = undefined;
    const result = response.result;
    job.settle(result
      ? { kind: 'linted', result: { ...result, messages: decodeFixes(job.request.text, result.messages) } }
      : { kind: 'failed', reason: firstLine(response.error) });
    pump();
  }

  function lost(dead: Worker, code: number): void {
    if (worker !== dead) return;
    worker = undefined;
    if (code !== 0) log(`${name} worker exited with code ${code}; a new one starts on the next lint`);
    running?.settle({ kind: 'failed', reason: `the ${name} worker stopped (exit code ${code})` });
    running = undefined;
    pump();
  }

  function pump(): void {
    if (running) return;
    const next = waiting.values().next();
    if (next.done) return;
    waiting.delete(next.value.key);
    running = { ...next.value, id: ++nextId };
    worker ??= start();
    worker.postMessage({ id: running.id, request: running.request } satisfies WorkerRequest);
  }

  return {
    lint(key, request) {
      return new Promise<WorkerLintOutcome>((settle) => {
        waiting.get(key)?.settle({ kind: 'superseded' });
        waiting.set(key, { key, request, settle });
        pump();
      });
    },
    async dispose() {
      const stopping = worker;
      worker = undefined;
      for (const job of waiting.values()) job.settle({ kind: 'superseded' });
      waiting.clear();
      await stopping?.terminate();
    },
  };
}

function firstLine(text: string | undefined): string {
  return (text ?? 'unknown failure').split('\n')[0]!;
}
