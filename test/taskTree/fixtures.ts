// Real task-tree snapshots for the view's pure parts: small Corral programs run in this process,
// snapshot taken with `taskTreeSnapshot()` while they are in the state a test needs.
import {
  createTaskGroup,
  devtools,
  Queue,
  sleep,
  sleepForever,
  taskTreeSnapshot,
  type TaskStatus,
  type TaskTreeSnapshot,
} from '../../runtime/src/index.ts';

/** A program running `body` inside a task group, with tracing on; `body` returns what the test keeps. */
export async function inGroup<T>(body: (tg: Parameters<Parameters<typeof createTaskGroup>[0]>[0]) => Promise<T>): Promise<T> {
  const before = devtools.tracing;
  devtools.setTracing(true);
  try {
    let result!: T;
    await createTaskGroup(async (tg) => {
      result = await body(tg);
      tg.cancelScope.cancel();
    });
    return result;
  } finally {
    devtools.setTracing(before);
  }
}

/** 16 workers waiting on one queue, a producer blocked on a full queue and a starter waiting for `started()`. */
export async function workerPoolSnapshots(): Promise<[TaskTreeSnapshot, TaskTreeSnapshot]> {
  return inGroup(async (tg) => {
    const jobs = Queue.withMaxsize<number>(4);
    const results = Queue.withMaxsize<number>(1);
    for (let i = 0; i < 16; i++) tg.startSoon({ name: 'worker' }, async () => { for await (const job of jobs) void job; });
    tg.startSoon({ name: 'producer' }, async () => {
      await results.put(1);
      await results.put(2); // full: blocks
    });
    tg.startSoon({ name: 'starter' }, async () => {
      await tg.start({ name: 'service' }, async (_status: TaskStatus) => { await sleepForever(); });
    });
    await sleep(20);
    const first = taskTreeSnapshot();
    await sleep(20);
    const second = taskTreeSnapshot();
    return [first, second];
  });
}

export { sleep, sleepForever, taskTreeSnapshot, Queue };
