// Task coordination: starting work together, ending it together, and telling failure from
// cancellation.
//
//   1. Fan-out/fan-in: one task per request, results gathered in request order.
//   2. Graceful shutdown: a task cancelled mid-work still finishes its cleanup, because the
//      cleanup runs inside `shield()`.
//   3. Worker pool with two-phase shutdown: phase 1 `close()`s the queue (no new work), phase 2
//      lets the workers drain what is already queued, within a grace period.
//   4. Errors versus cancellation: when one task fails, its siblings are cancelled;
//      `nonCancelSubgroup()` keeps the real failure and drops the cancellations.
//
// Run: npm run build && node --import tsx examples/task-coordination.ts
import {
  ClosedResourceError,
  createTaskGroup,
  currentTime,
  ExceptionGroup,
  isCancelled,
  moveOnAfter,
  nonCancelSubgroup,
  Queue,
  shield,
  sleep,
  sleepForever,
} from 'corral';

const started = currentTime();

/** Prints `message` after the time since the program started. */
function log(message: string): void {
  console.log(`[${(currentTime() - started).toFixed(0).padStart(4)}ms] ${message}`);
}

// ── 1. Fan-out / fan-in ──────────────────────────────────────────────────────────────────────

interface Profile {
  user: string;
  plan: string;
}

/** Simulates a profile service whose latency depends on the user. */
async function fetchProfile(user: string, latencyMs: number): Promise<Profile> {
  await sleep(latencyMs);
  log(`fetched ${user} (${latencyMs}ms)`);
  return { user, plan: latencyMs > 25 ? 'pro' : 'free' };
}

async function fanOutFanIn(): Promise<void> {
  console.log('\n── 1. Fan-out/fan-in: one task per request, results in request order ──');
  const requests: [string, number][] = [['ada', 40], ['grace', 10], ['linus', 30], ['barbara', 5], ['ken', 20]];
  const results: (Profile | undefined)[] = new Array<Profile | undefined>(requests.length);
  log(`fan-out: ${requests.length} profile requests at once`);
  await createTaskGroup((tg) => {
    requests.forEach(([user, latency], i) => {
      tg.startSoon({ name: `fetch ${user}` }, async () => {
        results[i] = await fetchProfile(user, latency);
      });
    });
  });
  // The group has ended: every task has finished, so every slot is filled.
  log(`fan-in: ${results.map((p) => `${p?.user}:${p?.plan}`).join(', ')}`);
  log(`fan-in complete: ${results.filter(Boolean).length}/${requests.length} results`);
}

// ── 2. Graceful shutdown with shielded cleanup ───────────────────────────────────────────────

/** A connection that buffers writes and must flush them before closing. */
class Connection {
  buffered = 0;
  constructor(readonly name: string) {}

  async write(record: number): Promise<void> {
    await sleep(5);
    this.buffered = record;
  }

  /** Flushing takes real time: it needs a shield to survive the cancellation that ended the work. */
  async flushAndClose(): Promise<void> {
    log(`cleanup: ${this.name} flushing ${this.buffered} buffered records...`);
    await sleep(25);
    log(`cleanup: ${this.name} flushed and closed`);
  }
}

async function writer(connection: Connection): Promise<void> {
  try {
    for (let record = 1; ; record++) await connection.write(record);
  } catch (error) {
    if (isCancelled(error)) log(`writer on ${connection.name}: cancelled after ${connection.buffered} records`);
    throw error;
  } finally {
    await shield(() => connection.flushAndClose());
  }
}

async function gracefulShutdown(): Promise<void> {
  console.log('\n── 2. Graceful shutdown: cleanup in shield() completes despite cancellation ──');
  await createTaskGroup(async (tg) => {
    tg.startSoon(writer, new Connection('orders-db'));
    tg.startSoon(writer, new Connection('audit-log'));
    await sleep(40);
    log('shutdown requested: cancelling the group');
    tg.cancelScope.cancel();
  });
  log('group ended: both connections were flushed and closed before it returned');
}

