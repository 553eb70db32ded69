import rule from '../../rules/src/rules/prefer-monotonic-deadline.ts';
import { oddSyntax } from './oddSyntax.ts';
import { ruleTester } from './ruleTester.ts';

const imports = "import { CancelScope, currentTime, failAt, moveOnAt, sleepUntil } from 'corral';\n";
const body = 'async () => { await work(); }';

ruleTester.run('prefer-monotonic-deadline', rule, {
  valid: [
    // Unusual syntax around correct corral code: no crash, no report.
    oddSyntax,
    `${imports}await moveOnAt(currentTime() + 5000, ${body});`,
    `${imports}await failAt(deadline, ${body});`,
    `${imports}await sleepUntil(currentTime() + 10);`,
    `${imports}new CancelScope({ deadline: currentTime() + 1000 });`,
    `${imports}new CancelScope({ shield: true });`,
    // The wall clock used for something else than a deadline.
    `${imports}const started = Date.now(); await moveOnAt(currentTime() + 5000, ${body}); log(Date.now() - started);`,
    `${imports}await moveOnAt(currentTime() + 5000, async () => { log(Date.now()); });`,
    // Relative timeouts are not deadlines.
    `${imports}import { moveOnAfter } from 'corral'; await moveOnAfter(Date.now() % 1000, ${body});`,
    // A let may change: not followed.
    `${imports}let deadline = Date.now() + 5000; deadline = currentTime() + 5000; await moveOnAt(deadline, ${body});`,
    // Not corral's functions, not the global Date.
    `async function moveOnAt(d: number, f: () => Promise<void>) {} await moveOnAt(Date.now() + 5, ${body});`,
    "import { moveOnAt } from 'other'; await moveOnAt(Date.now() + 5, async () => {});",
    `${imports}class Date { static now() { return 0; } } await moveOnAt(Date.now() + 5, ${body});`,
    `${imports}new CancelScope({ [key]: Date.now() });`,
    `${imports}new CancelScope(options);`,
    // Assigning a deadline: monotonic, relative (+=), or on something that is not a scope.
    `${imports}const scope = new CancelScope(); scope.deadline = currentTime() + 10; scope.deadline += 1000;`,
    `${imports}const job = { deadline: 0 }; job.deadline = Date.now() + 10;`,
    `${imports}async function f(scope: { deadline: number }) { scope.deadline = Date.now(); }`,
    `${imports}await moveOnAt(currentTime() + 5, async (scope, other = { deadline: 0 }) => { other.deadline = Date.now(); });`,
    // Odd syntax.
    `${imports}await moveOnAt(...args);`,
    `${imports}await moveOnAt(currentTime() + 5, async function* () { yield Date.now(); } as never);`,
  ],
  invalid: [
    {
      code: `${imports}await moveOnAt(Date.now() + 5000, ${body});`,
      output: `${imports}await moveOnAt(currentTime() + 5000, ${body});`,
      errors: [{ messageId: 'wallClockDeadline', line: 2 }],
    },
    {
      code: `${imports}await failAt(new Date().getTime() + 5000, ${body});`,
      output: `${imports}await failAt(currentTime() + 5000, ${body});`,
      errors: [{ messageId: 'wallClockDeadline', line: 2 }],
    },
    {
      code: `${imports}await sleepUntil(+new Date() + 10);`,
      output: `${imports}await sleepUntil(currentTime() + 10);`,
      errors: [{ messageId: 'wallClockDeadline', line: 2 }],
    },
    {
      code: `${imports}await sleepUntil(Number(new Date()) + 10);`,
      output: `${imports}await sleepUntil(currentTime() + 10);`,
      errors: [{ messageId: 'wallClockDeadline', line: 2 }],
    },
    {
      code: `${imports}await sleepUntil(new Date().valueOf() + 10);`,
      output: `${imports}await sleepUntil(currentTime() + 10);`,
      errors: [{ messageId: 'wallClockDeadline', line: 2 }],
    },
    {
      // `currentTime` is not imported yet: the fix adds it.
      code: "import { CancelScope } from 'corral';\nconst scope = new CancelScope({ deadline: Date.now() + 1000, shield: true });",
      output: "import { CancelScope, currentTime } from 'corral';\nconst scope = new CancelScope({ deadline: currentTime() + 1000, shield: true });",
      errors: [{ messageId: 'wallClockDeadline', line: 2 }],
    },
    {
      // Followed through const bindings (shorthand property included); reported once where it is computed.
      code: `${imports}const TIMEOUT = 5000;\nconst deadline = Date.now() + TIMEOUT;\nnew CancelScope({ deadline });\nawait moveOnAt(deadline, ${body});`,
      output: `${imports}const TIMEOUT = 5000;\nconst deadline = currentTime() + TIMEOUT;\nnew CancelScope({ deadline });\nawait moveOnAt(deadline, ${body});`,
      errors: [{ messageId: 'wallClockDeadline', line: 3 }],
    },
    {
      // An absolute wall-clock time cannot be turned into currentTime(): reported, not fixed.
      code: `${imports}await moveOnAt(new Date('2030-01-01').getTime(), ${body});\nawait sleepUntil(Date.parse(when));`,
      output: null,
      errors: [{ messageId: 'wallClockDeadline', line: 2 }, { messageId: 'wallClockDeadline', line: 3 }],
    },
    {
      code: `${imports}await sleepUntil(new Date() as unknown as number);`,
      output: null,
      errors: [{ messageId: 'wallClockDeadline', line: 2 }],
    },
    {
      // A live scope's deadline moved by assignment: a const scope, a block's scope, a run scope, a group's scope.
      code: `${imports}import { createTaskGroup, moveOnAfter } from 'corral';\nconst scope = new CancelScope();\nscope.deadline = Date.now() + 10;\nawait moveOnAfter(10, async (s) => {\n  s.deadline = Date.now() + 20;\n});\nawait new CancelScope().run(async (r) => { r['deadline'] = Date.now(); });\nawait createTaskGroup(async (tg) => { tg.cancelScope.deadline = Date.now() + 1; });`,
      output: `${imports}import { createTaskGroup, moveOnAfter } from 'corral';\nconst scope = new CancelScope();\nscope.deadline = currentTime() + 10;\nawait moveOnAfter(10, async (s) => {\n  s.deadline = currentTime() + 20;\n});\nawait new CancelScope().run(async (r) => { r['deadline'] = currentTime(); });\nawait createTaskGroup(async (tg) => { tg.cancelScope.deadline = currentTime() + 1; });`,
      errors: [
        { messageId: 'wallClockDeadline', line: 4 },
        { messageId: 'wallClockDeadline', line: 6 },
        { messageId: 'wallClockDeadline', line: 8 },
        { messageId: 'wallClockDeadline', line: 9 },
      ],
    },
    {
      code: "import * as corral from 'corral';\nawait corral.moveOnAt(Date?.now() + 1, async () => {});",
      output: "import * as corral from 'corral';\nawait corral.moveOnAt(corral.currentTime() + 1, async () => {});",
      errors: [{ messageId: 'wallClockDeadline', line: 2 }],
    },
    {
      code: "const { failAt: at } = require('corral');\nawait at(Date['now']() + 1, async () => {});",
      output: "const { failAt: at, currentTime } = require('corral');\nawait at(currentTime() + 1, async () => {});",
      errors: [{ messageId: 'wallClockDeadline', line: 2 }],
    },
  ],
});
