// A rule that throws, for the tests of the server's fault tolerance only. It exists when the
// server is started with CORRAL_LANGUAGE_SERVER_FAULTS=throwing-rule and never otherwise.
import type { Rule } from 'eslint';

/** Name of the rule that throws on every `debugger` statement. */
export const THROWING_RULE = 'test-throws-on-debugger';

export function testRules(): Record<string, Rule.RuleModule> {
  if (process.env.CORRAL_LANGUAGE_SERVER_FAULTS !== 'throwing-rule') return {};
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
