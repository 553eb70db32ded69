import rule from '../../rules/src/rules/no-await-before-rethrow.ts';
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
    // A catch around synchronous code, and code without corral, are not looked at.
    `${IMPORT}\ntry { parse(); } catch (e) { await log(e); throw e; }`,
    'async function f() { try { await fetch(url); } catch (e) { if (e instanceof TypeError) { await log(e); } throw e; } }',
    "import { isCancelled } from './errors';\ntry { await load(); } catch (e) { if (isCancelled(e)) throw e; await log(e); throw e; }",
    { code: oddSyntax, name: 'odd syntax' },
  ],
  invalid: [
    { code: logThenRethrow, errors: [beforeRethrow(4, logThenRethrow, 'await log(e)', 'await shield(() => log(e))')] },
    // Only the checkpoint before the rethrow loses `e`.
    { code: rethrowInBetween, errors: [beforeRethrow(4, rethrowInBetween, 'await log(e)', 'await shield(() => log(e))')] },
    // Branches are not told apart: the rethrow comes later in the handler.
    { code: rethrowInOtherBranch, errors: [beforeRethrow(5, rethrowInOtherBranch, 'await log(e)', 'await shield(() => log(e))')] },
    {
      code: nestedTry,
      errors: [
        beforeRethrow(5, nestedTry, 'await flush()', 'await shield(() => flush())'),
        beforeRethrow(7, nestedTry, 'await log(inner)', 'await shield(() => log(inner))'),
      ],
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
  ],
});
