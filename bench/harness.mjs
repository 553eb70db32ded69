// The measuring loop shared by every workload. It runs in a child process started by run.mjs
// (through child.mjs) with --expose-gc. Nothing here asserts anything about timing: it measures,
// and run.mjs prints ratios.
//
// Method (see bench/README.md):
// - the systems of one process are interleaved: every round visits each of them, and the order
//   rotates from round to round so that none always runs first or last;
// - before a system's turn: a forced full GC (outside any timed block), then a warm-up, because
//   a forced GC makes V8 drop optimized code (effect 4 ran 2-5x slower for ~5 iterations);
// - the timed block repeats the operation until at least `blockMs` of timed work has run;
//   the figure of a round is the timed work per operation; a system's figure is the median.

import { setImmediate as nextMacrotask } from 'node:timers/promises';

export { nextMacrotask };

export const now = () => performance.now();

/** A full GC, twice (the second collects what the first's finalizers freed). */
export function fullGc() {
  if (typeof globalThis.gc !== 'function') throw new Error('run with --expose-gc (bench/run.mjs does)');
  globalThis.gc();
  globalThis.gc();
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Times `fn` (sync or async) and returns elapsed milliseconds. */
export async function timed(fn) {
  const start = now();
  await fn();
  return now() - start;
}

// One iteration of a system returns either a number (the timed milliseconds of the iteration)
// or { ms, aux: { name: ms } } to also report untimed side figures (the parking phase of the
// cancel workload, say). Auxiliary figures are kept per iteration and reported as medians.
function split(result) {
  if (typeof result === 'number') return { ms: result, aux: undefined };
  return { ms: result.ms, aux: result.aux };
}

/**
 * Interleaved timing of `systems` ({ name, once, thin? }) over `rounds` rounds.
 * A timed block ends once `blockMs` of timed work has run, or, for iterations with a long untimed
 * set-up (parking 10,000 tasks), once it has taken `maxBlockWallMs` of wall time (at least one
 * iteration always runs). A peer marked `thin: true` whose iteration takes longer than `slowMs`
 * of wall time in round 0 (effection's 10,000 spawns take seconds) takes part in about
 * `slowRounds` rounds spread over the run, so that it does not eat the time budget; the number
 * of rounds each system took part in is reported.
 */
export async function timeRounds(systems, { rounds, blockMs = 60, maxBlockWallMs = 400, warmIterations = 5, warmMs = 100, slowMs = 100, slowRounds = rounds >= 10 ? 3 : 1, log = () => {} }) {
  const results = new Map(systems.map((s) => [s.name, { perOp: [], aux: {}, slow: false }]));
  const slowEvery = Math.max(1, Math.ceil(rounds / slowRounds));
  for (let round = 0; round < rounds; round++) {
    const order = systems.map((_, i) => systems[(i + round) % systems.length]);
    for (const system of order) {
      const entry = results.get(system.name);
      if (entry.slow && round % slowEvery !== 0) continue;
      fullGc();
      // Warm-up after the GC: up to warmIterations iterations, stopping early after warmMs.
      // An iteration that takes over a second (effection's 10,000 spawns) re-optimizes within
      // itself: such a system is warmed up in round 0 only.
      const warmStart = now();
      if (!(entry.iterationMs > 1000)) {
        for (let i = 0; i < warmIterations && now() - warmStart < warmMs; i++) await system.once();
      }
      let spent = 0;
      let count = 0;
      const aux = {};
      const wallStart = now();
      while (count === 0 || (spent < blockMs && now() - wallStart < maxBlockWallMs)) {
        const { ms, aux: a } = split(await system.once());
        spent += ms;
        count++;
        if (a) for (const [k, v] of Object.entries(a)) (aux[k] ??= []).push(v);
      }
      const perOp = spent / count;
      entry.perOp.push(perOp);
      for (const [k, v] of Object.entries(aux)) (entry.aux[k] ??= []).push(median(v));
      // Only peers may be thinned; the floor and Corral take every round.
      if (round === 0) entry.iterationMs = (now() - wallStart) / count;
      if (round === 0 && system.thin && entry.iterationMs > slowMs) entry.slow = true;
    }
    log(`round ${round + 1}/${rounds}`);
  }
  return summarize(results);
}

/**
 * Interleaved sampling of `systems` ({ name, sample }): `sample()` returns one value (bytes per
 * parked task, say) or { value, aux }. One warm-up sample per system first, then `rounds` rounds.
 */
export async function sampleRounds(systems, { rounds, log = () => {} }) {
  const results = new Map(systems.map((s) => [s.name, { perOp: [], aux: {} }]));
  for (const system of systems) await system.sample();
  for (let round = 0; round < rounds; round++) {
    const order = systems.map((_, i) => systems[(i + round) % systems.length]);
    for (const system of order) {
      const entry = results.get(system.name);
      const r = await system.sample();
      const value = typeof r === 'number' ? r : r.value;
      entry.perOp.push(value);
      if (typeof r === 'object') for (const [k, v] of Object.entries(r.aux ?? {})) (entry.aux[k] ??= []).push(v);
    }
    log(`round ${round + 1}/${rounds}`);
  }
  return summarize(results);
}

function summarize(results) {
  const out = {};
  for (const [name, { perOp, aux }] of results) {
    out[name] = {
      median: median(perOp),
      rounds: perOp.length,
      samples: perOp,
      aux: Object.fromEntries(Object.entries(aux).map(([k, v]) => [k, median(v)])),
    };
  }
  return out;
}

/** An async function that does exactly one `await`: the unit of work of several workloads. */
export async function oneAwait() {
  await null;
}
