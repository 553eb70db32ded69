// A plain LSP client over stdio for the server benchmarks (push diagnostics, as most editors
// had them): it spawns the built bundle, answers workspace/configuration, and records every
// publishDiagnostics and corral/status with the time it arrived.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { createProtocolConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver-protocol/node';

export const root = join(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Starts the server (`bundle`, default the built one) cold. `probe`: preload heap-probe.cjs.
 * Returns once spawned; `initialize()` measures from the spawn.
 */
export function startServer({ bundle = join(root, 'server/dist/server.js'), settings = {}, probe = false, env = {} } = {}) {
  const heapFile = join(tmpdir(), `corral-ls-heap-${process.pid}-${Math.random().toString(36).slice(2)}`);
  const args = probe ? ['--expose-gc', '--require', join(root, 'bench/server/heap-probe.cjs')] : [];
  const spawnedAt = performance.now();
  const child = spawn(process.execPath, [...args, bundle, '--stdio'], {
    stdio: ['pipe', 'pipe', 'ignore'],
    // A bundle outside the repository (the previous build, for the figures) resolves typescript here.
    env: { ...process.env, NODE_PATH: join(root, 'node_modules'), CORRAL_HEAP_PROBE: heapFile, ...env },
  });
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const published = [];
  const statuses = [];
  const waiters = new Set();
  const wake = () => { for (const waiter of [...waiters]) waiter(); };
  connection.onNotification('textDocument/publishDiagnostics', (params) => { published.push({ ...params, at: performance.now() }); wake(); });
  connection.onNotification('corral/status', (params) => { statuses.push({ ...params, at: performance.now() }); wake(); });
  connection.onRequest('workspace/configuration', (params) => params.items.map(() => settings));
  connection.onRequest('client/registerCapability', () => null);
  connection.onRequest('workspace/diagnostic/refresh', () => null);
  connection.listen();
  let exited = false;
  child.on('exit', () => { exited = true; wake(); });

  /** The first value `take` returns, checked now and on each notification; undefined after `timeoutMs`. */
  function waitFor(take, timeoutMs = 600_000) {
    return new Promise((resolve) => {
      const check = () => {
        const value = take();
        if (value === undefined && !exited) return;
        waiters.delete(check);
        clearTimeout(timer);
        resolve(value);
      };
      const timer = setTimeout(() => { waiters.delete(check); resolve(undefined); }, timeoutMs);
      waiters.add(check);
      check();
    });
  }

  return {
    child,
    connection,
    published,
    statuses,
    spawnedAt,
    waitFor,
    /** Initializes; the time from spawn to the answer, in ms. */
    async initialize(capabilities = { workspace: { configuration: true } }) {
      await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities });
      const answeredAt = performance.now();
      await connection.sendNotification('initialized', {});
      return answeredAt - spawnedAt;
    },
    open(uri, text, version = 1) {
      void connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'typescript', version, text } });
    },
    close(uri) {
      void connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    },
    /** Inserts `text` at the start of `line` (incremental sync). */
    insert(uri, version, line, text) {
      const range = { start: { line, character: 0 }, end: { line, character: 0 } };
      void connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text }] });
    },
    /** The first diagnostics for `uri` at `version` or later (optionally the first that `accept`s) after index `from`. */
    diagnostics(uri, version, { from = 0, accept = () => true, timeoutMs } = {}) {
      return waitFor(() => published.slice(from).find((p) => p.uri === uri && (p.version ?? version) >= version && accept(p)), timeoutMs);
    },
    status(uri, accept = () => true, { from = 0, timeoutMs } = {}) {
      return waitFor(() => statuses.slice(from).find((s) => s.uri === uri && accept(s)), timeoutMs);
    },
    hover(uri, line, character) {
      return connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line, character } });
    },
    codeActions(uri, range, diagnostics) {
      return connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics } });
    },
    /** Resident set now and its peak so far (VmHWM), in MiB; the server's threads included. */
    memory() {
      try {
        const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
        const kb = (field) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)[1]) / 1024;
        return { rss: kb('VmRSS'), peak: kb('VmHWM') };
      } catch {
        return { rss: NaN, peak: NaN };
      }
    },
    /** The live heap after a full collection, in MiB (needs `probe`). */
    async liveHeapMiB() {
      rmSync(heapFile, { force: true });
      child.kill('SIGUSR2');
      for (;;) {
        try {
          return Number(readFileSync(heapFile, 'utf8')) / 2 ** 20;
        } catch {
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      }
    },
    get exited() { return exited; },
    async stop() {
      if (!exited) {
        const done = new Promise((resolve) => child.once('exit', resolve));
        const stopped = Promise.race([
          connection.sendRequest('shutdown').then(() => connection.sendNotification('exit')),
          new Promise((resolve) => setTimeout(resolve, 10_000)),
        ]).catch(() => {});
        await stopped;
        setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
        await done;
      }
      connection.dispose();
    },
  };
}

/** A `tsconfig.json` project in a temporary folder, `corral` resolving to the runtime (for the types). */
export function createProject(files) {
  const dir = mkdtempSync(join(tmpdir(), 'corral-ls-bench-'));
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', strict: true, noEmit: true, skipLibCheck: true }, include: ['src'] }));
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }');
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(join(root, 'runtime'), join(dir, 'node_modules/corral'), 'dir');
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return { dir, uri: (name) => pathToFileURL(join(dir, name)).href, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export function median(values) {
  return percentile(values, 50);
}
