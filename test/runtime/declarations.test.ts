// The published declarations, as a TypeScript user's project meets them: strict, `module:
// nodenext`, `skipLibCheck: false`, no @types/node, from ESM and from CommonJS. They declare the
// API and nothing of the runtime's inner workings. Build first (`npm test` does).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';

import { copyPackedRuntime, RUNTIME } from './packedRuntime.ts';

const TSC = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const project = mkdtempSync(join(tmpdir(), 'corral-declarations-'));
after(() => rmSync(project, { recursive: true, force: true }));

// Uses every kind of public thing, and checks what must not compile.
const CONSUMER = `
import {
  CancelScope, Cancelled, createTaskGroup, currentSignal, devtools, ExceptionGroup, failAfter, gather,
  isCancelled, Queue, StaleCancelledError, TaskGroup, taskTreeSnapshot, type TaskStatus, type TaskTreeSnapshot,
} from 'corral';

export async function main(): Promise<number | undefined> {
  const queue = Queue.withMaxsize<number>(4);
  const signal: AbortSignal = currentSignal();
  const tree: TaskTreeSnapshot = taskTreeSnapshot();
  const scope = new CancelScope({ name: 'x', signal });
  await scope.run(async () => undefined);
  const [a, b] = await gather(async () => 1, async () => 'two');
  const text: string = \`\${a + 1}\${b.toUpperCase()}\${tree.tasks.length}\${devtools.format()}\`;
  void text;
  return createTaskGroup({ name: 'main' }, async (tg: TaskGroup) => {
    tg.startSoon(async () => queue.put(1));
    const port = await tg.start(async (status: TaskStatus<number>) => status.started(8080));
    try {
      return await failAfter(10, () => queue.get());
    } catch (error) {
      if (isCancelled(error) || error instanceof Cancelled || error instanceof StaleCancelledError) throw error;
      if (error instanceof ExceptionGroup) return port;
      throw error;
    }
  });
}

// @ts-expect-error: a TaskGroup is made by createTaskGroup only
new TaskGroup();
// @ts-expect-error: the cancel tree is no part of the API
new CancelScope().node;
// @ts-expect-error: nor are the copies feeding the devtools hook
devtools.sources;
`;

function installCorral(): void {
  copyPackedRuntime(join(project, 'node_modules/corral'));
}

test('the declarations compile in a strict nodenext project without @types/node, from ESM and CommonJS', () => {
  installCorral();
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { strict: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', skipLibCheck: false, noEmit: true, types: [] },
    include: ['*.mts', '*.cts'],
  }));
  writeFileSync(join(project, 'consumer.mts'), CONSUMER);
  writeFileSync(join(project, 'consumer.cts'), CONSUMER);
  const result = spawnSync(process.execPath, [TSC, '-p', project], { cwd: project, encoding: 'utf8', timeout: 120_000 });
  assert.equal(result.status, 0, `tsc failed:\n${result.stdout}${result.stderr}`);
});

test('no declaration published carries an @internal member, an inner module or a Node type', () => {
  const dist = join(RUNTIME, 'dist');
  const declarations = readdirSync(dist, { recursive: true, encoding: 'utf8' }).filter((file) => /\.d\.c?ts$/.test(file));
  assert.ok(declarations.length > 10, 'the runtime is built');
  for (const file of declarations) {
    const text = readFileSync(join(dist, file), 'utf8');
    assert.doesNotMatch(text, /@internal/, file);
    assert.doesNotMatch(text, /from 'node:|NodeJS\.|diagnostics_channel|AsyncLocalStorage/, file);
    assert.doesNotMatch(text, /\b(CancelNode|ScopeNode|runBody|bodyValue|taskEnded|startEnded|TaskOwner)\b/, file);
  }
  for (const inner of ['cancelNode', 'task', 'context', 'waiter', 'deadlineHeap']) {
    assert.ok(!declarations.some((file) => file.endsWith(`core/${inner}.d.ts`)), `core/${inner}.d.ts is not published`);
  }
});
