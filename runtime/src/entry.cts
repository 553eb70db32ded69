// The package's entry point, for `require` and (through index.js) for `import` alike: it joins
// any copy of the runtime already loaded in the process, or loads this one (processRuntime.ts).
// CommonJS: `require`, `module` and `__dirname` are those of dist/index.cjs.
import processRuntime = require('./processRuntime.ts');
import path = require('node:path');

/** The package's version, written in by the build. */
declare const CORRAL_VERSION: string;

// The package's folder (this file is in its dist/): what a user finds in node_modules.
module.exports = processRuntime.joinProcessRuntime({ version: CORRAL_VERSION, path: path.dirname(__dirname) }, () => require('./runtime.cjs') as object);
