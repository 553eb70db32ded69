import rule from '../../rules/src/rules/prefer-signal.ts';
import { ruleTester, typedRuleTester } from './ruleTester.ts';

ruleTester.run('prefer-signal', rule, {
  valid: [
    // A signal passed, in a literal or a spread.
    "import { moveOnAfter, currentSignal } from 'corral';\nawait moveOnAfter(100, async () => { await fetch('/a', { signal: currentSignal() }); });",
    "import { moveOnAfter } from 'corral';\nawait moveOnAfter(100, async (scope) => { const signal = scope.signal; await fetch('/a', { method: 'GET', signal }); });",
    "import { failAfter } from 'corral';\ndeclare const init: RequestInit;\nawait failAfter(100, async () => { await fetch('/a', { ...init }); });",
    // Without types, an options value that is not a literal is given the benefit of the doubt.
    "import { failAfter } from 'corral';\ndeclare const init: RequestInit;\nawait failAfter(100, async () => { await fetch('/a', init); });",
    // Outside any cancel scope, inside `shield` (its signal never aborts), in files not using Corral.
    "import { sleep } from 'corral';\nawait fetch('/a'); void sleep;",
    "import { moveOnAfter, shield } from 'corral';\nawait moveOnAfter(100, async () => { await shield(async () => { await fetch('/close'); }); });",
    "import { CancelScope } from 'corral';\nawait new CancelScope({ shield: true }).run(async () => { await fetch('/close'); });",
    "await Promise.resolve(async () => { await fetch('/a'); });",
    // A user's own fetch, setTimeout, once; the callback `setTimeout` of `timers`.
    "import { moveOnAfter } from 'corral';\nconst fetch = async (_u: string) => 1;\nawait moveOnAfter(1, async () => { await fetch('/a'); });",
    "import { moveOnAfter } from 'corral';\nimport { setTimeout } from './timers';\nawait moveOnAfter(1, async () => { await setTimeout(5); });",
    "import { moveOnAfter } from 'corral';\nimport { setTimeout } from 'node:timers';\nawait moveOnAfter(1, async () => { setTimeout(() => {}, 5); });",
    // Spread arguments: the options position is unknown.
    "import { moveOnAfter } from 'corral';\ndeclare const args: [string];\nawait moveOnAfter(1, async () => { await fetch(...args); });",
    // Odd syntax.
    "import { moveOnAfter } from 'corral';\nawait moveOnAfter(1, async function* () {} as never); label: { break label; }",
  ],
  invalid: [
    {
      code: "import { moveOnAfter } from 'corral';\nawait moveOnAfter(1000, async () => {\n  await fetch('/slow');\n});",
      errors: [{
        messageId: 'missingSignal',
        line: 3,
        suggestions: [{ messageId: 'addSignal', output: "import { moveOnAfter, currentSignal } from 'corral';\nawait moveOnAfter(1000, async () => {\n  await fetch('/slow', { signal: currentSignal() });\n});" }],
      }],
    },
    {
      // Options without a signal (an empty literal too); an existing import reused.
      code: "import { failAfter, currentSignal as sig } from 'corral';\nawait failAfter(1, async () => {\n  await fetch('/a', { method: 'POST', });\n  await fetch('/b', {});\n});",
      errors: [
        { messageId: 'missingSignal', line: 3, suggestions: [{ messageId: 'addSignal', output: "import { failAfter, currentSignal as sig } from 'corral';\nawait failAfter(1, async () => {\n  await fetch('/a', { method: 'POST', signal: sig(), });\n  await fetch('/b', {});\n});" }] },
        { messageId: 'missingSignal', line: 4, suggestions: [{ messageId: 'addSignal', output: "import { failAfter, currentSignal as sig } from 'corral';\nawait failAfter(1, async () => {\n  await fetch('/a', { method: 'POST', });\n  await fetch('/b', { signal: sig() });\n});" }] },
      ],
    },
    {
      // `timers/promises` setTimeout (its value argument filled in), `events.once`, `pipeline`.
      code: [
        "import * as corral from 'corral';",
        "import { setTimeout as delay } from 'node:timers/promises';",
        "import events from 'node:events';",
        "import { pipeline } from 'stream/promises';",
        'declare const a: NodeJS.ReadableStream, b: NodeJS.WritableStream;',
        'await corral.createTaskGroup(async (tg) => {',
        '  tg.startSoon(async () => { await delay(10); });',
        "  await events.once(process, 'exit');",
        '  await pipeline(a, b);',
        '});',
      ].join('\n'),
      errors: [
        { messageId: 'missingSignal', line: 7, suggestions: [{ messageId: 'addSignal', output: "import * as corral from 'corral';\nimport { setTimeout as delay } from 'node:timers/promises';\nimport events from 'node:events';\nimport { pipeline } from 'stream/promises';\ndeclare const a: NodeJS.ReadableStream, b: NodeJS.WritableStream;\nawait corral.createTaskGroup(async (tg) => {\n  tg.startSoon(async () => { await delay(10, undefined, { signal: corral.currentSignal() }); });\n  await events.once(process, 'exit');\n  await pipeline(a, b);\n});" }] },
        { messageId: 'missingSignal', line: 8, suggestions: [{ messageId: 'addSignal', output: "import * as corral from 'corral';\nimport { setTimeout as delay } from 'node:timers/promises';\nimport events from 'node:events';\nimport { pipeline } from 'stream/promises';\ndeclare const a: NodeJS.ReadableStream, b: NodeJS.WritableStream;\nawait corral.createTaskGroup(async (tg) => {\n  tg.startSoon(async () => { await delay(10); });\n  await events.once(process, 'exit', { signal: corral.currentSignal() });\n  await pipeline(a, b);\n});" }] },
        { messageId: 'missingSignal', line: 9, suggestions: [{ messageId: 'addSignal', output: "import * as corral from 'corral';\nimport { setTimeout as delay } from 'node:timers/promises';\nimport events from 'node:events';\nimport { pipeline } from 'stream/promises';\ndeclare const a: NodeJS.ReadableStream, b: NodeJS.WritableStream;\nawait corral.createTaskGroup(async (tg) => {\n  tg.startSoon(async () => { await delay(10); });\n  await events.once(process, 'exit');\n  await pipeline(a, b, { signal: corral.currentSignal() });\n});" }] },
      ],
    },
    {
      // `EventEmitter.once`, inside a `CancelScope.run` body held in a const, nested in a callback.
      code: "import { CancelScope } from 'corral';\nimport { EventEmitter } from 'events';\nconst scope = new CancelScope();\nawait scope.run(async () => {\n  await Promise.all([1].map(async () => EventEmitter.once(new EventEmitter(), 'x')));\n});",
      errors: [{ messageId: 'missingSignal', line: 5, suggestions: [{ messageId: 'addSignal', output: "import { CancelScope, currentSignal } from 'corral';\nimport { EventEmitter } from 'events';\nconst scope = new CancelScope();\nawait scope.run(async () => {\n  await Promise.all([1].map(async () => EventEmitter.once(new EventEmitter(), 'x', { signal: currentSignal() })));\n});" }] }],
    },
  ],
});

// With types, an options variable whose type has no `signal` is reported, and fixed by a spread.
typedRuleTester.run('prefer-signal (type-checked)', rule, {
  valid: [
    "import { moveOnAfter } from 'corral';\ndeclare const init: { signal: AbortSignal };\nawait moveOnAfter(1, async () => { await fetch('/a', init); });",
    "import { moveOnAfter } from 'corral';\ndeclare const init: RequestInit;\nawait moveOnAfter(1, async () => { await fetch('/a', init); });",
  ],
  invalid: [
    {
      code: "import { moveOnAfter } from 'corral';\nconst init = { method: 'POST' };\nawait moveOnAfter(1, async () => { await fetch('/a', init); });",
      errors: [{ messageId: 'missingSignal', line: 3, suggestions: [{ messageId: 'addSignal', output: "import { moveOnAfter, currentSignal } from 'corral';\nconst init = { method: 'POST' };\nawait moveOnAfter(1, async () => { await fetch('/a', { ...init, signal: currentSignal() }); });" }] }],
    },
  ],
});
