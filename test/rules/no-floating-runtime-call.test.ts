import rule from '../../rules/src/rules/no-floating-runtime-call.ts';
import { typedRuleTester } from './ruleTester.ts';

typedRuleTester.run('no-floating-runtime-call', rule, {
  valid: [
    // Awaited, returned, stored, passed on.
    "import { sleep } from 'corral'; await sleep(1);",
    "import { sleep } from 'corral'; export async function f() { return sleep(1); }",
    "import { sleep } from 'corral'; export const f = () => sleep(1);",
    "import { sleep } from 'corral'; const pending = sleep(1); await pending;",
    "import { Queue } from 'corral'; const q = Queue.withMaxsize<number>(4); await Promise.all([q.put(1), q.put(2)]);",
    "import { sleep } from 'corral'; export async function f(ok: boolean) { await (ok ? sleep(1) : sleep(2)); }",
    "import { sleep } from 'corral'; export async function f() { await sleep(1).then(() => 1); }",
    "import { sleep } from 'corral'; export function f(run: (p: Promise<void>) => void) { run(sleep(1)); }",
    // Synchronous runtime methods return no promise.
    "import { Queue, Event } from 'corral'; const q = Queue.withMaxsize<number>(1); q.putNowait(1); q.close(); new Event().set();",
    "import { createTaskGroup } from 'corral'; await createTaskGroup(async (tg) => { tg.startSoon(async () => {}); });",
    // A user's own `sleep` and `put` are not the runtime's.
    'const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms)); sleep(1);',
    "import { sleep } from 'corral'; class Box { async put(_x: number) {} } new Box().put(1); void sleep;",
    "import { setTimeout } from 'node:timers/promises'; setTimeout(1);",
    // Odd syntax the rule must not crash on.
    "import { Queue } from 'corral'; const q = Queue.withMaxsize<number>(1); const key = 'put' as string; label: { (q as any)[key](1); break label; }",
    "import { sleep } from 'corral'; export function* g() { yield sleep; } export class C { @((_: unknown, __: unknown) => {}) m() {} } using _r = { [Symbol.dispose]() {} };",
  ],
  invalid: [
    {
      code: "import { sleep } from 'corral';\nexport async function f() {\n  sleep(1);\n}",
      errors: [{
        messageId: 'floatingRuntimeCall',
        line: 3,
        suggestions: [{ messageId: 'addAwait', output: "import { sleep } from 'corral';\nexport async function f() {\n  await sleep(1);\n}" }],
      }],
    },
    {
      // A method recognised through the type of its object.
      code: "import { Queue } from 'corral';\nexport async function f(q: Queue<number>) {\n  q.put(1);\n}",
      errors: [{
        messageId: 'floatingRuntimeCall',
        line: 3,
        suggestions: [{ messageId: 'addAwait', output: "import { Queue } from 'corral';\nexport async function f(q: Queue<number>) {\n  await q.put(1);\n}" }],
      }],
    },
    {
      // Namespace and renamed imports; `void` is replaced, not kept.
      code: "import * as corral from 'corral';\nimport { checkpoint as cp } from 'corral';\ncorral.sleepForever();\nvoid cp();",
      errors: [
        { messageId: 'floatingRuntimeCall', line: 3, suggestions: [{ messageId: 'addAwait', output: "import * as corral from 'corral';\nimport { checkpoint as cp } from 'corral';\nawait corral.sleepForever();\nvoid cp();" }] },
        { messageId: 'floatingRuntimeCall', line: 4, suggestions: [{ messageId: 'addAwait', output: "import * as corral from 'corral';\nimport { checkpoint as cp } from 'corral';\ncorral.sleepForever();\nawait cp();" }] },
      ],
    },
    {
      // Lock, event, task group `start`, optional call.
      code: [
        "import { Lock, Event, createTaskGroup, type TaskStatus } from 'corral';",
        'export async function f(lock: Lock, event?: Event) {',
        '  lock.acquire();',
        '  event?.wait();',
        '  await createTaskGroup(async (tg) => {',
        '    tg.start(async (status: TaskStatus<void>) => status.started());',
        '  });',
        '}',
      ].join('\n'),
      errors: [
        { messageId: 'floatingRuntimeCall', line: 3, suggestions: [{ messageId: 'addAwait', output: "import { Lock, Event, createTaskGroup, type TaskStatus } from 'corral';\nexport async function f(lock: Lock, event?: Event) {\n  await lock.acquire();\n  event?.wait();\n  await createTaskGroup(async (tg) => {\n    tg.start(async (status: TaskStatus<void>) => status.started());\n  });\n}" }] },
        { messageId: 'floatingRuntimeCall', line: 4, suggestions: [{ messageId: 'addAwait', output: "import { Lock, Event, createTaskGroup, type TaskStatus } from 'corral';\nexport async function f(lock: Lock, event?: Event) {\n  lock.acquire();\n  await event?.wait();\n  await createTaskGroup(async (tg) => {\n    tg.start(async (status: TaskStatus<void>) => status.started());\n  });\n}" }] },
        { messageId: 'floatingRuntimeCall', line: 6, suggestions: [{ messageId: 'addAwait', output: "import { Lock, Event, createTaskGroup, type TaskStatus } from 'corral';\nexport async function f(lock: Lock, event?: Event) {\n  lock.acquire();\n  event?.wait();\n  await createTaskGroup(async (tg) => {\n    await tg.start(async (status: TaskStatus<void>) => status.started());\n  });\n}" }] },
      ],
    },
    {
      // A promise chain dropped as a whole: `await` goes before the chain.
      code: "import { sleep } from 'corral';\nsleep(1).then(() => 1).catch(() => 2);",
      errors: [{ messageId: 'floatingRuntimeCall', line: 2, suggestions: [{ messageId: 'addAwait', output: "import { sleep } from 'corral';\nawait sleep(1).then(() => 1).catch(() => 2);" }] }],
    },
    {
      // Dropped through `&&`, `?:` and `,`.
      code: "import { sleep } from 'corral';\nexport async function f(ok: boolean) {\n  ok && sleep(1);\n  ok ? sleep(2) : null;\n  sleep(3), 0;\n}",
      errors: [
        { messageId: 'floatingRuntimeCall', line: 3, suggestions: [{ messageId: 'addAwait', output: "import { sleep } from 'corral';\nexport async function f(ok: boolean) {\n  ok && await sleep(1);\n  ok ? sleep(2) : null;\n  sleep(3), 0;\n}" }] },
        { messageId: 'floatingRuntimeCall', line: 4, suggestions: [{ messageId: 'addAwait', output: "import { sleep } from 'corral';\nexport async function f(ok: boolean) {\n  ok && sleep(1);\n  ok ? await sleep(2) : null;\n  sleep(3), 0;\n}" }] },
        { messageId: 'floatingRuntimeCall', line: 5, suggestions: [{ messageId: 'addAwait', output: "import { sleep } from 'corral';\nexport async function f(ok: boolean) {\n  ok && sleep(1);\n  ok ? sleep(2) : null;\n  await sleep(3), 0;\n}" }] },
      ],
    },
    {
      // In a function that is not async, `await` is not available: no suggestion.
      code: "import { Queue } from 'corral';\nexport function f(q: Queue<string>) {\n  q.put('x');\n}",
      errors: [{ messageId: 'floatingRuntimeCall', line: 3, suggestions: [] }],
    },
    {
      // Re-exported or passed in: the type still says where `put` comes from.
      code: "import type { Queue } from 'corral';\nexport async function f(get: () => Queue<number>) {\n  get()['put'](1);\n}",
      errors: [{ messageId: 'floatingRuntimeCall', line: 3, suggestions: [{ messageId: 'addAwait', output: "import type { Queue } from 'corral';\nexport async function f(get: () => Queue<number>) {\n  await get()['put'](1);\n}" }] }],
    },
  ],
});
