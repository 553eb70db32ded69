// Service lifecycle: a small order service whose parts start in dependency order, are watched
// while they run, and stop gracefully on SIGINT or SIGTERM.
//
//   - Database → Cache → API start one after another with `tg.start`: each service task calls
//     `taskStatus.started()` once it is ready, so the next one starts only then.
//   - A health monitor waits on an `Event` until everything is up, then checks every service.
//   - Background workers send receipts from a bounded job queue that the API fills.
//   - On a signal: the API stops accepting, the queue is closed and drained, and the services
//     close in reverse dependency order (API, Cache, Database), each inside `shield`.
//
// Run: npm run build && node --import tsx examples/service-lifecycle.ts   (then press Ctrl-C)
// Options (or environment variables, for unattended runs):
//   --run-for=<ms>          CORRAL_EXAMPLE_RUN_FOR_MS          send SIGINT to itself after <ms>
//   --unhealthy-after=<ms>  CORRAL_EXAMPLE_UNHEALTHY_AFTER_MS  the Cache fails its health checks
//                                                              <ms> after it started (exit code 1)
import {
  CancelScope,
  createTaskGroup,
  currentTime,
  Event,
  moveOnAfter,
  Queue,
  shield,
  sleep,
  sleepForever,
  type TaskGroup,
  type TaskStatus,
} from 'corral';

const started = currentTime();

/** Prints `message` after the time since the program started. */
function log(message: string): void {
  console.log(`[${(currentTime() - started).toFixed(0).padStart(4)}ms] ${message}`);
}

/** A duration in ms from `--name=<ms>` or the environment variable, if given. */
function durationOption(name: string, variable: string): number | undefined {
  const flag = process.argv.find((arg) => arg.startsWith(`--${name}=`));
  const raw = flag === undefined ? process.env[variable] : flag.slice(name.length + 3);
  if (raw === undefined || raw === '') return undefined;
  const ms = Number(raw);
  if (!Number.isFinite(ms) || ms < 0) throw new TypeError(`--${name} expects a number of milliseconds >= 0, got "${raw}"`);
  return ms;
}

const RUN_FOR_MS = durationOption('run-for', 'CORRAL_EXAMPLE_RUN_FOR_MS');
const UNHEALTHY_AFTER_MS = durationOption('unhealthy-after', 'CORRAL_EXAMPLE_UNHEALTHY_AFTER_MS');
const REQUEST_INTERVAL_MS = 25;
const RECEIPT_MS = 60;
const HEALTH_INTERVAL_MS = 50;
/** How long steps 1 and 2 of the shutdown (stop accepting, drain) may take before being cut. */
const DRAIN_GRACE_MS = 3_000;
/** How long a service waits for its dependents to close before closing anyway. */
const CLOSE_GRACE_MS = 2_000;

// ── The services ─────────────────────────────────────────────────────────────────────────────

/** A component that opens, reports its health and closes; others may depend on it. */
abstract class Service {
  /** Set once this service has closed: the services it depends on wait for it. */
  readonly closed = new Event();
  /** The services using this one, which must close before it does. */
  readonly dependents: Service[] = [];

  constructor(readonly name: string, dependencies: Service[]) {
    for (const dependency of dependencies) dependency.dependents.push(this);
  }

  abstract open(): Promise<void>;
  abstract close(): Promise<void>;

  healthy(): boolean {
    return true;
  }
}

class Database extends Service {
  constructor() {
    super('Database', []);
  }

  async open(): Promise<void> {
    await sleep(30);
    log('Database: pool of 4 connections ready');
  }

  async customerOf(order: number): Promise<string> {
    await sleep(5);
    return ['ada', 'grace', 'linus', 'barbara'][order % 4] ?? 'unknown';
  }

  async close(): Promise<void> {
    await sleep(15);
    log('Database: connections returned, pool closed');
  }
}

class Cache extends Service {
  readonly #entries = new Map<number, string>();
  #openedAt = Infinity;

  constructor(readonly database: Database) {
    super('Cache', [database]);
  }

