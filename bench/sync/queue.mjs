// Workload 5: 100,000 messages through a 16-slot queue, one producer and one consumer, each an
// async loop of `await put(i)` / `await get()`.
// - floor: the hand-written promise ring-buffer channel of floors.mjs, producer and consumer
//   joined by `Promise.all` (own process, no Corral loaded);
// - Corral: `Queue.withMaxsize(16)`, producer and consumer as two tasks of a task group;
// - effect 4: `Queue.bounded(16)`, `Queue.offer` / `Queue.take` in two `Effect.gen` loops run
//   with `Effect.all(..., { concurrency: 2 })`.
// effection 4 has no bounded queue (its `createQueue` is unbounded): not measured.
import { now } from '../harness.mjs';
import { RingChannel } from './floors.mjs';

export const id = 'queue';
export const title = '100,000 messages through a 16-slot queue (1 producer, 1 consumer)';
export const mode = 'time';
export const unit = 'ms';
export const groups = ['floor', 'corral'];
export const floor = 'ring buffer';
export const systemsOrder = ['ring buffer', 'corral', 'effect 4 Queue.bounded', 'ring buffer (Corral loaded)'];
export const targets = [{ system: 'corral', max: 1.2, label: '≤ 1.2× ring buffer' }];

const SLOTS = 16;

export async function systems(group, { messages = 100_000 }) {
  const ring = async () => {
    const start = now();
    const channel = new RingChannel(SLOTS);
    let sum = 0;
    await Promise.all([
      (async () => {
        for (let i = 0; i < messages; i++) await channel.put(i);
      })(),
      (async () => {
        for (let i = 0; i < messages; i++) sum += await channel.get();
      })(),
    ]);
    if (sum !== (messages * (messages - 1)) / 2) throw new Error('ring buffer lost messages');
    return now() - start;
  };
  if (group === 'floor') {
    const { Effect, Queue } = await import('effect');
    return [
      { name: 'ring buffer', once: ring },
      {
        name: 'effect 4 Queue.bounded', thin: true,
        once: async () => {
          const start = now();
          let sum = 0;
          await Effect.runPromise(Effect.gen(function* () {
            const queue = yield* Queue.bounded(SLOTS);
            const producer = Effect.gen(function* () {
              for (let i = 0; i < messages; i++) yield* Queue.offer(queue, i);
            });
            const consumer = Effect.gen(function* () {
              for (let i = 0; i < messages; i++) sum += yield* Queue.take(queue);
            });
            yield* Effect.all([producer, consumer], { concurrency: 2, discard: true });
          }));
          if (sum !== (messages * (messages - 1)) / 2) throw new Error('effect queue lost messages');
          return now() - start;
        },
      },
    ];
  }
  const { createTaskGroup, Queue } = await import('corral');
  return [
    {
      name: 'corral',
      once: async () => {
        const start = now();
        const queue = Queue.withMaxsize(SLOTS);
        let sum = 0;
        await createTaskGroup(async (tg) => {
          tg.startSoon(async () => {
            for (let i = 0; i < messages; i++) await queue.put(i);
          });
          tg.startSoon(async () => {
            for (let i = 0; i < messages; i++) sum += await queue.get();
          });
        });
        if (sum !== (messages * (messages - 1)) / 2) throw new Error('corral queue lost messages');
        return now() - start;
      },
    },
    { name: 'ring buffer (Corral loaded)', once: ring },
  ];
}
