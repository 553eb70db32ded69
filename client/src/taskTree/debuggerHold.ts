// Whether the debugger holds a session's debuggee, read from the DAP traffic the view's tracker
// sees. Two answers, because js-debug separates them:
//   - `stopped`: between a `stopped` event and the next resume. The debuggee runs no JavaScript,
//     so the view reads it once and stops polling.
//   - `held`: stopped, or a `pause` was asked for and has not stopped yet. A pause that lands in
//     a `skipFiles` file (`<node_internals>/**` is in VS Code's launch template) is resolved by
//     js-debug stepping until user code, one `continued` event per step, for seconds on a busy
//     machine (4–8 s measured here). The debuggee barely runs meanwhile, so the warnings must not
//     count that time (timers fire late, cancelled tasks stall), while the view keeps polling.
//
// No `vscode` import: fed with plain DAP messages, so it is testable with recorded sequences.

/** Requests that set the debuggee running again. */
const RUN_REQUESTS: ReadonlySet<string> = new Set(['continue', 'next', 'stepIn', 'stepOut', 'stepBack', 'reverseContinue', 'restartFrame', 'goto']);

export class DebuggerHold {
  #stopped = false;
  /** A `pause` request not yet answered by a `stopped` event, a resume, or its own failure. */
  #pausing = false;

  get stopped(): boolean {
    return this.#stopped;
  }

  get held(): boolean {
    return this.#stopped || this.#pausing;
  }

  /** A request VS Code sends to the adapter. */
  request(command: string): void {
    if (command === 'pause') this.#pausing = true;
    else if (RUN_REQUESTS.has(command)) {
      this.#stopped = false;
      this.#pausing = false;
    }
  }

  /** The adapter's answer to a request: a failed `pause` holds nothing. */
  response(command: string, success: boolean): void {
    if (command === 'pause' && !success) this.#pausing = false;
  }

  /** An event the adapter sends. */
  event(name: string): void {
    if (name === 'stopped') {
      this.#stopped = true;
      this.#pausing = false;
    } else if (name === 'continued') {
      // js-debug's own steps out of skipped code continue too: a pending pause still holds.
      this.#stopped = false;
    }
  }
}
