// Trees 100,000 deep (scopes inside scopes, some chained by their signals, task groups inside
// tasks, the ExceptionGroups of failures under them): cancelling them, their ending, the task
// tree's snapshot and text, and splitting the errors all work without recursion, where the call
// stack would overflow at a few thousand levels.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  Cancelled,
  CancelScope,
  createTaskGroup,
  currentSignal,
  devtools,
  ExceptionGroup,
  nonCancelSubgroup,
  sleep,
  sleepForever,
  taskTreeSnapshot,
} from '../../runtime/src/index.ts';

const DEPTH = 100_000;
const T = { timeout: 60_000 };

/** A promise and the function that resolves it: the innermost level says it has been reached. */
function signalled(): { reached: Promise<void>; reach: () => void } {
  let reach!: () => void;
  const reached = new Promise<void>((resolve) => (reach = resolve));
  return { reached, reach };
}

/** Asserts the tree renders (as the signal dump does) as text of bounded size, with its deepest line and the levels left out. */
function assertRendersBounded(deepest: RegExp): void {
  const text = devtools.format();
  assert.ok(text.length < 20_000, `the text of a chain is bounded, got ${text.length} characters`);
  assert.match(text, /⋮ \d+ levels left out, one child each/);
  assert.match(text, deepest);
}

test('scopes nested 100,000 deep: cancelling the outermost ends them all, and the tree renders', T, async () => {
  const { reached, reach } = signalled();
  // A crawler that opens a scope per level, each level after an await (as a fetch would be).
  // Every other scope is shielded and cancelled by the enclosing scope's signal instead: the
  // cancellation goes down by the tree and by a chain of abort() calls in turn.
  const level = async (depth: number): Promise<unknown> => {
    await null;
    if (depth === 0) {
      reach();
      return sleepForever();
    }
    const options = depth % 2 === 0 ? { name: 'level' } : { name: 'level', signal: currentSignal(), shield: true };
    return new CancelScope(options).run(() => level(depth - 1));
  };
  const outer = new CancelScope({ name: 'crawl' });
  const done = outer.run(() => level(DEPTH));
  await reached;
  try {
    assert.equal(taskTreeSnapshot().scopes.length, DEPTH + 1);
    assertRendersBounded(/^ +└─ scope "level" #\d+ \[shield\]$/m);
  } finally {
    outer.cancel();
  }
  assert.equal(await done, undefined);
  assert.equal(taskTreeSnapshot().scopes.length, 0, 'every scope ended');
});

test('task groups nested 100,000 deep: cancelling the outermost group ends every task', T, async () => {
  const { reached, reach } = signalled();
  let started = 0;
  const nested = async (depth: number): Promise<unknown> => {
    started++;
    if (depth === 0) {
      reach();
      return sleepForever();
    }
    return createTaskGroup((tg) => { tg.startSoon({ name: 'nested' }, nested, depth - 1); });
  };
  const value = await createTaskGroup(async (tg) => {
    tg.startSoon({ name: 'nested' }, nested, DEPTH);
    await reached;
    try {
      assert.equal(taskTreeSnapshot().tasks.length, DEPTH + 1);
      assertRendersBounded(/^ +└─ task "nested" #\d+ waiting on sleepForever$/m);
    } finally {
      tg.cancelScope.cancel();
    }
    return 'cancelled';
  });
  assert.equal(value, 'cancelled');
  assert.equal(started, DEPTH + 1);
  assert.equal(taskTreeSnapshot().tasks.length, 0, 'every task ended');
});

test('an ExceptionGroup nested 100,000 deep (a failure under as many task groups) splits', T, () => {
  const boom = new Error('boom');
  let group = new ExceptionGroup('innermost', [boom, new Cancelled('cancelled')]);
  for (let i = 0; i < DEPTH; i++) group = new ExceptionGroup(`level ${i}`, [group]);
  const withoutCancelled = nonCancelSubgroup(group);
  const [errors, rest] = group.split(Error);
  assert.equal(errors, group, 'every leaf is an Error: the group is taken whole');
  assert.equal(rest, undefined);
  let leaf: unknown = withoutCancelled;
  for (let i = 0; i <= DEPTH; i++) {
    assert.ok(leaf instanceof ExceptionGroup);
    leaf = i < DEPTH ? leaf.exceptions[0] : leaf.exceptions;
  }
  assert.deepEqual(leaf, [boom]);
});

test('100,000 sibling tasks render as one collapsed line, in linear time', T, async () => {
  await createTaskGroup(async (tg) => {
    for (let i = 0; i < DEPTH; i++) tg.startSoon({ name: 'sibling' }, sleepForever);
    await sleep(1);
    try {
      const text = devtools.format();
      assert.match(text, new RegExp(`^   └─ task "sibling" ×${DEPTH} waiting on sleepForever$`, 'm'));
    } finally {
      tg.cancelScope.cancel();
    }
  });
});