  async open(): Promise<void> {
    await sleep(15);
    this.#openedAt = currentTime();
    log('Cache: connected to the Database');
  }

  async customerOf(order: number): Promise<string> {
    const cached = this.#entries.get(order % 4);
    if (cached !== undefined) return cached;
    const customer = await this.database.customerOf(order);
    this.#entries.set(order % 4, customer);
    return customer;
  }

  override healthy(): boolean {
    return UNHEALTHY_AFTER_MS === undefined || currentTime() - this.#openedAt < UNHEALTHY_AFTER_MS;
  }

  async close(): Promise<void> {
    await sleep(10);
    log(`Cache: ${this.#entries.size} entries flushed`);
  }
}

class Api extends Service {
  accepting = false;

  constructor(readonly database: Database, readonly cache: Cache) {
    super('API', [database, cache]);
  }

  async open(): Promise<void> {
    await sleep(10);
    this.accepting = true;
    log('API: listening on :8080');
  }

  async close(): Promise<void> {
    await sleep(5);
    log('API: listener closed');
  }
}

/**
 * Runs `service` for as long as its group runs: opens it, reports it ready with
 * `taskStatus.started()`, then waits to be cancelled. On the way out, inside a shield, it waits
 * for its dependents to close and then closes the service: reverse dependency order.
 */
async function runService(service: Service, taskStatus: TaskStatus): Promise<void> {
  let opened = false;
  try {
    log(`${service.name}: starting`);
    await service.open();
    opened = true;
    log(`${service.name} started`);
    taskStatus.started();
    await sleepForever();
  } finally {
    await shield(() => closeAfterDependents(service, opened));
  }
}

async function closeAfterDependents(service: Service, opened: boolean): Promise<void> {
  await moveOnAfter(CLOSE_GRACE_MS, async () => {
    for (const dependent of service.dependents) {
      if (!dependent.closed.isSet()) log(`${service.name}: waiting for ${dependent.name} to close first`);
      await dependent.closed.wait();
    }
  });
  if (opened) {
    await service.close();
    log(`${service.name} closed`);
  } else {
    log(`${service.name}: start-up cut short, nothing to close`);
  }
  service.closed.set();
}

// ── The work ─────────────────────────────────────────────────────────────────────────────────

/** Simulated traffic: an order arrives every REQUEST_INTERVAL_MS until the API stops accepting. */
async function acceptRequests(api: Api, receipts: Queue<number>, stoppedAccepting: Event): Promise<void> {
  try {
    for (let order = 1; api.accepting; order++) {
      await sleep(REQUEST_INTERVAL_MS);
      if (!api.accepting) break;
      const customer = await api.cache.customerOf(order);
      await receipts.put(order); // waits while the queue is full: backpressure on the API
      log(`API: POST /orders -> order #${order} for ${customer}; receipt queued (${receipts.size} waiting)`);
    }
  } finally {
    stoppedAccepting.set();
  }
}

async function receiptWorker(id: number, receipts: Queue<number>): Promise<void> {
  for await (const order of receipts) {
    await sleep(RECEIPT_MS);
    log(`worker ${id}: receipt for order #${order} sent`);
  }
  log(`worker ${id}: queue closed and drained, exiting`);
}

/** Two receipt workers; `drained` is set once both have ended. */
async function backgroundWorkers(receipts: Queue<number>, drained: Event): Promise<void> {
  try {
    await createTaskGroup((tg) => {
      tg.startSoon(receiptWorker, 1, receipts);
      tg.startSoon(receiptWorker, 2, receipts);
    });
  } finally {
    drained.set();
  }
}

/** Why the service is stopping; the first request wins. */
class StopRequest {
  readonly event = new Event();
  reason = '';
  failed = false;

  /** False if a stop was already requested. */
  request(reason: string, failed: boolean): boolean {
    if (this.event.isSet()) return false;
    this.reason = reason;
    this.failed = failed;
    this.event.set();
    return true;
  }
}

