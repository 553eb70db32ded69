// Misuse is reported at the call, with a TypeError or RangeError whose message names the call
// and the value received.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
  CancelScope,
  cancellable,
  createTaskGroup,
  ExceptionGroup,
  failAfter,
  failAt,
  moveOnAfter,
  moveOnAt,
  nonCancelSubgroup,
  shield,
  sleep,
  sleepUntil,
  type TaskGroup,
} from '../../runtime/src/index.ts';

type ErrorClass = typeof TypeError | typeof RangeError;

type Outcome = { threw: unknown } | { returned: unknown };

/** Calls `call` and records whether it threw at the call or returned (a rejected promise is handled). */
function outcome(call: () => unknown): Outcome {
  try {
    const returned = call();
    if (returned instanceof Promise) returned.catch(() => {});
    return { returned };
  } catch (threw) {
    return { threw };
  }
}

/**
 * Asserts that the call threw `Class` synchronously, at the call, with a message matching every
 * pattern. A call that returned a rejected promise instead fails with a message saying so.
 */
function assertThrew(result: Outcome, Class: ErrorClass, ...patterns: RegExp[]): void {
  if ('returned' in result) {
    const what = result.returned instanceof Promise ? 'a promise (that rejects later, away from the call)' : String(result.returned);
    assert.fail(`expected a ${Class.name} thrown at the call; it returned ${what}`);
  }
  const error = result.threw;
  assert.ok(error instanceof Class, `expected a ${Class.name}, got ${String(error)}`);
  for (const pattern of patterns) assert.match(error.message, pattern);
}

function throwsAtCall(call: () => unknown, Class: ErrorClass, ...patterns: RegExp[]): void {
  assertThrew(outcome(call), Class, ...patterns);
}

const noop = async (): Promise<void> => {};
const bad = 42 as unknown as () => Promise<void>;

describe('task groups', () => {
  test('startSoon and start take only functions', async () => {
    // Calls made in the body, checked after the group so a failed check is not wrapped.
    const results = await createTaskGroup(async (tg) => [
      outcome(() => tg.startSoon(bad)),
      outcome(() => tg.startSoon({ name: 'x' }, bad)),
      outcome(() => tg.start(bad as never)),
      outcome(() => tg.start({ name: 'x' }, bad as never)),
    ]);
    assertThrew(results![0]!, TypeError, /startSoon/, /42/);
    assertThrew(results![1]!, TypeError, /startSoon/, /42/);
    assertThrew(results![2]!, TypeError, /start/, /42/);
    assertThrew(results![3]!, TypeError, /start/, /42/);
  });

  test('a task name must be a string', async () => {
    const result = await createTaskGroup(async (tg) => outcome(() => tg.startSoon({ name: 7 as unknown as string }, noop)));
    assertThrew(result!, TypeError, /name/, /7/);
  });

  test('createTaskGroup takes a function', () => {
    throwsAtCall(() => createTaskGroup('body' as unknown as () => Promise<void>), TypeError, /createTaskGroup/, /body/);
  });

  test('starting tasks in a group that has ended throws, saying the group has ended', async () => {
    let ended: TaskGroup | undefined;
    await createTaskGroup(async (tg) => { ended = tg; });
    throwsAtCall(() => ended!.startSoon(noop), TypeError, /startSoon/, /ended/);
    throwsAtCall(() => ended!.start(noop as never), TypeError, /start/, /ended/);
  });

  test('starting tasks in a group that failed and ended throws too', async () => {
    let ended: TaskGroup | undefined;
    await createTaskGroup(async (tg) => { ended = tg; throw new Error('x'); }).catch(() => {});
    throwsAtCall(() => ended!.startSoon(noop), TypeError, /ended/);
  });
});

describe('deadlines and durations', () => {
  test('a NaN deadline is a RangeError; a non-number a TypeError', () => {
    throwsAtCall(() => new CancelScope({ deadline: NaN }), RangeError, /NaN/);
    throwsAtCall(() => new CancelScope({ deadline: '5' as unknown as number }), TypeError, /deadline/, /5/);
    throwsAtCall(() => moveOnAt(NaN, noop), RangeError, /moveOnAt/, /NaN/);
    throwsAtCall(() => moveOnAfter(NaN, noop), RangeError, /moveOnAfter/, /NaN/);
    throwsAtCall(() => moveOnAfter('5' as unknown as number, noop), TypeError, /moveOnAfter/);
    throwsAtCall(() => sleep(NaN), RangeError, /sleep/, /NaN/);
    throwsAtCall(() => sleep('1' as unknown as number), TypeError, /sleep/);
    throwsAtCall(() => sleepUntil(NaN), RangeError, /sleepUntil/, /NaN/);
  });

  test('setting a NaN deadline on a scope is a RangeError and leaves the deadline as it was', () => {
    const scope = new CancelScope({ deadline: 10 });
    throwsAtCall(() => { scope.deadline = NaN; }, RangeError, /deadline/, /NaN/);
    assert.equal(scope.deadline, 10);
  });

  test('failAt and failAfter reject a NaN deadline at the call', () => {
    throwsAtCall(() => failAt(NaN, noop), RangeError, /failAt/, /NaN/);
    throwsAtCall(() => failAfter(NaN, noop), RangeError, /failAfter/, /NaN/);
  });

  test('Infinity and -Infinity are valid deadlines', async () => {
    assert.equal(await moveOnAt(Infinity, async () => 1), 1);
    assert.equal(await moveOnAt(-Infinity, async () => 2), 2);
  });
});

describe('scopes and blocks', () => {
  test('CancelScope options are checked', () => {
    throwsAtCall(() => new CancelScope({ shield: 'yes' as unknown as boolean }), TypeError, /shield/, /yes/);
    throwsAtCall(() => new CancelScope({ signal: {} as AbortSignal }), TypeError, /signal/);
    throwsAtCall(() => new CancelScope(null as unknown as object), TypeError, /CancelScope/, /null/);
    const scope = new CancelScope();
    throwsAtCall(() => { scope.shield = 1 as unknown as boolean; }, TypeError, /shield/);
  });

  test('the block helpers take a function body', () => {
    throwsAtCall(() => moveOnAfter(1, bad), TypeError, /moveOnAfter/, /42/);
    throwsAtCall(() => moveOnAt(1, bad), TypeError, /moveOnAt/, /42/);
  });

  test('CancelScope.run takes a function body, at the call', () => {
    throwsAtCall(() => new CancelScope().run(bad), TypeError, /run/, /42/);
  });

  test('failAt, failAfter and shield take a function body, at the call', () => {
    throwsAtCall(() => failAfter(1, bad), TypeError, /failAfter/, /42/);
    throwsAtCall(() => failAt(1, bad), TypeError, /failAt/, /42/);
    throwsAtCall(() => shield(bad), TypeError, /shield/, /42/);
  });

  test('cancellable takes a promise or thenable, at the call', () => {
    throwsAtCall(() => cancellable(42 as unknown as Promise<number>), TypeError, /cancellable/, /42/);
  });
});

describe('errors', () => {
  test('ExceptionGroup, split and nonCancelSubgroup check their arguments', () => {
    throwsAtCall(() => new ExceptionGroup('m', 5 as unknown as unknown[]), TypeError, /ExceptionGroup/, /5/);
    const eg = new ExceptionGroup('m', [new Error('x')]);
    throwsAtCall(() => eg.split('Error' as never), TypeError, /split/);
    throwsAtCall(() => nonCancelSubgroup(new Error('plain')), TypeError, /nonCancelSubgroup/);
  });
});
