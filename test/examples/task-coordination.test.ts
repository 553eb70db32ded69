import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';

import { assertExited, assertInOrder, lineIndex, match, matches, section, type ExampleRun, runExample } from './runExample.ts';

describe('examples/task-coordination.ts', () => {
  let run: ExampleRun;
  before(async () => {
    run = await runExample('task-coordination.ts');
  });

  it('runs to the end and exits 0', () => {
    assertExited(run);
  });

  it('fan-out/fan-in: every result arrives, and the fan-in lists them in request order', () => {
    const lines = section(run.lines, '1. Fan-out/fan-in');
    const fetched = matches(lines, /^fetched (\w+)/).map((m) => m[1]);
    assert.deepEqual([...fetched].sort(), ['ada', 'barbara', 'grace', 'ken', 'linus']);
    const fanIn = lineIndex(lines, /^fan-in: /);
    assert.ok(lines.findLastIndex((line) => line.startsWith('fetched ')) < fanIn, 'fan-in printed before every fetch ended');
    assert.equal(lines[fanIn], 'fan-in: ada:pro, grace:free, linus:pro, barbara:free, ken:free');
    match(lines, /fan-in complete: 5\/5 results/);
  });

  it('graceful shutdown: each cancelled writer still completes its shielded cleanup before the group ends', () => {
    const lines = section(run.lines, '2. Graceful shutdown');
    for (const connection of ['orders-db', 'audit-log']) {
      assertInOrder(lines, [
        'shutdown requested: cancelling the group',
        `writer on ${connection}: cancelled after`,
        `cleanup: ${connection} flushing`,
        `cleanup: ${connection} flushed and closed`,
        'group ended: both connections were flushed and closed',
      ]);
    }
  });

  it('two-phase shutdown: close() refuses new jobs, then the workers drain every queued job and exit', () => {
    const lines = section(run.lines, '3. Worker pool with two-phase shutdown');
    assertInOrder(lines, ['phase 1: queue closed', 'late job rejected: ClosedResourceError', 'phase 2: waiting']);
    const handled = matches(lines, /worker \d: handled (invoice-\d+)/).map((m) => m[1]);
    assert.deepEqual([...handled].sort(), Array.from({ length: 12 }, (_, i) => `invoice-${i + 1}`).sort());
    const phase1 = lineIndex(lines, 'phase 1: queue closed');
    const exits = matches(lines, /worker (\d): queue closed and drained, exiting/).map((m) => m[1]);
    assert.deepEqual([...exits].sort(), ['1', '2', '3']);
    const lastHandled = lines.findLastIndex((line) => / handled invoice-/.test(line));
    for (const worker of exits) {
      const exit = lines.findIndex((line) => line.startsWith(`worker ${worker}: queue closed and drained`));
      assert.ok(phase1 < exit, `worker ${worker} exited before the queue was closed`);
      assert.ok(lines.findLastIndex((line) => line.startsWith(`worker ${worker}: handled`)) < exit);
    }
    assert.ok(lastHandled < lineIndex(lines, 'two-phase result'));
    match(lines, /two-phase result: drained within the grace period, 12\/12 jobs handled/);
  });

  it('nonCancelSubgroup keeps the one real error and drops the cancellations it caused', () => {
    const lines = section(run.lines, '4. Telling a real error');
    match(lines, /^payment: ended by error "payment service: HTTP 503"/);
    match(lines, /^inventory: ended by cancellation/);
    match(lines, /^shipping: ended by cancellation/);
    match(lines, /rejected with an ExceptionGroup of 1 error/);
    match(lines, /outcomes recorded: 3 \(/);
    const real = matches(lines, /^real error \(nonCancelSubgroup\): (.*)$/).map((m) => m[1]);
    assert.deepEqual(real, ['payment service: HTTP 503']);
    match(lines, /real errors: 1; cancellations \(expected, not reported\): 2/);
  });
});
