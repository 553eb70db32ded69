import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';

import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';

import rule from '../../rules/src/rules/no-floating-runtime-call.ts';
import { fixtureRoot, typedRuleTester } from './ruleTester.ts';

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

// One mistake, one report: alongside typescript-eslint's no-floating-promises, this rule reports
// only what that one allows (`void`, chains that handle rejection).
const ALONGSIDE = [{ alongsideNoFloatingPromises: true }] as const;
typedRuleTester.run('no-floating-runtime-call (alongside no-floating-promises)', rule, {
  valid: [
    { code: "import { sleep } from 'corral';\nexport async function f() {\n  sleep(1);\n}", options: ALONGSIDE },
    { code: "import { Queue } from 'corral';\nexport async function f(q: Queue<number>, ok: boolean) {\n  q.put(1).then(() => 1);\n  ok ? q.put(2) : null;\n}", options: ALONGSIDE },
    { code: "import { sleep } from 'corral';\nexport async function f() {\n  sleep(1).catch(log).then(next);\n}\ndeclare function log(e: unknown): void;\ndeclare function next(): void;", options: ALONGSIDE },
  ],
  invalid: [
    {
      code: "import { sleep } from 'corral';\nexport async function f() {\n  void sleep(1);\n}",
      options: ALONGSIDE,
      errors: [{ messageId: 'floatingRuntimeCall', line: 3, suggestions: [{ messageId: 'addAwait', output: "import { sleep } from 'corral';\nexport async function f() {\n  await sleep(1);\n}" }] }],
    },
    {
      code: "import { sleep } from 'corral';\nexport async function f() {\n  sleep(1).catch(log);\n  sleep(2).then(next, log).finally(next);\n}\ndeclare function log(e: unknown): void;\ndeclare function next(): void;",
      options: ALONGSIDE,
      errors: [
        { messageId: 'floatingRuntimeCall', line: 3, suggestions: [{ messageId: 'addAwait', output: "import { sleep } from 'corral';\nexport async function f() {\n  await sleep(1).catch(log);\n  sleep(2).then(next, log).finally(next);\n}\ndeclare function log(e: unknown): void;\ndeclare function next(): void;" }] },
        { messageId: 'floatingRuntimeCall', line: 4, suggestions: [{ messageId: 'addAwait', output: "import { sleep } from 'corral';\nexport async function f() {\n  sleep(1).catch(log);\n  await sleep(2).then(next, log).finally(next);\n}\ndeclare function log(e: unknown): void;\ndeclare function next(): void;" }] },
      ],
    },
  ],
});

describe('with typescript-eslint\'s no-floating-promises on', () => {
  const code = [
    "import { Queue, sleep } from 'corral';",
    'export async function f(q: Queue<number>) {',
    '  sleep(1);', // both see it
    '  q.put(1);', // both see it
    '  void sleep(2);', // no-floating-promises allows void
    '  sleep(3).catch(() => {});', // no-floating-promises sees a handled promise
    '  other();', // not Corral's: no-floating-promises alone
    '}',
    'declare function other(): Promise<void>;',
  ].join('\n');

  async function lint(options: { alongsideNoFloatingPromises: boolean }): Promise<string[]> {
    const eslint = new ESLint({
      cwd: fixtureRoot,
      overrideConfigFile: true,
      overrideConfig: [{
        files: ['**/*.ts'],
        languageOptions: {
          parser: tseslint.parser,
          parserOptions: { projectService: { allowDefaultProject: ['*.ts'] }, tsconfigRootDir: fixtureRoot },
        },
        plugins: { '@typescript-eslint': tseslint.plugin, corral: { rules: { 'no-floating-runtime-call': rule } } as unknown as ESLint.Plugin },
        rules: {
          '@typescript-eslint/no-floating-promises': 'error',
          'corral/no-floating-runtime-call': ['error', options],
        },
      }],
    });
    const [result] = await eslint.lintText(code, { filePath: join(fixtureRoot, 'both.ts') });
    return (result?.messages ?? []).map((message) => `${message.line} ${message.ruleId}`).sort();
  }

  it('gives every dropped promise one report with alongsideNoFloatingPromises', async () => {
    assert.deepEqual(await lint({ alongsideNoFloatingPromises: true }), [
      '3 @typescript-eslint/no-floating-promises',
      '4 @typescript-eslint/no-floating-promises',
      '5 corral/no-floating-runtime-call',
      '6 corral/no-floating-runtime-call',
      '7 @typescript-eslint/no-floating-promises',
    ]);
  });

  it('reports the shared lines twice without it (what the option is for)', async () => {
    const messages = await lint({ alongsideNoFloatingPromises: false });
    assert.deepEqual(messages.filter((message) => message.startsWith('3 ') || message.startsWith('4 ')), [
      '3 @typescript-eslint/no-floating-promises',
      '3 corral/no-floating-runtime-call',
      '4 @typescript-eslint/no-floating-promises',
      '4 corral/no-floating-runtime-call',
    ]);
  });
});
