// Property tests: random programs of nested task groups and cancel scopes, run by a small
// interpreter against the runtime, with the structured-concurrency invariants checked after each.
//
// CORRAL_PROPERTY_RUNS sets the number of programs (default 1000; `npm run test:long` runs 10,000);
// CORRAL_PROPERTY_SEED replays a seed (fast-check prints the seed and path of a failure).
import assert from 'node:assert/strict';
import { test } from 'node:test';

import fc from 'fast-check';

import {
  CancelScope,
  checkpoint,
  createTaskGroup,
  currentTime,
  effectiveDeadline,
  ExceptionGroup,
  failAfter,
  isCancelled,
  moveOnAfter,
  shield,
  sleep,
  TimeoutError,
  type TaskGroup,
  type TaskStatus,
} from '../../runtime/src/index.ts';
import { describeValue } from '../../runtime/src/validate.ts';
import { liveTimers, turns } from './helpers.ts';

// ---------------------------------------------------------------------------------------------
// The program language

/** A wait that a shielded cleanup may contain: it always completes. */
type Wait = { k: 'sleep'; ms: number } | { k: 'checkpoint' };

type Stmt =
  | Wait
  /** Throws a new value of this kind: an Error, or one whose description runs code that throws. */
  | { k: 'throw'; value: ThrownKind }
  /** Cancel the `up`-th enclosing scope (0 = innermost; clamped to the outermost). */
  | { k: 'cancel'; up: number }
  /** Move the `up`-th enclosing scope's deadline to `ms` from now (earlier or later). */
  | { k: 'move'; up: number; ms: number }
  | { k: 'scope'; deadline: number | null; shield: boolean; body: Stmt[] }
  | { k: 'moveOn'; ms: number; body: Stmt[] }
  | { k: 'failAfter'; ms: number; body: Stmt[] }
  | { k: 'group'; tasks: Stmt[][]; body: Stmt[] }
  /** startSoon in the nearest group. */
  | { k: 'spawn'; body: Stmt[] }
  /** tg.start in the nearest group: `pre` runs before started(), `post` after. */
  | { k: 'start'; pre: Stmt[]; post: Stmt[] }
  /** try { body } finally { record; cleanup ? await shield(cleanup) : nothing awaited } */
  | { k: 'finally'; body: Stmt[]; cleanup: Wait[] | null }
  /** catches a Cancelled, checks that the next checkpoint raises again, then rethrows it. */
  | { k: 'catchCancel'; body: Stmt[] };

interface Program { tasks: Stmt[][]; body: Stmt[] }

const MAX_DEPTH = 4;

const THROWN_KINDS = ['error', 'error', 'error', 'null-prototype', 'throwing-toString', 'symbol', 'revoked-proxy'] as const;
type ThrownKind = (typeof THROWN_KINDS)[number];

const waitArb: fc.Arbitrary<Wait> = fc.oneof(
  { arbitrary: fc.record({ k: fc.constant('sleep' as const), ms: fc.integer({ min: 0, max: 3 }) }), weight: 3 },
  { arbitrary: fc.constant({ k: 'checkpoint' as const }), weight: 2 },
);

const leafArb: fc.Arbitrary<Stmt> = fc.oneof(
  { arbitrary: waitArb, weight: 6 },
  { arbitrary: fc.record({ k: fc.constant('throw' as const), value: fc.constantFrom(...THROWN_KINDS) }), weight: 1 },
  { arbitrary: fc.record({ k: fc.constant('cancel' as const), up: fc.integer({ min: 0, max: 3 }) }), weight: 1 },
  { arbitrary: fc.record({ k: fc.constant('move' as const), up: fc.integer({ min: 0, max: 3 }), ms: fc.integer({ min: 0, max: 4 }) }), weight: 1 },
);

const stmtArbs = new Map<number, fc.Arbitrary<Stmt>>();

function blockArb(depth: number, maxLength = 4): fc.Arbitrary<Stmt[]> {
  return fc.array(stmtArb(depth), { maxLength });
}