/** Waits until the services are up, then checks them every HEALTH_INTERVAL_MS. */
async function monitorHealth(services: Service[], ready: Event, stop: StopRequest): Promise<void> {
  await ready.wait();
  log(`health: monitoring ${services.map((s) => s.name).join(', ')} every ${HEALTH_INTERVAL_MS}ms`);
  for (let check = 1; ; check++) {
    await sleep(HEALTH_INTERVAL_MS);
    const failing = services.filter((service) => !service.healthy()).map((service) => service.name);
    if (failing.length > 0) {
      log(`health: check #${check}: ${failing.join(', ')} unhealthy`);
      stop.request(`${failing.join(', ')} failed its health check`, true);
      return;
    }
    if (check % 4 === 1) log(`health: check #${check}: all ${services.length} services healthy`);
  }
}

/** For unattended runs: after `ms`, the process sends itself SIGINT, as Ctrl-C would. */
async function interruptAfter(ms: number): Promise<void> {
  await sleep(ms);
  log(`--run-for=${ms} elapsed: sending SIGINT to this process`);
  process.kill(process.pid, 'SIGINT');
}

// ── Start-up and shutdown ────────────────────────────────────────────────────────────────────

async function runApplication(stop: StopRequest): Promise<void> {
  await createTaskGroup(async (tg) => {
    const services: Service[] = [];
    const ready = new Event();
    tg.startSoon(monitorHealth, services, ready, stop);

    log('starting services in dependency order');
    const database = new Database();
    await tg.start({ name: database.name }, runService, database);
    const cache = new Cache(database);
    await tg.start({ name: cache.name }, runService, cache);
    const api = new Api(database, cache);
    await tg.start({ name: api.name }, runService, api);
    services.push(database, cache, api);
    ready.set();

    const receipts = Queue.withMaxsize<number>(4);
    const stoppedAccepting = new Event();
    const drained = new Event();
    tg.startSoon(backgroundWorkers, receipts, drained);
    tg.startSoon(acceptRequests, api, receipts, stoppedAccepting);
    if (RUN_FOR_MS !== undefined) tg.startSoon(interruptAfter, RUN_FOR_MS);
    log('service ready: press Ctrl-C (SIGINT) or send SIGTERM to stop it');

    await stop.event.wait();
    await shutDown(tg, stop.reason, { api, receipts, stoppedAccepting, drained });
  });
}

interface Draining {
  api: Api;
  receipts: Queue<number>;
  stoppedAccepting: Event;
  drained: Event;
}

/** Stop taking work, finish the work taken, then close the services (see `runService`). */
async function shutDown(tg: TaskGroup, reason: string, { api, receipts, stoppedAccepting, drained }: Draining): Promise<void> {
  log(`shutdown: ${reason}`);
  const inTime = await moveOnAfter(DRAIN_GRACE_MS, async () => {
    log('shutdown 1/3: API stops accepting new requests');
    api.accepting = false;
    await stoppedAccepting.wait();
    log(`shutdown 2/3: receipt queue closed, draining ${receipts.size} queued receipts`);
    receipts.close();
    await drained.wait();
    log('shutdown 2/3: background workers drained');
    return true;
  });
  if (!inTime) log(`shutdown: not drained within ${DRAIN_GRACE_MS}ms, cancelling the rest`);
  log('shutdown 3/3: closing services in reverse dependency order');
  tg.cancelScope.cancel();
}

/** SIGINT/SIGTERM request a graceful stop; a second one forces it. Returns the uninstaller. */
function handleSignals(stop: StopRequest, lifetime: CancelScope): () => void {
  const onSignal = (signal: NodeJS.Signals): void => {
    log(`received ${signal}`);
    if (stop.request(`received ${signal}`, false)) return;
    log(`second ${signal}: forcing shutdown (services still close inside their shields)`);
    lifetime.cancel();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
}

const stop = new StopRequest();
const lifetime = new CancelScope({ name: 'service lifetime' });
const removeSignalHandlers = handleSignals(stop, lifetime);
try {
  await lifetime.run(() => runApplication(stop));
} finally {
  removeSignalHandlers();
}
log(`shutdown complete${stop.failed ? ' (after a failure)' : ''}`);
process.exitCode = stop.failed ? 1 : 0;
