// Runs an example as a child process, as `npm start` does, and reads its output line by line.
// The examples import `corral` from runtime/dist: build first (`npm test` does).
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface ExampleRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** stdout lines without the `[  12ms] ` time prefix. */
  lines: string[];
  stderr: string;
}

export interface RunOptions {
  args?: string[];
  env?: Record<string, string>;
  /** Called with each stdout line (prefix removed) as it arrives. */
  onLine?: (line: string, child: ChildProcess) => void;
  /** The child is killed (and the run fails) after this long. */
  timeoutMs?: number;
}

export function runExample(file: string, options: RunOptions = {}): Promise<ExampleRun> {
  const child = spawn(process.execPath, ['--import', 'tsx', `examples/${file}`, ...(options.args ?? [])], {
    cwd: ROOT,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let pending = '';
  let stderr = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    const parts = (pending + chunk).split('\n');
    pending = parts.pop() ?? '';
    for (const part of parts) {
      const line = withoutTime(part);
      lines.push(line);
      options.onLine?.(line, child);
    }
  });
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => (stderr += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (pending !== '') lines.push(withoutTime(pending));
      resolve({ code, signal, lines, stderr });
    });
  });
}

function withoutTime(line: string): string {
  return line.replace(/^\[\s*\d+ms\] /, '');
}

/** The index of the first line matching `pattern` (a substring or a RegExp); fails if none does. */
export function lineIndex(lines: string[], pattern: string | RegExp): number {
  const index = lines.findIndex((line) => (typeof pattern === 'string' ? line.includes(pattern) : pattern.test(line)));
  assert.ok(index >= 0, `no output line matches ${String(pattern)}; output:\n${lines.join('\n')}`);
  return index;
}

/** Every line matching `pattern`, with the regexp's match. */
export function matches(lines: string[], pattern: RegExp): RegExpMatchArray[] {
  return lines.flatMap((line) => {
    const match = pattern.exec(line);
    return match ? [match] : [];
  });
}

/** The first match of `pattern`; fails if no line matches. */
export function match(lines: string[], pattern: RegExp): RegExpMatchArray {
  const found = matches(lines, pattern)[0];
  assert.ok(found, `no output line matches ${String(pattern)}; output:\n${lines.join('\n')}`);
  return found;
}

/** The first lines matching each pattern appear in this order. */
export function assertInOrder(lines: string[], patterns: (string | RegExp)[]): void {
  const indexes = patterns.map((pattern) => lineIndex(lines, pattern));
  for (let i = 1; i < indexes.length; i++) {
    assert.ok(indexes[i - 1]! < indexes[i]!, `expected "${String(patterns[i - 1])}" before "${String(patterns[i])}"; output:\n${lines.join('\n')}`);
  }
}

/** The run ended on its own with exit code `code` and wrote nothing to stderr. */
export function assertExited(run: ExampleRun, code = 0): void {
  assert.equal(run.signal, null, `killed by ${run.signal}; output:\n${run.lines.join('\n')}\n${run.stderr}`);
  assert.equal(run.code, code, `exit code ${run.code}; stderr:\n${run.stderr}\noutput:\n${run.lines.join('\n')}`);
  assert.equal(run.stderr, '');
}

/** The lines from the first one containing `heading` up to the next section heading. */
export function section(lines: string[], heading: string): string[] {
  const start = lineIndex(lines, heading);
  const end = lines.findIndex((line, i) => i > start && line.startsWith('── '));
  return lines.slice(start, end < 0 ? undefined : end);
}
