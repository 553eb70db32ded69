import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { assertExited, assertInOrder, lineIndex, matches, runExample, type ExampleRun } from './runExample.ts';

const STARTUP_ORDER = [
  'Database: starting',
  'Database started',
  'Cache: starting',
  'Cache started',
  'API: starting',
  'API started',
  'service ready',
];

const SHUTDOWN_ORDER = [
  'shutdown 1/3: API stops accepting new requests',
  'shutdown 2/3: receipt queue closed',
  'shutdown 2/3: background workers drained',
  'shutdown 3/3: closing services in reverse dependency order',
  'API closed',
  'Cache closed',
  'Database closed',
  'shutdown complete',
];

/** Every order whose receipt was queued had its receipt sent: the drain lost nothing. */
function assertDrained(run: ExampleRun): void {
  const queued = matches(run.lines, /order #(\d+) for \w+; receipt queued/).map((m) => Number(m[1]));
  const sent = matches(run.lines, /receipt for order #(\d+) sent/).map((m) => Number(m[1]));
  assert.deepEqual([...sent].sort((a, b) => a - b), [...queued].sort((a, b) => a - b));
  for (const worker of [1, 2]) {
    assert.ok(lineIndex(run.lines, 'receipt queue closed') < lineIndex(run.lines, `worker ${worker}: queue closed and drained`));
  }
}

describe('examples/service-lifecycle.ts', () => {
  it('--run-for: starts Database, Cache, API in dependency order, then on its own SIGINT shuts down in reverse', async () => {
    const run = await runExample('service-lifecycle.ts', { args: ['--run-for=300'] });
    assertExited(run);
    assertInOrder(run.lines, STARTUP_ORDER);
    assertInOrder(run.lines, ['service ready', 'health: monitoring Database, Cache, API', 'health: check #1: all 3 services healthy']);
    assertInOrder(run.lines, ['--run-for=300 elapsed: sending SIGINT', 'received SIGINT', 'shutdown: received SIGINT', ...SHUTDOWN_ORDER]);
    assertDrained(run);
    assert.equal(run.lines.at(-1), 'shutdown complete');
  });

  it('the run time can come from CORRAL_EXAMPLE_RUN_FOR_MS instead of an argument', async () => {
    const run = await runExample('service-lifecycle.ts', { env: { CORRAL_EXAMPLE_RUN_FOR_MS: '100' } });
    assertExited(run);
    assertInOrder(run.lines, [...STARTUP_ORDER, 'received SIGINT', ...SHUTDOWN_ORDER]);
  });

  it('a real SIGTERM from outside shuts it down gracefully, closing services in reverse dependency order', async () => {
    let sent = false;
    const run = await runExample('service-lifecycle.ts', {
      // Once it serves requests, stop it as a process manager would.
      onLine(line, child) {
        if (!sent && line.includes('POST /orders')) {
          sent = true;
          child.kill('SIGTERM');
        }
      },
    });
    assert.ok(sent, `the service never served a request; output:\n${run.lines.join('\n')}`);
    assertExited(run);
    assertInOrder(run.lines, [...STARTUP_ORDER, 'received SIGTERM', 'shutdown: received SIGTERM', ...SHUTDOWN_ORDER]);
    assertDrained(run);
  });

  it('a failed health check (signalled with an Event) triggers the same graceful shutdown and exit code 1', async () => {
    const run = await runExample('service-lifecycle.ts', { args: ['--unhealthy-after=100', '--run-for=10000'] });
    assertExited(run, 1);
    assertInOrder(run.lines, [...STARTUP_ORDER, 'Cache unhealthy', 'shutdown: Cache failed its health check', ...SHUTDOWN_ORDER]);
    assert.equal(run.lines.at(-1), 'shutdown complete (after a failure)');
    assert.equal(matches(run.lines, /received SIG/).length, 0);
  });
});
