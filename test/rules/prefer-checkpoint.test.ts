import rule from '../../rules/src/rules/prefer-checkpoint.ts';
import { ruleTester } from './ruleTester.ts';

ruleTester.run('prefer-checkpoint', rule, {
  valid: [
    "import { sleep } from 'corral'; await sleep(1);",
    "import { checkpoint } from 'corral'; await checkpoint();",
    // A user's own sleep is not the runtime's.
    'const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms)); await sleep(0);',
    "import { sleep } from './timers'; await sleep(0);",
  ],
  invalid: [
    {
      code: "import { sleep } from 'corral';\nawait sleep(0);",
      output: "import { sleep, checkpoint } from 'corral';\nawait checkpoint();",
      errors: [{ messageId: 'preferCheckpoint', line: 2 }],
    },
    {
      code: "import { sleep as nap, checkpoint as cp } from 'corral';\nawait nap(0);",
      output: "import { sleep as nap, checkpoint as cp } from 'corral';\nawait cp();",
      errors: [{ messageId: 'preferCheckpoint', line: 2 }],
    },
    {
      code: "import * as corral from 'corral';\nawait corral.sleep(0);",
      output: "import * as corral from 'corral';\nawait corral.checkpoint();",
      errors: [{ messageId: 'preferCheckpoint', line: 2 }],
    },
  ],
});
