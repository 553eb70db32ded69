import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import * as tsParser from '@typescript-eslint/parser';
import { type ESLint, Linter } from 'eslint';

import rule from '../../rules/src/rules/no-await-before-rethrow.ts';
import cleanupRule from '../../rules/src/rules/no-unshielded-cleanup.ts';
import { oddSyntax } from './oddSyntax.ts';
import { ruleTester } from './ruleTester.ts';

const IMPORT = "import { sleep, isCancelled } from 'corral';";
const IMPORT_WITH_SHIELD = "import { sleep, isCancelled, shield } from 'corral';";

/** A handler guarded against `Cancelled`, so the checkpoints after the guard can only lose `e`. */
function guarded(body: string): string {
  return `${IMPORT}\ntry { await sleep(1); } catch (e) {\n  if (isCancelled(e)) throw e;\n${body}\n}`;
}

/** An error on `line` whose suggestion replaces `before` with `after`. */
function beforeRethrow(line: number, code: string, before: string, after: string, name = 'e') {
  const output = code.replace(before, after).replace(IMPORT, IMPORT_WITH_SHIELD);
  return { messageId: 'checkpointBeforeRethrow' as const, line, data: { name }, suggestions: [{ messageId: 'wrapInShield' as const, output }] };
}

const logThenRethrow = guarded('  await log(e);\n  throw e;');
const rethrowInBetween = guarded('  await log(e);\n  if (fatal(e)) throw e;\n  await retryLater();');
const rethrowInOtherBranch = guarded('  if (quiet) {\n    await log(e);\n  } else {\n    throw e;\n  }');
const nestedTry = guarded('  try {\n    await flush();\n  } catch (inner) {\n    await log(inner);\n  }\n  throw e;');
const narrowedByType = `${IMPORT}
async function f() {
  try {
    await sleep(1);
  } catch (error) {
    if (error instanceof HttpError) {
      await report(error);
      throw error;
    }
    throw error;
  }
}`;
const promiseHandler = `${IMPORT}\nsleep(1).catch(async (e) => { if (isCancelled(e)) throw e; await log(e); return Promise.reject(e); });`;
const namespaced = "import * as corral from 'corral';\ntry { await corral.sleep(1); } catch (e) { if (e instanceof corral.Cancelled) throw e; await log(e); throw e; }";

/**
 * flake8-async's ASYNC120 situations (tests/eval_files/async120.py), transcribed: `try: ...` is a
 * `try` around synchronous code (`validate(input)`), `raise` is `throw e`, `except:` with an
 * awaiting `try` is a handler that may catch `Cancelled` (ASYNC102's, here no-unshielded-cleanup's).
 * `body` runs in the handler of `catch (e)`; line 4 is its first line.
 */
function aroundSync(body: string): string {
  return `${IMPORT}\nasync function f(input: string) {\n  try { validate(input); } catch (e) {\n${body}\n  }\n}`;
}

const async120 = {
  awaitThenConditionalRethrow: aroundSync('    await foo();\n    if (condition()) throw e;\n    await foo();'),
  awaitThenRethrow: aroundSync('    await foo();\n    throw e;'),
  awaitInBranch: aroundSync('    if (verbose) {\n      await foo();\n    } else {\n      throw e;\n    }'),
  unshieldedScope: `import { moveOnAfter } from 'corral';\nasync function f(input: string) {\n  try { validate(input); } catch (e) {\n    await moveOnAfter(10, async () => { await foo(); });\n    throw e;\n  }\n}`,
  nestedAfterRethrowOfOwn: aroundSync('    try { check(); } catch (inner) {\n      await foo();\n    }\n    throw e;'),
  nested: aroundSync('    await foo();\n    try {\n      await foo();\n    } catch (inner) {\n      await foo();\n    }\n    await foo();\n    throw e;'),
  forAwait: aroundSync('    for await (const line of lines) log(line);\n    throw e;'),
  jsonParse: `${IMPORT}\nconst load = async (text: string) => {\n  try { return JSON.parse(text); } catch (error) {\n    await audit(error);\n    throw error;\n  }\n};`,
  method: `${IMPORT}\nclass Store {\n  async save(row: Row) {\n    try { this.db.insert(row); } catch (e) { await this.log(e); throw e; }\n  }\n}`,
  localShield: `${IMPORT}\nconst shield = async (fn: () => Promise<void>) => fn();\nasync function f() {\n  try { validate(); } catch (e) { await shield(() => log(e)); throw e; }\n}`,
};