/** A statement whose blocks nest at most `depth` more levels. */
function stmtArb(depth: number): fc.Arbitrary<Stmt> {
  const known = stmtArbs.get(depth);
  if (known) return known;
  if (depth === 0) return leafArb;
  const inner = depth - 1;
  const arb: fc.Arbitrary<Stmt> = fc.oneof(
    { arbitrary: leafArb, weight: 8 },
    { arbitrary: fc.record({ k: fc.constant('scope' as const), deadline: fc.option(fc.integer({ min: 0, max: 4 }), { nil: null }), shield: fc.boolean(), body: blockArb(inner) }), weight: 1 },
    { arbitrary: fc.record({ k: fc.constant('moveOn' as const), ms: fc.integer({ min: 0, max: 4 }), body: blockArb(inner) }), weight: 1 },
    { arbitrary: fc.record({ k: fc.constant('failAfter' as const), ms: fc.integer({ min: 0, max: 4 }), body: blockArb(inner) }), weight: 1 },
    { arbitrary: fc.record({ k: fc.constant('group' as const), tasks: fc.array(blockArb(inner, 3), { maxLength: 3 }), body: blockArb(inner, 3) }), weight: 1 },
    { arbitrary: fc.record({ k: fc.constant('spawn' as const), body: blockArb(inner, 2) }), weight: 1 },
    { arbitrary: fc.record({ k: fc.constant('start' as const), pre: blockArb(inner, 2), post: blockArb(inner, 2) }), weight: 1 },
    { arbitrary: fc.record({ k: fc.constant('finally' as const), body: blockArb(inner), cleanup: fc.option(fc.array(waitArb, { minLength: 1, maxLength: 2 }), { nil: null }) }), weight: 1 },
    { arbitrary: fc.record({ k: fc.constant('catchCancel' as const), body: blockArb(inner) }), weight: 1 },
  );
  stmtArbs.set(depth, arb);
  return arb;
}

const programArb: fc.Arbitrary<Program> = fc.record({
  tasks: fc.array(blockArb(MAX_DEPTH - 1, 3), { maxLength: 3 }),
  body: blockArb(MAX_DEPTH - 1, 3),
});

// ---------------------------------------------------------------------------------------------
// The interpreter

/** An error thrown by a `throw` statement; each one is distinct. */
class ProgramError extends Error {
  override name = 'ProgramError';
}

/**
 * What a `throw` statement throws: mostly errors, and values that no message may describe with
 * `String()` or touch at all (the runtime must still report each exactly once).
 */
function makeThrown(kind: ThrownKind, id: number): unknown {
  switch (kind) {
    case 'error': return new ProgramError(`program error ${id}`);
    case 'null-prototype': return Object.create(null);
    case 'throwing-toString': return { toString: () => { throw new Error('no text'); } };
    case 'symbol': return Symbol(`program symbol ${id}`);
    case 'revoked-proxy': {
      const { proxy, revoke } = Proxy.revocable({}, {});
      revoke();
      return proxy;
    }
  }
}

type Event =
  | { e: 'spawn'; group: number; task: number }
  | { e: 'begin'; task: number }
  | { e: 'end'; group: number; task: number }
  | { e: 'body-end'; group: number }
  | { e: 'settled'; group: number }
  | { e: 'try'; id: number }
  | { e: 'finally'; id: number }
  | { e: 'cleanup-start'; id: number }
  | { e: 'cleanup-done'; id: number }
  | { e: 'level-violation'; detail: string };

interface Group { id: number; tg: TaskGroup; ctx: Ctx }

/** What a statement sees: its enclosing scopes (outermost first) and its nearest group. */
interface Ctx { scopes: CancelScope[]; group: Group | undefined }

class Interpreter {
  readonly events: Event[] = [];
  readonly thrown: unknown[] = [];
  #nextId = 1;

  id(): number {
    return this.#nextId++;
  }

  run(program: Program): Promise<unknown> {
    return this.group(program, { scopes: [], group: undefined });
  }

  async block(stmts: readonly Stmt[], ctx: Ctx): Promise<void> {
    for (const stmt of stmts) await this.stmt(stmt, ctx);
  }

  async stmt(stmt: Stmt, ctx: Ctx): Promise<void> {
    switch (stmt.k) {
      case 'sleep': return sleep(stmt.ms);
      case 'checkpoint': return this.checkpoint();
      case 'throw': {
        const error = makeThrown(stmt.value, this.id());
        this.thrown.push(error);
        throw error;
      }
      case 'cancel': return scopeAt(ctx, stmt.up).cancel();
      case 'move': {
        scopeAt(ctx, stmt.up).deadline = currentTime() + stmt.ms;
        return;
      }
      case 'scope': {
        const deadline = stmt.deadline === null ? Infinity : currentTime() + stmt.deadline;
        await new CancelScope({ deadline, shield: stmt.shield }).run((s) => this.block(stmt.body, within(ctx, s)));
        return;
      }
      case 'moveOn':
        await moveOnAfter(stmt.ms, (s) => this.block(stmt.body, within(ctx, s)));
        return;
      case 'failAfter':
        await failAfter(stmt.ms, (s) => this.block(stmt.body, within(ctx, s)));
        return;
      case 'group':
        await this.group(stmt, ctx);
        return;
      case 'spawn':
        this.spawn(ctx.group!, stmt.body);
        return;
      case 'start':
        await this.start(ctx.group!, stmt.pre, stmt.post);
        return;
      case 'finally':
        return this.tryFinally(stmt.body, stmt.cleanup, ctx);
      case 'catchCancel':
        return this.catchCancel(stmt.body, ctx);
    }
  }

