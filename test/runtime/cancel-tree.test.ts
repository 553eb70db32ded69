// Invariants of the internal cancel tree (runtime/src/core/cancelNode.ts) that the public API
// cannot show directly: the count of cancelled nodes that lets waits skip their context lookup.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { cancelledNodes, roots } from '../../runtime/src/core/cancelNode.ts';
import { CancelScope, createTaskGroup, moveOnAfter, Queue, shield, sleep, sleepForever } from '../../runtime/src/index.ts';

test('the cancelled-node count goes back to 0 and the tree empties once everything has exited', async () => {
  assert.equal(cancelledNodes, 0);
  const queue = Queue.withMaxsize<number>(1);
  await moveOnAfter(20, () => createTaskGroup(async (tg) => {
    for (let i = 0; i < 5; i++) tg.startSoon(async () => { await queue.get(); });
    tg.startSoon(async () => {
      try {
        await sleepForever();
      } finally {
        await shield(() => sleep(5));
      }
    });
    const toggled = new CancelScope({ shield: true });
    tg.startSoon(() => toggled.run(async () => {
      await sleep(30);
      toggled.shield = false; // the enclosing cancellation reaches it only now
      await sleepForever();
    }));
    await sleepForever();
  }));
  assert.equal(cancelledNodes, 0, 'every cancelled node was counted out when it left the tree');
  assert.equal(roots.size, 0);
});

test('while a scope is cancelled the count is positive, and a put with room still raises Cancelled', async () => {
  const queue = Queue.withMaxsize<number>(10);
  const scope = new CancelScope();
  await scope.run(async () => {
    scope.cancel();
    assert.ok(cancelledNodes > 0);
    await assert.rejects(queue.put(1), { name: 'Cancelled' });
    assert.equal(queue.size, 0, 'the item of a cancelled put is not buffered');
  });
  assert.equal(cancelledNodes, 0);
});
