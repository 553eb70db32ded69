// One runtime per process, as a user's program meets it: real ESM and CJS files in a temporary
// folder, `corral` installed there from runtime/dist as npm would (package.json and the `files`
// list), once at the top, once more nested under a CommonJS library. Build first (`npm test` does).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';

import { copyPackedRuntime, RUNTIME } from './packedRuntime.ts';

const projects: string[] = [];
after(() => {
  for (const dir of projects) rmSync(dir, { recursive: true, force: true });
});

/** Installs the runtime's package (what `npm pack` ships) into `dir`, with another version or protocol if asked. */
function installCorral(dir: string, change: { version?: string; protocol?: number } = {}): void {
  const manifest = JSON.parse(readFileSync(join(RUNTIME, 'package.json'), 'utf8')) as { version: string };
  copyPackedRuntime(dir);
  if (change.version !== undefined) manifest.version = change.version;
  writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
  const entry = join(dir, 'dist/index.cjs');
  let source = readFileSync(entry, 'utf8');
  if (change.version !== undefined) source = source.replaceAll(`"${JSON.parse(readFileSync(join(RUNTIME, 'package.json'), 'utf8')).version}"`, JSON.stringify(change.version));
  if (change.protocol !== undefined) {
    assert.match(source, /RUNTIME_PROTOCOL = \d+;/);
    source = source.replace(/RUNTIME_PROTOCOL = \d+;/, `RUNTIME_PROTOCOL = ${change.protocol};`);
  }
  writeFileSync(entry, source);
}

// A CommonJS library that waits in corral (its own `require`), and exposes what its copy sees.
const LIBRARY = `
const corral = require('corral');
exports.corral = corral;
exports.slowLookup = async () => { await corral.sleep(2000); return 'late value'; };
exports.queue = corral.Queue.withMaxsize(1);
exports.seen = () => ({ deadline: corral.effectiveDeadline(), aborted: corral.currentSignal().aborted });
`;

// The ESM application: a deadline of its own around the library's waits, a cancelled group whose
// task waits in the library's queue, and the error classes compared both ways.
const APP = `
import { createRequire } from 'node:module';
import * as corral from 'corral';
import { failAfter, createTaskGroup, currentTime, TimeoutError, CancelScope, Cancelled } from 'corral';
import lib from 'lib';
const result = {};
const t0 = currentTime();
try {
  result.lookup = await failAfter(100, () => lib.slowLookup());
} catch (error) {
  result.lookup = error.name;
  result.instanceofBothWays = error instanceof TimeoutError && error instanceof lib.corral.TimeoutError;
}
result.lookupMs = currentTime() - t0;
const scope = new CancelScope({ deadline: currentTime() + 60_000 });
result.seenInside = await scope.run(async () => { scope.cancel(); return lib.seen(); });
result.groupEnded = await Promise.race([
  createTaskGroup(async (tg) => {
    tg.startSoon(() => lib.queue.get());
    await new Promise((resolve) => setTimeout(resolve, 10));
    tg.cancelScope.cancel();
  }).then(() => true),
  new Promise((resolve) => setTimeout(() => resolve(false), 2_000)),
]);
result.sameExports = lib.corral.Cancelled === Cancelled && lib.corral.createTaskGroup === corral.createTaskGroup;
result.cjsOfThisInstall = createRequire(import.meta.url)('corral') === lib.corral;
result.devtoolsSources = globalThis[Symbol.for('corral.devtools')].sources.length;
console.log(JSON.stringify(result));
`;

/** A project with the app, the library and `corral` (plus a nested copy under the library when asked). */
function project(nested?: { version?: string; protocol?: number }): string {
  const dir = mkdtempSync(join(tmpdir(), 'corral-one-runtime-'));
  projects.push(dir);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
  writeFileSync(join(dir, 'app.mjs'), APP);
  installCorral(join(dir, 'node_modules/corral'));
  const lib = join(dir, 'node_modules/lib');
  mkdirSync(lib, { recursive: true });
  writeFileSync(join(lib, 'package.json'), JSON.stringify({ name: 'lib', version: '1.0.0', main: 'index.js' }));
  writeFileSync(join(lib, 'index.js'), LIBRARY);
  if (nested) installCorral(join(lib, 'node_modules/corral'), nested);
  return dir;
}

function run(dir: string, file = 'app.mjs'): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [file], { cwd: dir, encoding: 'utf8', timeout: 30_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function assertOneRuntime(dir: string): void {
  const { status, stdout, stderr } = run(dir);
  assert.equal(status, 0, stderr);
  const result = JSON.parse(stdout) as Record<string, unknown>;
  assert.equal(result.lookup, 'TimeoutError', 'the ESM deadline reaches the CJS wait');
  assert.ok((result.lookupMs as number) < 1_500, `timed out after ${String(result.lookupMs)} ms`);
  assert.equal(result.instanceofBothWays, true);
  // -Infinity (cancelled) reads null in JSON.
  assert.deepEqual(result.seenInside, { deadline: null, aborted: true }, 'the library sees the app\'s cancelled scope');
  assert.equal(result.groupEnded, true, 'cancelling the group wakes its task parked in the library\'s queue');
  assert.equal(result.sameExports, true);
  assert.equal(result.cjsOfThisInstall, true);
  assert.equal(result.devtoolsSources, 1, 'one runtime feeds the task tree');
}

test('an ESM app and a CommonJS library of one install share one runtime', () => {
  assertOneRuntime(project());
});

test('a copy nested under a dependency joins the first one', () => {
  assertOneRuntime(project({}));
});

test('a copy of another version that speaks the same protocol joins the first one', () => {
  assertOneRuntime(project({ version: '0.1.99' }));
});

test('a copy that speaks another protocol throws at import, naming both copies and the fix', () => {
  const dir = project({ version: '9.0.0', protocol: 999 });
  const { status, stderr } = run(dir);
  assert.notEqual(status, 0);
  assert.match(stderr, /corral 9\.0\.0 at \S*node_modules[/\\]lib[/\\]node_modules[/\\]corral cannot run beside corral \d+\.\d+\.\d+ at \S*node_modules[/\\]corral, loaded first/);
  assert.match(stderr, /npm dedupe/);
  assert.match(stderr, /"overrides"/);
});

test('require and import of one install give the same objects, whichever loads first', () => {
  const dir = project();
  writeFileSync(join(dir, 'first.cjs'), `
    const required = require('corral');
    import('corral').then((imported) => {
      console.log(JSON.stringify({ same: imported.Cancelled === required.Cancelled && imported.currentTime === required.currentTime }));
    });
  `);
  const { status, stdout, stderr } = run(dir, 'first.cjs');
  assert.equal(status, 0, stderr);
  assert.deepEqual(JSON.parse(stdout), { same: true });
});
