import rule from '../../rules/src/rules/require-checkpoint-in-loop.ts';
import { ruleTester } from './ruleTester.ts';

const head = "import { sleep } from 'corral';\n";

ruleTester.run('require-checkpoint-in-loop', rule, {
  valid: [
    // A checkpoint on every path.
    `${head}async function f() { while (true) { await sleep(1); } }`,
    `${head}async function f(q: AsyncIterable<number>) { for (;;) { for await (const x of q) void x; } }`,
    `${head}async function f(ok: () => boolean) { while (true) { if (ok()) { await sleep(1); } else { await sleep(2); } } }`,
    `${head}async function f(ok: () => boolean) { while (true) { if (ok()) return; await sleep(1); } }`,
    `${head}async function f(ok: () => boolean) { for (;;) { if (ok()) throw new Error('x'); await sleep(1); } }`,
    `${head}async function f() { for (;; await sleep(1)) { /* the update runs on every path */ } }`,
    `${head}async function f() { do { await sleep(1); } while (true); }`,
    `${head}async function f(n: () => Promise<number>) { while (1) { const x = (await n()) || 0; void x; } }`,
    `${head}async function f(ok: () => boolean) { while (true) { try { await sleep(1); } catch { continue; } } }`,
    `${head}async function f(ok: () => boolean) { while (true) { try { if (ok()) continue; } finally { await sleep(1); } } }`,
    // A guarded handler after a block that starts with its checkpoint.
    "import { Queue, isCancelled, Cancelled } from 'corral';\nasync function f(q: Queue<number>) { while (true) { try { await q.get(); } catch (e) { if (isCancelled(e)) throw e; if (e instanceof Cancelled) throw e; console.log(e); } } }",
    `${head}async function f(x: number) { while (true) { switch (x) { case 1: await sleep(1); break; default: await sleep(2); } } }`,
    `${head}async function* g() { while (true) { yield 1; } }`,
    // A loop with a break is bounded by its exit condition (as in ASYNC913).
    `${head}async function f(re: RegExp, s: string) { while (true) { const m = re.exec(s); if (!m) break; } }`,
    `${head}async function f(ok: () => boolean) { outer: while (true) { for (const x of [1]) { if (ok()) break outer; void x; } } }`,
    // Bounded loops, non-async functions, top level, and files that do not use Corral.
    `${head}async function f(xs: number[]) { for (const x of xs) void x; while (xs.length) xs.pop(); }`,
    `${head}function f() { while (true) { void 0; } }`,
    `${head}while (true) { void 0; }`,
    'async function f() { while (true) { void 0; } }',
    // The inner loop checkpoints on every path and never ends, so the outer one never repeats.
    `${head}async function f() { while (true) { while (true) { await sleep(1); } } }`,
    // Odd syntax.
    `${head}async function f() { while (true) { class C { m() { while (true) {} } } await sleep(1); void C; } }`,
  ],
  invalid: [
    {
      code: `${head}async function f() {\n  while (true) {\n    tick();\n  }\n}`,
      errors: [{
        messageId: 'noCheckpointInLoop',
        line: 3,
        suggestions: [{ messageId: 'addCheckpoint', output: "import { sleep, checkpoint } from 'corral';\nasync function f() {\n  while (true) {\n    await checkpoint();\n    tick();\n  }\n}" }],
      }],
    },
    {
      // Only one branch checkpoints.
      code: `${head}async function f(ok: () => boolean) {\n  while (true) {\n    if (ok()) {\n      await sleep(1);\n    }\n  }\n}`,
      errors: [{
        messageId: 'noCheckpointInLoop',
        line: 3,
        suggestions: [{ messageId: 'addCheckpoint', output: "import { sleep, checkpoint } from 'corral';\nasync function f(ok: () => boolean) {\n  while (true) {\n    await checkpoint();\n    if (ok()) {\n      await sleep(1);\n    }\n  }\n}" }],
      }],
    },
    {
      // `continue` before the checkpoint; an existing `checkpoint` import is reused.
      code: "import { checkpoint as cp, sleep } from 'corral';\nconst f = async (ok: () => boolean) => {\n  for (;;) {\n    if (ok()) continue;\n    await sleep(1);\n  }\n};",
      errors: [{
        messageId: 'noCheckpointInLoop',
        line: 3,
        suggestions: [{ messageId: 'addCheckpoint', output: "import { checkpoint as cp, sleep } from 'corral';\nconst f = async (ok: () => boolean) => {\n  for (;;) {\n    await cp();\n    if (ok()) continue;\n    await sleep(1);\n  }\n};" }],
      }],
    },
    {
      // An empty body, a body that is not a block, a conditional await, `do … while`.
      code: `${head}async function f(ok: boolean) {\n  while (1) {}\n  for (;;) tick();\n  do { ok && await sleep(1); } while (true);\n}`,
      errors: [
        { messageId: 'noCheckpointInLoop', line: 3, suggestions: [{ messageId: 'addCheckpoint', output: `import { sleep, checkpoint } from 'corral';\nasync function f(ok: boolean) {\n  while (1) { await checkpoint(); }\n  for (;;) tick();\n  do { ok && await sleep(1); } while (true);\n}` }] },
        { messageId: 'noCheckpointInLoop', line: 4, suggestions: [{ messageId: 'addCheckpoint', output: `import { sleep, checkpoint } from 'corral';\nasync function f(ok: boolean) {\n  while (1) {}\n  for (;;) { await checkpoint(); tick(); }\n  do { ok && await sleep(1); } while (true);\n}` }] },
        { messageId: 'noCheckpointInLoop', line: 5, suggestions: [{ messageId: 'addCheckpoint', output: `import { sleep, checkpoint } from 'corral';\nasync function f(ok: boolean) {\n  while (1) {}\n  for (;;) tick();\n  do { await checkpoint(); ok && await sleep(1); } while (true);\n}` }] },
      ],
    },
    {
      // A handler entered before the block's checkpoint; a `switch` without `default`.
      code: `${head}async function f(x: number) {\n  while (true) {\n    try { tick(); await sleep(1); } catch { log(); }\n  }\n  while (true) {\n    switch (x) { case 1: await sleep(1); }\n  }\n}`,
      errors: [
        { messageId: 'noCheckpointInLoop', line: 3, suggestions: [{ messageId: 'addCheckpoint', output: `import { sleep, checkpoint } from 'corral';\nasync function f(x: number) {\n  while (true) {\n    await checkpoint();\n    try { tick(); await sleep(1); } catch { log(); }\n  }\n  while (true) {\n    switch (x) { case 1: await sleep(1); }\n  }\n}` }] },
        { messageId: 'noCheckpointInLoop', line: 6, suggestions: [{ messageId: 'addCheckpoint', output: `import { sleep, checkpoint } from 'corral';\nasync function f(x: number) {\n  while (true) {\n    try { tick(); await sleep(1); } catch { log(); }\n  }\n  while (true) {\n    await checkpoint();\n    switch (x) { case 1: await sleep(1); }\n  }\n}` }] },
      ],
    },
    {
      // Nested unbounded loops: each is reported (as in ASYNC913), an inner `for...of` may run zero times.
      code: `${head}async function f(xs: number[]) {\n  while (true) {\n    while (true) {\n      tick();\n    }\n  }\n  while (true) {\n    for (const x of xs) await sleep(x);\n  }\n}`,
      errors: [
        { messageId: 'noCheckpointInLoop', line: 4, suggestions: [{ messageId: 'addCheckpoint', output: `import { sleep, checkpoint } from 'corral';\nasync function f(xs: number[]) {\n  while (true) {\n    while (true) {\n      await checkpoint();\n      tick();\n    }\n  }\n  while (true) {\n    for (const x of xs) await sleep(x);\n  }\n}` }] },
        { messageId: 'noCheckpointInLoop', line: 8, suggestions: [{ messageId: 'addCheckpoint', output: `import { sleep, checkpoint } from 'corral';\nasync function f(xs: number[]) {\n  while (true) {\n    while (true) {\n      tick();\n    }\n  }\n  while (true) {\n    await checkpoint();\n    for (const x of xs) await sleep(x);\n  }\n}` }] },
      ],
    },
    {
      // A labelled `continue` to the outer loop from an inner one; a namespace import.
      code: "import * as corral from 'corral';\nclass Worker {\n  async run(ok: () => boolean) {\n    outer: for (;;) {\n      for (const x of [1]) { if (ok()) continue outer; void x; }\n      await corral.sleep(1);\n    }\n  }\n}",
      errors: [{ messageId: 'noCheckpointInLoop', line: 4, suggestions: [{ messageId: 'addCheckpoint', output: "import * as corral from 'corral';\nclass Worker {\n  async run(ok: () => boolean) {\n    outer: for (;;) {\n      await corral.checkpoint();\n      for (const x of [1]) { if (ok()) continue outer; void x; }\n      await corral.sleep(1);\n    }\n  }\n}" }] }],
    },
    {
      // flake8-async ASYNC913's foo_conditional_nested: the inner loop only runs on one branch, so both are reported.
      code: `${head}async function f(cond: () => boolean) {\n  while (true) {\n    if (cond()) {\n      while (true) {\n        tick();\n      }\n    }\n  }\n}`,
      errors: [
        { messageId: 'noCheckpointInLoop', line: 3, suggestions: [{ messageId: 'addCheckpoint', output: `import { sleep, checkpoint } from 'corral';\nasync function f(cond: () => boolean) {\n  while (true) {\n    await checkpoint();\n    if (cond()) {\n      while (true) {\n        tick();\n      }\n    }\n  }\n}` }] },
        { messageId: 'noCheckpointInLoop', line: 5, suggestions: [{ messageId: 'addCheckpoint', output: `import { sleep, checkpoint } from 'corral';\nasync function f(cond: () => boolean) {\n  while (true) {\n    if (cond()) {\n      while (true) {\n        await checkpoint();\n        tick();\n      }\n    }\n  }\n}` }] },
      ],
    },
  ],
});
