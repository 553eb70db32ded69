// createTaskGroup and TaskGroup.startSoon: waiting for children, failing, cancelling.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  CancelScope,
  checkpoint,
  createTaskGroup,
  currentTime,
  effectiveDeadline,
  ExceptionGroup,
  isCancelled,
  moveOnAt,
  sleep,
  sleepForever,
  type TaskGroup,
} from '../../runtime/src/index.ts';
import { assertCancelled, Boom, Log, rejection } from './helpers.ts';

const LONG = 60_000;
const T = { timeout: 10_000 };

test('a group resolves its body value after every task has ended', async () => {
  const log = new Log();
  const value = await createTaskGroup(async (tg) => {
    for (const ms of [6, 1, 3]) {
      tg.startSoon(async () => {
        await sleep(ms);
        log.add(`task ${ms} ended`);
      });
    }
    log.add('body returned');
    return 'body value';
  });
  log.add('group settled');
  assert.equal(value, 'body value');
  assert.equal(log.events.length, 5);
  for (const ms of [6, 1, 3]) log.before(`task ${ms} ended`, 'group settled');
  log.before('body returned', 'task 1 ended');
});

test('startSoon never runs the child synchronously', async () => {
  const log = new Log();
  await createTaskGroup(async (tg) => {
    tg.startSoon(() => {
      log.add('child ran');
      return Promise.resolve();
    });
    log.add('startSoon returned');
  });
  assert.deepEqual(log.events, ['startSoon returned', 'child ran']);
});

test('startSoon passes its arguments, with or without options', async () => {
  const seen: unknown[] = [];
  await createTaskGroup(async (tg) => {
    tg.startSoon(async (a: number, b: string) => { seen.push([a, b]); }, 1, 'x');
    tg.startSoon({ name: 'named' }, async (c: boolean) => { seen.push([c]); }, true);
  });
  assert.deepEqual(seen, [[1, 'x'], [true]]);
});

test("a child's error cancels its siblings and the body, waits for all, and rejects with an ExceptionGroup", T, async () => {
  const log = new Log();
  const first = new Boom('first');
  const error = await rejection(createTaskGroup(async (tg) => {
    tg.startSoon(async () => {
      try {
        await sleepForever();
      } catch (e) {
        assertCancelled(e);
        log.add('sibling cancelled');
        await sleep(5).catch(() => log.add('sibling still cancelled in its handler'));
        log.add('sibling ended');
        throw e;
      }
    });
    tg.startSoon(async () => {
      await sleep(2);
      log.add('failing child throws');
      throw first;
    });
    try {
      await sleepForever();
    } catch (e) {
      assertCancelled(e);
      log.add('body cancelled');
      throw e;
    }
  }));
  log.add('group rejected');
  assert.ok(error instanceof ExceptionGroup, `expected an ExceptionGroup, got ${String(error)}`);
  assert.deepEqual(error.exceptions, [first]);
  log.before('failing child throws', 'sibling cancelled');
  log.before('failing child throws', 'body cancelled');
  log.before('sibling ended', 'group rejected');
  assert.ok(log.events.includes('sibling still cancelled in its handler'));
});

test('the ExceptionGroup holds every non-cancel error, in the order raised, never a Cancelled', T, async () => {
  const a = new Boom('a');
  const b = new Boom('b');
  const c = new Boom('c');
  const error = await rejection(createTaskGroup(async (tg) => {
    tg.startSoon(async () => { await sleep(1); throw a; });
    tg.startSoon(async () => {
      try {
        await sleepForever();
      } finally {
        // Raised while being cancelled: still collected.
        throw b; // eslint-disable-line no-unsafe-finally
      }
    });
    tg.startSoon(async () => { await sleepForever(); });
    try {
      await sleepForever();
    } catch {
      throw c;
    }
  }));
  assert.ok(error instanceof ExceptionGroup);
  assert.equal(error.exceptions.length, 3);
  assert.equal(error.exceptions[0], a);
  assert.deepEqual(new Set(error.exceptions), new Set([a, b, c]));
  assert.ok(error.exceptions.every((e) => !isCancelled(e)));
});

test('a single error of the body is still wrapped in an ExceptionGroup, and the tasks are cancelled', T, async () => {
  const log = new Log();
  const boom = new Boom('body');
  const error = await rejection(createTaskGroup(async (tg) => {
    tg.startSoon(async () => {
      try {
        await sleepForever();
      } finally {
        log.add('task cancelled');
      }
    });
    await sleep(1);
    throw boom;
  }));
  assert.ok(error instanceof ExceptionGroup);
  assert.deepEqual(error.exceptions, [boom]);
  assert.deepEqual(log.events, ['task cancelled']);
});

test('a child that throws synchronously or rejects with a non-Error fails the group with that value', async () => {
  const error = await rejection(createTaskGroup(async (tg) => {
    tg.startSoon((): Promise<void> => { throw new Boom('sync'); });
    tg.startSoon(async () => { throw 'a string'; }); // eslint-disable-line @typescript-eslint/only-throw-error
  }));
  assert.ok(error instanceof ExceptionGroup);
  assert.equal(error.exceptions.length, 2);
  assert.ok(error.exceptions.some((e) => e instanceof Boom && e.tag === 'sync'));
  assert.ok(error.exceptions.includes('a string'));
});

