import rule from '../../rules/src/rules/no-swallowed-cancellation.ts';
import { oddSyntax } from './oddSyntax.ts';
import { ruleTester } from './ruleTester.ts';

ruleTester.run('no-swallowed-cancellation', rule, {
  valid: [
    // The guard, in each way of reaching the runtime's names.
    "import { sleep, isCancelled } from 'corral';\ntry { await sleep(1); } catch (e) { if (isCancelled(e)) throw e; log(e); }",
    "import { sleep, Cancelled } from 'corral';\ntry { await sleep(1); } catch (e) { if (e instanceof Cancelled) throw e; log(e); }",
    "import { sleep, isCancelled as cancelled } from 'corral';\ntry { await sleep(1); } catch (e) { if (cancelled(e)) { throw e; } log(e); }",
    "import * as corral from 'corral';\ntry { await corral.sleep(1); } catch (e) { if (e instanceof corral.Cancelled) throw e; log(e); }",
    "const { sleep, isCancelled } = require('corral');\ntry { await sleep(1); } catch (e) { if (isCancelled(e)) throw e; log(e); }",
    "const c = require('corral');\ntry { await c.sleep(1); } catch (e) { if (c.isCancelled(e)) throw e; log(e); }",
    "import { sleep, getCancelledExcClass } from 'corral';\ntry { await sleep(1); } catch (e) { if (e instanceof getCancelledExcClass()) throw e; log(e); }",
    "import { sleep } from 'corral';\ntry { await sleep(1); } catch (e) { if (e.name === 'Cancelled') throw e; log(e); }",
    "import { sleep } from 'corral';\ntry { await sleep(1); } catch (e) { if (e instanceof Error) throw e; throw new Error(String(e)); }",
    // Rethrowing on every path.
    "import { sleep } from 'corral';\ntry { await sleep(1); } catch (e) { log(e); throw e; }",
    "import { sleep } from 'corral';\ntry { await sleep(1); } catch (e) { if (retry()) { log(e); throw e; } else throw e; }",
    "import { sleep } from 'corral';\ntry { await sleep(1); } catch (e) { try { log(e); } finally { throw e; } }",
    "import { sleep } from 'corral';\ntry { await sleep(1); } catch (e) { try { log(e); } catch { /* logging failed */ } throw e; }",
    "import { sleep } from 'corral';\ntry { await sleep(1); } catch (e) { while (true) { throw e; } }",
    "import { sleep } from 'corral';\ntry { await sleep(1); } catch (e) { for (const attempt of [1, 2]) throw e; }",
    "import { sleep } from 'corral';\ntry { await sleep(1); } catch (e) { do { log(e); } while (again()); throw e; }",
    "import { sleep } from 'corral';\ntry { await sleep(1); } catch (e) { while (true) { if (again()) continue; throw e; } }",
    "import { sleep } from 'corral';\ntry { await sleep(1); } catch (e) { done: { if (quiet) break done; log(e); } throw e; }",
    "import { sleep } from 'corral';\ntry { await sleep(1); } catch (e) { switch (kind(e)) { case 1: log(e); default: throw e; } }",
    "import { sleep } from 'corral';\ntry { await sleep(1); } catch (e) { while (more()) { break; } throw e; }",
    // A path that runs only when the value is something else swallows nothing.
    "import { sleep } from 'corral';\nasync function f() { try { await sleep(1); } catch (e) { if (e instanceof HttpError) return null; throw e; } }",
    "import { sleep } from 'corral';\nasync function f() { try { await sleep(1); } catch (e) { if (e instanceof HttpError && e.status === 404) return null; throw e; } }",
    "import { sleep, isCancelled } from 'corral';\nasync function f() { try { await sleep(1); } catch (e) { if (!isCancelled(e)) { log(e); return; } throw e; } }",
    "import { sleep } from 'corral';\nasync function f() { try { await sleep(1); } catch (e) { if (e.name !== 'Cancelled') return null; throw e; } }",
    "import { sleep } from 'corral';\nasync function f() { try { await sleep(1); } catch (e) { if (!(e instanceof TypeError)) throw e; throw new RangeError('bad input'); } }",
    // Promise handlers.
    "import { sleep, isCancelled } from 'corral';\nsleep(1).catch((e) => { if (isCancelled(e)) throw e; return null; });",
    "import { sleep } from 'corral';\nsleep(1).catch((e) => Promise.reject(e));",
    "import { sleep } from 'corral';\nsleep(1).then(ok, (e) => { log(e); throw e; });",
    "import { sleep } from 'corral';\nsleep(1).then((value) => value);",
    "import { sleep } from 'corral';\nsleep(1).catch(handleError);",
    "import { sleep } from 'corral';\nsleep(1).finally(() => null);",
    // Not a promise's `.catch`/`.then`: a static method, or another number of arguments.
    "import { sleep } from 'corral';\nEffect.catch((e) => fallback);",
    "import { sleep } from 'corral';\nresult.catch(schema, (e) => fallback);",
    "import { sleep } from 'corral';\nchain.then((v) => v, (e) => null, extra);",
    // A catch around synchronous code never sees `Cancelled`.
    "import { sleep } from 'corral';\nfunction parse(s: string) { try { return JSON.parse(s); } catch { return null; } }",
    "import { sleep } from 'corral';\ntry { schedule(async () => { await sleep(1); }); } catch { /* sync only */ }",
    // The top level of a module runs outside every cancel scope: no `Cancelled` can reach it
    // (a `failAfter` there raises `TimeoutError`, and catches its own `Cancelled`).
    "import { failAfter, sleep } from 'corral';\ntry { await failAfter(1_000, () => load()); } catch (e) { console.error(e); }",
    "import { sleep } from 'corral';\nfor (const url of urls) { try { await sleep(1); } catch { continue; } }",
    "import { sleep } from 'corral';\nsleep(1).catch(() => undefined);",
    "import { sleep } from 'corral';\nfor (;;) { try { await sleep(1); } finally { break; } }",
    "const { sleep } = require('corral');\nsleep(1).then(ok, () => null);",
    // The cancellation class saved first, then compared (flake8-async ASYNC118's situations).
    "import { sleep, getCancelledExcClass } from 'corral';\nconst CancelledClass = getCancelledExcClass();\nasync function f() { try { await sleep(1); } catch (e) { if (e instanceof CancelledClass) throw e; log(e); } }",
    "import { sleep, Cancelled } from 'corral';\nconst Stop = Cancelled;\nasync function f() { try { await sleep(1); } catch (e) { if (!(e instanceof Stop)) log(e); else throw e; } }",
    "import * as corral from 'corral';\nconst cancelledClass = corral.getCancelledExcClass();\nasync function f() { try { await corral.sleep(1); } catch (e) { if (e instanceof cancelledClass) throw e; } }",
    // Code that does not use corral is not looked at.
    'async function f() { try { await fetch(url); } catch { return null; } }',
    "import { sleep } from './timers';\ntry { await sleep(1); } catch (e) { log(e); }",
    // `finally` that completes, or whose jumps stay inside it.
    "import { sleep } from 'corral';\ntry { await sleep(1); } finally { cleanup(); }",
    "import { sleep } from 'corral';\ntry { await sleep(1); } finally { for (const x of xs) { if (x) break; else continue; } }",
    "import { sleep } from 'corral';\ntry { await sleep(1); } finally { inner: { break inner; } switch (a) { case 1: break; } }",
    "import { sleep } from 'corral';\ntry { await sleep(1); } finally { xs.forEach(() => { return; }); }",
    "import { sleep } from 'corral';\nfunction f() { try { work(); } finally { return 1; } }",
    { code: oddSyntax, name: 'odd syntax' },
  ],
  invalid: [
    {
      code: "import { sleep } from 'corral';\nasync function f() { try { await sleep(1); } catch (e) { log(e); } }",
      errors: [{
        messageId: 'swallowed',
        line: 2,
        suggestions: [{
          messageId: 'addGuard',
          data: { name: 'e' },
          output: "import { sleep, isCancelled } from 'corral';\nasync function f() { try { await sleep(1); } catch (e) { if (isCancelled(e)) throw e; log(e); } }",
        }],
      }],
    },
    {
      // Multi-line handler, a comment kept, the import's local name reused.
      code: `import { sleep, isCancelled as cancelled } from 'corral';
async function f() {
  try {
    await sleep(1);
  } catch (error) {
    // keep going
    report(error);
  }
}`,
      errors: [{
        messageId: 'swallowed',
        line: 5,
        suggestions: [{
          messageId: 'addGuard',
          data: { name: 'error' },
          output: `import { sleep, isCancelled as cancelled } from 'corral';
async function f() {
  try {
    await sleep(1);
  } catch (error) {
    if (cancelled(error)) throw error;
    // keep going
    report(error);
  }
}`,
        }],
      }],
    },
    {
      code: "import * as corral from 'corral';\nasync function f() {\n  try { await corral.sleep(1); } catch {\n    return null;\n  }\n}",
      errors: [{
        messageId: 'leavesHandler',
        data: { exit: '`return`' },
        line: 4,
        suggestions: [{
          messageId: 'addGuard',
          data: { name: 'error' },
          output: "import * as corral from 'corral';\nasync function f() {\n  try { await corral.sleep(1); } catch (error) {\n    if (corral.isCancelled(error)) throw error;\n    return null;\n  }\n}",
        }],
      }],
    },
    {
      // A CommonJS require: the guard joins its destructuring (an `import` would not load in CommonJS).
      code: "const { sleep } = require('corral');\nasync function f() { try { await sleep(1); } catch (e) { throw new Error('failed', { cause: e }); } }",
      errors: [{
        messageId: 'replaced',
        line: 2,
        suggestions: [{
          messageId: 'addGuard',
          data: { name: 'e' },
          output: "const { sleep, isCancelled } = require('corral');\nasync function f() { try { await sleep(1); } catch (e) { if (isCancelled(e)) throw e; throw new Error('failed', { cause: e }); } }",
        }],
      }],
    },
    {
      // A CommonJS require bound to one name: the guard is reached through it.
      code: "const c = require('corral');\nasync function f() { try { await c.sleep(1); } catch (e) { throw new Error('failed', { cause: e }); } }",
      errors: [{
        messageId: 'replaced',
        line: 2,
        suggestions: [{
          messageId: 'addGuard',
          data: { name: 'e' },
          output: "const c = require('corral');\nasync function f() { try { await c.sleep(1); } catch (e) { if (c.isCancelled(e)) throw e; throw new Error('failed', { cause: e }); } }",
        }],
      }],
    },
    {
      // A user's own isCancelled is not the runtime's guard (and importing it would clash).
      code: "import { sleep } from 'corral';\nconst isCancelled = (e: unknown) => false;\nasync function f() { try { await sleep(1); } catch (e) { if (isCancelled(e)) throw e; } }",
      errors: [{ messageId: 'swallowed', line: 3, suggestions: [] }],
    },
    {
      code: "import { sleep } from 'corral';\nfunction f() { return sleep(1).catch(() => ({})) }",
      errors: [{
        messageId: 'leavesHandler',
        data: { exit: 'returned value' },
        line: 2,
        suggestions: [{
          messageId: 'addGuard',
          data: { name: 'error' },
          output: "import { sleep, isCancelled } from 'corral';\nfunction f() { return sleep(1).catch((error) => { if (isCancelled(error)) throw error; return {}; }) }",
        }],
      }],
    },
    {
      code: "import { sleep } from 'corral';\nfunction f() { return sleep(1)?.then(ok, async function (e) { log(e); }) }",
      errors: [{
        messageId: 'swallowed',
        line: 2,
        suggestions: [{
          messageId: 'addGuard',
          data: { name: 'e' },
          output: "import { sleep, isCancelled } from 'corral';\nfunction f() { return sleep(1)?.then(ok, async function (e) { if (isCancelled(e)) throw e; log(e); }) }",
        }],
      }],
    },
    {
      code: "import { sleep } from 'corral';\nfunction f() { return sleep(1).catch(function () {}) }",
      errors: [{
        messageId: 'swallowed',
        line: 2,
        suggestions: [{
          messageId: 'addGuard',
          data: { name: 'error' },
          output: "import { sleep, isCancelled } from 'corral';\nfunction f() { return sleep(1).catch(function (error) { if (isCancelled(error)) throw error; }) }",
        }],
      }],
    },
    {
      // In a function, the same top-level handler can run in a scope: a task, a `moveOnAfter` body.
      code: "import { failAfter } from 'corral';\nexport const main = async () => {\n  try { await failAfter(1_000, () => load()); } catch (e) { console.error(e); }\n};",
      errors: [{
        messageId: 'swallowed',
        line: 3,
        suggestions: [{
          messageId: 'addGuard',
          data: { name: 'e' },
          output: "import { failAfter, isCancelled } from 'corral';\nexport const main = async () => {\n  try { await failAfter(1_000, () => load()); } catch (e) { if (isCancelled(e)) throw e; console.error(e); }\n};",
        }],
      }],
    },
    {
      // A class saved from somewhere else is not the cancellation class: the path may swallow.
      code: "import { sleep } from 'corral';\nconst Saved = makeClass();\nasync function f() { try { await sleep(1); } catch (e) { if (e instanceof Saved) throw e; } }",
      errors: [{ messageId: 'swallowed', line: 3, suggestions: [{ messageId: 'addGuard', data: { name: 'e' }, output: "import { sleep, isCancelled } from 'corral';\nconst Saved = makeClass();\nasync function f() { try { await sleep(1); } catch (e) { if (isCancelled(e)) throw e; if (e instanceof Saved) throw e; } }" }] }],
    },
    {
      // Destructured: nothing to rethrow, so no suggestion.
      code: "import { sleep } from 'corral';\nasync function f() { try { await sleep(1); } catch ({ message }) { log(message); } }",
      errors: [{ messageId: 'swallowed', line: 2, suggestions: [] }],
    },
    ...[
      'if (fatal(e)) throw e;', // only one branch rethrows
      'while (more()) throw e;', // the loop may not run
      'for (const attempt of []) throw e;', // it cannot run
      'while (true) { if (quiet) break; throw e; }', // the break skips the rethrow
      'switch (kind(e)) { case 1: throw e; }', // no default
      'if (e instanceof HttpError) throw e;', // any other error is kept, Cancelled is not
      'try { log(e); } catch (f) { report(f); } finally { cleanup(); }',
    ].map((body) => ({
      code: `import { sleep } from 'corral';\nasync function f() { try { await sleep(1); } catch (e) { ${body} } }`,
      errors: [{
        messageId: 'swallowed' as const,
        line: 2,
        suggestions: [{
          messageId: 'addGuard' as const,
          data: { name: 'e' },
          output: `import { sleep, isCancelled } from 'corral';\nasync function f() { try { await sleep(1); } catch (e) { if (isCancelled(e)) throw e; ${body} } }`,
        }],
      }],
    })),
    {
      // Checkpoints of every kind make the handler one that can see `Cancelled`.
      code: "import { Queue } from 'corral';\nasync function f(q: Queue<number>) {\n  try { for await (const item of q) use(item); } catch (e) {}\n  try { await using r = open(); } catch (e) {}\n}",
      errors: [
        { messageId: 'swallowed', line: 3, suggestions: [{ messageId: 'addGuard', data: { name: 'e' }, output: "import { Queue, isCancelled } from 'corral';\nasync function f(q: Queue<number>) {\n  try { for await (const item of q) use(item); } catch (e) { if (isCancelled(e)) throw e; }\n  try { await using r = open(); } catch (e) {}\n}" }] },
        { messageId: 'swallowed', line: 4, suggestions: [{ messageId: 'addGuard', data: { name: 'e' }, output: "import { Queue, isCancelled } from 'corral';\nasync function f(q: Queue<number>) {\n  try { for await (const item of q) use(item); } catch (e) {}\n  try { await using r = open(); } catch (e) { if (isCancelled(e)) throw e; }\n}" }] },
      ],
    },
    {
      // A return from a nested handler and a `continue` to an outer loop both leave the handler.
      code: `import { sleep } from 'corral';
async function f() {
  for (const job of jobs) {
    try {
      await sleep(1);
    } catch (e) {
      if (retryable(e)) continue;
      try { log(e); } catch { return; }
      throw e;
    }
  }
}`,
      errors: [
        { messageId: 'leavesHandler', data: { exit: '`continue`' }, line: 7, suggestions: [{ messageId: 'addGuard', data: { name: 'e' }, output: `import { sleep, isCancelled } from 'corral';
async function f() {
  for (const job of jobs) {
    try {
      await sleep(1);
    } catch (e) {
      if (isCancelled(e)) throw e;
      if (retryable(e)) continue;
      try { log(e); } catch { return; }
      throw e;
    }
  }
}` }] },
        { messageId: 'leavesHandler', data: { exit: '`return`' }, line: 8, suggestions: [{ messageId: 'addGuard', data: { name: 'e' }, output: `import { sleep, isCancelled } from 'corral';
async function f() {
  for (const job of jobs) {
    try {
      await sleep(1);
    } catch (e) {
      if (isCancelled(e)) throw e;
      if (retryable(e)) continue;
      try { log(e); } catch { return; }
      throw e;
    }
  }
}` }] },
      ],
    },
    {
      code: `import { sleep } from 'corral';
async function f() {
  try {
    await sleep(1);
  } finally {
    return 1;
  }
}`,
      errors: [{ messageId: 'finallyDiscards', data: { keyword: 'return' }, line: 6 }],
    },
    {
      code: `import { sleep } from 'corral';
async function f() {
  outer: for (;;) {
    try {
      step();
    } catch (e) {
      await sleep(1);
    } finally {
      for (const x of xs) { if (x) break outer; }
      if (done) break;
      continue;
    }
  }
}`,
      errors: [
        { messageId: 'finallyDiscards', data: { keyword: 'break' }, line: 9 },
        { messageId: 'finallyDiscards', data: { keyword: 'break' }, line: 10 },
        { messageId: 'finallyDiscards', data: { keyword: 'continue' }, line: 11 },
      ],
    },
  ],
});
