// The per-file caches behind resolveCorralName, importedMember and the rules' early exits
// (rules/src/util/fileCache.ts): a name the file binds to `corral` still goes through scope
// analysis, so shadowing, nested `require`s and escaped spellings resolve as before.
import { ESLintUtils, type TSESTree } from '@typescript-eslint/utils';

import {
  importedMember, mayReferenceCorral, mayReferenceCorralExport, resolveCorralName,
} from '../../rules/src/util/index.ts';
import preferCheckpoint from '../../rules/src/rules/prefer-checkpoint.ts';
import noBlockingCallInAsync from '../../rules/src/rules/no-blocking-call-in-async.ts';
import { ruleTester } from './ruleTester.ts';

const createRule = ESLintUtils.RuleCreator.withoutDocs;
const FS = new Set(['fs', 'node:fs']);

/** Reports what each call's callee resolves to, and at the program what the file may reference. */
const resolved = createRule({
  meta: {
    type: 'problem',
    messages: { callee: '{{name}}', file: 'corral {{any}}, sleep {{sleep}}' },
    schema: [],
  },
  defaultOptions: [],
  create(context) {
    return {
      Program(node: TSESTree.Program) {
        context.report({
          node,
          messageId: 'file',
          data: { any: String(mayReferenceCorral(context)), sleep: String(mayReferenceCorralExport(context, ['sleep'])) },
        });
      },
      CallExpression(node) {
        const name = resolveCorralName(context, node.callee) ?? importedMember(context, node.callee, FS)?.name;
        if (name !== undefined) context.report({ node, messageId: 'callee', data: { name } });
      },
    };
  },
});

const file = (any: boolean, sleep: boolean) => ({ messageId: 'file' as const, data: { any: String(any), sleep: String(sleep) } });
const callee = (name: string, line: number) => ({ messageId: 'callee' as const, data: { name }, line });

ruleTester.run('fileCache: resolveCorralName through the per-file names', resolved, {
  valid: [],
  invalid: [
    {
      // A parameter named like the import shadows it.
      code: "import { sleep } from 'corral';\nfunction f(sleep: (n: number) => void) {\n  sleep(1);\n}\nsleep(2);",
      errors: [file(true, true), callee('sleep', 5)],
    },
    {
      // A function expression's own name and a catch parameter shadow it too (names declared once are not looked up).
      code: "import { sleep, moveOnAfter } from 'corral';\nconst f = function sleep() {\n  sleep(1);\n};\ntry { sleep(2); } catch (moveOnAfter) { moveOnAfter(3); }\nmoveOnAfter(4);",
      errors: [file(true, true), callee('sleep', 5), callee('moveOnAfter', 6)],
    },
    {
      // A destructured require inside a function binds only there.
      code: "function f() {\n  const { sleep: nap } = require('corral');\n  nap(1);\n}\nnap(2);",
      errors: [file(true, true), callee('sleep', 3)],
    },
    {
      // `require` spelled with an escape is still `require`.
      code: "const c = \\u0072equire('corral');\nc.sleep(1);",
      errors: [file(true, true), callee('sleep', 2)],
    },
    {
      // A named import of something else: the file cannot reach `sleep`.
      code: "import { Queue } from 'corral';\nQueue.withMaxsize(1);\nsleep(1);",
      errors: [file(true, false), callee('Queue.withMaxsize', 2)],
    },
    {
      // No corral at all, right after files that had it (the cache is per file).
      code: 'sleep(1);\nfunction g(sleep: () => void) { sleep(); }',
      errors: [file(false, false)],
    },
    {
      code: "import corral from 'corral';\ncorral.sleep(1);",
      errors: [file(true, true), callee('sleep', 2)],
    },
    {
      // importedMember's names are cached per set of modules: `fs` here, nothing from it in the file before.
      code: "import { readFileSync as read } from 'node:fs';\nimport * as fs from 'fs';\nread('a');\nfs.statSync('b');\n{ const read = (x: string) => x; read('c'); }",
      errors: [file(false, false), callee('readFileSync', 3), callee('statSync', 4)],
    },
  ],
});

ruleTester.run('fileCache: early exits keep every report', preferCheckpoint, {
  valid: [
    "import { checkpoint } from 'corral';\nconst sleep = (n: number) => checkpoint();\nawait sleep(0);",
  ],
  invalid: [
    {
      code: "async function f() {\n  const { sleep } = require('corral');\n  await sleep(0);\n}",
      output: "const { checkpoint } = require('corral');\nasync function f() {\n  const { sleep } = require('corral');\n  await checkpoint();\n}",
      errors: [{ messageId: 'preferCheckpoint', line: 3 }],
    },
  ],
});

ruleTester.run('fileCache: no-blocking-call-in-async without imports', noBlockingCallInAsync, {
  valid: ['async function f() { readFileSync("a"); }'],
  invalid: [
    {
      code: "async function f() { require('fs').execSync('a'); }",
      errors: [{ messageId: 'blockingCall' }],
    },
    {
      code: 'async function f(buffer: Int32Array) { Atomics.wait(buffer, 0, 0); }',
      errors: [{ messageId: 'blockingCall' }],
    },
  ],
});
