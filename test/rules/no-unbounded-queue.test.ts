import rule from '../../rules/src/rules/no-unbounded-queue.ts';
import { oddSyntax } from './oddSyntax.ts';
import { ruleTester } from './ruleTester.ts';

const imports = "import { Queue } from 'corral';\n";

ruleTester.run('no-unbounded-queue', rule, {
  valid: [
    // Unusual syntax around correct corral code: no crash, no report.
    oddSyntax,
    `${imports}Queue.withMaxsize(100);`,
    `${imports}Queue.withMaxsize(0);`,
    `${imports}Queue.withMaxsize(1_000_000);`,
    `${imports}const LIMIT = 64; Queue.withMaxsize(LIMIT);`,
    `${imports}Queue.withMaxsize(2 ** 20);`,
    // Not visible statically: a parameter, a let, a call.
    `${imports}function make(n: number) { return Queue.withMaxsize(n); }`,
    `${imports}let size = Infinity; size = 10; Queue.withMaxsize(size);`,
    `${imports}Queue.withMaxsize(config.maxsize);`,
    `${imports}Queue.withMaxsize(...sizes);`,
    `${imports}Queue.withMaxsize();`,
    // A local `Infinity` or `Number` is not the global.
    `${imports}const Infinity = 5; Queue.withMaxsize(Infinity);`,
    `${imports}function f(Number: { MAX_VALUE: number }) { Queue.withMaxsize(Number.MAX_VALUE); }`,
    // Not corral's Queue.
    "import { Queue } from './my-queue'; Queue.withMaxsize(Infinity);",
    'class Queue { static withMaxsize(n: number) { return n; } } Queue.withMaxsize(Infinity);',
    // Odd syntax must not crash.
    `${imports}Other?.withMaxsize?.(Infinity);`,
    `${imports}label: for (const q of [Queue]) { q.withMaxsize(Infinity); break label; }`,
    `${imports}function* g() { yield Queue.withMaxsize(yield 1); }`,
    `${imports}Queue[method](Infinity);`,
    `${imports}new Queue(16);`,
    "class Queue { constructor(n: number) {} } new Queue(Infinity);",
  ],
  invalid: [
    {
      code: `${imports}const queue = Queue.withMaxsize(Infinity);`,
      errors: [{
        messageId: 'unboundedQueue',
        line: 2,
        suggestions: [{ messageId: 'suggestFiniteBound', output: `${imports}const queue = Queue.withMaxsize(100);` }],
      }],
    },
    ...['Number.POSITIVE_INFINITY', 'Number.MAX_VALUE', 'Number.MAX_SAFE_INTEGER', '1e999', '1 / 0', '-(-Infinity)', 'Infinity as number', '2 ** 60'].map((size) => ({
      code: `${imports}Queue.withMaxsize(${size});`,
      errors: [{
        messageId: 'unboundedQueue' as const,
        line: 2,
        suggestions: [{ messageId: 'suggestFiniteBound' as const, output: `${imports}Queue.withMaxsize(100);` }],
      }],
    })),
    {
      // A constant that can be seen to be infinite, through two bindings.
      code: `${imports}const FOREVER = Infinity;\nconst SIZE = FOREVER;\nconst q = Queue.withMaxsize<string>(SIZE);`,
      errors: [{
        messageId: 'unboundedQueue',
        line: 4,
        suggestions: [{ messageId: 'suggestFiniteBound', output: `${imports}const FOREVER = Infinity;\nconst SIZE = FOREVER;\nconst q = Queue.withMaxsize<string>(100);` }],
      }],
    },
    {
      code: "import * as corral from 'corral';\ncorral.Queue.withMaxsize(Infinity);",
      options: [{ suggestedMaxsize: 16 }],
      errors: [{
        messageId: 'unboundedQueue',
        line: 2,
        suggestions: [{ messageId: 'suggestFiniteBound', output: "import * as corral from 'corral';\ncorral.Queue.withMaxsize(16);" }],
      }],
    },
    {
      code: "import { Queue as Channel } from 'corral';\nChannel['withMaxsize'](Infinity);",
      errors: [{
        messageId: 'unboundedQueue',
        line: 2,
        suggestions: [{ messageId: 'suggestFiniteBound', output: "import { Queue as Channel } from 'corral';\nChannel['withMaxsize'](100);" }],
      }],
    },
    {
      code: `${imports}const q = Queue?.withMaxsize?.(Infinity);`,
      errors: [{
        messageId: 'unboundedQueue',
        line: 2,
        suggestions: [{ messageId: 'suggestFiniteBound', output: `${imports}const q = Queue?.withMaxsize?.(100);` }],
      }],
    },
    {
      // The constructor takes the same maxsize.
      code: `${imports}const q = new Queue<string>(Number.POSITIVE_INFINITY);`,
      errors: [{
        messageId: 'unboundedQueue',
        line: 2,
        suggestions: [{ messageId: 'suggestFiniteBound', output: `${imports}const q = new Queue<string>(100);` }],
      }],
    },
    {
      code: "const { Queue } = require('corral');\nQueue.withMaxsize(Infinity);",
      errors: [{
        messageId: 'unboundedQueue',
        line: 2,
        suggestions: [{ messageId: 'suggestFiniteBound', output: "const { Queue } = require('corral');\nQueue.withMaxsize(100);" }],
      }],
    },
  ],
});
