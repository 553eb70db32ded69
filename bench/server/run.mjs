// Benchmark of the language server, measured from outside with a plain LSP client (lsp.mjs) on
// cold servers: start-up and first diagnostics, edit latency, large files, memory, and a 2,000-file
// workspace. Prints a table beside the figures of the previous server (PREVIOUS, below).
// Run from the root after `npm run build`:
//   node bench/server/run.mjs [--quick] [--only name,name] [--server path/to/server.js] [--json]
// --quick: fewer repetitions, smaller workspace; --server: measure another build (for the
// previous figures); --json: print the figures as JSON too.
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { createProject, median, percentile, startServer } from './lsp.mjs';
import { TYPED_AND_SYNTACTIC } from '../../test/server/documents.mjs';

const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const option = (name) => { const i = argv.indexOf(name); return i === -1 ? undefined : argv[i + 1]; };
const bundle = option('--server');
const only = option('--only')?.split(',');
/** A scenario that takes longer than this is stopped and reported as "> cap". */
const CAP_MS = 180_000;

/**
 * The previous server's figures (commit de52860, before pull diagnostics and the big-file work),
 * measured by this script with `--quick --server` on a copy of its bundle, on this machine while
 * four other engineers' builds and tests ran (load average 6–10 on 2 cores): compare them with a
 * run in the same conditions, not with the targets. Infinity: stopped at the cap. The 25,000-problem
 * figure is the issue's (the worker ran out of memory after 5 minutes).
 */
const PREVIOUS = {
  'cold: initialize answered': 2584,
  'cold: first diagnostics after didOpen': 1850,
  'cold: type-aware diagnostics after didOpen': 5148,
  'edit: syntactic p50': 594.1,
  'edit: syntactic p95': 1129.3,
  'edit: type-aware p50': 806.4,
  'edit: type-aware p95': 1369.3,
  'edit: type-aware problems vanished and came back (of 50 edits, budget 0)': 50,
  '20,000 lines: diagnostics after didOpen': 33253,
  '20,000 lines: code action at first problem': 36214,
  '20,000 lines: slowest hover on another document meanwhile': 36163,
  '20,000 lines: peak RSS MiB': 1541,
  '48,000 lines: code action at first problem': Infinity,
  '48,000 lines: peak RSS MiB': 4081,
  '25,000 fixable problems (2 MB): diagnostics after didOpen': 300000,
  '25,000 fixable problems (2 MB): code actions (with fix-all)': NaN,
  '25,000 fixable problems (2 MB): peak RSS MiB': NaN,
  '50 MB document: status after didOpen': Infinity,
  '50 MB document: peak RSS MiB': 3862,
  '20,000-segment path: status after didOpen': 38477,
  '20,000-segment path: slowest hover on another document meanwhile': 38410,
  'memory: live heap after 100 → 1,000 edits (ratio)': 1.0,
  'workspace: type-aware after edit p50': 128.7,
  'workspace: type-aware after edit p95': 673.5,
  'workspace: RSS start / peak / end MiB': '125 / 768 / 700 (300 opens, 300 files)',
};
const NOTES = 'previous: measured with --quick under load average 6–10, except the 25,000-problem figure (the issue\'s)';

const figures = {};
const record = (name, value) => { figures[name] = value; console.error(`  ${name}: ${format(value)}`); };

function format(value) {
  if (typeof value === 'string') return value;
  if (value === undefined || Number.isNaN(value)) return '–';
  if (value === Infinity) return `> ${CAP_MS / 1000} s`;
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

const SMALL = TYPED_AND_SYNTACTIC;

/** A module of whole functions using corral the way services do: groups, scopes, queues, handlers. */
function serviceFile(lineCount = 2_000) {
  const lines = ["import { createTaskGroup, moveOnAfter, Queue, shield, sleep, isCancelled } from 'corral';", ''];
  for (let i = 0; lines.length + 21 <= lineCount; i++) {
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
      '  sleep(1);',
      '  return total;',
      '}',
      '',
    );
  }
  while (lines.length < lineCount) lines.push('// (padding)');
  return lines.join('\n');
}

/** `lines` lines; every other function awaits `sleep(0)` (a fixable prefer-checkpoint problem). */
function largeFile(lines) {
  const body = Array.from({ length: Math.floor(lines / 4) }, (_, i) => `export async function f${i}() {\n  await sleep(${i % 2});\n  return ${i};\n}`);
  return ["import { sleep } from 'corral';", ...body].join('\n');
}

