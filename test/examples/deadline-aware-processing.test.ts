import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';

import { assertExited, assertInOrder, match, matches, section, type ExampleRun, runExample } from './runExample.ts';

describe('examples/deadline-aware-processing.ts', () => {
  let run: ExampleRun;
  before(async () => {
    run = await runExample('deadline-aware-processing.ts');
  });

  it('runs to the end and exits 0', () => {
    assertExited(run);
    assert.match(run.lines.at(-1) ?? '', /Queue can also be closed/);
  });

  it('sequential: returns partial results, stopping itself before the budget runs out', () => {
    const lines = section(run.lines, '1. Sequential');
    const [, done, total] = match(lines, /sequential result: (\d+)\/(\d+) records processed/).map(Number);
    assert.ok(done! > 0 && done! < total!, `expected partial results, got ${done}/${total}`);
    // It stopped on its own, before the record that would not fit: the deadline never fired.
    const [, next] = match(lines, /stop before record-(\d+): \d+ms left/).map(Number);
    assert.equal(next, done! + 1);
    match(lines, /deadline reached: no/);
    const [, elapsed, budget] = match(lines, /stopped after (\d+)ms of the (\d+)ms budget/).map(Number);
    assert.ok(elapsed! < budget!);
    assertInOrder(lines, ['stop before record-', 'deadline reached: no', 'sequential result:']);
  });

  it('without the check, moveOnAt cancels the record in progress and keeps the ones before it', () => {
    const lines = section(run.lines, '1b. Without the check');
    const [, cut] = match(lines, /upload-(\d+) cancelled mid-work by the deadline/).map(Number);
    const [, kept, total] = match(lines, /moveOnAt resolved undefined: (\d+)\/(\d+) uploads kept/).map(Number);
    assert.ok(kept! < total!);
    assert.equal(cut, kept! + 1);
    assertInOrder(lines, ['cancelled mid-work', 'moveOnAt resolved undefined']);
  });

  it('parallel: the worker pool completes only part of the jobs under the deadline', () => {
    const lines = section(run.lines, '2. Parallel worker pool');
    const [, done, total] = match(lines, /parallel result: (\d+)\/(\d+) jobs done/).map(Number);
    assert.ok(done! > 0 && done! < total!, `expected partial results, got ${done}/${total}`);
  });

  it('sentinel: every worker passes the sentinel on and exits after its own last item; nothing is lost', () => {
    const lines = section(run.lines, '3. Sentinel shutdown');
    const finished = matches(lines, /worker (\d): finished (email-\d+)/);
    assert.deepEqual(finished.map((m) => m[2]).sort(), Array.from({ length: 9 }, (_, i) => `email-${String(i + 1).padStart(2, '0')}`));
    const exits = matches(lines, /worker (\d): got the sentinel/).map((m) => m[1]);
    assert.deepEqual([...exits].sort(), ['1', '2', '3']);
    for (const worker of ['1', '2', '3']) {
      const lastItem = lines.findLastIndex((line) => line.startsWith(`worker ${worker}: finished`));
      const exit = lines.findIndex((line) => line.startsWith(`worker ${worker}: got the sentinel`));
      assert.ok(lastItem < exit, `worker ${worker} exited before its last item`);
    }
    match(lines, /all workers exited, 9\/9 emails sent/);
  });
});
