import rule from '../../rules/src/rules/no-promise-as-task.ts';
import { oddSyntax } from './oddSyntax.ts';
import { ruleTester, typedRuleTester } from './ruleTester.ts';

const IMPORT = "import { createTaskGroup, gather, race, retry, boundedMap, completionStream, moveOnAfter, shield, sleep } from 'corral';";
const FETCH_USER = 'async function fetchUser(id: number) { return { id }; }';

/** `body` inside a task group, after the import and `fetchUser`: line 4 is its first line. */
function inGroup(body: string): string {
  return `${IMPORT}\n${FETCH_USER}\nawait createTaskGroup(async (tg) => {\n${body}\n});`;
}

function promiseAsTask(line: number, text: string, api: string, fixed: string) {
  return { messageId: 'promiseAsTask' as const, line, data: { text, api, fixed } };
}

ruleTester.run('no-promise-as-task', rule, {
  valid: [
    // Functions, in every form Corral takes them.
    inGroup('  tg.startSoon(fetchUser, 1);\n  tg.startSoon(() => fetchUser(2));\n  tg.startSoon({ name: "u3" }, async () => { await fetchUser(3); });'),
    inGroup('  await tg.start(serve, 8080);'),
    `${IMPORT}\n${FETCH_USER}\nawait gather(() => fetchUser(1), () => fetchUser(2));\nawait race(() => sleep(10), () => fetchUser(1));`,
    `${IMPORT}\n${FETCH_USER}\nawait retry(() => fetchUser(1));\nawait boundedMap([1, 2], (id) => fetchUser(id), { limit: 2 });`,
    `${IMPORT}\n${FETCH_USER}\nfor await (const [i, u] of completionStream([() => fetchUser(1), () => fetchUser(2)])) console.log(i, u);`,
    // A call that may return a function: a factory, a bound method, something imported.
    inGroup('  tg.startSoon(makeWorker(config));\n  tg.startSoon(handler.bind(null, 1));'),
    `import { createTaskGroup } from 'corral';\nimport { fetchUser } from './users';\nawait createTaskGroup(async (tg) => { tg.startSoon(fetchUser(1)); });`,
    `${IMPORT}\nfunction worker(id: number) { return async () => { await sleep(id); }; }\nawait gather(worker(1), worker(2));`,
    // An async generator's call is not a promise; a function of the file called like a corral one is not corral's.
    `${IMPORT}\nasync function* lines() { yield 1; }\nawait createTaskGroup(async (tg) => { tg.startSoon(consume, lines()); });`,
    "async function fetchUser(id: number) { return id; }\nconst gather = (...xs: unknown[]) => xs;\ngather(fetchUser(1));",
    // Not a task group's `startSoon`; not a place that takes a function.
    `${IMPORT}\n${FETCH_USER}\nrunner.startSoon(fetchUser(1));\nawait sleep(Number(fetchUser(1)));`,
    { code: oddSyntax, name: 'odd syntax' },
  ],
  invalid: [
    {
      // The situation from real code: the task's promise instead of the task.
      code: inGroup('  tg.startSoon(fetchUser(1));'),
      output: inGroup('  tg.startSoon(() => fetchUser(1));'),
      errors: [promiseAsTask(4, 'fetchUser(1)', 'startSoon', '() => fetchUser(1)')],
    },
    {
      code: inGroup('  tg.startSoon({ name: "user" }, fetchUser(1));\n  tg.startSoon(fetch("/health"));'),
      output: inGroup('  tg.startSoon({ name: "user" }, () => fetchUser(1));\n  tg.startSoon(() => fetch("/health"));'),
      errors: [
        promiseAsTask(4, 'fetchUser(1)', 'startSoon', '() => fetchUser(1)'),
        promiseAsTask(5, 'fetch("/health")', 'startSoon', '() => fetch("/health")'),
      ],
    },
    {
      // `start` passes the task its status: the function forwards it.
      code: `${IMPORT}\nconst serve = async (port: number, status: unknown) => {};\nawait createTaskGroup(async (tg) => {\n  await tg.start(serve(8080));\n});`,
      output: `${IMPORT}\nconst serve = async (port: number, status: unknown) => {};\nawait createTaskGroup(async (tg) => {\n  await tg.start((status) => serve(8080, status));\n});`,
      errors: [promiseAsTask(4, 'serve(8080)', 'start', '(status) => serve(8080, status)')],
    },
    {
      code: `${IMPORT}\n${FETCH_USER}\nawait gather(fetchUser(1), () => fetchUser(2), Promise.resolve(3));`,
      output: `${IMPORT}\n${FETCH_USER}\nawait gather(() => fetchUser(1), () => fetchUser(2), () => Promise.resolve(3));`,
      errors: [
        promiseAsTask(3, 'fetchUser(1)', 'gather', '() => fetchUser(1)'),
        promiseAsTask(3, 'Promise.resolve(3)', 'gather', '() => Promise.resolve(3)'),
      ],
    },
    {
      code: `${IMPORT}\nawait race(sleep(10), new Promise((resolve) => setTimeout(resolve, 5)));`,
      output: `${IMPORT}\nawait race(() => sleep(10), () => new Promise((resolve) => setTimeout(resolve, 5)));`,
      errors: [
        promiseAsTask(2, 'sleep(10)', 'race', '() => sleep(10)'),
        promiseAsTask(2, 'new Promise((resolve) => setTimeout(r...', 'race', '() => new Promise((resolve) => setTim...'),
      ],
    },
    {
      code: `${IMPORT}\n${FETCH_USER}\nawait retry(fetchUser(1).then((u) => u.id));\nawait moveOnAfter(1_000, fetchUser(2));\nawait shield(fetchUser(3));`,
      output: `${IMPORT}\n${FETCH_USER}\nawait retry(() => fetchUser(1).then((u) => u.id));\nawait moveOnAfter(1_000, () => fetchUser(2));\nawait shield(() => fetchUser(3));`,
      errors: [
        promiseAsTask(3, 'fetchUser(1).then((u) => u.id)', 'retry', '() => fetchUser(1).then((u) => u.id)'),
        promiseAsTask(4, 'fetchUser(2)', 'moveOnAfter', '() => fetchUser(2)'),
        promiseAsTask(5, 'fetchUser(3)', 'shield', '() => fetchUser(3)'),
      ],
    },
    {
      code: `${IMPORT}\n${FETCH_USER}\nfor await (const pair of completionStream([fetchUser(1)])) console.log(pair);`,
      output: `${IMPORT}\n${FETCH_USER}\nfor await (const pair of completionStream([() => fetchUser(1)])) console.log(pair);`,
      errors: [promiseAsTask(3, 'fetchUser(1)', 'completionStream', '() => fetchUser(1)')],
    },
    {
      // Cast to quiet TypeScript: still the promise.
      code: inGroup('  tg.startSoon(fetchUser(1) as never);'),
      output: inGroup('  tg.startSoon(() => fetchUser(1) as never);'),
      errors: [promiseAsTask(4, 'fetchUser(1) as never', 'startSoon', '() => fetchUser(1) as never')],
    },
    {
      // `boundedMap` passes each item: no function can be written without knowing where it goes.
      code: `${IMPORT}\n${FETCH_USER}\nawait boundedMap(ids, fetchUser(1), { limit: 4 });`,
      output: null,
      errors: [promiseAsTask(3, 'fetchUser(1)', 'boundedMap', '() => …')],
    },
    {
      // `startSoon(fn, ...args)` passes the arguments: no fix either.
      code: inGroup('  tg.startSoon(fetchUser(1), 2);'),
      output: null,
      errors: [promiseAsTask(4, 'fetchUser(1)', 'startSoon', '() => …')],
    },
    {
      // Through a namespace import and a CommonJS require.
      code: "import * as corral from 'corral';\nconst load = async () => 1;\nawait corral.gather(load());",
      output: "import * as corral from 'corral';\nconst load = async () => 1;\nawait corral.gather(() => load());",
      errors: [promiseAsTask(3, 'load()', 'gather', '() => load()')],
    },
    {
      code: "const { race, sleep } = require('corral');\nasync function main() { await race(sleep(1)); }",
      output: "const { race, sleep } = require('corral');\nasync function main() { await race(() => sleep(1)); }",
      errors: [promiseAsTask(2, 'sleep(1)', 'race', '() => sleep(1)')],
    },
  ],
});

