// Deadline-aware processing: doing as much work as fits in a fixed time budget.
//
//   1. Sequential: one loop under `moveOnAt`, asking `effectiveDeadline()` before each record
//      whether the next one still fits, and stopping early with partial results.
//   1b. The same loop without the check: `moveOnAt` is the safety net that cuts a record mid-work.
//   2. Parallel: a pool of workers on a shared bounded queue; the deadline of the enclosing
//      `moveOnAt` reaches every worker, and each skips the jobs that no longer fit.
//   3. The sentinel: a producer ends a pool by putting one "no more work" marker, which each
//      worker passes on before it exits.
//
// Run: npm run build && node --import tsx examples/deadline-aware-processing.ts
import {
  createTaskGroup,
  currentTime,
  effectiveDeadline,
  isCancelled,
  moveOnAt,
  Queue,
  sleep,
} from 'corral';

const started = currentTime();

/** Prints `message` after the time since the program started. */
function log(message: string): void {
  console.log(`[${(currentTime() - started).toFixed(0).padStart(4)}ms] ${message}`);
}

/** Simulated I/O: a record or job that takes `ms` to process. */
interface WorkItem {
  id: string;
  ms: number;
}

/** `count` items named `prefix-NN`, taking 8 to 14 ms (or `fixedMs`), always the same. */
function makeItems(prefix: string, count: number, fixedMs?: number): WorkItem[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `${prefix}-${String(i + 1).padStart(2, '0')}`,
    ms: fixedMs ?? 8 + ((i * 5) % 7),
  }));
}

// ── 1. Sequential ────────────────────────────────────────────────────────────────────────────

const SEQUENTIAL_BUDGET_MS = 300;
/** A record is started only if the time left is this many times the slowest record so far. */
const SAFETY_FACTOR = 3;
/** ... and never with less than this left. */
const MIN_MARGIN_MS = 40;

/** Processes records in order until the next one would not fit before the enclosing deadline. */
async function processSequentially(records: WorkItem[]): Promise<string[]> {
  const done: string[] = [];
  let slowest = 0;
  for (const record of records) {
    const left = effectiveDeadline() - currentTime();
    const needed = Math.max(SAFETY_FACTOR * slowest, MIN_MARGIN_MS);
    if (left < needed) {
      log(`stop before ${record.id}: ${left.toFixed(0)}ms left, a record needs ${needed.toFixed(0)}ms with margin`);
      break;
    }
    const begin = currentTime();
    await sleep(record.ms);
    slowest = Math.max(slowest, currentTime() - begin);
    done.push(record.id);
  }
  return done;
}

async function sequentialDemo(): Promise<void> {
  console.log('\n── 1. Sequential processing under moveOnAt, checking effectiveDeadline() ──');
  const records = makeItems('record', 40);
  log(`${records.length} records of ~11ms, budget ${SEQUENTIAL_BUDGET_MS}ms`);
  const begin = currentTime();
  let processed: string[] = [];
  await moveOnAt(begin + SEQUENTIAL_BUDGET_MS, async (scope) => {
    processed = await processSequentially(records);
    log(`deadline reached: ${scope.cancelCalled ? 'yes' : 'no'}`);
  });
  const elapsed = currentTime() - begin;
  log(`first: ${processed.slice(0, 3).join(', ')} ... last: ${processed.at(-1) ?? 'none'}`);
  log(`sequential result: ${processed.length}/${records.length} records processed, ${records.length - processed.length} left for the next run`);
  log(`sequential timing: stopped after ${elapsed.toFixed(0)}ms of the ${SEQUENTIAL_BUDGET_MS}ms budget`);
}

// ── 1b. No check: the deadline cancels a record mid-work ───────────────────────────────────────

async function safetyNetDemo(): Promise<void> {
  console.log('\n── 1b. Without the check: moveOnAt cancels the record in progress ──');
  const records = makeItems('upload', 10, 30);
  const kept: string[] = [];
  log(`${records.length} uploads of 30ms, budget 100ms, no time check in the loop`);
  const result = await moveOnAt(currentTime() + 100, async () => {
    for (const record of records) {
      try {
        await sleep(record.ms);
      } catch (error) {
        if (isCancelled(error)) log(`${record.id} cancelled mid-work by the deadline (its work is lost)`);
        throw error;
      }
      kept.push(record.id);
    }
    return 'all done';
  });
  log(`moveOnAt resolved ${String(result)}: ${kept.length}/${records.length} uploads kept`);
}

