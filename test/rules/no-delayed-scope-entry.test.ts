import rule from '../../rules/src/rules/no-delayed-scope-entry.ts';
import { oddSyntax } from './oddSyntax.ts';
import { ruleTester } from './ruleTester.ts';

const IMPORT = "import { CancelScope, currentTime, failAt, moveOnAt, moveOnAfter, sleepUntil, createTaskGroup } from 'corral';";

/** `body` in an async function after the import: line 3 is its first line. */
function inAsync(body: string): string {
  return `${IMPORT}\nasync function f() {\n${body}\n}`;
}

function delayedDeadline(line: number, api: string, entry: number, checkpoint: number) {
  return { messageId: 'delayedDeadline' as const, line, data: { api, entry: String(entry), checkpoint: String(checkpoint) } };
}

function delayedScope(line: number, entry: number, checkpoint: number) {
  return { messageId: 'delayedScope' as const, line, data: { api: 'CancelScope.run', entry: String(entry), checkpoint: String(checkpoint) } };
}

// flake8-async's ASYNC122 situations (tests/eval_files/async122.py), transcribed: trio's
// `k = trio.move_on_after(5)` … `with k:` is a `CancelScope` created with a deadline from
// `currentTime()` and entered later with `run`.
ruleTester.run('no-delayed-scope-entry', rule, {
  valid: [
    // ASYNC122 `safe()`: the scope starts where its deadline is computed.
    inAsync('  await moveOnAfter(5, async () => { await work(); });'),
    inAsync('  const k = new CancelScope({ deadline: currentTime() + 5 });\n  await k.run(async () => { await work(); });'),
    inAsync('  const deadline = currentTime() + 5;\n  prepare();\n  await moveOnAt(deadline, async () => { await work(); });'),
    inAsync('  await new CancelScope({ deadline: currentTime() + 5 }).run(async () => { await work(); });'),
    // One budget shared by steps: the first scope starts at once, the later ones are meant to get what is left.
    inAsync('  const deadline = currentTime() + 5_000;\n  await moveOnAt(deadline, connect);\n  await failAt(deadline, query);'),
    // `sleepUntil` after work is a fixed period, not a delayed scope.
    inAsync('  const next = currentTime() + 1_000;\n  await work();\n  await sleepUntil(next);'),
    // A deadline not for a scope; a checkpoint in another branch; one in a function that runs elsewhere.
    inAsync('  const started = currentTime();\n  await work();\n  log(currentTime() - started);'),
    inAsync('  const deadline = currentTime() + 5;\n  if (cached) {\n    await refresh();\n  } else {\n    await moveOnAt(deadline, load);\n  }'),
    inAsync('  const deadline = currentTime() + 5;\n  const later = async () => { await work(); };\n  await moveOnAt(deadline, later);'),
    inAsync('  const deadline = currentTime() + 5;\n  async function helper() { await work(); }\n  await moveOnAt(deadline, helper);'),
    // The scope is entered in a task that runs later: when is not known here.
    inAsync('  const deadline = currentTime() + 5;\n  await work();\n  await createTaskGroup(async (tg) => { tg.startSoon(() => moveOnAt(deadline, load)); });'),
    // A deadline from anything but corral's clock is prefer-monotonic-deadline's business, or none.
    inAsync('  const deadline = now() + 5;\n  await work();\n  await moveOnAt(deadline, load);'),
    "import { moveOnAt } from 'corral';\nconst currentTime = () => 0;\nasync function f() { const d = currentTime() + 5; await work(); await moveOnAt(d, load); }",
    { code: oddSyntax, name: 'odd syntax' },
  ],
  invalid: [
    {
      // ASYNC122 `separated()`: created, then entered after a checkpoint.
      code: inAsync('  const k = new CancelScope({ deadline: currentTime() + 5 });\n  await connect();\n  await k.run(async () => { await work(); });'),
      errors: [delayedScope(3, 5, 4)],
    },
    {
      code: inAsync('  const deadline = currentTime() + 5_000;\n  await connect();\n  await failAt(deadline, query);'),
      errors: [delayedDeadline(3, 'failAt', 5, 4)],
    },
    {
      // Through a `const` step, a nested block, a `for await` and a `CancelScope` held in a `const`.
      code: inAsync('  const start = currentTime();\n  const deadline = start + 100;\n  for await (const chunk of body) use(chunk);\n  {\n    const scope = new CancelScope({ deadline });\n    await scope.run(load);\n  }'),
      errors: [delayedScope(4, 8, 5)],
    },
    {
      code: inAsync('  const deadline = currentTime() + 100;\n  try {\n    await warmUp();\n  } catch {}\n  if (ready) await moveOnAt(deadline, load);'),
      errors: [delayedDeadline(3, 'moveOnAt', 7, 4)],
    },
    {
      // At the top level of a module too, and through a namespace import.
      code: "import * as corral from 'corral';\nconst deadline = corral.currentTime() + 5;\nawait corral.sleep(10);\nawait corral.moveOnAt(deadline, load);",
      errors: [delayedDeadline(2, 'moveOnAt', 4, 3)],
    },
  ],
});