// With type information, any promise: an imported async function's call, a variable holding one.
typedRuleTester.run('no-promise-as-task (type-checked)', rule, {
  valid: [
    "import { createTaskGroup } from 'corral';\ndeclare function makeWorker(n: number): () => Promise<void>;\nexport async function f() { await createTaskGroup(async (tg) => { tg.startSoon(makeWorker(1)); }); }",
    "import { gather } from 'corral';\ndeclare const task: () => Promise<number>;\nexport async function f() { await gather(task); }",
  ],
  invalid: [
    {
      code: "import { createTaskGroup } from 'corral';\ndeclare function fetchUser(id: number): Promise<{ id: number }>;\nexport async function f() {\n  await createTaskGroup(async (tg) => { tg.startSoon(fetchUser(1)); });\n}",
      output: "import { createTaskGroup } from 'corral';\ndeclare function fetchUser(id: number): Promise<{ id: number }>;\nexport async function f() {\n  await createTaskGroup(async (tg) => { tg.startSoon(() => fetchUser(1)); });\n}",
      errors: [promiseAsTask(4, 'fetchUser(1)', 'startSoon', '() => fetchUser(1)')],
    },
    {
      code: "import { gather } from 'corral';\ndeclare const pending: Promise<number>;\nexport async function f() { await gather(pending); }",
      output: null,
      errors: [promiseAsTask(3, 'pending', 'gather', '() => …')],
    },
  ],
});
