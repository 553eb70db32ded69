import rule from '../../rules/src/rules/no-useless-task-group.ts';
import { oddSyntax } from './oddSyntax.ts';
import { ruleTester } from './ruleTester.ts';

const imports = "import { createTaskGroup } from 'corral';\n";

/** The odd-syntax file's one task group starts a single task: the only report on that file. */
const oddGroup = 'createTaskGroup(async (group) => { group.startSoon(async () => {}); })';
const oddGroupLine = oddSyntax.split('\n').findIndex((line) => line.includes(oddGroup)) + 1;

ruleTester.run('no-useless-task-group', rule, {
  valid: [
    // The task is a promise (no-promise-as-task reports it): "call the function directly" would be wrong advice.
    "import { createTaskGroup } from 'corral';\nasync function fetchUser(id: number) { return id; }\nawait createTaskGroup(async (tg) => { tg.startSoon(fetchUser(1)); });",
    // More than one statement, or more than one task.
    `${imports}await createTaskGroup(async (tg) => { tg.startSoon(a); tg.startSoon(b); });`,
    `${imports}await createTaskGroup(async (tg) => { tg.startSoon(a); await other(); });`,
    `${imports}await createTaskGroup(async (tg) => { log('start'); tg.startSoon(a); });`,
    `${imports}await createTaskGroup(async (tg) => { for (const x of xs) tg.startSoon(work, x); });`,
    // The group is passed to the task: it may start more.
    `${imports}await createTaskGroup(async (tg) => { tg.startSoon(serve, tg); });`,
    `${imports}await createTaskGroup(async (tg) => { tg.startSoon(serve, { group: tg }); });`,
    `${imports}await createTaskGroup(async (tg) => { tg.startSoon(async () => { tg.startSoon(b); }); });`,
    `${imports}await createTaskGroup(async (tg) => { tg.startSoon(() => tg.cancelScope.cancel()); });`,
    `${imports}await createTaskGroup(async (tg) => { tg.startSoon(serve.bind(null, tg)); });`,
    // Not a start call on this group.
    `${imports}await createTaskGroup(async (tg) => { other.startSoon(a); });`,
    `${imports}await createTaskGroup(async (tg) => { tg.startNever(a); });`,
    `${imports}await createTaskGroup(async (tg) => { tg.cancelScope.cancel(); });`,
    `${imports}await createTaskGroup(async (outer) => { await createTaskGroup(async (inner) => { outer.startSoon(a); inner.startSoon(b); }); });`,
    // Empty groups and groups without a parameter are not this rule's business.
    `${imports}await createTaskGroup(async () => {});`,
    `${imports}await createTaskGroup(async () => { await work(); });`,
    // Not corral's createTaskGroup.
    "import { createTaskGroup } from './groups'; await createTaskGroup(async (tg) => { tg.startSoon(a); });",
    'async function createTaskGroup(f: (tg: any) => Promise<void>) {} await createTaskGroup(async (tg) => { tg.startSoon(a); });',
    // Destructured group, odd syntax.
    `${imports}await createTaskGroup(async ({ startSoon }) => { startSoon(a); });`,
    `${imports}await createTaskGroup(body);`,
    `${imports}await createTaskGroup(async function* (tg) { yield tg; } as never);`,
  ],
  invalid: [
    {
      // Unusual syntax around it must not crash the rule or add reports.
      code: oddSyntax,
      errors: [{
        messageId: 'uselessTaskGroup',
        line: oddGroupLine,
        suggestions: [{ messageId: 'suggestDirectCall', output: oddSyntax.replace(oddGroup, '(async () => {})()') }],
      }],
    },
    {
      code: `${imports}await createTaskGroup(async (tg) => {\n  tg.startSoon(serve, port);\n});`,
      errors: [{
        messageId: 'uselessTaskGroup',
        line: 2,
        suggestions: [{ messageId: 'suggestDirectCall', output: `${imports}await serve(port);` }],
      }],
    },
    {
      // `start` gets TASK_STATUS_IGNORED for the status it would have passed; the import is added.
      code: `${imports}async function main() {\n  await createTaskGroup(async (nursery) => { await nursery.start(listen, 80, 'h'); });\n}`,
      errors: [{
        messageId: 'uselessTaskGroup',
        line: 3,
        suggestions: [{ messageId: 'suggestDirectCall', output: "import { createTaskGroup, TASK_STATUS_IGNORED } from 'corral';\nasync function main() {\n  await listen(80, 'h', TASK_STATUS_IGNORED);\n}" }],
      }],
    },
    {
      // Expression body, options object, inline task function.
      code: `${imports}const result = await createTaskGroup((tg) => tg.startSoon({ name: 'worker' }, async () => { await work(); }));`,
      errors: [{
        messageId: 'uselessTaskGroup',
        line: 2,
        suggestions: [{ messageId: 'suggestDirectCall', output: `${imports}const result = await (async () => { await work(); })();` }],
      }],
    },
    {
      // `return` of the start, a spread argument, a comment kept.
      code: `${imports}await createTaskGroup(async (tg) => {\n  // the only job\n  return tg.start(job, ...args);\n});`,
      errors: [{
        messageId: 'uselessTaskGroup',
        line: 2,
        suggestions: [{ messageId: 'suggestDirectCall', output: "import { createTaskGroup, TASK_STATUS_IGNORED } from 'corral';\nawait /* the only job */ job(...args, TASK_STATUS_IGNORED);" }],
      }],
    },
    {
      // A lambda parameter shadowing the group is not the group.
      code: `${imports}await createTaskGroup(async (tg) => { tg.startSoon((tg: number) => tg + 1); });`,
      errors: [{
        messageId: 'uselessTaskGroup',
        line: 2,
        suggestions: [{ messageId: 'suggestDirectCall', output: `${imports}await ((tg: number) => tg + 1)();` }],
      }],
    },
    {
      // Nested groups: only the inner one is useless.
      code: `${imports}await createTaskGroup(async (outer) => {\n  outer.startSoon(a);\n  await createTaskGroup(async (inner) => { inner.startSoon(this.b); });\n});`,
      errors: [{
        messageId: 'uselessTaskGroup',
        line: 4,
        suggestions: [{ messageId: 'suggestDirectCall', output: `${imports}await createTaskGroup(async (outer) => {\n  outer.startSoon(a);\n  await this.b();\n});` }],
      }],
    },
    {
      // Namespace import, optional call, no task function given: reported without a suggestion.
      code: "import * as corral from 'corral';\nawait corral.createTaskGroup(async (tg) => { tg?.startSoon(); });",
      errors: [{ messageId: 'uselessTaskGroup', line: 2, suggestions: [] }],
    },
  ],
});