  // A checkpoint raises exactly when the context is cancelled, which effectiveDeadline() reports
  // as -Infinity: cancelled before means it must raise; raising means cancelled after.
  async checkpoint(): Promise<void> {
    const cancelledBefore = effectiveDeadline() === -Infinity;
    try {
      await checkpoint();
    } catch (error) {
      if (isCancelled(error) && effectiveDeadline() !== -Infinity) {
        this.events.push({ e: 'level-violation', detail: 'checkpoint raised Cancelled, yet effectiveDeadline() is not -Infinity' });
      }
      throw error;
    }
    if (cancelledBefore) this.events.push({ e: 'level-violation', detail: 'effectiveDeadline() was -Infinity, yet checkpoint returned' });
  }

  async group(stmt: Program, ctx: Ctx): Promise<unknown> {
    const id = this.id();
    try {
      return await createTaskGroup(async (tg) => {
        const group: Group = { id, tg, ctx: ctx };
        group.ctx = { scopes: [...ctx.scopes, tg.cancelScope], group };
        for (const task of stmt.tasks) this.spawn(group, task);
        try {
          await this.block(stmt.body, group.ctx);
        } finally {
          this.events.push({ e: 'body-end', group: id });
        }
        return id;
      });
    } finally {
      this.events.push({ e: 'settled', group: id });
    }
  }

  spawn(group: Group, body: readonly Stmt[]): void {
    const task = this.id();
    this.events.push({ e: 'spawn', group: group.id, task });
    group.tg.startSoon(async () => {
      this.events.push({ e: 'begin', task });
      try {
        await this.block(body, group.ctx);
      } finally {
        this.events.push({ e: 'end', group: group.id, task });
      }
    });
  }

  async start(group: Group, pre: readonly Stmt[], post: readonly Stmt[]): Promise<void> {
    const task = this.id();
    this.events.push({ e: 'spawn', group: group.id, task });
    const value = await group.tg.start(async (status: TaskStatus<number>) => {
      this.events.push({ e: 'begin', task });
      try {
        await this.block(pre, group.ctx);
        status.started(task);
        await this.block(post, group.ctx);
      } finally {
        this.events.push({ e: 'end', group: group.id, task });
      }
    });
    assert.equal(value, task, 'start resolves with the value given to started()');
  }

  async tryFinally(body: readonly Stmt[], cleanup: readonly Wait[] | null, ctx: Ctx): Promise<void> {
    const id = this.id();
    this.events.push({ e: 'try', id });
    try {
      await this.block(body, ctx);
    } finally {
      this.events.push({ e: 'finally', id });
      if (cleanup !== null) {
        this.events.push({ e: 'cleanup-start', id });
        await shield(() => this.block(cleanup, ctx));
        this.events.push({ e: 'cleanup-done', id });
      }
    }
  }

  async catchCancel(body: readonly Stmt[], ctx: Ctx): Promise<void> {
    try {
      await this.block(body, ctx);
    } catch (error) {
      if (isCancelled(error)) {
        // Level-triggered: the scope that caused this is still cancelled and encloses us.
        try {
          await checkpoint();
          this.events.push({ e: 'level-violation', detail: 'a checkpoint after a caught Cancelled returned' });
        } catch (again) {
          if (!isCancelled(again)) this.events.push({ e: 'level-violation', detail: `raised ${describeValue(again)}` });
        }
      }
      throw error;
    }
  }
}

function scopeAt(ctx: Ctx, up: number): CancelScope {
  const scopes = ctx.scopes;
  return scopes[Math.max(0, scopes.length - 1 - up)]!;
}

function within(ctx: Ctx, scope: CancelScope): Ctx {
  return { scopes: [...ctx.scopes, scope], group: ctx.group };
}

// ---------------------------------------------------------------------------------------------
// The invariants

function flatten(error: unknown): unknown[] {
  return isExceptionGroup(error) ? error.exceptions.flatMap(flatten) : [error];
}

// `instanceof` runs a revoked Proxy's trap, which throws: the thrown values include one.
function isExceptionGroup(error: unknown): error is ExceptionGroup {
  try {
    return error instanceof ExceptionGroup;
  } catch {
    return false;
  }
}

