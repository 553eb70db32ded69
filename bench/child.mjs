// One benchmark process: `node --expose-gc bench/child.mjs <workload file> <group> <options JSON>`.
// It loads only what its group needs (the floor group never loads Corral: on Node 20 an active
// AsyncLocalStorage taxes every await in the process), runs the interleaved rounds and prints
// one JSON line on stdout. Progress goes to stderr.
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { sampleRounds, timeRounds } from './harness.mjs';

const [file, group, optionsJson] = process.argv.slice(2);
const options = JSON.parse(optionsJson ?? '{}');
const workload = await import(pathToFileURL(resolve(import.meta.dirname, file)).href);
const systems = await workload.systems(group, options);
const log = (line) => process.stderr.write(`\r  ${workload.id}/${group}: ${line}   `);
const run = workload.mode === 'sample' ? sampleRounds : timeRounds;
const results = await run(systems, { rounds: options.rounds, blockMs: options.blockMs, log });
process.stderr.write('\n');
process.stdout.write(`${JSON.stringify({ workload: workload.id, group, node: process.version, results })}\n`);
