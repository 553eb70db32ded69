// Generates the lint benchmark's corpus: realistic Corral-using TypeScript (task groups, cancel
// scopes, queues and workers, guarded try/catch, shielded cleanup, plain business code) with a
// realistic fraction of the mistakes the rules look for. Deterministic: the same seed gives the
// same files. Written to a temporary folder by run.ts, never committed.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** One generated snippet: its code and the `corral` names it uses. */
interface Snippet {
  code: string;
  uses: string[];
}

type Template = (n: string, random: Random) => Snippet;

export interface CorpusOptions {
  /** Stop adding files once this many lines are written. */
  minLines: number;
  /** The fraction of snippets written with a mistake (default 0.1). */
  mistakeRate?: number;
  seed?: number;
}

export interface Corpus {
  files: string[];
  lines: number;
}

/** A small seeded PRNG (mulberry32): the corpus must not change between runs. */
export class Random {
  #state: number;
  constructor(seed: number) {
    this.#state = seed >>> 0;
  }
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(max: number): number {
    return Math.floor(this.next() * max);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }
}

const NOUNS = ['order', 'invoice', 'user', 'session', 'report', 'image', 'message', 'payment', 'ticket', 'shipment', 'event', 'metric'];

/** Writes `src/module<i>.ts` files into `root` until `minLines` lines are reached. */
export function writeCorpus(root: string, options: CorpusOptions): Corpus {
  const random = new Random(options.seed ?? 20240601);
  const mistakeRate = options.mistakeRate ?? 0.1;
  mkdirSync(join(root, 'src'), { recursive: true });
  const files: string[] = [];
  let lines = 0;
  for (let index = 0; lines < options.minLines; index++) {
    const text = moduleText(index, random, mistakeRate);
    const file = join(root, 'src', `module${index}.ts`);
    writeFileSync(file, text);
    files.push(file);
    lines += text.split('\n').length;
  }
  return { files, lines };
}

function moduleText(index: number, random: Random, mistakeRate: number): string {
  const snippets: Snippet[] = [];
  const count = 9 + random.int(6);
  for (let i = 0; i < count; i++) {
    const name = `${random.pick(NOUNS)}${index}_${i}`;
    const pool = random.next() < mistakeRate ? MISTAKES : GOOD;
    snippets.push(random.pick(pool)(name, random));
  }
  const uses = [...new Set(snippets.flatMap((snippet) => snippet.uses))].sort();
  const header = [
    `// Generated module ${index} of the lint benchmark corpus.`,
    uses.length > 0 ? `import { ${uses.join(', ')} } from 'corral';` : '',
    "import type { Item, Store } from './shared.ts';",
    '',
  ];
  return `${header.join('\n')}\n${snippets.map((snippet) => snippet.code).join('\n\n')}\n`;
}

/** The types every module shares, as a real code base would have them. */
export const SHARED_MODULE = `export interface Item {
  id: string;
  size: number;
  tags: string[];
}

export interface Store {
  load(id: string): Promise<Item | undefined>;
  save(item: Item): Promise<void>;
  close(): Promise<void>;
}
`;

// ------------------------------------------------------------------------------------------
// Good code.

const workerPool: Template = (n, random) => ({
  uses: ['createTaskGroup', 'Queue'],
  code: `export async function process_${n}(items: Item[], store: Store): Promise<number> {
  const queue = Queue.withMaxsize<Item>(${1 + random.int(64)});
  let done = 0;
  await createTaskGroup(async (tg) => {
    for (let w = 0; w < ${2 + random.int(6)}; w++) {
      tg.startSoon(async () => {
        for await (const item of queue) {
          await store.save({ ...item, tags: [...item.tags, 'seen'] });
          done += 1;
        }
      });
    }
    for (const item of items) {
      await queue.put(item);
    }
    queue.close();
  });
  return done;
}`,
});

const guardedFetch: Template = (n, random) => ({
  uses: ['moveOnAfter', 'currentSignal', 'isCancelled'],
  code: `export async function fetch_${n}(url: string): Promise<unknown> {
  const result = await moveOnAfter(${100 * (1 + random.int(50))}, async () => {
    try {
      const response = await fetch(url, { signal: currentSignal() });
      if (!response.ok) throw new Error(\`HTTP \${response.status}\`);
      return await response.json();
    } catch (error) {
      if (isCancelled(error)) throw error;
      console.warn('fetch failed', url, error);
      return undefined;
    }
  });
  return result ?? null;
}`,
});

const shieldedCleanup: Template = (n) => ({
  uses: ['shield', 'sleep'],
  code: `export async function withConnection_${n}(store: Store, ids: string[]): Promise<Item[]> {
  const found: Item[] = [];
  try {
    for (const id of ids) {
      const item = await store.load(id);
      if (item) found.push(item);
      await sleep(5);
    }
  } finally {
    await shield(() => store.close());
  }
  return found;
}`,
});

const startedService: Template = (n) => ({
  uses: ['createTaskGroup', 'sleepForever', 'Event', 'type TaskStatus'],
  code: `async function serve_${n}(ready: Event, status: TaskStatus<number>): Promise<void> {
  const port = 3000 + Math.floor(Math.random() * 1000);
  status.started(port);
  ready.set();
  await sleepForever();
}

export async function run_${n}(): Promise<number | undefined> {
  const ready = new Event();
  return createTaskGroup(async (tg) => {
    const port = await tg.start(serve_${n}, ready);
    await ready.wait();
    tg.cancelScope.cancel();
    return port;
  });
}`,
});

