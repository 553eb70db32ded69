import rule from '../../rules/src/rules/no-unstructured-concurrency.ts';
import { typedRuleTester } from './ruleTester.ts';

const work = 'declare function work(): Promise<number>;\n';

typedRuleTester.run('no-unstructured-concurrency', rule, {
  valid: [
    // The structured forms.
    `import { moveOnAfter } from 'corral';\n${work}await moveOnAfter(100, () => work());`,
    `import { createTaskGroup } from 'corral';\n${work}await createTaskGroup(async (tg) => { tg.startSoon(work); await work(); const p = work(); await p; });`,
    // Promise.race without a timer, and a race in a file that does not use Corral.
    `import { sleep } from 'corral';\n${work}await Promise.race([work(), work()]); void sleep;`,
    `${work}await Promise.race([work(), new Promise((_, reject) => setTimeout(reject, 100))]);`,
    // A user's own Promise, setTimeout, createTaskGroup.
    `import { sleep } from 'corral';\nconst Promise = { race: (_: unknown[]) => 0 }; Promise.race([sleep(1)]);`,
    `import { createTaskGroup } from 'corral';\nconst setTimeout = (_f: () => void, _ms: number) => 0;\nawait createTaskGroup(async () => { setTimeout(() => {}, 1); });`,
    `${work}const createTaskGroup = async (body: () => Promise<void>) => body();\nawait createTaskGroup(async () => { setTimeout(() => {}, 1); work(); });`,
    // A timer or a dropped promise outside any task group.
    `${work}export async function f() { setTimeout(() => {}, 1); work(); }`,
    // Inside a group, a dropped call that returns no promise; a nested callback that is not the group's.
    `import { createTaskGroup } from 'corral';\n${work}await createTaskGroup(async () => { console.log(1); [1].forEach(() => { work(); }); });`,
    // A dropped runtime call is no-floating-runtime-call's to report.
    "import { createTaskGroup, sleep } from 'corral';\nawait createTaskGroup(async () => { sleep(1); });",
    // Odd syntax.
    "import { createTaskGroup } from 'corral';\nawait createTaskGroup(async function* () {} as never); label: for (;;) { break label; } class K { static { void 0; } }",
  ],
  invalid: [
    {
      code: `import { sleep } from 'corral';\n${work}await Promise.race([work(), new Promise((_, reject) => setTimeout(() => reject(new Error('t')), 100))]);\nvoid sleep;`,
      errors: [{ messageId: 'raceTimeout', line: 3 }],
    },
    {
      code: `import { sleep } from 'corral';\n${work}await Promise.race([work(), sleep(1000).then(() => { throw new Error('timeout'); })]);`,
      errors: [{ messageId: 'raceTimeout', line: 3 }],
    },
    {
      code: `import { setTimeout as delay } from 'node:timers/promises';\nimport 'corral';\n${work}await Promise.race([work(), delay(50)]);`,
      errors: [{ messageId: 'raceTimeout', line: 4 }],
    },
    {
      // Timers started in a group's body, in a task (inline and named), through `globalThis`.
      code: [
        "import { createTaskGroup } from 'corral';",
        'async function poller() {',
        '  setInterval(() => {}, 1000);',
        '}',
        'await createTaskGroup(async (tg) => {',
        '  setTimeout(() => {}, 10);',
        '  tg.startSoon(poller);',
        '  tg.startSoon({ name: "w" }, async () => { await new Promise((r) => globalThis.setTimeout(r, 5)); });',
        '});',
      ].join('\n'),
      errors: [
        { messageId: 'callbackTimer', line: 3 },
        { messageId: 'callbackTimer', line: 6 },
        { messageId: 'callbackTimer', line: 8 },
      ],
    },
    {
      // A group reached through a `TaskGroup` parameter, found by its type.
      code: "import type { TaskGroup } from 'corral';\nimport { setTimeout as later } from 'node:timers';\nexport function spawn(tg: TaskGroup) {\n  tg.startSoon(async () => { later(() => {}, 1); });\n}",
      errors: [{ messageId: 'callbackTimer', line: 4 }],
    },
    {
      // Fire-and-forget: `void f()`, an un-awaited async call, a dropped `.then` chain, optional call.
      code: [
        "import * as corral from 'corral';",
        work.trim(),
        'declare const maybe: { run?: () => Promise<void> };',
        'await corral.createTaskGroup(async (tg) => {',
        '  void work();',
        '  work();',
        '  work().then(() => 1);',
        '  maybe.run?.();',
        '  tg.startSoon(work);',
        '});',
      ].join('\n'),
      errors: [
        { messageId: 'fireAndForget', line: 5 },
        { messageId: 'fireAndForget', line: 6 },
        { messageId: 'fireAndForget', line: 7 },
        { messageId: 'fireAndForget', line: 8 },
      ],
    },
    {
      // Inside a task started with `tg.start`.
      code: `import { createTaskGroup, type TaskStatus } from 'corral';\n${work}await createTaskGroup(async (tg) => {\n  await tg.start(async (status: TaskStatus) => {\n    status.started();\n    work();\n  });\n});`,
      errors: [{ messageId: 'fireAndForget', line: 6 }],
    },
  ],
});