ruleTester.run('no-await-before-rethrow', rule, {
  valid: [
    // Shielded work cannot be cancelled from outside.
    "import { sleep, isCancelled, shield } from 'corral';\ntry { await sleep(1); } catch (e) { if (isCancelled(e)) throw e; await shield(() => log(e)); throw e; }",
    "import { sleep, isCancelled, moveOnAfter } from 'corral';\ntry { await sleep(1); } catch (e) { if (isCancelled(e)) throw e; await moveOnAfter(10, async (s) => { s.shield = true; await log(e); }); throw e; }",
    // Nothing is rethrown, or the checkpoint comes after the last rethrow.
    guarded('  await log(e);\n  return null;'),
    guarded('  if (fatal(e)) throw e;\n  await log(e);'),
    // A nested handler that rethrows its own error does not rethrow `e`.
    guarded('  await log(e);\n  try { check(); } catch (inner) { throw inner; }'),
    // A function defined in the handler runs elsewhere.
    guarded('  const later = async () => { await log(e); };\n  schedule(later);\n  throw e;'),
    // Where `e` may be `Cancelled`, the checkpoint is no-unshielded-cleanup's to report.
    `${IMPORT}\ntry { await sleep(1); } catch (e) { await log(e); throw e; }`,
    // Code without corral is not looked at.
    'async function f() { try { await fetch(url); } catch (e) { if (e instanceof TypeError) { await log(e); } throw e; } }',
    "import { isCancelled } from './errors';\ntry { await load(); } catch (e) { if (isCancelled(e)) throw e; await log(e); throw e; }",
    // ASYNC120: the rethrow is in another handler (each `catch` has its own value).
    `${IMPORT}\nasync function f() {\n  try { a(); } catch (e) { await foo(); }\n  try { b(); } catch (e) { throw e; }\n}`,
    // ASYNC120: where the value may be `Cancelled` (the `try` awaits), it is ASYNC102's (no-unshielded-cleanup).
    `${IMPORT}\nasync function f() {\n  try { await foo(); } catch (e) { await foo(); throw e; }\n}`,
    // ASYNC120: shielded awaits with a deadline, the rethrow after the block or inside it.
    "import { failAfter } from 'corral';\nasync function f() {\n  try { a(); } catch (e) { await failAfter(10, async (cs) => { cs.shield = true; await foo(); }); throw e; }\n}",
    "import { failAfter } from 'corral';\nasync function f() {\n  try { a(); } catch (e) { await failAfter(10, async (cs) => { cs.shield = true; await foo(); throw e; }); }\n}",
    "import { CancelScope } from 'corral';\nasync function f() {\n  try { a(); } catch (e) { await new CancelScope({ shield: true }).run(async () => { await foo(); }); throw e; }\n}",
    // ASYNC120: a nested handler that rethrows its own value does not rethrow `e`.
    aroundSync('    await foo();\n    try { check(); } catch (inner) {\n      throw inner;\n    }'),
    // ASYNC120: a function defined in the handler runs elsewhere.
    aroundSync('    const later = async () => { await foo(); };\n    throw e;'),
    // Around synchronous code: nothing awaited before the rethrow, or only after it.
    aroundSync('    log(e);\n    throw e;'),
    aroundSync('    if (fatal(e)) throw e;\n    await report(e);'),
    { code: oddSyntax, name: 'odd syntax' },
  ],
  invalid: [
    { code: logThenRethrow, errors: [beforeRethrow(4, logThenRethrow, 'await log(e)', 'await shield(() => log(e))')] },
    // Only the checkpoint before the rethrow loses `e`.
    { code: rethrowInBetween, errors: [beforeRethrow(4, rethrowInBetween, 'await log(e)', 'await shield(() => log(e))')] },
    // Branches are not told apart: the rethrow comes later in the handler.
    { code: rethrowInOtherBranch, errors: [beforeRethrow(5, rethrowInOtherBranch, 'await log(e)', 'await shield(() => log(e))')] },
    {
      // `inner` may be `Cancelled` (its `try` awaits): `await log(inner)` is no-unshielded-cleanup's.
      code: nestedTry,
      errors: [beforeRethrow(5, nestedTry, 'await flush()', 'await shield(() => flush())')],
    },
    { code: narrowedByType, errors: [beforeRethrow(7, narrowedByType, 'await report(error)', 'await shield(() => report(error))', 'error')] },
    { code: promiseHandler, errors: [beforeRethrow(2, promiseHandler, 'await log(e)', 'await shield(() => log(e))')] },
    {
      code: namespaced,
      errors: [{
        messageId: 'checkpointBeforeRethrow',
        line: 2,
        suggestions: [{ messageId: 'wrapInShield', output: "import * as corral from 'corral';\ntry { await corral.sleep(1); } catch (e) { if (e instanceof corral.Cancelled) throw e; await corral.shield(() => log(e)); throw e; }" }],
      }],
    },
    {
      code: `${IMPORT}\nasync function f(q: AsyncIterable<string>) {\n  try { await sleep(1); } catch (e) {\n    if (isCancelled(e)) throw e;\n    for await (const line of q) log(line);\n    throw e;\n  }\n}`,
      errors: [{ messageId: 'checkpointBeforeRethrow', line: 5, suggestions: [] }],
    },
    // flake8-async ASYNC120's situations, around synchronous code.
    {
      code: async120.awaitThenConditionalRethrow,
      errors: [beforeRethrow(4, async120.awaitThenConditionalRethrow, 'await foo()', 'await shield(() => foo())')],
    },
    { code: async120.awaitThenRethrow, errors: [beforeRethrow(4, async120.awaitThenRethrow, 'await foo()', 'await shield(() => foo())')] },
    // Branches are not told apart (as in ASYNC120).
    { code: async120.awaitInBranch, errors: [beforeRethrow(5, async120.awaitInBranch, 'await foo()', 'await shield(() => foo())')] },
    {
      // An unshielded deadline does not protect its body.
      code: async120.unshieldedScope,
      errors: [{
        messageId: 'checkpointBeforeRethrow',
        line: 4,
        data: { name: 'e' },
        suggestions: [{ messageId: 'wrapInShield', output: async120.unshieldedScope.replace('await foo()', 'await shield(() => foo())').replace("import { moveOnAfter } from 'corral';", "import { moveOnAfter, shield } from 'corral';") }],
      }],
    },
    {
      // A nested handler around synchronous code before the outer rethrow (ASYNC120 leaves this
      // one alone, "probably should(?)"): `inner` is not `Cancelled`, and waiting loses `e`.
      code: async120.nestedAfterRethrowOfOwn,
      errors: [beforeRethrow(5, async120.nestedAfterRethrowOfOwn, 'await foo()', 'await shield(() => foo())')],
    },
    {
      // The nested handler's await (its `try` awaits) is ASYNC102's, no-unshielded-cleanup's here.
      code: async120.nested,
      errors: [
        { messageId: 'checkpointBeforeRethrow', line: 4, data: { name: 'e' }, suggestions: [{ messageId: 'wrapInShield', output: nthReplaced(async120.nested, 0) }] },
        { messageId: 'checkpointBeforeRethrow', line: 6, data: { name: 'e' }, suggestions: [{ messageId: 'wrapInShield', output: nthReplaced(async120.nested, 1) }] },
        { messageId: 'checkpointBeforeRethrow', line: 10, data: { name: 'e' }, suggestions: [{ messageId: 'wrapInShield', output: nthReplaced(async120.nested, 3) }] },
      ],
    },
    { code: async120.forAwait, errors: [{ messageId: 'checkpointBeforeRethrow', line: 4, data: { name: 'e' }, suggestions: [] }] },
    // Arrow and method forms.
    { code: async120.jsonParse, errors: [beforeRethrow(4, async120.jsonParse, 'await audit(error)', 'await shield(() => audit(error))', 'error')] },
    { code: async120.method, errors: [beforeRethrow(4, async120.method, 'await this.log(e)', 'await shield(() => this.log(e))')] },
    // A function of the file's own called `shield` is not Corral's: no suggestion to import the real one over it.
    { code: async120.localShield, errors: [{ messageId: 'checkpointBeforeRethrow', line: 4, data: { name: 'e' }, suggestions: [] }] },
  ],
});