const retryLoop: Template = (n, random) => ({
  uses: ['sleep', 'isCancelled', 'failAfter'],
  code: `export async function retry_${n}<T>(attempt: () => Promise<T>): Promise<T> {
  let delay = ${10 + random.int(90)};
  for (let tries = 0; ; tries++) {
    try {
      return await failAfter(${1000 + random.int(9000)}, attempt);
    } catch (error) {
      if (isCancelled(error) || tries >= ${2 + random.int(5)}) throw error;
      await sleep(delay);
      delay = Math.min(delay * 2, 5_000);
    }
  }
}`,
});

const limiterBatch: Template = (n, random) => ({
  uses: ['CapacityLimiter', 'createTaskGroup', 'Lock'],
  code: `const limiter_${n} = new CapacityLimiter(${2 + random.int(14)});
const lock_${n} = new Lock();
const totals_${n} = new Map<string, number>();

export async function batch_${n}(items: Item[], store: Store): Promise<void> {
  await createTaskGroup(async (tg) => {
    for (const item of items) {
      tg.startSoon(() => limiter_${n}.run(async () => {
        const loaded = await store.load(item.id);
        await lock_${n}.run(async () => {
          totals_${n}.set(item.id, (totals_${n}.get(item.id) ?? 0) + (loaded?.size ?? 0));
        });
      }));
    }
  });
}`,
});

const pollLoop: Template = (n) => ({
  uses: ['Event', 'checkpoint'],
  code: `export async function drain_${n}(pending: Item[], stop: Event): Promise<number> {
  let handled = 0;
  while (true) {
    const next = pending.shift();
    if (next) handled += next.size;
    await checkpoint();
    if (stop.isSet()) return handled;
  }
}`,
});

/** Plain code: most of a real code base neither waits nor cancels. */
const plainCode: Template = (n, random) => ({
  uses: [],
  code: `export class Registry_${n} {
  readonly #items = new Map<string, Item>();

  add(item: Item): this {
    if (this.#items.has(item.id)) throw new Error(\`duplicate \${item.id}\`);
    this.#items.set(item.id, item);
    return this;
  }

  bySize(min = ${random.int(100)}): Item[] {
    return [...this.#items.values()]
      .filter((item) => item.size >= min)
      .sort((a, b) => a.size - b.size || a.id.localeCompare(b.id));
  }

  tagged(tag: string): string[] {
    const out: string[] = [];
    for (const item of this.#items.values()) {
      if (item.tags.includes(tag)) out.push(item.id);
    }
    return out;
  }
}

export function summarise_${n}(items: readonly Item[]): Record<string, number> {
  const summary: Record<string, number> = {};
  for (const item of items) {
    for (const tag of item.tags) summary[tag] = (summary[tag] ?? 0) + item.size;
  }
  return summary;
}`,
});

const GOOD: readonly Template[] = [workerPool, guardedFetch, shieldedCleanup, startedService, retryLoop, limiterBatch, pollLoop, plainCode, plainCode, plainCode];

// ------------------------------------------------------------------------------------------
// Mistakes, one per snippet, each of a kind some rule reports.

const swallowed: Template = (n) => ({
  uses: ['sleep'],
  code: `export async function poll_${n}(store: Store): Promise<Item | undefined> {
  try {
    await sleep(100);
    return await store.load('${n}');
  } catch (error) {
    console.error(error);
    return undefined;
  }
}`,
});

const unshielded: Template = (n) => ({
  uses: ['sleep'],
  code: `export async function save_${n}(store: Store, item: Item): Promise<void> {
  try {
    await sleep(1);
    await store.save(item);
  } finally {
    await store.close();
  }
}`,
});

const floating: Template = (n) => ({
  uses: ['Queue'],
  code: `export async function enqueue_${n}(queue: Queue<Item>, items: Item[]): Promise<void> {
  for (const item of items) {
    queue.put(item);
  }
}`,
});

const unbounded: Template = (n) => ({
  uses: ['Queue', 'sleep'],
  code: `export const inbox_${n} = Queue.withMaxsize<Item>(Infinity);

export async function tick_${n}(): Promise<void> {
  await sleep(0);
}`,
});

const raceTimeout: Template = (n) => ({
  uses: ['createTaskGroup'],
  code: `export async function load_${n}(store: Store): Promise<unknown> {
  return createTaskGroup(async () => {
    setTimeout(() => console.log('slow'), 1000);
    return Promise.race([
      store.load('${n}'),
      new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 500)),
    ]);
  });
}`,
});

const busyLoop: Template = (n) => ({
  uses: ['Event', 'sleep'],
  code: `export async function wait_${n}(flag: { done: boolean }, ready: Event): Promise<void> {
  while (!flag.done) {
    await sleep(10);
  }
  while (true) {
    if (ready.isSet()) await sleep(1);
  }
}`,
});

const wallClock: Template = (n) => ({
  uses: ['moveOnAt'],
  code: `export async function deadline_${n}(store: Store): Promise<Item | undefined> {
  const result = await moveOnAt(Date.now() + 5000, async () => {
    const response = await fetch('https://example.com/${n}');
    return (await response.json()) as Item;
  });
  return result ?? (await store.load('${n}'));
}`,
});

const MISTAKES: readonly Template[] = [swallowed, unshielded, floating, unbounded, raceTimeout, busyLoop, wallClock];