/** ~2 MB, 25,000 `sleep(0)` whose fixes each also add `checkpoint` to the import. */
function fixableFile() {
  const body = Array.from({ length: 25_000 }, (_, i) => `export async function handler${i}(input: number) {\n  await sleep(0);\n  return input + ${i};\n}`);
  return ["import { sleep } from 'corral';", ...body].join('\n');
}

const virtual = (name) => pathToFileURL(join(tmpdir(), 'corral-bench', name)).href;

async function coldStart() {
  const project = createProject({ 'src/small.ts': SMALL });
  const runs = { init: [], first: [], typed: [] };
  try {
    for (let i = 0; i < (quick ? 2 : 5); i++) {
      const server = startServer({ bundle, settings: { preset: 'recommended-type-checked' } });
      runs.init.push(await server.initialize());
      const uri = project.uri('src/small.ts');
      const openedAt = performance.now();
      server.open(uri, SMALL);
      const first = await server.diagnostics(uri, 1);
      const typed = await server.diagnostics(uri, 1, { accept: (p) => p.diagnostics.some((d) => d.code === 'corral/no-floating-runtime-call') });
      runs.first.push(first.at - openedAt);
      runs.typed.push(typed.at - openedAt);
      await server.stop();
    }
  } finally {
    project.remove();
  }
  record('cold: initialize answered', median(runs.init));
  record('cold: first diagnostics after didOpen', median(runs.first));
  record('cold: type-aware diagnostics after didOpen', median(runs.typed));
}

/** Edits one line at a time and times each version's diagnostics (the first, or the first `accept`ed). */
async function timeEdits(server, uri, count, firstVersion, accept) {
  const times = [];
  for (let i = 0; i < count; i++) {
    const version = firstVersion + i;
    const from = server.published.length;
    const started = performance.now();
    server.insert(uri, version, (i * 37) % 1_990 + 5, `// edit ${i}\n`);
    const published = await server.diagnostics(uri, version, { from, accept });
    times.push(published.at - started);
  }
  return times;
}

async function editLatency() {
  const text = serviceFile();
  const edits = quick ? 50 : 200;
  {
    const server = startServer({ bundle, settings: { preset: 'recommended' } });
    await server.initialize();
    const uri = virtual('service.ts');
    server.open(uri, text);
    await server.diagnostics(uri, 1);
    await timeEdits(server, uri, 20, 2);
    const times = await timeEdits(server, uri, edits, 22);
    record('edit: syntactic p50', percentile(times, 50));
    record('edit: syntactic p95', percentile(times, 95));
    await server.stop();
  }
  const project = createProject({ 'src/service.ts': text });
  try {
    const server = startServer({ bundle, settings: { preset: 'recommended-type-checked' } });
    await server.initialize();
    const uri = project.uri('src/service.ts');
    const typed = (p) => p.diagnostics.some((d) => d.code === 'corral/no-floating-runtime-call');
    server.open(uri, text);
    await server.diagnostics(uri, 1, { accept: typed });
    await timeEdits(server, uri, 20, 2, typed);
    const times = await timeEdits(server, uri, edits, 22, typed);
    record('edit: type-aware p50', percentile(times, 50));
    record('edit: type-aware p95', percentile(times, 95));
    await server.stop();
  } finally {
    project.remove();
  }
}

/**
 * Fifty edits, each waited for until its type-aware results: how many of them published a
 * version whose type-aware problems had vanished, though the code they flag never changed.
 * With the previous server that takes `typeAwareBudgetMs: 0` (the default held every result back).
 */
async function flicker() {
  const text = serviceFile(400);
  const project = createProject({ 'src/service.ts': text });
  try {
    const server = startServer({ bundle, settings: { preset: 'recommended-type-checked', typeAwareBudgetMs: 0 } });
    await server.initialize();
    const uri = project.uri('src/service.ts');
    const floating = (p) => p.diagnostics.filter((d) => d.code === 'corral/no-floating-runtime-call').length;
    server.open(uri, text);
    const expected = floating(await server.diagnostics(uri, 1, { accept: (p) => floating(p) > 0 }));
    let vanished = 0;
    for (let i = 0; i < 50; i++) {
      const version = 2 + i;
      const from = server.published.length;
      server.insert(uri, version, 390 - i, `// edit ${i}\n`);
      await server.diagnostics(uri, version, { from, accept: (p) => floating(p) === expected });
      if (server.published.slice(from).some((p) => p.uri === uri && floating(p) < expected)) vanished++;
    }
    record('edit: type-aware problems vanished and came back (of 50 edits, budget 0)', vanished);
    await server.stop();
  } finally {
    project.remove();
  }
}

