// Runs every example in turn, each as its own process (`node --import tsx examples/<file>.ts`),
// under a header. Exits non-zero if any example fails. `npm start` builds the runtime first.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The examples and their arguments; the service runs unattended, stopping itself with SIGINT. */
const EXAMPLES = [
  { file: 'deadline-aware-processing.ts', args: [] },
  { file: 'task-coordination.ts', args: [] },
  { file: 'service-lifecycle.ts', args: ['--run-for=400'] },
];

const failed = [];
for (const { file, args } of EXAMPLES) {
  const command = ['examples/' + file, ...args].join(' ');
  console.log(`\n${'═'.repeat(100)}\n  ${command}\n${'═'.repeat(100)}`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', join('examples', file), ...args], {
    cwd: root,
    stdio: 'inherit',
    timeout: 30_000,
  });
  if (result.status !== 0) {
    const how = result.error?.message ?? (result.signal ? `signal ${result.signal}` : `exit code ${result.status}`);
    console.error(`\n✗ ${command} failed (${how})`);
    failed.push(command);
  }
}

console.log(`\n${EXAMPLES.length - failed.length}/${EXAMPLES.length} examples ran successfully.`);
if (failed.length > 0) {
  console.error(`Failed: ${failed.join(', ')}`);
  process.exitCode = 1;
}
