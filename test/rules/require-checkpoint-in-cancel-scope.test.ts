import rule from '../../rules/src/rules/require-checkpoint-in-cancel-scope.ts';
import { oddSyntax } from './oddSyntax.ts';
import { ruleTester, typedRuleTester } from './ruleTester.ts';

const IMPORT = "import { sleep, moveOnAt, moveOnAfter, failAt, failAfter, CancelScope, createTaskGroup } from 'corral';";

/** `body` inside an async function, after the import: line 3 is the body's first line. */
function inAsync(body: string): string {
  return `${IMPORT}\nasync function f() {\n${body}\n}`;
}

function unwrapped(line: number, helper: string, output: string) {
  return { messageId: 'noCheckpoint' as const, line, data: { helper }, suggestions: [{ messageId: 'unwrapBody' as const, output }] };
}

ruleTester.run('require-checkpoint-in-cancel-scope', rule, {
  valid: [
    inAsync('  await moveOnAfter(10, async () => { await sleep(1); });'),
    inAsync('  await moveOnAfter(10, async () => { await sleep(1); log(); });'),
    inAsync('  await failAfter(10, async () => { while (true) { await sleep(1); } });'),
    inAsync('  await failAfter(10, async () => { for await (const x of q) use(x); });'),
    inAsync('  await failAfter(10, async () => { await using r = open(); });'),
    // The returned promise is awaited by the scope, and its work runs inside it.
    inAsync('  await moveOnAfter(10, () => fetchAll());'),
    inAsync('  await moveOnAfter(10, async () => { prepare(); return fetchAll(); });'),
    inAsync('  await moveOnAt(deadline, async () => (ready ? fetchAll() : cached));'),
    // A local that may hold a promise, a name from outside, a parameter: any of them may be a promise.
    inAsync('  await moveOnAfter(10, async () => { const pending = fetchAll(); return pending; });'),
    inAsync('  await moveOnAfter(10, async () => { let result = cached; if (stale) result = fetchAll(); return result; });'),
    inAsync('  await moveOnAfter(10, async () => { let job; job ||= start(); return job; });'),
    inAsync('  await moveOnAfter(10, async () => { for (const p of pending) return p; });'),
    inAsync('  await moveOnAfter(10, async () => pending);'),
    // A nested scope that waits makes the outer one wait too.
    inAsync('  await failAfter(1, async () => { await new CancelScope().run(async () => { await sleep(5); }); });'),
    inAsync('  await failAfter(1, async () => { await createTaskGroup(async (tg) => { tg.startSoon(work); }); });'),
    inAsync('  const scope = new CancelScope({ deadline: 5 });\n  await scope.run(async () => { await sleep(1); });'),
    // Not an inline body: nothing to look at.
    inAsync('  await moveOnAfter(10, work);'),
    // Not corral's, and not a cancel scope.
    "const moveOnAfter = (ms: number, fn: () => Promise<void>) => fn();\nawait moveOnAfter(10, async () => {});",
    "import { moveOnAfter } from './timers';\nawait moveOnAfter(10, async () => {});",
    "import { shield, createTaskGroup } from 'corral';\nawait shield(async () => { close(); });\nawait createTaskGroup(async () => {});",
    "import { CancelScope } from 'corral';\nconst runner = { run: (fn: () => void) => fn() };\nrunner.run(() => {});",
    { code: oddSyntax, name: 'odd syntax' },
  ],
  invalid: [
    {
      code: inAsync('  await moveOnAfter(10, async () => {\n    compute();\n    store();\n  });\n  done();'),
      errors: [unwrapped(3, 'moveOnAfter', `${IMPORT}\nasync function f() {\n  compute();\n  store();\n  done();\n}`)],
    },
    {
      code: inAsync('  await failAfter(10, async () => {});\n  done();'),
      errors: [unwrapped(3, 'failAfter', `${IMPORT}\nasync function f() {\n  done();\n}`)],
    },
    {
      // Declarations stay in a block of their own.
      code: inAsync('  await failAt(deadline, async () => { const x = load(); use(x); });'),
      errors: [unwrapped(3, 'failAt', `${IMPORT}\nasync function f() {\n  { const x = load(); use(x); }\n}`)],
    },
    {
      // Awaited for its value: the value stays.
      code: inAsync('  const value = await moveOnAt(deadline, async () => 42);'),
      errors: [unwrapped(3, 'moveOnAt', `${IMPORT}\nasync function f() {\n  const value = (42);\n}`)],
    },
    {
      code: inAsync('  moveOnAfter(10, async () => ({ ready: true }));'),
      errors: [unwrapped(3, 'moveOnAfter', `${IMPORT}\nasync function f() {\n  ({ ready: true });\n}`)],
    },
    {
      // The body uses its scope: no plain unwrapping.
      code: inAsync('  await new CancelScope().run(async (scope) => { scope.cancel(); });'),
      errors: [{ messageId: 'noCheckpoint', line: 3, data: { helper: 'CancelScope.run' }, suggestions: [] }],
    },
    {
      code: inAsync('  const scope = new CancelScope({ deadline: 5 });\n  await scope.run(async () => { tick(); });'),
      errors: [unwrapped(4, 'CancelScope.run', `${IMPORT}\nasync function f() {\n  const scope = new CancelScope({ deadline: 5 });\n  tick();\n}`)],
    },
    {
      // Nested scopes without checkpoints: both are reported; the outer keeps its `await`, so no suggestion.
      code: inAsync('  await failAfter(1, async () => {\n    await new CancelScope().run(async () => {});\n  });'),
      errors: [
        { messageId: 'noCheckpoint', line: 3, data: { helper: 'failAfter' }, suggestions: [] },
        unwrapped(4, 'CancelScope.run', `${IMPORT}\nasync function f() {\n  await failAfter(1, async () => {\n  });\n}`),
      ],
    },
    {
      // A task group that starts nothing waits for nothing.
      code: inAsync('  await moveOnAfter(5, async () => { await createTaskGroup(async (tg) => {}); });'),
      errors: [{ messageId: 'noCheckpoint', line: 3, data: { helper: 'moveOnAfter' }, suggestions: [] }],
    },
    {
      // A checkpoint in a function defined inside the body runs elsewhere.
      code: inAsync('  await moveOnAfter(5, async () => {\n    const later = async () => { await sleep(1); };\n    register(later);\n  });'),
      errors: [unwrapped(3, 'moveOnAfter', `${IMPORT}\nasync function f() {\n  { const later = async () => { await sleep(1); };\n  register(later); }\n}`)],
    },
    {
      code: "import * as corral from 'corral';\nawait corral.failAfter(5, async () => { for (const x of xs) use(x); });",
      errors: [unwrapped(2, 'failAfter', "import * as corral from 'corral';\nfor (const x of xs) use(x);")],
    },
    {
      code: "const { moveOnAfter } = require('corral');\nasync function f() { await moveOnAfter(5, function () { tick(); }); }",
      errors: [{ messageId: 'noCheckpoint', line: 2, data: { helper: 'moveOnAfter' }, suggestions: [] }],
    },
    {
      // CPU-bound work that returns a local: the deadline cannot stop it (the "timeout that does not exist").
      code: inAsync('  const total = await moveOnAfter(1_000, async () => {\n    let s = 0;\n    for (const row of rows) s += weigh(row);\n    return s;\n  });'),
      errors: [{ messageId: 'noCheckpoint', line: 3, data: { helper: 'moveOnAfter' }, suggestions: [] }],
    },
    {
      // Locals built from locals, counters and strings: none can be a promise.
      code: inAsync('  await failAfter(10, async () => {\n    let count = 0;\n    count++;\n    const label = `n=${count}`;\n    const copy = label;\n    return copy;\n  });'),
      errors: [{ messageId: 'noCheckpoint', line: 3, data: { helper: 'failAfter' }, suggestions: [] }],
    },
    {
      code: inAsync('  await failAfter(10, async () => {\n    let found = null;\n    for (const x of xs) if (match(x)) found = { x };\n    return found;\n  });'),
      errors: [{ messageId: 'noCheckpoint', line: 3, data: { helper: 'failAfter' }, suggestions: [] }],
    },
  ],
});

