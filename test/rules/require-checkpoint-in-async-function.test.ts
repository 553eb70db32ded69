import rule from '../../rules/src/rules/require-checkpoint-in-async-function.ts';
import { oddSyntax } from './oddSyntax.ts';
import { ruleTester } from './ruleTester.ts';

const IMPORT = "import { checkpoint, createTaskGroup, currentTime, moveOnAfter, sleep } from 'corral';";

/**
 * flake8-async's ASYNC910 situations (tests/eval_files/async910.py), transcribed: `await foo()` is
 * `await sleep(1)` (a checkpoint), `bar()` is `currentTime()` (a synchronous call of Corral's, which
 * makes the function one that uses Corral), `_` is `cond`. The function starts on line 2.
 */
function async910(body: string): string {
  return `${IMPORT}\nasync function f() {\n${body}\n}`;
}

/** The report at the function's end, whose suggestion adds `await checkpoint();` after `last` (the body's last line). */
function atEnd(code: string, last: string, indent = '  ') {
  return {
    messageId: 'endWithoutCheckpoint' as const,
    line: 2,
    suggestions: [{ messageId: 'addCheckpoint' as const, output: code.replace(`${last}\n}`, `${last}\n${indent}await checkpoint();\n}`) }],
  };
}

function atReturn(line: number, output: string) {
  return { messageId: 'returnWithoutCheckpoint' as const, line, suggestions: [{ messageId: 'addCheckpoint' as const, output }] };
}

const cases = {
  sync: async910('  currentTime();'),
  ifWithoutElse: async910('  if (cond) {\n    await sleep(1);\n  }'),
  ifExpShortCircuit: async910('  print(cond && await sleep(1) ? 1 : await sleep(2));'),
  whileMayNotRun: async910('  while (cond) {\n    await sleep(1);\n  }'),
  whileFalse: async910('  while (false) {\n    await sleep(1);\n  }'),
  forMayNotRun: async910('  for (const x of xs) {\n    await sleep(1);\n  }'),
  breakBeforeCheckpoint: async910('  for (const x of [1, 2]) {\n    if (cond) break;\n    await sleep(1);\n  }'),
  tryHandlerSwallows: async910('  try {\n    currentTime();\n    await sleep(1);\n  } catch {\n    currentTime();\n  }'),
  earlyReturn: async910('  if (cond) {\n    return;\n  }\n  await sleep(1);'),
  returnOnly: async910('  return currentTime() + 1;'),
  nestedLoops: async910('  try {\n    while (more()) {\n      try {\n        await sleep(1);\n      } catch {}\n    }\n  } catch {}\n  currentTime();'),
  nestedDeclaration: async910('  currentTime();\n  async function inner() {\n    await sleep(1);\n  }\n  register(inner);'),
};

