import rule from '../../rules/src/rules/prefer-sleep-forever.ts';
import { oddSyntax } from './oddSyntax.ts';
import { ruleTester } from './ruleTester.ts';

const imports = "import { sleep, sleepUntil } from 'corral';\n";
const DAY = 24 * 60 * 60 * 1000;

ruleTester.run('prefer-sleep-forever', rule, {
  valid: [
    // Unusual syntax around correct corral code: no crash, no report.
    oddSyntax,
    `${imports}await sleep(1000);`,
    `${imports}await sleep(${DAY - 1});`,
    `${imports}await sleep(23 * 60 * 60 * 1000);`,
    `${imports}await sleep(0);`,
    `${imports}await sleep(-1);`,
    `${imports}await sleepUntil(${DAY * 10});`,
    // Not visible statically.
    `${imports}await sleep(delay);`,
    `${imports}await sleep(DAY + delay());`,
    `${imports}let forever = Infinity; await sleep(forever);`,
    `${imports}await sleep('forever' as never);`,
    // Not corral's sleep.
    'const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms)); await sleep(Infinity);',
    "import { sleep } from './timers'; await sleep(Infinity);",
    `${imports}const Infinity = 10; await sleep(Infinity);`,
    // A method called sleep on something else.
    `${imports}await worker.sleep(Infinity);`,
    // Odd syntax.
    `${imports}class A { @dec() async m() { await sleep?.(10); } }`,
    `${imports}async function* g() { for await (const x of y) yield sleep(1); }`,
  ],
  invalid: [
    {
      code: `${imports}await sleep(Infinity);`,
      errors: [{
        messageId: 'preferSleepForever',
        line: 2,
        suggestions: [{ messageId: 'suggestSleepForever', output: "import { sleep, sleepUntil, sleepForever } from 'corral';\nawait sleepForever();" }],
      }],
    },
    ...['Number.POSITIVE_INFINITY', '1e999', String(DAY), '24 * 60 * 60 * 1000', '1000 * 60 * 60 * 24 * 365', '86_400_000 + 1'].map((duration) => ({
      code: `${imports}await sleep(${duration});`,
      errors: [{
        messageId: 'preferSleepForever' as const,
        line: 2,
        suggestions: [{ messageId: 'suggestSleepForever' as const, output: "import { sleep, sleepUntil, sleepForever } from 'corral';\nawait sleepForever();" }],
      }],
    })),
    {
      // A named constant; the existing local name of sleepForever is reused.
      code: "import { sleep, sleepForever as idle } from 'corral';\nconst HOUR = 60 * 60 * 1000;\nconst WEEK = 7 * 24 * HOUR;\nasync function park() {\n  await sleep(WEEK);\n}",
      errors: [{
        messageId: 'preferSleepForever',
        line: 5,
        suggestions: [{ messageId: 'suggestSleepForever', output: "import { sleep, sleepForever as idle } from 'corral';\nconst HOUR = 60 * 60 * 1000;\nconst WEEK = 7 * 24 * HOUR;\nasync function park() {\n  await idle();\n}" }],
      }],
    },
    {
      code: `${imports}await sleepUntil(Infinity);`,
      errors: [{
        messageId: 'preferSleepForever',
        line: 2,
        suggestions: [{ messageId: 'suggestSleepForever', output: "import { sleep, sleepUntil, sleepForever } from 'corral';\nawait sleepForever();" }],
      }],
    },
    {
      // Namespace import; not awaited and not in an async function: still flagged.
      code: "import * as corral from 'corral';\nconst p = corral.sleep(Infinity);",
      errors: [{
        messageId: 'preferSleepForever',
        line: 2,
        suggestions: [{ messageId: 'suggestSleepForever', output: "import * as corral from 'corral';\nconst p = corral.sleepForever();" }],
      }],
    },
    {
      // Comments inside the call are kept.
      code: `${imports}await sleep(Infinity /* until shutdown */);`,
      errors: [{
        messageId: 'preferSleepForever',
        line: 2,
        suggestions: [{ messageId: 'suggestSleepForever', output: "import { sleep, sleepUntil, sleepForever } from 'corral';\nawait sleepForever(/* until shutdown */);" }],
      }],
    },
    {
      code: `${imports}await sleep(\n  Infinity, // until shutdown\n);`,
      errors: [{
        messageId: 'preferSleepForever',
        line: 2,
        suggestions: [{ messageId: 'suggestSleepForever', output: "import { sleep, sleepUntil, sleepForever } from 'corral';\nawait sleepForever(/* until shutdown */);" }],
      }],
    },
    {
      code: "const { sleep: nap } = require('corral');\nasync function f() { await nap(Infinity); }",
      errors: [{
        messageId: 'preferSleepForever',
        line: 2,
        suggestions: [{ messageId: 'suggestSleepForever', output: "const { sleep: nap, sleepForever } = require('corral');\nasync function f() { await sleepForever(); }" }],
      }],
    },
  ],
});
