/**
 * Where tasks were started, at a price tracing can afford.
 *
 * One stack capture costs ~1.5–2.5 µs on Node 24 even limited to one frame (V8 also records the
 * detailed trace Node keeps for uncaught exceptions): three times a whole spawn+join. So a site
 * is captured once per task function and shared by its later spawns, as long as they come the
 * same way: into the same task group, by the same method (`startSoon` or `start`). Those later
 * spawns are checked by a capture of their own at the 2nd, 4th, 8th, … spawn, then every
 * CHECK_EVERY-th; a function found spawned from a second place is captured on every spawn from
 * then on. A fresh closure (`() => work(i)`) is a new function each time, so it is captured each
 * time.
 *
 * Precision: exact for closures, for functions spawned from one place, and at every change of
 * group or method. A function spawned into one group from two places shows the first place for
 * the spawns before the check that notices (fewer than CHECK_EVERY of them), exactly after.
 */

const CHECK_EVERY = 1024;

/** A captured call stack; its text, and the location parsed from it, are made only when read. */
export class SpawnSite {
  readonly #holder: { stack?: string } = {};
  #location: string | null | undefined;

  constructor(spawner: Spawner) {
    // One frame is all a site needs: the caller of `spawner` (captureStackTrace cuts the rest).
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 1;
    Error.captureStackTrace(this.#holder, spawner);
    Error.stackTraceLimit = limit;
  }

  /** The stack's text: one frame, so two sites are the same place when their texts are equal. */
  get text(): string {
    return this.#holder.stack ?? '';
  }

  /** `file:line:column` of the call that started the task, or null when the stack has none. */
  get location(): string | null {
    if (this.#location === undefined) this.#location = locationOf(this.#holder.stack);
    return this.#location;
  }
}

/** How one task function has been spawned so far. */
interface Seen {
  site: SpawnSite;
  /** The id of the task group, and the method, of its latest spawn. */
  groupId: number;
  spawner: Spawner;
  spawns: number;
  nextCheck: number;
  /** Spawned from more than one place into one group: captured every time. */
  varies: boolean;
}

type Spawner = (...args: never[]) => unknown;

const seen = new WeakMap<object, Seen>();
// The latest function and its entry: a loop spawning one function skips the WeakMap lookup.
// `forgetLatest` drops them when its batch starts, so that no function is kept alive here.
let latestFn: object | undefined;
let latest: Seen | undefined;

/** The site of this spawn of `fn` into group `groupId` through `spawner`, the runtime method the user called. */
export function spawnSite(fn: object, groupId: number, spawner: Spawner): SpawnSite {
  const entry = fn === latestFn ? latest : seen.get(fn);
  if (entry === undefined) {
    const site = new SpawnSite(spawner);
    seen.set(fn, { site, groupId, spawner, spawns: 1, nextCheck: 2, varies: false });
    return site;
  }
  latestFn = fn;
  latest = entry;
  entry.spawns++;
  if (entry.varies) return new SpawnSite(spawner);
  if (entry.groupId === groupId && entry.spawner === spawner && entry.spawns < entry.nextCheck) return entry.site;
  return check(entry, groupId, spawner);
}

// The slow path: capture this spawn's site, and compare it with the one on record when the
// spawn came the same way.
function check(entry: Seen, groupId: number, spawner: Spawner): SpawnSite {
  const site = new SpawnSite(spawner);
  if (entry.groupId !== groupId || entry.spawner !== spawner) {
    entry.site = site;
    entry.groupId = groupId;
    entry.spawner = spawner;
    return site;
  }
  if (site.text !== entry.site.text) {
    entry.varies = true;
    return site;
  }
  entry.nextCheck = entry.spawns < CHECK_EVERY ? entry.spawns * 2 : entry.spawns + CHECK_EVERY;
  return entry.site;
}

export function forgetLatest(): void {
  latestFn = latest = undefined;
}

function locationOf(stack: string | undefined): string | null {
  if (stack === undefined) return null;
  // The first frame below the message is the caller of the spawner.
  const frame = stack.split('\n').find((line) => line.trimStart().startsWith('at '));
  const location = frame?.match(/\(([^()]+:\d+:\d+)\)\s*$/)?.[1] ?? frame?.match(/at ([^\s()]+:\d+:\d+)\s*$/)?.[1];
  return location?.replace(/^file:\/\//, '') ?? null;
}