// ── 3. Worker pool with two-phase shutdown ───────────────────────────────────────────────────

const DRAIN_GRACE_MS = 2_000;

async function poolWorker(id: number, jobs: Queue<string>, handled: string[]): Promise<void> {
  // The loop ends when the queue is closed and drained.
  for await (const job of jobs) {
    await sleep(10);
    handled.push(job);
    log(`worker ${id}: handled ${job}`);
  }
  log(`worker ${id}: queue closed and drained, exiting`);
}

async function twoPhaseShutdown(): Promise<void> {
  console.log('\n── 3. Worker pool with two-phase shutdown: close(), then drain ──');
  const jobs = Queue.withMaxsize<string>(8);
  const handled: string[] = [];
  const begin = currentTime();
  const drained = await moveOnAfter(DRAIN_GRACE_MS, async () => {
    await createTaskGroup(async (tg) => {
      for (let id = 1; id <= 3; id++) tg.startSoon(poolWorker, id, jobs, handled);
      for (let n = 1; n <= 12; n++) await jobs.put(`invoice-${n}`);
      jobs.close();
      log(`phase 1: queue closed with ${jobs.size} jobs still buffered; no new work accepted`);
      rejectLateJob(jobs);
      log('phase 2: waiting for the workers to drain the queue');
    });
    return true;
  });
  const outcome = drained ? 'drained within the grace period' : 'grace period over: workers cancelled';
  log(`two-phase result: ${outcome}, ${handled.length}/12 jobs handled in ${(currentTime() - begin).toFixed(0)}ms`);
}

function rejectLateJob(jobs: Queue<string>): void {
  try {
    jobs.putNowait('invoice-late');
  } catch (error) {
    if (!(error instanceof ClosedResourceError)) throw error;
    log('late job rejected: ClosedResourceError (the queue is closed)');
  }
}

// ── 4. Errors versus cancellation ────────────────────────────────────────────────────────────

/** Runs a step; whatever ends it abnormally is recorded in `outcomes`, then rethrown. */
async function step(name: string, outcomes: unknown[], body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (error) {
    outcomes.push(error);
    log(`${name}: ended by ${isCancelled(error) ? 'cancellation' : `error "${(error as Error).message}"`}`);
    throw error;
  }
}

async function errorsVersusCancellation(): Promise<void> {
  console.log('\n── 4. Telling a real error from cancellations with nonCancelSubgroup() ──');
  const outcomes: unknown[] = [];
  try {
    await createTaskGroup((tg) => {
      tg.startSoon(step, 'inventory', outcomes, () => sleepForever());
      tg.startSoon(step, 'payment', outcomes, async () => {
        await sleep(20);
        throw new Error('payment service: HTTP 503');
      });
      tg.startSoon(step, 'shipping', outcomes, () => sleepForever());
    });
  } catch (error) {
    if (isCancelled(error) || !(error instanceof ExceptionGroup)) throw error;
    log(`the task group rejected with an ExceptionGroup of ${error.exceptions.length} error (it never collects Cancelled)`);
  }
  // Every abnormal ending, as a supervisor sees it: one failure and the cancellations it caused.
  const everything = new ExceptionGroup('checkout steps ended abnormally', outcomes);
  log(`outcomes recorded: ${everything.exceptions.length} (${everything.exceptions.map((e) => (isCancelled(e) ? 'Cancelled' : 'Error')).join(', ')})`);
  const real = nonCancelSubgroup(everything);
  for (const error of real?.exceptions ?? []) log(`real error (nonCancelSubgroup): ${(error as Error).message}`);
  log(`real errors: ${real?.exceptions.length ?? 0}; cancellations (expected, not reported): ${everything.exceptions.length - (real?.exceptions.length ?? 0)}`);
}

await fanOutFanIn();
await gracefulShutdown();
await twoPhaseShutdown();
await errorsVersusCancellation();
