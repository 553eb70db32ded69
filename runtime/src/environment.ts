import { statSync } from 'node:fs';
import { constants } from 'node:os';
import { dirname, resolve } from 'node:path';

/**
 * The runtime's `CORRAL_*` environment variables, read and checked once, at import. A bad value
 * never fails the import: it gets one warning (a process warning, code `CORRAL_ENV`) saying what
 * was expected, and the default.
 */
export interface Environment {
  /** CORRAL_TRACE: collect the costlier tracing data. */
  readonly trace: boolean;
  /** CORRAL_TRACE_FILE: where to write the Chrome trace at exit. */
  readonly traceFile: string | undefined;
  /** CORRAL_TRACE_HISTORY: how many finished tasks and scope events the history keeps. */
  readonly historySize: number;
  /** CORRAL_DUMP_SIGNAL: the signal on which the task tree is printed to stderr. */
  readonly dumpSignal: NodeJS.Signals | undefined;
  /** CORRAL_OVERRUN_WARN_MS: how long a cancelled scope's code may go without a checkpoint before a warning; 0: never. */
  readonly overrunWarnMs: number;
}

export const DEFAULT_HISTORY_SIZE = 1_000;
/** The history's columns are allocated up front: 100,000 records take ~6 MB. */
export const MAX_HISTORY_SIZE = 100_000;
export const DEFAULT_OVERRUN_WARN_MS = 1_000;

/** Signals the dump may not take, and why. */
const REFUSED_SIGNALS: Readonly<Record<string, string>> = {
  SIGKILL: 'it cannot be caught',
  SIGSTOP: 'it cannot be caught',
  SIGINT: 'it stops the process (Ctrl-C); a listener would keep it running',
  SIGTERM: 'it stops the process (kill); a listener would keep it running',
  SIGHUP: 'it stops the process when its terminal closes; a listener would keep it running',
  SIGUSR1: "it opens Node's inspector (kill -USR1 <pid>)",
  SIGSEGV: 'Node cannot run JavaScript for a fault signal',
  SIGBUS: 'Node cannot run JavaScript for a fault signal',
  SIGFPE: 'Node cannot run JavaScript for a fault signal',
  SIGILL: 'Node cannot run JavaScript for a fault signal',
};

const KNOWN = new Set(['CORRAL_TRACE', 'CORRAL_TRACE_FILE', 'CORRAL_TRACE_HISTORY', 'CORRAL_DUMP_SIGNAL', 'CORRAL_OVERRUN_WARN_MS']);

/** Reads `env`; each bad value is reported to `warn` once and replaced by its default. */
export function readEnvironment(env: NodeJS.ProcessEnv, warn: (message: string) => void): Environment {
  for (const name of Object.keys(env)) {
    if ((name.startsWith('CORRAL_TRACE') || name.startsWith('CORRAL_DUMP') || name.startsWith('CORRAL_OVERRUN')) && !KNOWN.has(name)) {
      warn(`${name} is not a variable of the corral runtime (it reads ${[...KNOWN].join(', ')}); it is ignored`);
    }
  }
  const traceFile = readTraceFile(env.CORRAL_TRACE_FILE, warn);
  return {
    trace: readSwitch(env.CORRAL_TRACE, warn) || traceFile !== undefined,
    traceFile,
    historySize: readHistorySize(env.CORRAL_TRACE_HISTORY, warn),
    dumpSignal: readDumpSignal(env.CORRAL_DUMP_SIGNAL, warn),
    overrunWarnMs: readOverrunWarnMs(env.CORRAL_OVERRUN_WARN_MS, warn),
  };
}

function readSwitch(value: string | undefined, warn: (message: string) => void): boolean {
  if (value === undefined) return false;
  const word = value.trim().toLowerCase();
  if (['', '0', 'false', 'no', 'off'].includes(word)) return false;
  if (['1', 'true', 'yes', 'on'].includes(word)) return true;
  warn(`CORRAL_TRACE=${JSON.stringify(value)} is not 1/0, true/false, yes/no or on/off; tracing stays off`);
  return false;
}

function readTraceFile(value: string | undefined, warn: (message: string) => void): string | undefined {
  if (value === undefined) return undefined;
  if (value.trim() === '') {
    warn('CORRAL_TRACE_FILE is empty; no trace file is written (give it a path)');
    return undefined;
  }
  const folder = dirname(resolve(value));
  if (!statSync(folder, { throwIfNoEntry: false })?.isDirectory()) {
    warn(`CORRAL_TRACE_FILE=${JSON.stringify(value)}: the folder ${JSON.stringify(folder)} does not exist; no trace file is written`);
    return undefined;
  }
  return value;
}

function readHistorySize(value: string | undefined, warn: (message: string) => void): number {
  if (value === undefined) return DEFAULT_HISTORY_SIZE;
  const size = value.trim() === '' ? NaN : Number(value);
  if (Number.isInteger(size) && size >= 0 && size <= MAX_HISTORY_SIZE) return size;
  warn(`CORRAL_TRACE_HISTORY=${JSON.stringify(value)} is not an integer from 0 to ${MAX_HISTORY_SIZE}; the history keeps ${DEFAULT_HISTORY_SIZE}`);
  return DEFAULT_HISTORY_SIZE;
}

function readOverrunWarnMs(value: string | undefined, warn: (message: string) => void): number {
  if (value === undefined || value.trim() === '') return DEFAULT_OVERRUN_WARN_MS;
  const ms = Number(value);
  if (Number.isFinite(ms) && ms >= 0) return ms;
  warn(`CORRAL_OVERRUN_WARN_MS must be a number of milliseconds ≥ 0 (0 turns the overrun warning off), got ${JSON.stringify(value)}; using ${DEFAULT_OVERRUN_WARN_MS}`);
  return DEFAULT_OVERRUN_WARN_MS;
}

function readDumpSignal(value: string | undefined, warn: (message: string) => void): NodeJS.Signals | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const upper = value.trim().toUpperCase();
  const name = upper.startsWith('SIG') ? upper : `SIG${upper}`;
  const advice = 'no dump signal is set; use a free one such as SIGUSR2';
  if (!(name in constants.signals)) {
    warn(`CORRAL_DUMP_SIGNAL=${JSON.stringify(value)} is not a signal of this platform; ${advice}`);
    return undefined;
  }
  const refused = REFUSED_SIGNALS[name];
  if (refused !== undefined) {
    warn(`CORRAL_DUMP_SIGNAL=${name} is refused: ${refused}; ${advice}`);
    return undefined;
  }
  return name as NodeJS.Signals;
}

/** This process's settings. Copies of the runtime from before the one-runtime handshake warn once between them. */
export const environment: Environment = readEnvironment(process.env, warnOnce);

function warnOnce(message: string): void {
  const warned = ((globalThis as Record<symbol, unknown>)[Symbol.for('corral.environmentWarnings')] ??= new Set<string>()) as Set<string>;
  if (warned.has(message)) return;
  warned.add(message);
  process.emitWarning(message, { type: 'CorralWarning', code: 'CORRAL_ENV' });
}
