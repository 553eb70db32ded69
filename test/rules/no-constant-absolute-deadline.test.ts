import rule from '../../rules/src/rules/no-constant-absolute-deadline.ts';
import { oddSyntax } from './oddSyntax.ts';
import { ruleTester } from './ruleTester.ts';

const IMPORT = "import { moveOnAt, failAt, sleepUntil, CancelScope, currentTime } from 'corral';";

/** A report on `value` in `code`, whose one suggestion gives `output`. */
function constant(line: number, api: string, value: string, relative: string, messageId: 'useRelative' | 'addCurrentTime', output: string) {
  const data = messageId === 'useRelative' ? { relative } : { value };
  return {
    messageId: 'constantDeadline' as const,
    line,
    data: { api, value, relative: messageId === 'useRelative' ? `\`${relative}\`` : '`currentTime() + …`' },
    suggestions: [{ messageId, data, output }],
  };
}

/** flake8-async's ASYNC125 situations (tests/eval_files/async125.py), transcribed: `trio.fail_at(5)` is `failAt(5, body)`. */
function at(statement: string): string {
  return `${IMPORT}\n${statement}`;
}

ruleTester.run('no-constant-absolute-deadline', rule, {
  valid: [
    // ASYNC125: the `…After` forms take durations.
    "import { failAfter, moveOnAfter } from 'corral';\nawait failAfter(5, body);\nawait moveOnAfter(2.3, body);",
    // ASYNC125: deadlines computed from the clock.
    at('await failAt(currentTime(), body);'),
    at('await failAt(currentTime() + 7, body);'),
    at('const deadline = currentTime() + 1_000;\nawait moveOnAt(deadline, body);\nawait sleepUntil(deadline);'),
    at('new CancelScope({ deadline: currentTime() + 7 });'),
    at('new CancelScope({ shield: true });'),
    // No deadline, and one already past on purpose.
    at('await moveOnAt(Infinity, body);\nnew CancelScope({ deadline: Number.POSITIVE_INFINITY });\nawait failAt(-Infinity, body);'),
    // A value that is not constant, or a function that is not corral's.
    at('await moveOnAt(deadlineOf(job), body);\nlet later = 5;\nawait moveOnAt(later, body);'),
    "import { moveOnAfter } from 'corral';\nconst moveOnAt = (t: number, f: () => void) => f();\nmoveOnAt(5, () => {});",
    "import { moveOnAt } from './timers';\nawait moveOnAt(5_000, body);",
    { code: oddSyntax, name: 'odd syntax' },
  ],
  invalid: [
    // ASYNC125's own situations.
    {
      code: at('await failAt(5, body);'),
      errors: [constant(2, 'failAt', '5', 'failAfter', 'useRelative', at('await failAfter(5, body);').replace(' } from', ', failAfter } from'))],
    },
    {
      code: at('await moveOnAt(10 ** 3, body);'),
      errors: [constant(2, 'moveOnAt', '10 ** 3', 'moveOnAfter', 'useRelative', at('await moveOnAfter(10 ** 3, body);').replace(' } from', ', moveOnAfter } from'))],
    },
    {
      code: at('await failAt(7 * 3 + 2 / 5 - 8 ** 7, body);'),
      errors: [constant(2, 'failAt', '7 * 3 + 2 / 5 - 8 ** 7', 'failAfter', 'useRelative', at('await failAfter(7 * 3 + 2 / 5 - 8 ** 7, body);').replace(' } from', ', failAfter } from'))],
    },
    {
      code: at('new CancelScope({ deadline: 7 });'),
      errors: [constant(2, 'CancelScope', '7', '', 'addCurrentTime', at('new CancelScope({ deadline: currentTime() + 7 });'))],
    },
    {
      code: at('new CancelScope({ shield: true, deadline: 7 * 3 });'),
      errors: [constant(2, 'CancelScope', '7 * 3', '', 'addCurrentTime', at('new CancelScope({ shield: true, deadline: currentTime() + (7 * 3) });'))],
    },
    {
      // Beyond ASYNC125, which leaves named constants alone: a `const` is as constant as its literal.
      code: at('const TIMEOUT = 5_000;\nawait moveOnAt(TIMEOUT, body);'),
      errors: [constant(3, 'moveOnAt', 'TIMEOUT', 'moveOnAfter', 'useRelative', at('const TIMEOUT = 5_000;\nawait moveOnAfter(TIMEOUT, body);').replace(' } from', ', moveOnAfter } from'))],
    },
    {
      code: at('await sleepUntil(1_000);'),
      errors: [constant(2, 'sleepUntil', '1_000', 'sleep', 'useRelative', at('await sleep(1_000);').replace(' } from', ', sleep } from'))],
    },
    {
      // The relative name already imported is reused; a namespace import is reached through.
      code: "import { moveOnAt, moveOnAfter } from 'corral';\nawait moveOnAt(0, body);",
      errors: [constant(2, 'moveOnAt', '0', 'moveOnAfter', 'useRelative', "import { moveOnAt, moveOnAfter } from 'corral';\nawait moveOnAfter(0, body);")],
    },
    {
      code: "import * as corral from 'corral';\nawait corral.failAt(30_000, body);\nnew corral.CancelScope({ deadline: -5 });",
      errors: [
        constant(2, 'failAt', '30_000', 'failAfter', 'useRelative', "import * as corral from 'corral';\nawait corral.failAfter(30_000, body);\nnew corral.CancelScope({ deadline: -5 });"),
        constant(3, 'CancelScope', '-5', '', 'addCurrentTime', "import * as corral from 'corral';\nawait corral.failAt(30_000, body);\nnew corral.CancelScope({ deadline: corral.currentTime() + (-5) });"),
      ],
    },
  ],
});