// With type information, a returned value whose type has no `then` is not a promise either.
typedRuleTester.run('require-checkpoint-in-cancel-scope (type-checked)', rule, {
  valid: [
    "import { moveOnAfter } from 'corral';\ndeclare function load(): Promise<number[]>;\nexport async function f() { await moveOnAfter(10, async () => { prepare(); return load(); }); }\ndeclare function prepare(): void;",
    "import { moveOnAfter } from 'corral';\nexport async function f(get: () => any) { await moveOnAfter(10, async () => get()); }",
    "import { moveOnAfter } from 'corral';\nexport async function f<T>(get: () => T) { await moveOnAfter(10, async () => get()); }",
  ],
  invalid: [
    {
      code: "import { moveOnAfter } from 'corral';\nexport async function f(rows: number[]) {\n  return moveOnAfter(10, async () => rows.map((row) => row * 2).filter(Boolean));\n}",
      errors: [{ messageId: 'noCheckpoint', line: 3, data: { helper: 'moveOnAfter' }, suggestions: [] }],
    },
    {
      code: "import { failAfter } from 'corral';\nexport async function f(text: string) {\n  return failAfter(10, async () => { const parsed = JSON.parse(text) as { n: number }; return parsed.n; });\n}",
      errors: [{ messageId: 'noCheckpoint', line: 3, data: { helper: 'failAfter' }, suggestions: [] }],
    },
  ],
});
