import rule from '../../rules/src/rules/no-unshielded-cleanup.ts';
import type { MessageId } from '../../rules/src/rules/no-unshielded-cleanup.ts';
import { oddSyntax } from './oddSyntax.ts';
import { ruleTester } from './ruleTester.ts';

const IMPORT = "import { sleep } from 'corral';";
const IMPORT_WITH_SHIELD = "import { sleep, shield } from 'corral';";

/** An error whose suggestion replaces `before` with `after` in `code` and adds `shield` to the import. */
function shielded(
  messageId: Exclude<MessageId, 'wrapInShield'>,
  line: number,
  code: string,
  before: string,
  after: string,
  [importBefore, importAfter] = [IMPORT, IMPORT_WITH_SHIELD],
) {
  const output = code.replace(before, after).replace(importBefore, importAfter);
  return { messageId, line, suggestions: [{ messageId: 'wrapInShield' as const, output }] };
}

const finallyAwait = `${IMPORT}
async function f() {
  try {
    await sleep(1);
  } finally {
    await conn.close();
  }
}`;

const scopeShieldToggled = `import { sleep, moveOnAfter } from 'corral';
async function f() {
  try {
    await sleep(1);
  } finally {
    await moveOnAfter(30, async (scope) => {
      scope.shield = true;
      await flush();
      scope.shield = false;
      await notify();
    });
  }
}`;

const handlerAwait = `${IMPORT}
try { await sleep(1); } catch (e) { await log(e); throw e; }`;

const nestedHandlers = `${IMPORT}
async function f() {
  try {
    await sleep(1);
  } catch (e) {
    try {
      await retry();
    } catch (inner) {
      await log(inner);
    }
    throw e;
  }
}`;

const sameLine = `${IMPORT}
try { await sleep(1); } finally { const both = [await a(), await b()]; }`;

const dispose = `${IMPORT}
class Connection {
  async [Symbol.asyncDispose]() {
    await this.socket.end();
  }
}
const pool = { [Symbol.asyncDispose]: async () => { await drain(); } };`;

const promiseHandler = `${IMPORT}
sleep(1).catch(async (e) => { await log(e); throw e; });`;

const asyncGenerator = `${IMPORT}
async function* rows() {
  try {
    yield 1;
  } finally {
    await cursor.close();
  }
}`;

const ownShield = `${IMPORT}
const shield = (fn: () => Promise<void>) => fn();
try { await sleep(1); } finally { await shield(() => close()); }`;

const awaitInsideArgument = `${IMPORT}
try { await sleep(1); } finally { await save(await snapshot()); }`;

