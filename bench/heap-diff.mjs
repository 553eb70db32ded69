#!/usr/bin/env node
// What a parked task is made of: heap snapshots before and after parking 10,000 tasks of one
// system (the parkers of runtime/parkers.mjs), diffed by object kind, per parked task.
//
//   node --expose-gc bench/heap-diff.mjs [system name]      (default: corral)
//   node --expose-gc bench/heap-diff.mjs 'reject callbacks'
//
// Prints, for every (type, constructor/function name) whose count grew, objects per task and
// bytes per task (V8 self sizes: the shallow size of each object). A system whose name contains
// "corral" runs in this process after loading Corral; any other without Corral loaded.
import { getHeapSnapshot } from 'node:v8';
import { fullGc } from './harness.mjs';
import { parkersOf } from './runtime/parkers.mjs';

const name = process.argv[2] ?? 'corral';
const n = Number(process.argv[3] ?? 10_000);
const parkers = await parkersOf(/corral/i.test(name) ? 'corral' : 'floor', { n });
const park = parkers[name];
if (!park) {
  console.error(`no system "${name}"; there are: ${Object.keys(parkers).join(', ')}`);
  process.exit(2);
}
await (await park())(); // once, so that lazily created things exist in both snapshots

fullGc();
const before = await census();
const cancel = await park();
fullGc();
const after = await census();
const heapUsedNote = `heap snapshot node self sizes; ${n.toLocaleString('en')} tasks of "${name}" on Node ${process.version}`;
await cancel();

const rows = [];
for (const [key, { count, size }] of after) {
  const b = before.get(key) ?? { count: 0, size: 0 };
  const dc = count - b.count;
  const ds = size - b.size;
  if (dc <= 0 && ds <= 0) continue;
  rows.push({ key, perTask: dc / n, bytes: ds / n });
}
rows.sort((a, b) => b.bytes - a.bytes);
const total = rows.reduce((sum, r) => sum + r.bytes, 0);
console.log(`${heapUsedNote}\n`);
console.log('objects/task   bytes/task   kind');
for (const r of rows.filter((r) => r.bytes >= 1)) {
  console.log(`${r.perTask.toFixed(2).padStart(12)}   ${r.bytes.toFixed(0).padStart(10)}   ${r.key}`);
}
console.log(`${''.padStart(12)}   ${total.toFixed(0).padStart(10)}   total`);

/** Count and self size of the live heap, by "type name". */
async function census() {
  let text = '';
  for await (const chunk of getHeapSnapshot()) text += chunk;
  const snapshot = JSON.parse(text);
  text = '';
  const { node_fields: fields, node_types: [types] } = snapshot.snapshot.meta;
  const typeAt = fields.indexOf('type');
  const nameAt = fields.indexOf('name');
  const sizeAt = fields.indexOf('self_size');
  const { nodes, strings } = snapshot;
  const out = new Map();
  for (let i = 0; i < nodes.length; i += fields.length) {
    const type = types[nodes[i + typeAt]];
    // Strings and numbers by type only; objects, closures, arrays by constructor/function name.
    const label = type === 'string' || type === 'concatenated string' || type === 'sliced string' || type === 'number' ? type
      : `${type} ${strings[nodes[i + nameAt]]}`.slice(0, 90);
    const entry = out.get(label) ?? { count: 0, size: 0 };
    entry.count++;
    entry.size += nodes[i + sizeAt];
    out.set(label, entry);
  }
  return out;
}
