// Workload: the cost of one checkpoint, ns per wait, over 10,000 sequential waits. Two kinds:
// `checkpoint()` (a turn of the event loop: floor `setImmediate`) and a wait that need not wait
// (a set `Event`, a free `Lock`: floor a plain `await` of a resolved promise), each outside any
// scope and inside a scope with a (far, never reached) deadline, where a checkpoint also looks
// for a deadline that passed while the event loop was blocked. One process, Corral loaded.
import { now } from '../harness.mjs';

export const id = 'checkpoint';
export const title = 'checkpoints, 10,000 sequential waits';
export const mode = 'time';
export const unit = 'ns/wait';
export const groups = ['corral'];
export const floor = 'await resolved';
export const systemsOrder = [
  'await resolved',
  'await setImmediate',
  'corral checkpoint()',
  'corral checkpoint(), deadline scope',
  'corral Event.wait (set)',
  'corral Event.wait (set), deadline scope',
  'corral Lock acquire+release',
  'corral Lock acquire+release, deadline scope',
];
export const targets = [];

const WAITS = 10_000;
/** An iteration times WAITS waits, in ms: this turns its figure into ns per wait. */
export const displayScale = 1e6 / WAITS;

export async function systems() {
  const { Event, Lock, checkpoint, moveOnAfter } = await import('corral');
  const event = new Event();
  event.set();
  const lock = new Lock();
  const loop = (wait) => async () => {
    const start = now();
    for (let i = 0; i < WAITS; i++) await wait();
    return now() - start;
  };
  const inDeadlineScope = (once) => () => moveOnAfter(3_600_000, once);
  const resolved = Promise.resolve();
  const lockCycle = async () => {
    await lock.acquire();
    lock.release();
  };
  return [
    { name: 'await resolved', once: loop(() => resolved) },
    { name: 'await setImmediate', once: loop(() => new Promise((resolve) => setImmediate(resolve))) },
    { name: 'corral checkpoint()', once: loop(checkpoint) },
    { name: 'corral checkpoint(), deadline scope', once: inDeadlineScope(loop(checkpoint)) },
    { name: 'corral Event.wait (set)', once: loop(() => event.wait()) },
    { name: 'corral Event.wait (set), deadline scope', once: inDeadlineScope(loop(() => event.wait())) },
    { name: 'corral Lock acquire+release', once: loop(lockCycle) },
    { name: 'corral Lock acquire+release, deadline scope', once: inDeadlineScope(loop(lockCycle)) },
  ];
}
