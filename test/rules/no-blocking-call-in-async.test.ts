import rule from '../../rules/src/rules/no-blocking-call-in-async.ts';
import { oddSyntax } from './oddSyntax.ts';
import { ruleTester } from './ruleTester.ts';

ruleTester.run('no-blocking-call-in-async', rule, {
  valid: [
    // Unusual syntax around correct corral code: no crash, no report.
    oddSyntax,
    // Outside async functions (module top level, sync functions, sync callbacks, class fields).
    "import fs from 'node:fs'; const config = fs.readFileSync('c.json', 'utf8');",
    "import fs from 'node:fs'; function load() { return fs.readFileSync('c.json'); }",
    "import fs from 'node:fs'; async function f() { const load = () => fs.readFileSync('c.json'); return load; }",
    "import fs from 'node:fs'; async function f() { class C { data = fs.readFileSync('x'); static { fs.statSync('y'); } } }",
    // The asynchronous APIs.
    "import fs from 'node:fs'; async function f() { await fs.promises.readFile('x'); }",
    "import { readFile } from 'node:fs/promises'; async function f() { await readFile('x'); }",
    "import { exec } from 'node:child_process'; async function f() { exec('ls'); }",
    "async function f(buffer: Int32Array) { await Atomics.waitAsync(buffer, 0, 0).value; }",
    // Not node's modules, not the global Atomics, fs members that are not *Sync.
    "import fs from './fs'; async function f() { fs.readFileSync('x'); }",
    "const fs = { readFileSync() {} }; async function f() { fs.readFileSync(); }",
    "async function f(fs: any) { fs.readFileSync('x'); }",
    "async function f(Atomics: any) { Atomics.wait(); }",
    "import fs from 'node:fs'; async function f() { fs.createReadStream('x'); fs[name + 'Sync']('x'); }",
    "import type { readFileSync } from 'node:fs'; async function f() { readFileSync('x'); }",
    // Odd syntax.
    "import fs from 'node:fs'; async function* g() { yield* other(); } label: for (;;) { break label; }",
  ],
  invalid: [
    {
      code: "import fs from 'node:fs';\nasync function load() {\n  return JSON.parse(fs.readFileSync('c.json', 'utf8'));\n}",
      errors: [{
        messageId: 'blockingCall',
        line: 3,
        suggestions: [{ messageId: 'suggestPromiseApi', output: "import fs from 'node:fs';\nasync function load() {\n  return JSON.parse(await fs.promises.readFile('c.json', 'utf8'));\n}" }],
      }],
    },
    {
      // A named import: the twin is imported from node:fs/promises; parentheses where `await` needs them.
      code: "import { readFileSync, writeFileSync as write } from 'fs';\nconst f = async () => {\n  const text = readFileSync('a').toString();\n  write('b', text);\n};",
      errors: [
        {
          messageId: 'blockingCall',
          line: 3,
          suggestions: [{ messageId: 'suggestPromiseApi', output: "import { readFile } from 'node:fs/promises';\nimport { readFileSync, writeFileSync as write } from 'fs';\nconst f = async () => {\n  const text = (await readFile('a')).toString();\n  write('b', text);\n};" }],
        },
        {
          messageId: 'blockingCall',
          line: 4,
          suggestions: [{ messageId: 'suggestPromiseApi', output: "import { writeFile } from 'node:fs/promises';\nimport { readFileSync, writeFileSync as write } from 'fs';\nconst f = async () => {\n  const text = readFileSync('a').toString();\n  await writeFile('b', text);\n};" }],
        },
      ],
    },
    {
      // An existing fs/promises import is reused or extended.
      code: "import { readFile as rf, stat } from 'fs/promises';\nimport { readFileSync, mkdirSync } from 'node:fs';\nasync function f() { readFileSync('a'); mkdirSync('d'); }",
      errors: [
        {
          messageId: 'blockingCall',
          line: 3,
          suggestions: [{ messageId: 'suggestPromiseApi', output: "import { readFile as rf, stat } from 'fs/promises';\nimport { readFileSync, mkdirSync } from 'node:fs';\nasync function f() { await rf('a'); mkdirSync('d'); }" }],
        },
        {
          messageId: 'blockingCall',
          line: 3,
          suggestions: [{ messageId: 'suggestPromiseApi', output: "import { readFile as rf, stat, mkdir } from 'fs/promises';\nimport { readFileSync, mkdirSync } from 'node:fs';\nasync function f() { readFileSync('a'); await mkdir('d'); }" }],
        },
      ],
    },
    {
      // No 1:1 promise twin: reported without a suggestion.
      code: "import * as fs from 'node:fs';\nasync function f(fd: number) {\n  if (fs.existsSync('x')) fs.closeSync(fd);\n}",
      errors: [{ messageId: 'blockingCall', line: 3, suggestions: [] }, { messageId: 'blockingCall', line: 3, suggestions: [] }],
    },
    {
      code: "import { execSync, spawnSync } from 'node:child_process';\nimport * as cp from 'child_process';\nasync function f() {\n  execSync('make');\n  spawnSync('ls');\n  cp.execFileSync('git', ['status']);\n}",
      errors: [
        { messageId: 'blockingCall', line: 4, suggestions: [] },
        { messageId: 'blockingCall', line: 5, suggestions: [] },
        { messageId: 'blockingCall', line: 6, suggestions: [] },
      ],
    },
    {
      code: "async function f(buffer: Int32Array) {\n  Atomics.wait(buffer, 0, 0);\n}",
      errors: [{ messageId: 'blockingCall', line: 2 }],
    },
    {
      // CommonJS: a namespace require uses `fs.promises`; a destructured one gets the twin by a new `require`, not an `import`.
      code: "const fs = require('fs');\nconst { statSync } = require('node:fs');\nmodule.exports = async function f() {\n  fs.statSync('a');\n  statSync('b');\n  require('fs').rmSync('c');\n};",
      errors: [
        { messageId: 'blockingCall', line: 4, suggestions: [{ messageId: 'suggestPromiseApi', output: "const fs = require('fs');\nconst { statSync } = require('node:fs');\nmodule.exports = async function f() {\n  await fs.promises.stat('a');\n  statSync('b');\n  require('fs').rmSync('c');\n};" }] },
        { messageId: 'blockingCall', line: 5, suggestions: [{ messageId: 'suggestPromiseApi', output: "const { stat } = require('node:fs/promises');\nconst fs = require('fs');\nconst { statSync } = require('node:fs');\nmodule.exports = async function f() {\n  fs.statSync('a');\n  await stat('b');\n  require('fs').rmSync('c');\n};" }] },
        { messageId: 'blockingCall', line: 6, suggestions: [{ messageId: 'suggestPromiseApi', output: "const fs = require('fs');\nconst { statSync } = require('node:fs');\nmodule.exports = async function f() {\n  fs.statSync('a');\n  statSync('b');\n  await require('fs').promises.rm('c');\n};" }] },
      ],
    },
    {
      // CommonJS: the new require goes after the 'use strict' directive, which must stay first.
      code: "'use strict';\nconst { readFileSync } = require('fs');\nasync function f() {\n  return readFileSync('x');\n}",
      errors: [{ messageId: 'blockingCall', line: 4, suggestions: [{ messageId: 'suggestPromiseApi', output: "'use strict';\nconst { readFile } = require('node:fs/promises');\nconst { readFileSync } = require('fs');\nasync function f() {\n  return await readFile('x');\n}" }] }],
    },
    {
      // CommonJS: an existing destructuring require of fs/promises takes the twin; a namespace one names it.
      code: "const { readFileSync, statSync } = require('fs');\nconst { mkdir } = require('fs/promises');\nasync function f() {\n  readFileSync('x');\n}",
      errors: [{ messageId: 'blockingCall', line: 4, suggestions: [{ messageId: 'suggestPromiseApi', output: "const { readFileSync, statSync } = require('fs');\nconst { mkdir, readFile } = require('fs/promises');\nasync function f() {\n  await readFile('x');\n}" }] }],
    },
    {
      code: "const { readFileSync } = require('fs');\nconst fsp = require('node:fs/promises');\nasync function f() {\n  readFileSync('x');\n}",
      errors: [{ messageId: 'blockingCall', line: 4, suggestions: [{ messageId: 'suggestPromiseApi', output: "const { readFileSync } = require('fs');\nconst fsp = require('node:fs/promises');\nasync function f() {\n  await fsp.readFile('x');\n}" }] }],
    },
    {
      // A `readFile` of the user's own in scope: importing the twin would clash with it, so no suggestion.
      code: "import { readFileSync } from 'node:fs';\nasync function f(readFile: unknown) {\n  readFileSync('x');\n}",
      errors: [{ messageId: 'blockingCall', line: 3, suggestions: [] }],
    },
    {
      // Async methods, optional calls and parameter defaults are flagged; `await` cannot go there, so no suggestion.
      code: "import fs from 'node:fs';\nclass Store {\n  async load(data = fs.readFileSync('d')) {\n    return fs.readFileSync?.('x') ?? fs['readdirSync']('.');\n  }\n}",
      errors: [
        { messageId: 'blockingCall', line: 3, suggestions: [] },
        { messageId: 'blockingCall', line: 4, suggestions: [] },
        { messageId: 'blockingCall', line: 4, suggestions: [{ messageId: 'suggestPromiseApi', output: "import fs from 'node:fs';\nclass Store {\n  async load(data = fs.readFileSync('d')) {\n    return fs.readFileSync?.('x') ?? await fs.promises.readdir('.');\n  }\n}" }] },
      ],
    },
  ],
});
