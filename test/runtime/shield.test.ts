// shield(): enclosing cancellation and deadlines do not reach inside; the scope's own still do.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  CancelScope,
  checkpoint,
  createTaskGroup,
  currentSignal,
  currentTime,
  moveOnAfter,
  shield,
  sleep,
  sleepForever,
} from '../../runtime/src/index.ts';
import { assertCancelled, Log } from './helpers.ts';

const LONG = 60_000;
const T = { timeout: 10_000 };

test('shield blocks the cancellation of an enclosing scope and returns the body value', async () => {
  const log = new Log();
  await new CancelScope().run(async (outer) => {
    outer.cancel();
    const value = await shield(async () => {
      await sleep(5);
      await checkpoint();
      log.add('shielded body finished');
      return 'value';
    });
    log.add(`shield returned ${value}`);
    try {
      await checkpoint();
    } catch (error) {
      assertCancelled(error);
      log.add('next checkpoint outside the shield raises');
      throw error;
    }
  });
  assert.deepEqual(log.events, ['shielded body finished', 'shield returned value', 'next checkpoint outside the shield raises']);
});

test('shield blocks an enclosing deadline', async () => {
  const log = new Log();
  await moveOnAfter(1, async () => {
    await shield(async () => {
      await sleep(20);
      log.add('slept past the outer deadline');
    });
  });
  assert.deepEqual(log.events, ['slept past the outer deadline']);
});

test('shielded cleanup in finally completes after its task is cancelled', T, async () => {
  const log = new Log();
  await createTaskGroup(async (tg) => {
    tg.startSoon(async () => {
      try {
        await sleepForever();
      } finally {
        await shield(async () => {
          await sleep(5);
          log.add('cleanup done');
        });
      }
    });
    await sleep(1);
    tg.cancelScope.cancel();
  });
  assert.deepEqual(log.events, ['cleanup done']);
});

test("a shielded scope's own cancel() still cancels it, and it catches its own Cancelled", T, async () => {
  const log = new Log();
  await new CancelScope().run(async (outer) => {
    outer.cancel();
    const shielded = new CancelScope({ shield: true });
    const value = await shielded.run(async (s) => {
      setTimeout(() => s.cancel(), 2);
      try {
        await sleep(LONG);
      } catch (error) {
        assertCancelled(error);
        log.add('own cancel reached the shielded body');
        throw error;
      }
    });
    log.add(`shielded scope resolved ${String(value)}`);
    assert.equal(shielded.cancelledCaught, true);
  });
  assert.deepEqual(log.events, ['own cancel reached the shielded body', 'shielded scope resolved undefined']);
});

test("a shielded scope's own deadline still cancels it", T, async () => {
  await new CancelScope().run(async (outer) => {
    outer.cancel();
    const shielded = new CancelScope({ shield: true, deadline: currentTime() + 3 });
    const value = await shielded.run(async () => {
      await sleep(LONG);
      return 'slept';
    });
    assert.equal(value, undefined);
    assert.equal(shielded.cancelledCaught, true);
  });
});

test('tasks of a group opened inside a shield are protected too', async () => {
  const log = new Log();
  await new CancelScope().run(async (outer) => {
    outer.cancel();
    await shield(() =>
      createTaskGroup(async (tg) => {
        tg.startSoon(async () => {
          await sleep(3);
          log.add('task inside shield finished');
        });
      }),
    );
  });
  assert.deepEqual(log.events, ['task inside shield finished']);
});

test('the signal inside a shield does not abort when the enclosing scope is cancelled', async () => {
  await new CancelScope().run(async (outer) => {
    const outerSignal = currentSignal();
    await shield(async () => {
      const inner = currentSignal();
      outer.cancel();
      assert.equal(outerSignal.aborted, true);
      assert.equal(inner.aborted, false);
      await sleep(1);
      assert.equal(inner.aborted, false);
    });
  });
});

test('turning shield on while running protects the body; turning it off exposes it at once', T, async () => {
  const log = new Log();
  await new CancelScope().run(async (outer) => {
    await new CancelScope().run(async (inner) => {
      inner.shield = true;
      outer.cancel();
      await sleep(2);
      log.add('protected while shielded');
      setTimeout(() => { inner.shield = false; }, 2);
      try {
        await sleep(LONG);
      } catch (error) {
        assertCancelled(error);
        log.add('cancelled once unshielded');
        throw error;
      }
    });
  });
  assert.deepEqual(log.events, ['protected while shielded', 'cancelled once unshielded']);
});