/** Hovers on a small document every 50 ms until `done` settles: the slowest answer, in ms. */
async function hoversDuring(server, uri, done) {
  let settled = false;
  void done.finally(() => (settled = true));
  let slowest = 0;
  while (!settled && !server.exited) {
    const sentAt = performance.now();
    const answered = server.hover(uri, 0, 10).then(() => performance.now() - sentAt);
    const waited = await Promise.race([answered, done.then(() => undefined)]);
    slowest = Math.max(slowest, waited ?? performance.now() - sentAt);
    if (waited === undefined) slowest = Math.max(slowest, await answered.catch(() => 0));
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return slowest;
}

function capped(promise) {
  return Promise.race([promise, new Promise((resolve) => setTimeout(() => resolve(undefined), CAP_MS).unref())]);
}

async function largeFiles() {
  for (const lines of [20_000, 48_000]) {
    const label = `${lines.toLocaleString('en')} lines`;
    const server = startServer({ bundle, settings: { preset: 'recommended' } });
    await server.initialize();
    const small = virtual('small.ts');
    server.open(small, SMALL);
    await server.diagnostics(small, 1);
    const uri = virtual(`large-${lines}.ts`);
    const openedAt = performance.now();
    server.open(uri, largeFile(lines));
    const published = await capped(server.diagnostics(uri, 1, { accept: (p) => p.diagnostics.length > 0, timeoutMs: CAP_MS }));
    if (lines === 20_000) record(`${label}: diagnostics after didOpen`, published ? published.at - openedAt : Infinity);
    if (published) {
      const first = published.diagnostics[0];
      const startedAt = performance.now();
      const actions = capped(server.codeActions(uri, first.range, [first]));
      const slowestHover = await hoversDuring(server, small, actions);
      const answered = await actions;
      record(`${label}: code action at first problem`, answered ? performance.now() - startedAt : Infinity);
      if (lines === 20_000) record(`${label}: slowest hover on another document meanwhile`, slowestHover);
    }
    record(`${label}: peak RSS MiB`, Math.round(server.memory().peak));
    await server.stop();
  }
}

async function fixableProblems() {
  const server = startServer({ bundle, settings: { preset: 'recommended' } });
  await server.initialize();
  const uri = virtual('fixable.ts');
  const openedAt = performance.now();
  server.open(uri, fixableFile());
  const published = await capped(server.diagnostics(uri, 1, { accept: (p) => p.diagnostics.length > 0, timeoutMs: CAP_MS }));
  record('25,000 fixable problems (2 MB): diagnostics after didOpen', published ? published.at - openedAt : Infinity);
  if (published) {
    const startedAt = performance.now();
    const actions = await capped(server.codeActions(uri, published.diagnostics[0].range, [published.diagnostics[0]]));
    record('25,000 fixable problems (2 MB): code actions (with fix-all)', actions ? performance.now() - startedAt : Infinity);
  }
  record('25,000 fixable problems (2 MB): peak RSS MiB', Math.round(server.memory().peak));
  await server.stop();
}

async function hugeDocument() {
  const server = startServer({ bundle, settings: { preset: 'recommended' } });
  await server.initialize();
  const uri = virtual('bundle.js');
  const text = `import { sleep } from 'corral';\n${'export const value = [1, 2, 3].map((x) => x * 2);\n'.repeat(1_000_000)}`;
  const openedAt = performance.now();
  server.open(uri, text);
  const status = await capped(server.status(uri, () => true, { timeoutMs: CAP_MS }));
  record('50 MB document: status after didOpen', status ? status.at - openedAt : Infinity);
  record('50 MB document: peak RSS MiB', Math.round(server.memory().peak));
  await server.stop();
}

async function deepPath() {
  const server = startServer({ bundle, settings: { preset: 'recommended-type-checked' } });
  await server.initialize();
  const small = virtual('small.ts');
  server.open(small, SMALL);
  await server.diagnostics(small, 1);
  const uri = pathToFileURL(join(tmpdir(), 'corral-bench', 'a/'.repeat(20_000), 'deep.ts')).href;
  const openedAt = performance.now();
  server.open(uri, SMALL);
  const status = capped(server.status(uri, () => true, { timeoutMs: CAP_MS }));
  const slowestHover = await hoversDuring(server, small, status);
  const said = await status;
  record('20,000-segment path: status after didOpen', said ? said.at - openedAt : Infinity);
  record('20,000-segment path: slowest hover on another document meanwhile', slowestHover);
  await server.stop();
}

async function memory() {
  const edits = quick ? 1_000 : 10_000;
  const server = startServer({ bundle, settings: { preset: 'recommended' }, probe: true });
  await server.initialize();
  const uri = virtual('memory.ts');
  server.open(uri, serviceFile());
  await server.diagnostics(uri, 1);
  await timeEdits(server, uri, 100, 2);
  const heap100 = await server.liveHeapMiB();
  await timeEdits(server, uri, edits - 100, 102);
  const heapAll = await server.liveHeapMiB();
  record(`memory: live heap after 100 → ${edits.toLocaleString('en')} edits (ratio)`, heapAll / heap100);
  await server.stop();
}

/**
 * A generated project of 2,000 files (~100 lines each) opened file by file: each opened, edited
 * once and closed; the type-aware results' latency after the edit (the first file's excluded:
 * it builds the program), and the server's RSS at the start, its peak and at the end.
 */
async function workspace() {
  const fileCount = quick ? 300 : 2_000;
  const files = {};
  const name = (i) => `src/m${Math.floor(i / 100)}/file${i}.ts`;
  for (let i = 0; i < fileCount; i++) {
    const previous = i === 0 ? '' : `import { worker0 as other } from '../m${Math.floor((i - 1) / 100)}/file${i - 1}.ts';\nvoid other;\n`;
    files[name(i)] = previous + serviceFile(100);
  }
  const project = createProject(files);
  writeTsconfig(project.dir);
  try {
    const server = startServer({ bundle, settings: { preset: 'recommended-type-checked' } });
    await server.initialize();
    const typed = (p) => p.diagnostics.some((d) => d.code === 'corral/no-floating-runtime-call');
    const start = server.memory().rss;
    const times = [];
    const opens = quick ? 300 : 1_000;
    for (let i = 0; i < opens; i++) {
      const index = Math.floor((i * fileCount) / opens);
      const uri = project.uri(name(index));
      server.open(uri, files[name(index)]);
      await server.diagnostics(uri, 1, { accept: typed });
      if (i % 5 === 0) {
        const from = server.published.length;
        const startedAt = performance.now();
        server.insert(uri, 2, 60, '// edited\n');
        const published = await server.diagnostics(uri, 2, { from, accept: typed });
        if (i > 0) times.push(published.at - startedAt);
      }
      server.close(uri);
    }
    const { rss: end, peak } = server.memory();
    record('workspace: type-aware after edit p50', percentile(times, 50));
    record('workspace: type-aware after edit p95', percentile(times, 95));
    record('workspace: RSS start / peak / end MiB', `${Math.round(start)} / ${Math.round(peak)} / ${Math.round(end)} (${opens} opens, ${fileCount} files)`);
    await server.stop();
  } finally {
    project.remove();
  }
}

// The workspace's files import each other with `.ts` extensions.
function writeTsconfig(dir) {
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { target: 'ES2022', module: 'NodeNext', strict: true, noEmit: true, skipLibCheck: true, allowImportingTsExtensions: true },
    include: ['src'],
  }));
}

const scenarios = { coldStart, editLatency, flicker, largeFiles, fixableProblems, hugeDocument, deepPath, memory, workspace };
for (const [name, scenario] of Object.entries(scenarios)) {
  if (only && !only.includes(name)) continue;
  console.error(`${name}…`);
  await scenario();
}

const rows = Object.keys({ ...PREVIOUS, ...figures }).filter((name) => name in figures);
console.log(`\nNode ${process.version}, ${bundle ? bundle : 'this build'}${quick ? ', --quick' : ''}; times in ms unless said`);
console.log('| figure | previous | now |');
console.log('|---|---|---|');
for (const name of rows) console.log(`| ${name} | ${format(PREVIOUS[name])} | ${format(figures[name])} |`);
console.log(`\n(${NOTES})`);
if (argv.includes('--json')) console.log(JSON.stringify(figures));
