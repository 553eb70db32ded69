// Documents the server's tests and its benchmark (bench/server, plain JavaScript) both open.

/**
 * A module with a problem of each kind: a floating `sleep(1)` (type-aware, line 3) and a
 * `sleep(0)` (syntactic, line 4).
 */
export const TYPED_AND_SYNTACTIC = [
  "import { sleep } from 'corral';",
  'export async function f() {',
  '  sleep(1);',
  '  await sleep(0);',
  '}',
  '',
].join('\n');