// ── 2. Parallel worker pool with a deadline ────────────────────────────────────────────────────

const SENTINEL = Symbol('no more work');
type Slot = WorkItem | typeof SENTINEL;

const POOL_BUDGET_MS = 200;
const POOL_WORKERS = 4;

interface WorkerTally {
  done: number;
  skipped: number;
}

/**
 * Takes jobs until the sentinel, which it puts back for the next worker. A job that would not
 * fit before the deadline (twice its estimate) is skipped: the worker drains the queue quickly,
 * so the pool ends on its own before the deadline instead of being cut.
 */
async function poolWorker(id: number, queue: Queue<Slot>, tally: WorkerTally): Promise<void> {
  for (;;) {
    const job = await queue.get();
    if (job === SENTINEL) {
      await queue.put(SENTINEL);
      log(`worker ${id}: sentinel seen, passed on; exits with ${tally.done} done, ${tally.skipped} skipped`);
      return;
    }
    const left = effectiveDeadline() - currentTime();
    if (left < 2 * job.ms + 10) {
      if (tally.skipped === 0) log(`worker ${id}: ${left.toFixed(0)}ms left, ${job.id} needs ~${job.ms}ms: skipping what no longer fits`);
      tally.skipped++;
      continue;
    }
    await sleep(job.ms);
    tally.done++;
  }
}

async function parallelDemo(): Promise<void> {
  console.log('\n── 2. Parallel worker pool on a bounded queue, under one deadline ──');
  const jobs = makeItems('job', 60).map((job, i) => ({ ...job, ms: 10 + ((i * 11) % 21) }));
  const queue = Queue.withMaxsize<Slot>(2 * POOL_WORKERS);
  const tallies = Array.from({ length: POOL_WORKERS }, () => ({ done: 0, skipped: 0 }));
  log(`${jobs.length} jobs of 10-30ms, ${POOL_WORKERS} workers, queue maxsize ${queue.maxsize}, budget ${POOL_BUDGET_MS}ms`);
  const begin = currentTime();
  await moveOnAt(begin + POOL_BUDGET_MS, async (scope) => {
    await createTaskGroup(async (tg) => {
      tallies.forEach((tally, i) => tg.startSoon(poolWorker, i + 1, queue, tally));
      for (const job of jobs) await queue.put(job); // waits while the queue is full
      await queue.put(SENTINEL);
      log('producer: all jobs queued, sentinel sent');
    });
    log(`deadline reached: ${scope.cancelCalled ? 'yes' : 'no'}`);
  });
  const done = tallies.reduce((sum, t) => sum + t.done, 0);
  const skipped = tallies.reduce((sum, t) => sum + t.skipped, 0);
  log(`parallel result: ${done}/${jobs.length} jobs done, ${skipped} skipped, in ${(currentTime() - begin).toFixed(0)}ms of ${POOL_BUDGET_MS}ms`);
}

// ── 3. The sentinel pattern ──────────────────────────────────────────────────────────────────

/** Processes items until it meets the sentinel, then passes it on so the next worker stops too. */
async function sentinelWorker(id: number, queue: Queue<Slot>, processed: string[]): Promise<void> {
  for (;;) {
    const item = await queue.get();
    if (item === SENTINEL) {
      log(`worker ${id}: got the sentinel, puts it back for the others and exits`);
      await queue.put(SENTINEL);
      return;
    }
    await sleep(item.ms);
    processed.push(item.id);
    log(`worker ${id}: finished ${item.id}`);
  }
}

async function sentinelDemo(): Promise<void> {
  console.log('\n── 3. Sentinel shutdown: one marker stops every worker ──');
  const items = makeItems('email', 9);
  const queue = Queue.withMaxsize<Slot>(4);
  const processed: string[] = [];
  await createTaskGroup(async (tg) => {
    for (let id = 1; id <= 3; id++) tg.startSoon(sentinelWorker, id, queue, processed);
    for (const item of items) await queue.put(item);
    await queue.put(SENTINEL);
    log('producer: 9 emails queued, then the sentinel');
  });
  log(`sentinel result: all workers exited, ${processed.length}/${items.length} emails sent, none lost`);
  log('(a Corral Queue can also be closed: close() ends every `for await` loop after the drain)');
}

await sequentialDemo();
await safetyNetDemo();
await parallelDemo();
await sentinelDemo();