/** `code` with its `n`-th `await foo()` shielded and `shield` imported. */
function nthReplaced(code: string, n: number): string {
  let seen = -1;
  return code.replace(/await foo\(\)/g, (match) => (++seen === n ? 'await shield(() => foo())' : match)).replace(IMPORT, IMPORT_WITH_SHIELD);
}

describe('with no-unshielded-cleanup', () => {
  it('gives every checkpoint of ASYNC120\'s nested situation exactly one report between the two rules', () => {
    const linter = new Linter({ configType: 'flat' });
    const messages = linter.verify(async120.nested, {
      files: ['**/*.ts'],
      languageOptions: { parser: tsParser as Linter.Parser },
      plugins: { corral: { rules: { 'no-await-before-rethrow': rule, 'no-unshielded-cleanup': cleanupRule } } as unknown as ESLint.Plugin },
      rules: { 'corral/no-await-before-rethrow': 'error', 'corral/no-unshielded-cleanup': 'error' },
    }, 'f.ts');
    assert.deepEqual(messages.map((m) => `${m.line} ${m.ruleId}`), [
      '4 corral/no-await-before-rethrow',
      '6 corral/no-await-before-rethrow',
      '8 corral/no-unshielded-cleanup',
      '10 corral/no-await-before-rethrow',
    ]);
  });
});
