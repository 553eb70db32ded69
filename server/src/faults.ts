// Fault injection, for the server's own tests only: a rule that throws on every `debugger`
// statement (CORRAL_LANGUAGE_SERVER_FAULTS=throwing-rule) and a lint worker that exits mid-lint
// (=worker-exits). Only the tests' build (`node server/build.mjs --faults=<file>`) holds this
// module; the published bundle gets a stand-in that injects nothing (server/build.mjs).
import type { Rule } from 'eslint';

type Fault = 'throwing-rule' | 'worker-exits';

/** Name of the rule that throws on every `debugger` statement. */
export const THROWING_RULE = 'test-throws-on-debugger';

/** With CORRAL_LANGUAGE_SERVER_FAULTS=worker-exits, a lint worker given a text containing this exits. */
export const WORKER_EXIT_MARK = 'corral-test: the lint worker exits here';

/** Whether the environment asks for `fault`. */
function injectsFault(fault: Fault): boolean {
  return process.env.CORRAL_LANGUAGE_SERVER_FAULTS === fault;
}

/** Whether a lint worker given `text` is to exit at once (3) instead of linting it. */
export function exitsMidLint(text: string): boolean {
  return injectsFault('worker-exits') && text.includes(WORKER_EXIT_MARK);
}

/** The rules to add to the plugin's: the throwing one when asked for, else none. */
export function faultRules(): Record<string, Rule.RuleModule> {
  if (!injectsFault('throwing-rule')) return {};
  return {
    [THROWING_RULE]: {
      meta: { type: 'problem', docs: { recommended: 'recommended' } as never, messages: {}, schema: [] },
      create: () => ({
        DebuggerStatement() {
          throw new Error('test rule: thrown on purpose at a debugger statement');
        },
      }),
    },
  };
}