ruleTester.run('no-unshielded-cleanup', rule, {
  valid: [
    // Shielded, in each way the runtime offers.
    `${IMPORT_WITH_SHIELD}\ntry { await sleep(1); } finally { await shield(() => conn.close()); }`,
    `${IMPORT_WITH_SHIELD}\ntry { await sleep(1); } finally { await shield(async () => { await flush(); await conn.close(); }); }`,
    "import { sleep, shield as protect } from 'corral';\ntry { await sleep(1); } finally { await protect(() => conn.close()); }",
    "import * as corral from 'corral';\ntry { await corral.sleep(1); } finally { await corral.shield(() => conn.close()); }",
    "const { sleep, shield } = require('corral');\ntry { await sleep(1); } finally { await shield(() => conn.close()); }",
    "import { sleep, CancelScope } from 'corral';\ntry { await sleep(1); } finally { await new CancelScope({ deadline: 30, shield: true }).run(async () => { await conn.close(); }); }",
    "import { sleep, CancelScope } from 'corral';\ntry { await sleep(1); } finally { const scope = new CancelScope({ shield: true }); await scope.run(async () => { await conn.close(); }); }",
    "import { sleep, moveOnAfter } from 'corral';\ntry { await sleep(1); } finally { await moveOnAfter(30, async (s) => { s.shield = true; await conn.close(); }); }",
    "import { sleep, shield, moveOnAfter } from 'corral';\ntry { await sleep(1); } finally { await shield(async () => { await moveOnAfter(30, async () => { await conn.close(); }); }); }",
    // Block helpers are not checkpoints themselves; their bodies are looked at.
    "import { sleep, moveOnAfter } from 'corral';\ntry { await sleep(1); } finally { await moveOnAfter(30, async () => { cleanupSync(); }); }",
    // A finally or catch around synchronous code never runs because of cancellation.
    `${IMPORT}\ntry { work(); } finally { await conn.close(); }`,
    `${IMPORT}\ntry { work(); } catch (e) { await log(e); throw e; }`,
    'function* rows() { try { yield 1; } finally { close(); } }',
    // Paths that run only when the caught value is not `Cancelled`.
    "import { sleep, isCancelled } from 'corral';\ntry { await sleep(1); } catch (e) { if (isCancelled(e)) throw e; await log(e); }",
    `${IMPORT}\nasync function f() { try { await sleep(1); } catch (e) { if (e instanceof HttpError) { await report(e); return null; } throw e; } }`,
    // Functions defined in cleanup run elsewhere.
    `${IMPORT}\ntry { await sleep(1); } finally { later(async () => { await conn.close(); }); }`,
    // Not this file's runtime.
    'async function f() { try { await fetch(url); } finally { await conn.close(); } }',
    "import { sleep } from './timers';\ntry { await sleep(1); } finally { await conn.close(); }",
    // A `[Symbol.asyncDispose]` that does not wait, or a computed key that is not it.
    `${IMPORT}\nclass A { async [Symbol.asyncDispose]() { this.closed = true; } }`,
    `${IMPORT}\nclass A { async [Symbol.dispose]() { await x; } async asyncDispose() { await x; } }`,
    { code: oddSyntax, name: 'odd syntax' },
  ],
  invalid: [
    { code: finallyAwait, errors: [shielded('inFinally', 6, finallyAwait, 'await conn.close()', 'await shield(() => conn.close())')] },
    {
      code: scopeShieldToggled,
      errors: [shielded('inFinally', 10, scopeShieldToggled, 'await notify()', 'await shield(() => notify())', [
        "import { sleep, moveOnAfter } from 'corral';",
        "import { sleep, moveOnAfter, shield } from 'corral';",
      ])],
    },
    {
      code: "import { sleep, moveOnAfter, CancelScope } from 'corral';\ntry { await sleep(1); } finally {\n  await moveOnAfter(30, async () => { await flush(); });\n  await new CancelScope({ shield: enabled }).run(async () => { await close(); });\n}",
      errors: [
        {
          messageId: 'inFinally',
          line: 3,
          suggestions: [{ messageId: 'wrapInShield', output: "import { sleep, moveOnAfter, CancelScope, shield } from 'corral';\ntry { await sleep(1); } finally {\n  await moveOnAfter(30, async () => { await shield(() => flush()); });\n  await new CancelScope({ shield: enabled }).run(async () => { await close(); });\n}" }],
        },
        {
          messageId: 'inFinally',
          line: 4,
          suggestions: [{ messageId: 'wrapInShield', output: "import { sleep, moveOnAfter, CancelScope, shield } from 'corral';\ntry { await sleep(1); } finally {\n  await moveOnAfter(30, async () => { await flush(); });\n  await new CancelScope({ shield: enabled }).run(async () => { await shield(() => close()); });\n}" }],
        },
      ],
    },
    {
      // `for await` and `await using` have no one-line rewrite: reported without a suggestion.
      code: `${IMPORT}\nasync function f(q: AsyncIterable<number>) {\n  try { await sleep(1); } finally {\n    for await (const item of q) drop(item);\n    await using lease = acquire();\n  }\n}`,
      errors: [{ messageId: 'inFinally', line: 4, suggestions: [] }, { messageId: 'inFinally', line: 5, suggestions: [] }],
    },
    { code: handlerAwait, errors: [shielded('inHandler', 2, handlerAwait, 'await log(e)', 'await shield(() => log(e))')] },
    {
      code: nestedHandlers,
      errors: [
        shielded('inHandler', 7, nestedHandlers, 'await retry()', 'await shield(() => retry())'),
        shielded('inHandler', 9, nestedHandlers, 'await log(inner)', 'await shield(() => log(inner))'),
      ],
    },
    {
      code: sameLine,
      errors: [
        { ...shielded('inFinally', 2, sameLine, 'await a()', 'await shield(() => a())'), column: 49 },
        { ...shielded('inFinally', 2, sameLine, 'await b()', 'await shield(() => b())'), column: 60 },
      ],
    },
    {
      code: dispose,
      errors: [
        shielded('inAsyncDispose', 4, dispose, 'await this.socket.end()', 'await shield(() => this.socket.end())'),
        shielded('inAsyncDispose', 7, dispose, 'await drain()', 'await shield(() => drain())'),
      ],
    },
    { code: promiseHandler, errors: [shielded('inHandler', 2, promiseHandler, 'await log(e)', 'await shield(() => log(e))')] },
    { code: asyncGenerator, errors: [shielded('inFinally', 6, asyncGenerator, 'await cursor.close()', 'await shield(() => cursor.close())')] },
    {
      // A user's own `shield` is not the runtime's; importing the real one would clash with it.
      code: ownShield,
      errors: [{ messageId: 'inFinally', line: 3, suggestions: [] }],
    },
    {
      code: awaitInsideArgument,
      errors: [
        shielded('inFinally', 2, awaitInsideArgument, 'await save(await snapshot())', 'await shield(async () => save(await snapshot()))'),
        shielded('inFinally', 2, awaitInsideArgument, 'await snapshot()', 'await shield(() => snapshot())'),
      ],
    },
  ],
});
