import rule from '../../rules/src/rules/no-busy-wait.ts';
import { oddSyntax } from './oddSyntax.ts';
import { ruleTester } from './ruleTester.ts';

const IMPORT = "import { sleep, sleepUntil, checkpoint, Event } from 'corral';";

/** `body` inside an async function, after the import: line 3 is the body's first line. */
function inAsync(body: string): string {
  return `${IMPORT}\nasync function f() {\n${body}\n}`;
}

ruleTester.run('no-busy-wait', rule, {
  valid: [
    inAsync('  await ready.wait();'),
    // More than the wait in the body: the loop does work between sleeps.
    inAsync('  while (!done) {\n    await sleep(10);\n    await sleep(10);\n  }'),
    inAsync('  while (!done) {\n    poll();\n    await sleep(10);\n  }'),
    inAsync('  while (!done) {\n    await sleep(10);\n    await sleepUntil(next);\n  }'),
    inAsync('  while (!done) {\n    if (late) await sleep(10);\n  }'),
    inAsync('  while (!done) {\n    const tick = async () => { await sleep(10); };\n  }'),
    // Sleeping in the condition, with an empty body, is not this pattern.
    inAsync('  while (await sleep(10)) {}'),
    // `for` loops iterate over something; `while (true)` waits for no condition.
    inAsync('  for (const job of jobs) await sleep(10);'),
    inAsync('  for await (const job of queue) await sleep(10);'),
    inAsync('  while (true) {\n    await sleep(1_000);\n  }'),
    // Not corral's sleep.
    inAsync('  const nap = async (ms: number) => {};\n  while (!done) await nap(10);'),
    "import { sleep } from './timers';\nwhile (!done) { await sleep(10); }",
    "import * as timers from 'node:timers/promises';\nimport { Event } from 'corral';\nwhile (!done) { await timers.setTimeout(10); }",
    inAsync('  while (!done) await sleepy(10);'),
    'while (!done) { await sleep(10); }',
    { code: oddSyntax, name: 'odd syntax' },
  ],
  invalid: [
    { code: inAsync('  while (!done) {\n    await sleep(10);\n  }'), errors: [{ messageId: 'busyWait', line: 3, data: { wait: 'sleep' } }] },
    { code: inAsync('  while (queue.size === 0) await sleepUntil(next);'), errors: [{ messageId: 'busyWait', line: 3, data: { wait: 'sleepUntil' } }] },
    { code: inAsync('  while (!flag) await checkpoint();'), errors: [{ messageId: 'busyWait', line: 3, data: { wait: 'checkpoint' } }] },
    { code: inAsync('  do {\n    await sleep(10);\n  } while (!done);'), errors: [{ messageId: 'busyWait', line: 3, data: { wait: 'sleep' } }] },
    {
      // Nested: only the inner loop polls.
      code: inAsync('  while (running) {\n    while (!ready) {\n      await sleep(10);\n    }\n    await sleep(10);\n  }'),
      errors: [{ messageId: 'busyWait', line: 4, data: { wait: 'sleep' } }],
    },
    {
      code: inAsync('  while (running) {\n    while (!ready) await sleep(10);\n  }'),
      errors: [{ messageId: 'busyWait', line: 4, data: { wait: 'sleep' } }],
    },
    { code: "import { sleep as nap } from 'corral';\nwhile (!done) await nap(10);", errors: [{ messageId: 'busyWait', line: 2, data: { wait: 'sleep' } }] },
    { code: "import * as corral from 'corral';\nwhile (!done) { await corral.sleep?.(10); }", errors: [{ messageId: 'busyWait', line: 2, data: { wait: 'sleep' } }] },
    { code: "const { sleep } = require('corral');\nwhile (!done) await sleep(10);", errors: [{ messageId: 'busyWait', line: 2, data: { wait: 'sleep' } }] },
    { code: "import { sleep } from 'corral';\nwait: while (pending()) { await sleep(5); }", errors: [{ messageId: 'busyWait', line: 2, data: { wait: 'sleep' } }] },
  ],
});