function checkRun(interpreter: Interpreter, outcome: { value: unknown } | { error: unknown }): void {
  const { events, thrown } = interpreter;
  const at = (predicate: (event: Event) => boolean): number[] =>
    events.flatMap((event, index) => (predicate(event) ? [index] : []));

  // Errors: every non-cancel error thrown comes out exactly once; nothing else but TimeoutError.
  const out = 'error' in outcome ? outcome.error : undefined;
  if ('error' in outcome) {
    assert.ok(isExceptionGroup(out), `the root group rejected with ${describeValue(out)}, not an ExceptionGroup`);
  }
  const leaves = out === undefined ? [] : flatten(out);
  for (const leaf of leaves) {
    // `includes` first: it compares without touching the value (a revoked Proxy throws on `instanceof`).
    assert.ok(thrown.includes(leaf) || leaf instanceof TimeoutError, `unexpected error came out: ${describeValue(leaf)}`);
  }
  thrown.forEach((error, index) => {
    const count = leaves.filter((leaf) => leaf === error).length;
    assert.equal(count, 1, `thrown value ${index} (${describeValue(error)}) came out ${count} times`);
  });
  assert.equal(leaves.filter((leaf) => thrown.includes(leaf)).length, thrown.length, 'program errors came out that were never thrown');

  // Groups: every task started in a group began and ended before the group settled.
  for (const settled of at((e) => e.e === 'settled')) {
    const group = (events[settled] as { group: number }).group;
    const bodyEnd = at((e) => e.e === 'body-end' && e.group === group);
    assert.equal(bodyEnd.length, 1, `group ${group}: body ended ${bodyEnd.length} times`);
    assert.ok(bodyEnd[0]! < settled, `group ${group} settled before its body ended`);
    for (const spawned of at((e) => e.e === 'spawn' && e.group === group)) {
      const task = (events[spawned] as { task: number }).task;
      const begin = at((e) => e.e === 'begin' && e.task === task);
      const end = at((e) => e.e === 'end' && e.task === task);
      assert.equal(begin.length, 1, `task ${task} of group ${group} began ${begin.length} times`);
      assert.equal(end.length, 1, `task ${task} of group ${group} ended ${end.length} times`);
      assert.ok(end[0]! < settled, `group ${group} settled before its task ${task} ended`);
    }
  }
  assert.equal(at((e) => e.e === 'settled').length, at((e) => e.e === 'body-end').length);

  // Every finally ran once; every shielded cleanup that started completed.
  for (const index of at((e) => e.e === 'try')) {
    const id = (events[index] as { id: number }).id;
    assert.equal(at((e) => e.e === 'finally' && e.id === id).length, 1, `finally ${id} did not run exactly once`);
  }
  for (const index of at((e) => e.e === 'cleanup-start')) {
    const id = (events[index] as { id: number }).id;
    assert.equal(at((e) => e.e === 'cleanup-done' && e.id === id).length, 1, `shielded cleanup ${id} did not complete`);
  }

  // Level-triggered cancellation held wherever a Cancelled was caught.
  const violations = events.filter((e) => e.e === 'level-violation');
  assert.deepEqual(violations, []);
}

// ---------------------------------------------------------------------------------------------

const runs = Number(process.env.CORRAL_PROPERTY_RUNS ?? 1000);
const seed = process.env.CORRAL_PROPERTY_SEED === undefined ? undefined : Number(process.env.CORRAL_PROPERTY_SEED);

test(`random programs of groups and scopes keep the structured-concurrency invariants (${runs} runs)`, { timeout: 30 * 60_000 }, async () => {
  assert.ok(Number.isInteger(runs) && runs > 0, `CORRAL_PROPERTY_RUNS must be a positive integer, got ${process.env.CORRAL_PROPERTY_RUNS}`);
  await fc.assert(
    fc.asyncProperty(programArb, async (program) => {
      await turns(1);
      const baseline = liveTimers();
      const unhandled: unknown[] = [];
      const onUnhandled = (reason: unknown): void => {
        unhandled.push(reason);
        // node:test fails the test at once on an unhandled rejection, before fast-check can print
        // the counterexample: print the program here.
        console.error(`unhandled rejection (${describeValue(reason)}) while running ${JSON.stringify(program)}`);
      };
      process.on('unhandledRejection', onUnhandled);
      const interpreter = new Interpreter();
      let outcome: { value: unknown } | { error: unknown };
      try {
        outcome = { value: await interpreter.run(program) };
      } catch (error) {
        outcome = { error };
      }
      try {
        await turns(2); // unhandled rejections are reported after the microtask queue drains
      } finally {
        process.off('unhandledRejection', onUnhandled);
      }
      checkRun(interpreter, outcome);
      assert.deepEqual(unhandled.map(String), [], 'unhandled rejections during the run');
      assert.deepEqual(liveTimers(), baseline, 'timers or immediates left after the root group ended');
    }),
    { numRuns: runs, seed, timeout: 10_000, markInterruptAsFailure: true, includeErrorInReport: true },
  );
});
