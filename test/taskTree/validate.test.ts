import assert from 'node:assert/strict';
import { test } from 'node:test';

import { parseSnapshot, validateSnapshot } from '../../client/src/taskTree/validate.ts';
import { workerPoolSnapshots } from './fixtures.ts';

test('a real snapshot passes and comes back field for field', async () => {
  const [snapshot] = await workerPoolSnapshots();
  const result = parseSnapshot(JSON.stringify(snapshot));
  assert.ok(result.ok, result.ok ? '' : result.error);
  assert.deepEqual(result.snapshot, snapshot);
});

test('unknown fields are dropped, long names cut', async () => {
  const [snapshot] = await workerPoolSnapshots();
  const doctored = structuredClone(snapshot) as unknown as Record<string, unknown> & { tasks: Record<string, unknown>[] };
  doctored.extra = 'x';
  doctored.tasks[0]!.evil = { toString: 'no' };
  doctored.tasks[0]!.name = 'n'.repeat(10_000);
  const result = validateSnapshot(doctored);
  assert.ok(result.ok);
  assert.equal('extra' in result.snapshot, false);
  assert.equal('evil' in result.snapshot.tasks[0]!, false);
  assert.ok(result.snapshot.tasks[0]!.name.length <= 2_001);
});

test('bad data is refused with where and why', async () => {
  const [snapshot] = await workerPoolSnapshots();
  const cases: [string, (s: any) => unknown, RegExp][] = [
    ['not an object', () => 42, /snapshot: expected an object/],
    ['another version', (s) => ({ ...s, version: 2 }), /version: expected 1/],
    ['tasks missing', (s) => ({ ...s, tasks: undefined }), /tasks: expected an array/],
    ['an unknown state', (s) => ({ ...s, tasks: [{ ...s.tasks[0], state: 'zombie' }] }), /tasks\[0\]\.state: unknown state "zombie"/],
    ['a NaN-like time', (s) => ({ ...s, now: '12' }), /now: expected a finite number/],
    ['a fractional id', (s) => ({ ...s, tasks: [{ ...s.tasks[0], id: 1.5 }] }), /tasks\[0\]\.id: expected an integer/],
    ['a duplicate id', (s) => ({ ...s, tasks: [s.tasks[0], s.tasks[0]] }), /used twice/],
    ['a negative queue size', (s) => ({ ...s, queues: [{ ...s.queues[0], size: -1 }] }), /queues\[0\]\.size: expected a count/],
    ['a bad scope kind', (s) => ({ ...s, scopes: [{ ...s.scopes[0], kind: 'nursery' }] }), /scopes\[0\]\.kind/],
    ['a bad late timer', (s) => ({ ...s, lateTimer: { lateByMs: null, at: 1 } }), /lateTimer\.lateByMs/],
    ['history missing', (s) => ({ ...s, history: null }), /history: expected an object/],
  ];
  for (const [name, change, error] of cases) {
    const result = validateSnapshot(change(structuredClone(snapshot)));
    assert.equal(result.ok, false, name);
    if (!result.ok) assert.match(result.error, error, name);
  }
  const garbage = parseSnapshot('{"version":1,');
  assert.equal(garbage.ok, false);
  if (!garbage.ok) assert.match(garbage.error, /not JSON/);
});
