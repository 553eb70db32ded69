// The main thread's side of a lint worker (the type-aware one, the large-file one). At most one
// job is in the worker at a time and at most one waits per key (the newest), so a burst of edits
// costs one lint, not a backlog. A worker that dies is replaced on the next job.
import { Worker } from 'node:worker_threads';

import type { HoverAnswer } from './hover.ts';
import type { LintRequest, LintResult } from './lint.ts';
import { WORKER_ROLE, type WorkerAnswers, type WorkerJob, type WorkerRequest, type WorkerResponse } from './workerProtocol.ts';

export type WorkerOutcome<T> =
  | { kind: 'done'; answer: T }
  /** A newer job with the same key replaced this one before it ran. */
  | { kind: 'superseded' }
  | { kind: 'failed'; reason: string };

export interface WorkerLinter {
  /** Lints in the worker; `key` (the document) decides which jobs replace each other. */
  lint(key: string, request: LintRequest): Promise<WorkerOutcome<LintResult>>;
  /** A hover over `text` at `offset`, in the worker. */
  hover(key: string, text: string, filename: string, offset: number): Promise<WorkerOutcome<HoverAnswer | null>>;
  /** Starts the worker now, so that it has loaded the linter by the first job. */
  warm(): void;
  /** Replaces the worker with a new one (what it had built is stale); the job in it is superseded. */
  restart(): Promise<void>;
  dispose(): Promise<void>;
}

interface Job {
  key: string;
  job: WorkerJob;
  settle(outcome: WorkerOutcome<unknown>): void;
}

export function createWorkerLinter(scriptPath: string, name: string, log: (message: string) => void): WorkerLinter {
  let worker: Worker | undefined;
  let running: (Job & { id: number }) | undefined;
  const waiting = new Map<string, Job>();
  let nextId = 0;
  let disposed = false;

  function start(): Worker {
    // stdout is piped here: the worker must never write into the LSP stream on our stdout.
    const started = new Worker(scriptPath, { workerData: { role: WORKER_ROLE }, stdout: true, stderr: true });
    started.stdout.on('data', (chunk: Buffer) => log(`[${name} worker] ${String(chunk).trimEnd()}`));
    started.stderr.on('data', (chunk: Buffer) => log(`[${name} worker] ${String(chunk).trimEnd()}`));
    started.on('message', (json: string) => finish(JSON.parse(json) as WorkerResponse));
    started.on('error', (error) => log(`${name} worker failed: ${error.stack ?? error.message}`));
    started.on('exit', (code) => lost(started, code));
    started.unref();
    return started;
  }

  function finish(response: WorkerResponse): void {
    if (!running || running.id !== response.id) return;
    const job = running;
    running = undefined;
    job.settle('answer' in response ? { kind: 'done', answer: response.answer } : { kind: 'failed', reason: firstLine(response.error) });
    pump();
  }

  function lost(dead: Worker, code: number): void {
    if (worker !== dead) return;
    worker = undefined;
    if (code !== 0) log(`${name} worker exited with code ${code}; a new one starts on the next job`);
    running?.settle({ kind: 'failed', reason: `the ${name} worker stopped (exit code ${code})` });
    running = undefined;
    pump();
  }

  function pump(): void {
    if (running || disposed) return;
    const next = waiting.values().next();
    if (next.done) return;
    waiting.delete(next.value.key);
    running = { ...next.value, id: ++nextId };
    worker ??= start();
    worker.postMessage({ id: running.id, job: running.job } satisfies WorkerRequest);
  }

  function run<K extends WorkerJob['kind']>(key: string, job: WorkerJob & { kind: K }): Promise<WorkerOutcome<WorkerAnswers[K]>> {
    return new Promise((settle) => {
      waiting.get(key)?.settle({ kind: 'superseded' });
      waiting.set(key, { key, job, settle: settle as Job['settle'] });
      pump();
    });
  }

  return {
    lint: (key, request) => run(key, { kind: 'lint', request }),
    hover: (key, text, filename, offset) => run(`hover ${key}`, { kind: 'hover', text, filename, offset }),
    warm() {
      if (!disposed) worker ??= start();
    },
    async restart() {
      const stopping = worker;
      worker = undefined;
      running?.settle({ kind: 'superseded' });
      running = undefined;
      await stopping?.terminate();
      pump();
    },
    async dispose() {
      disposed = true;
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