ruleTester.run('require-checkpoint-in-async-function', rule, {
  valid: [
    // ASYNC910: a checkpoint on every path.
    async910('  await sleep(1);'),
    async910('  if (cond) {\n    await sleep(1);\n  } else {\n    await sleep(2);\n  }'),
    async910('  await sleep(1);\n  if (cond) {\n    currentTime();\n  }'),
    async910('  print(cond ? await sleep(1) : await sleep(2));'),
    async910('  if (await sleep(1)) {\n    currentTime();\n  }'),
    async910('  while (await more()) {\n    currentTime();\n  }'),
    async910('  for (const i of await sleep(1) ?? []) {\n    currentTime();\n  }'),
    async910('  for await (const x of source) {\n    currentTime();\n  }'),
    async910('  await using resource = open();\n  currentTime();'),
    // ASYNC910: raising needs no checkpoint.
    async910('  throw new Error(String(currentTime()));'),
    async910('  if (cond) {\n    await sleep(1);\n  } else {\n    throw new Error();\n  }'),
    // ASYNC910: `try` whose block or handlers all checkpoint or throw, or whose `finally` does.
    async910('  try {\n    currentTime();\n  } catch {\n    throw new Error();\n  } finally {\n    await sleep(1);\n  }'),
    async910('  try {\n    await sleep(1);\n  } catch (e) {\n    await sleep(1);\n  }'),
    async910('  try {\n    await sleep(1);\n  } finally {\n    currentTime();\n  }'),
    // ASYNC910: loops that run at least once, and ASYNC913's unbounded loop with a checkpoint.
    async910('  for (const i of [1, 2, 3]) {\n    await sleep(i);\n  }'),
    async910('  do {\n    currentTime();\n  } while (await more());'),
    async910('  while (true) {\n    if (cond) {\n      await sleep(0);\n      return;\n    }\n    await sleep(1);\n  }'),
    async910('  while (true) {\n    await sleep(1);\n    return;\n  }'),
    // ASYNC910: stubs, and functions in a function that are not async.
    async910(''),
    async910('  "a stub";\n  ;'),
    async910('  const parse = () => currentTime();\n  await sleep(parse());'),
    // Functions that do not use Corral, generators (ASYNC911's), sync functions, block bodies
    // (require-checkpoint-in-cancel-scope's, or run in place).
    `${IMPORT}\nasync function plain() { compute(); }`,
    `${IMPORT}\nasync function* lines() { currentTime(); yield 1; }`,
    `${IMPORT}\nfunction sync() { return currentTime(); }`,
    `${IMPORT}\nawait moveOnAfter(10, async () => { currentTime(); });\nawait createTaskGroup(async (tg) => { tg.startSoon(work); });`,
    // A returned promise: the caller waits for it (with type information, only a value typed as one).
    async910('  if (cond) return moveOnAfter(10, load);\n  await sleep(1);'),
    `${IMPORT}\nconst later = async () => sleep(1);`,
    `${IMPORT}\nasync function pass(id: number) { currentTime(); return fetchUser(id); }`,
    // Concise bodies that await.
    `${IMPORT}\nconst nap = async () => await sleep(1);`,
    'async function f() { compute(); }',
    { code: oddSyntax, name: 'odd syntax' },
  ],
  invalid: [
    { code: cases.sync, errors: [atEnd(cases.sync, '  currentTime();')] },
    { code: cases.ifWithoutElse, errors: [atEnd(cases.ifWithoutElse, '  }')] },
    { code: cases.ifExpShortCircuit, errors: [atEnd(cases.ifExpShortCircuit, '  print(cond && await sleep(1) ? 1 : await sleep(2));')] },
    { code: cases.whileMayNotRun, errors: [atEnd(cases.whileMayNotRun, '  }')] },
    { code: cases.whileFalse, errors: [atEnd(cases.whileFalse, '  }')] },
    { code: cases.forMayNotRun, errors: [atEnd(cases.forMayNotRun, '  }')] },
    { code: cases.breakBeforeCheckpoint, errors: [atEnd(cases.breakBeforeCheckpoint, '  }')] },
    // The handler may be entered before the block's checkpoint, and it swallows the error.
    { code: cases.tryHandlerSwallows, errors: [atEnd(cases.tryHandlerSwallows, '  }')] },
    {
      code: cases.earlyReturn,
      errors: [atReturn(4, cases.earlyReturn.replace('    return;', '    await checkpoint();\n    return;'))],
    },
    {
      code: cases.returnOnly,
      errors: [atReturn(3, cases.returnOnly.replace('  return currentTime() + 1;', '  await checkpoint();\n  return currentTime() + 1;'))],
    },
    // from flake8-async's tests (python-trio/flake8-async#226): loops and handlers nested in a `try`.
    { code: cases.nestedLoops, errors: [atEnd(cases.nestedLoops, '  currentTime();')] },
    // A checkpoint in a nested function is not the outer one's (the inner one is fine).
    { code: cases.nestedDeclaration, errors: [atEnd(cases.nestedDeclaration, '  register(inner);')] },
    {
      // An `if` without braces gets them; a concise arrow body becomes a block; a method is reported at its name.
      code: `${IMPORT}\nasync function g() { if (cond) return 1; await sleep(1); return 2; }\nconst h = async () => currentTime() - 1;\nclass Store { async flush() { currentTime(); } }`,
      errors: [
        atReturn(2, `${IMPORT}\nasync function g() { if (cond) { await checkpoint(); return 1; } await sleep(1); return 2; }\nconst h = async () => currentTime() - 1;\nclass Store { async flush() { currentTime(); } }`),
        { messageId: 'endWithoutCheckpoint', line: 3, column: 11, suggestions: [{ messageId: 'addCheckpoint', output: `${IMPORT}\nasync function g() { if (cond) return 1; await sleep(1); return 2; }\nconst h = async () => { await checkpoint(); return currentTime() - 1; };\nclass Store { async flush() { currentTime(); } }` }] },
        { messageId: 'endWithoutCheckpoint', line: 4, column: 15, suggestions: [{ messageId: 'addCheckpoint', output: `${IMPORT}\nasync function g() { if (cond) return 1; await sleep(1); return 2; }\nconst h = async () => currentTime() - 1;\nclass Store { async flush() { currentTime(); await checkpoint(); } }` }] },
      ],
    },
    {
      // A task function Corral runs uses Corral, whatever its code names; the import is added.
      code: "import { createTaskGroup } from 'corral';\nawait createTaskGroup(async (tg) => {\n  tg.startSoon(async () => {\n    compute();\n  });\n  await done();\n});",
      errors: [{
        messageId: 'endWithoutCheckpoint',
        line: 3,
        suggestions: [{ messageId: 'addCheckpoint', output: "import { createTaskGroup, checkpoint } from 'corral';\nawait createTaskGroup(async (tg) => {\n  tg.startSoon(async () => {\n    compute();\n    await checkpoint();\n  });\n  await done();\n});" }],
      }],
    },
    {
      // flake8-async ASYNC913 with ASYNC910: the loop's `return` path, and (reported by the loop rule) the loop.
      code: async910('  while (true) {\n    currentTime();\n    if (cond) {\n      return;\n    }\n  }'),
      errors: [atReturn(6, async910('  while (true) {\n    currentTime();\n    if (cond) {\n      await checkpoint();\n      return;\n    }\n  }'))],
    },
  ],
});
