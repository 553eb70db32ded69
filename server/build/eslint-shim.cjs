// What @typescript-eslint/utils gets for `require('eslint')` in the bundle: the real Linter
// (from eslint/universal, which loads no config files), and stand-ins for the file-system
// classes it subclasses at load time but the rules never use.
'use strict';
const { Linter } = require('eslint/universal');

class NotBundled {
  constructor() {
    throw new Error('corral-language-server bundles only ESLint\'s Linter');
  }
}

module.exports = { Linter, SourceCode: NotBundled, ESLint: NotBundled, RuleTester: NotBundled, FlatESLint: NotBundled, LegacyESLint: NotBundled };
