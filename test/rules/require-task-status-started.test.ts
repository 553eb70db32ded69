import rule from '../../rules/src/rules/require-task-status-started.ts';
import { oddSyntax } from './oddSyntax.ts';
import { ruleTester } from './ruleTester.ts';

const imports = "import { createTaskGroup, sleep, TASK_STATUS_IGNORED, type TaskStatus } from 'corral';\n";

ruleTester.run('require-task-status-started', rule, {
  valid: [
    // Unusual syntax around correct corral code: no crash, no report.
    oddSyntax,
    `${imports}async function serve(status: TaskStatus<number>) { status.started(8080); await sleep(1); }`,
    `${imports}async function serve(status = TASK_STATUS_IGNORED) { status.started(); }`,
    `${imports}async function serve(port: number, status: TaskStatus) { status?.started(port); }`,
    // A conditional call counts: paths are not checked.
    `${imports}async function serve(ready: boolean, status: TaskStatus) { if (ready) status.started(); }`,
    // A call in a nested closure counts.
    `${imports}async function serve(status: TaskStatus) { const go = () => status.started(); go(); }`,
    // Destructured `started`.
    `${imports}async function serve({ started }: TaskStatus) { started(); }`,
    `${imports}async function serve({ started: ready }: TaskStatus) { ready(); }`,
    `${imports}async function serve({ ...rest }: TaskStatus) { await sleep(1); }`,
    // Inline to tg.start, with the status after the arguments.
    `${imports}await createTaskGroup(async (tg) => { await tg.start(async (port: number, status) => { status.started(port); }, 80); });`,
    `${imports}await createTaskGroup(async (tg) => { await tg.start({ name: 'srv' }, async (status) => { status.started(); }); });`,
    // Function declared elsewhere in the file and passed by name.
    `${imports}async function listen(port: number, status: { started(v: number): void }) { status.started(port); }\nawait createTaskGroup(async (tg) => { await tg.start(listen, 80); });`,
    // Stubs: no body, empty, only throws.
    `${imports}abstract class Service { abstract run(status: TaskStatus): Promise<void>; }`,
    `${imports}class Service { async run(status: TaskStatus): Promise<void> {} }`,
    `${imports}class Service { async run(status: TaskStatus): Promise<void> { throw new Error('not implemented'); } }`,
    `${imports}declare function run(status: TaskStatus): Promise<void>;`,
    `${imports}function run(status: TaskStatus): Promise<void>;\nfunction run(status: TaskStatus) { status.started(); return Promise.resolve(); }`,
    `${imports}interface Startable { run(status: TaskStatus): Promise<void>; }`,
    // Not a task group's start, not corral's TaskStatus.
    `${imports}server.start(async () => { await sleep(1); });`,
    "import type { TaskStatus } from './my-types'; async function serve(status: TaskStatus) { await work(); }",
    `${imports}async function serve(status = OTHER_IGNORED) { await sleep(1); }`,
    // A spread before the status: its index cannot be known.
    `${imports}await createTaskGroup(async (tg) => { await tg.start(async (...args: unknown[]) => {}, ...more); });`,
    `${imports}await createTaskGroup(async (tg) => { await tg.start(async (...args: unknown[]) => {}); });`,
    // A function passed by a name that is not a function here.
    `${imports}await createTaskGroup(async (tg) => { await tg.start(handlers.serve); await tg.start(make()); });`,
  ],
  invalid: [
    {
      code: `${imports}async function serve(status: TaskStatus<number>) {\n  await sleep(1);\n}`,
      errors: [{ messageId: 'startedNeverCalled', line: 2 }],
    },
    {
      code: `${imports}async function serve(status = TASK_STATUS_IGNORED) { await sleep(1); }`,
      errors: [{ messageId: 'startedNeverCalled', line: 2 }],
    },
    {
      // Accessing `started` without calling it does not count; nor does aliasing.
      code: `${imports}async function a(status: TaskStatus) { status.started; }\nasync function b(status: TaskStatus) { const s = status; s.started(); }`,
      errors: [{ messageId: 'startedNeverCalled', line: 2 }, { messageId: 'startedNeverCalled', line: 3 }],
    },
    {
      // Passing the status to a helper does not count (the check is strict on purpose).
      code: `${imports}async function relay(status: TaskStatus) { await helper(status); }`,
      errors: [{ messageId: 'startedNeverCalled', line: 2 }],
    },
    {
      // An attribute of the same name is not the parameter.
      code: `${imports}class Relay { status!: TaskStatus; async run(status: TaskStatus) { this.status.started(); } }`,
      errors: [{ messageId: 'startedNeverCalled', line: 2 }],
    },
    {
      // A nested function that shadows the name is checked on its own, and does not count for the outer one.
      code: `${imports}async function outer(status: TaskStatus) {\n  async function inner(status: TaskStatus) { status.started(); }\n  await inner(TASK_STATUS_IGNORED);\n}`,
      errors: [{ messageId: 'startedNeverCalled', line: 2 }],
    },
    {
      code: `${imports}async function outer() {\n  const inner = async (status: TaskStatus) => { await sleep(1); };\n  await inner(TASK_STATUS_IGNORED);\n}`,
      errors: [{ messageId: 'startedNeverCalled', line: 3 }],
    },
    {
      // Inline to tg.start: no status parameter at all, or one that is never used.
      code: `${imports}await createTaskGroup(async (tg) => {\n  await tg.start(async () => { await sleep(1); });\n  await tg.start(async (port: number, status) => { await listen(port); }, 80);\n});`,
      errors: [{ messageId: 'startedNeverCalled', line: 3 }, { messageId: 'startedNeverCalled', line: 4 }],
    },
    {
      // Passed by name, declared as a function or a const.
      code: `${imports}async function listen(port: number, status: { started(): void }) { await sleep(port); }\nconst idle = async () => {};\nawait createTaskGroup(async (tg) => { await tg.start(listen, 80); await tg.start(idle); });`,
      errors: [{ messageId: 'startedNeverCalled', line: 2 }, { messageId: 'startedNeverCalled', line: 3 }],
    },
    {
      // The status comes after the arguments: calling a different parameter's `started` does not count.
      code: `${imports}await createTaskGroup(async (tg) => { await tg.start(async (other: TaskStatus, status) => { other.started(); }, TASK_STATUS_IGNORED); });`,
      errors: [{ messageId: 'startedNeverCalled', line: 2 }],
    },
    {
      // Destructuring without `started`; a namespace import of the type; a method.
      code: "import * as corral from 'corral';\nasync function a({ toString }: corral.TaskStatus) { await corral.sleep(1); }\nconst o = { async run(s: corral.TaskStatus<string>) { await corral.sleep(1); } };",
      errors: [{ messageId: 'startedNeverCalled', line: 2 }, { messageId: 'startedNeverCalled', line: 3 }],
    },
    {
      // Optional call on a task group, and a stub passed to tg.start still fails there.
      code: `${imports}await createTaskGroup(async (tg) => { await tg?.start(async function named() {}); });`,
      errors: [{ messageId: 'startedNeverCalled', line: 2 }],
    },
  ],
});
