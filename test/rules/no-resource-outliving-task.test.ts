import rule from '../../rules/src/rules/no-resource-outliving-task.ts';
import { oddSyntax } from './oddSyntax.ts';
import { ruleTester } from './ruleTester.ts';

const imports = "import { createTaskGroup, type TaskGroup } from 'corral';\n";

ruleTester.run('no-resource-outliving-task', rule, {
  valid: [
    // Unusual syntax around correct corral code: no crash, no report.
    oddSyntax,
    // The resource encloses the group: the group ends first.
    `${imports}await using conn = await connect();\nawait createTaskGroup(async (tg) => { tg.startSoon(serve, conn); });`,
    `${imports}async function main() { using file = open(); await createTaskGroup(async (tg) => { await tg.start(read, file); }); }`,
    // The resource lives inside the task.
    `${imports}await createTaskGroup(async (tg) => { tg.startSoon(async () => { await using conn = await connect(); await use(conn); }); });`,
    // Used in the body, not passed to a task.
    `${imports}await createTaskGroup(async (tg) => { await using conn = await connect(); await conn.ping(); tg.startSoon(other); });`,
    // A plain const is not disposed at the block's end.
    `${imports}await createTaskGroup(async (tg) => { const conn = await connect(); tg.startSoon(serve, conn); });`,
    // A lambda parameter of the same name, a string, a property of something else.
    `${imports}await createTaskGroup(async (tg) => { using bar = open(); tg.startSoon((bar: number) => bar + 1); tg.startSoon(run, 'bar', other.bar); });`,
    // Not a task group: another object's start.
    `${imports}async function f() { using file = open(); server.start(file); }`,
    "import { createTaskGroup } from './groups'; await createTaskGroup(async (tg) => { using f = open(); tg.startSoon(read, f); });",
    // A group created inside the resource's block.
    `${imports}await createTaskGroup(async (outer) => { using f = open(); await createTaskGroup(async (inner) => { inner.startSoon(read, f); }); });`,
    // Odd syntax.
    `${imports}await createTaskGroup(async (tg) => { label: { using f = open(); break label; } for (await using x of items()) { await x.run(); } });`,
  ],
  invalid: [
    {
      code: `${imports}await createTaskGroup(async (tg) => {\n  await using conn = await connect();\n  tg.startSoon(serve, conn);\n});`,
      errors: [{ messageId: 'resourceOutlivesBlock', line: 4 }],
    },
    {
      // Sync `using`, `start`, options object, nested in another expression, a member of it, spread.
      code: `${imports}await createTaskGroup(async (tg) => {\n  using file = open();\n  await tg.start({ name: 'r' }, read, { file });\n  tg.startSoon(read, file.handle);\n  tg.startSoon(read, ...file);\n});`,
      errors: [
        { messageId: 'resourceOutlivesBlock', line: 4 },
        { messageId: 'resourceOutlivesBlock', line: 5 },
        { messageId: 'resourceOutlivesBlock', line: 6 },
      ],
    },
    {
      // Captured by the task's closure: the task runs after the disposal.
      code: `${imports}await createTaskGroup(async (tg) => {\n  await using conn = await connect();\n  tg.startSoon(async () => {\n    await conn.query();\n  });\n});`,
      errors: [{ messageId: 'resourceOutlivesBlock', line: 5 }],
    },
    {
      // A resource in an inner block, and one opened in a task of the group and handed back to the group.
      code: `${imports}await createTaskGroup(async (tg) => {\n  if (ready) {\n    using lock = take();\n    tg.startSoon(hold, lock);\n  }\n  tg.startSoon(async () => { using f = open(); tg.startSoon(read, f); });\n});`,
      errors: [{ messageId: 'resourceOutlivesBlock', line: 5 }, { messageId: 'resourceOutlivesBlock', line: 7 }],
    },
    {
      // The outer group outlives a resource opened inside it, even from an inner group's body.
      code: `${imports}await createTaskGroup(async (outer) => {\n  await createTaskGroup(async (inner) => {\n    using f = open();\n    outer.startSoon(read, f);\n    inner.startSoon(read, f);\n  });\n});`,
      errors: [{ messageId: 'resourceOutlivesBlock', line: 5 }, { messageId: 'resourceOutlivesBlock', line: 6 }],
    },
    {
      // A function taking a TaskGroup: the group comes from outside.
      code: `${imports}async function spawnReader(tg: TaskGroup) {\n  using f = open();\n  tg.startSoon(read, f);\n}`,
      errors: [{ messageId: 'resourceOutlivesBlock', line: 4 }],
    },
    {
      code: "import * as corral from 'corral';\nawait corral.createTaskGroup(async (tg) => {\n  using a = open(), b = open();\n  tg?.startSoon(read, a, b);\n});",
      errors: [{ messageId: 'resourceOutlivesBlock', line: 4 }, { messageId: 'resourceOutlivesBlock', line: 4 }],
    },
  ],
});