test('cancellation from outside comes out of the group as a bare Cancelled', T, async () => {
  let seen: unknown;
  const outer = new CancelScope();
  await outer.run(async () => {
    try {
      await createTaskGroup(async (tg) => {
        tg.startSoon(sleepForever);
        tg.startSoon(async () => { await sleep(2); outer.cancel(); });
        await sleepForever();
      });
    } catch (error) {
      seen = error;
      throw error;
    }
  });
  assertCancelled(seen);
  assert.ok(!(seen instanceof ExceptionGroup));
  assert.equal(outer.cancelledCaught, true);
});

test('cancelled from outside after its body returned, the group rejects with Cancelled instead of resolving', T, async () => {
  const log = new Log();
  let outcome: { resolved: unknown } | { rejected: unknown } | undefined;
  const outer = new CancelScope();
  await outer.run(async () => {
    try {
      outcome = {
        resolved: await createTaskGroup(async (tg) => {
          tg.startSoon(async () => {
            try {
              await sleepForever();
            } finally {
              log.add('task cancelled');
            }
          });
          tg.startSoon(async () => { await sleep(2); outer.cancel(); });
          return 'body value';
        }),
      };
    } catch (error) {
      outcome = { rejected: error };
      throw error;
    }
  });
  assert.deepEqual(log.events, ['task cancelled']);
  assert.ok(outcome && 'rejected' in outcome, `the group resolved ${JSON.stringify(outcome)}`);
  assertCancelled(outcome.rejected);
  assert.equal(outer.cancelledCaught, true);
});

test('a group resolves undefined when its own cancelScope.cancel() ended the body', T, async () => {
  const log = new Log();
  const value = await createTaskGroup(async (tg) => {
    tg.startSoon(async () => {
      try {
        await sleepForever();
      } finally {
        log.add('child cancelled');
      }
    });
    tg.startSoon(async () => {
      await sleep(2);
      tg.cancelScope.cancel();
    });
    await sleepForever();
    return 'never';
  });
  assert.equal(value, undefined);
  assert.deepEqual(log.events, ['child cancelled']);
  await checkpoint(); // the group caught its own cancellation: the caller is not cancelled
});

test('a group whose body returns after its own cancel, without a checkpoint, resolves the body value', async () => {
  const value = await createTaskGroup(async (tg) => {
    tg.startSoon(sleepForever);
    tg.cancelScope.cancel();
    return 'returned';
  });
  assert.equal(value, 'returned');
});

test('a child started in a group that is already cancelled runs up to its first checkpoint', async () => {
  const log = new Log();
  await createTaskGroup(async (tg) => {
    tg.cancelScope.cancel();
    tg.startSoon(async () => {
      log.add('child started');
      await checkpoint();
      log.add('child passed a checkpoint');
    });
  });
  assert.deepEqual(log.events, ['child started']);
});

test('a task runs in its group scope, never in the scopes opened around startSoon', T, async () => {
  const log = new Log();
  const far = currentTime() + LONG;
  await moveOnAt(far, async () => {
    await createTaskGroup(async (tg) => {
      await new CancelScope({ deadline: currentTime() + LONG / 2 }).run(async (around) => {
        tg.startSoon(async () => {
          log.add(`child deadline is the group's: ${String(effectiveDeadline() === far)}`);
          await sleep(5);
          log.add('child not cancelled by the scope around startSoon');
        });
        around.cancel();
        await checkpoint();
      });
    });
  });
  assert.deepEqual(log.events, ["child deadline is the group's: true", 'child not cancelled by the scope around startSoon']);
});

test('tasks may start more tasks while the group waits for them', async () => {
  const log = new Log();
  await createTaskGroup(async (tg) => {
    tg.startSoon(async () => {
      await sleep(2);
      tg.startSoon(async () => {
        await sleep(2);
        log.add('grandchild ran');
      });
      log.add('child ended');
    });
  });
  log.add('group settled');
  assert.deepEqual(log.events, ['child ended', 'grandchild ran', 'group settled']);
});

test("a nested group's ExceptionGroup is nested in the outer one", async () => {
  const inner = new Boom('inner');
  const error = await rejection(createTaskGroup(async (outer) => {
    outer.startSoon(() => createTaskGroup(async (tg) => {
      tg.startSoon(async () => { throw inner; });
    }));
  }));
  assert.ok(error instanceof ExceptionGroup);
  assert.equal(error.exceptions.length, 1);
  const nested = error.exceptions[0];
  assert.ok(nested instanceof ExceptionGroup);
  assert.deepEqual(nested.exceptions, [inner]);
});

test('starting a task in a group whose block has ended throws', async () => {
  let saved: TaskGroup | undefined;
  await createTaskGroup(async (tg) => { saved = tg; });
  assert.throws(() => saved!.startSoon(async () => {}), TypeError);
  assert.throws(() => void saved!.start(async () => {}), TypeError);
});
