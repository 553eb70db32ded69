import assert from 'node:assert/strict';
import { test } from 'node:test';
import vm from 'node:vm';

import { cancelInDebuggee, Expressions, readSnapshot, type EvaluatingSession } from '../../client/src/taskTree/snapshotSource.ts';
import { devtools } from '../../runtime/src/index.ts';
import { workerPoolSnapshots } from './fixtures.ts';

/** A session that evaluates in this process, as js-debug's `clipboard` context would answer. */
const local: EvaluatingSession = {
  async customRequest(command, args) {
    assert.equal(command, 'evaluate');
    const { expression, context } = args as { expression: string; context: string };
    assert.equal(context, 'clipboard');
    return { result: String((0, eval)(expression)), variablesReference: 0 };
  },
};

test('reads, parses and validates the live snapshot through evaluate', async () => {
  void devtools; // the hook is installed
  const result = await readSnapshot(local);
  assert.equal(result.kind, 'snapshot');
  await workerPoolSnapshots();
});

test('a program without Corral is told apart from a broken one', async () => {
  const bare: EvaluatingSession = {
    async customRequest(_command, args) {
      return { result: String(vm.runInNewContext((args as { expression: string }).expression)) };
    },
  };
  assert.deepEqual(await readSnapshot(bare), { kind: 'not-corral' });
  const liar: EvaluatingSession = { async customRequest() { return { result: '{"version":1,"pid":"me"}' }; } };
  const lied = await readSnapshot(liar);
  assert.equal(lied.kind, 'invalid');
  const gone: EvaluatingSession = { async customRequest() { throw new Error('Cannot find target'); } };
  assert.deepEqual(await readSnapshot(gone), { kind: 'error', error: 'Cannot find target' });
});

test('a debuggee that never answers costs the time limit, not the view', async () => {
  const hung: EvaluatingSession = { customRequest: () => new Promise(() => {}) };
  const start = performance.now();
  assert.deepEqual(await readSnapshot(hung, 100), { kind: 'no-answer', timeoutMs: 100 });
  assert.ok(performance.now() - start < 500);
});

test('cancel sends only an integer id', async () => {
  assert.equal(await cancelInDebuggee(local, 987_654), false);
  assert.throws(() => Expressions.cancel(Number('1); process.exit(1); (1')), /not a scope id/);
});

test('a JSON-quoted string answer (as js-debug may give) is unwrapped', async () => {
  const quoting: EvaluatingSession = {
    async customRequest(_command, args) {
      return { result: JSON.stringify(String((0, eval)((args as { expression: string }).expression))) };
    },
  };
  assert.equal((await readSnapshot(quoting)).kind, 'snapshot');
  assert.equal(await cancelInDebuggee(quoting, 987_655), false);
  const bare: EvaluatingSession = { async customRequest(_c, args) { return { result: JSON.stringify(String(vm.runInNewContext((args as { expression: string }).expression))) }; } };
  assert.deepEqual(await readSnapshot(bare), { kind: 'not-corral' });
});
