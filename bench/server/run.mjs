// Benchmark of the language server: the time from a didChange to the diagnostics for that
// version, on a 2,000-line file, over 200 edits (p50, p95), with the syntactic rules and with the
// type-aware ones; and the server's memory (resident set) after 10,000 edits against after 100.
// Run from the root after `npm run build`: node bench/server/run.mjs [--quick]
// (--quick: 50 timed edits and 1,000 for memory).
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const quick = process.argv.includes('--quick');
const EDITS = quick ? 50 : 200;
const MEMORY_EDITS = quick ? 1_000 : 10_000;

/** A 2,000-line module using corral the way services do: groups, scopes, queues, handlers. */
function sourceFile() {
  const lines = ["import { createTaskGroup, moveOnAfter, Queue, shield, sleep, isCancelled } from 'corral';", ''];
  for (let i = 0; lines.length < 2_000; i++) {
    lines.push(
      `export async function worker${i}(queue: Queue<number>, limit: number): Promise<number> {`,
      '  let total = 0;',
      '  await createTaskGroup(async (tg) => {',
      '    tg.startSoon(async () => {',
      `      for (let n = 0; n < limit; n++) total += await queue.get() * ${i};`,
      '    });',
      '    await moveOnAfter(1_000, async () => {',
      '      try {',
      `        await sleep(${i % 3});`,
      '      } catch (error) {',
      '        if (isCancelled(error)) throw error;',
      '        total = -1;',
      '      } finally {',
      '        await shield(() => queue.put(total));',
      '      }',
      '    });',
      '  });',
      '  return total;',
      '}',
      '',
    );
  }
  return lines.slice(0, 2_000).join('\n');
}

const heapFile = join(tmpdir(), `corral-ls-heap-${process.pid}`);

function startServer() {
  const probe = join(dirname(fileURLToPath(import.meta.url)), 'heap-probe.cjs');
  const child = spawn(process.execPath, ['--expose-gc', '--require', probe, join(root, 'server/dist/server.js'), '--stdio'], {
    stdio: ['pipe', 'pipe', 'inherit'],
    env: { ...process.env, CORRAL_HEAP_PROBE: heapFile },
  });
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const waiting = new Map();
  let settings = {};
  connection.onNotification('textDocument/publishDiagnostics', (params) => {
    const key = `${params.uri}@${params.version}`;
    waiting.get(key)?.(params.diagnostics);
    waiting.delete(key);
  });
  connection.onRequest('workspace/configuration', (params) => params.items.map(() => settings));
  connection.onRequest('client/registerCapability', () => null);
  connection.listen();
  return {
    child,
    async initialize(initial) {
      settings = initial;
      await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: { workspace: { configuration: true } } });
      await connection.sendNotification('initialized', {});
    },
    diagnosticsFor(uri, version) {
      return new Promise((resolve) => waiting.set(`${uri}@${version}`, resolve));
    },
    open(uri, text) {
      void connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'typescript', version: 1, text } });
    },
    change(uri, version, line, text) {
      const range = { start: { line, character: 0 }, end: { line, character: 0 } };
      void connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text }] });
    },
    async stop() {
      await connection.sendRequest('shutdown');
      await connection.sendNotification('exit');
      connection.dispose();
    },
  };
}

/** A project on disk with the file, and `corral` resolving to the runtime (for the types). */
function createProject(text) {
  const dir = mkdtempSync(join(tmpdir(), 'corral-ls-bench-'));
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', strict: true, noEmit: true, skipLibCheck: true }, include: ['src'] }));
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }');
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(join(root, 'runtime'), join(dir, 'node_modules/corral'), 'dir');
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'src/service.ts'), text);
  return { uri: pathToFileURL(join(dir, 'src/service.ts')).href, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Edits one line at a time (a comment inserted on a spread of lines) and times each diagnostics. */
async function timeEdits(server, uri, count, firstVersion) {
  const times = [];
  for (let i = 0; i < count; i++) {
    const version = firstVersion + i;
    const published = server.diagnosticsFor(uri, version);
    const started = performance.now();
    server.change(uri, version, (i * 37) % 1_990 + 5, `// edit ${i}\n`);
    await published;
    times.push(performance.now() - started);
  }
  return times;
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function summary(times) {
  const sorted = [...times].sort((a, b) => a - b);
  return `p50 ${percentile(sorted, 50).toFixed(1)} ms, p95 ${percentile(sorted, 95).toFixed(1)} ms, max ${sorted.at(-1).toFixed(1)} ms`;
}

/** The server's heap in use after a full collection, in MiB (see heap-probe.cjs). */
async function liveHeapMiB(child) {
  rmSync(heapFile, { force: true });
  child.kill('SIGUSR2');
  for (;;) {
    try {
      return Number(readFileSync(heapFile, 'utf8')) / 2 ** 20;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

/** The server process's resident set size, from /proc (Linux). */
function residentMiB(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)[1]) / 1024;
}

async function run(label, settings, uri, text) {
  const server = startServer();
  await server.initialize(settings);
  const opened = server.diagnosticsFor(uri, 1);
  server.open(uri, text);
  await opened;
  await timeEdits(server, uri, 20, 2); // warm-up
  const times = await timeEdits(server, uri, EDITS, 22);
  console.log(`${label.padEnd(12)} ${summary(times)} (${EDITS} edits, debounce ${settings.debounceMs ?? 20} ms included)`);
  return server;
}

const text = sourceFile();
const syntactic = await run('syntactic', { preset: 'recommended' }, pathToFileURL(join(tmpdir(), 'corral-bench/service.ts')).href, text);
await syntactic.stop();

const project = createProject(text);
try {
  const typed = await run('type-aware', { preset: 'recommended-type-checked', typeAwareBudgetMs: 60_000 }, project.uri, text);
  await typed.stop();
} finally {
  project.remove();
}

const server = startServer();
await server.initialize({ preset: 'recommended' });
const uri = pathToFileURL(join(tmpdir(), 'corral-bench/memory.ts')).href;
const opened = server.diagnosticsFor(uri, 1);
server.open(uri, text);
await opened;
await timeEdits(server, uri, 100, 2);
const heap100 = await liveHeapMiB(server.child);
const rss100 = residentMiB(server.child.pid);
await timeEdits(server, uri, MEMORY_EDITS - 100, 102);
const heapAll = await liveHeapMiB(server.child);
const rssAll = residentMiB(server.child.pid);
console.log(`memory       live heap ${heap100.toFixed(1)} MiB after 100 edits, ${heapAll.toFixed(1)} MiB after ${MEMORY_EDITS}: ratio ${(heapAll / heap100).toFixed(2)}`);
console.log(`             RSS ${rss100.toFixed(0)} MiB after 100 edits, ${rssAll.toFixed(0)} MiB after ${MEMORY_EDITS}: ratio ${(rssAll / rss100).toFixed(2)}`);
await server.stop();
