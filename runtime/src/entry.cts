// The package's entry point, for `require` and (through index.js) for `import` alike: it joins
// any copy of the runtime already loaded in the process, or loads this one (processRuntime.ts).
// CommonJS: `require`, `module` and `__dirname` are those of dist/index.cjs.
import processRuntime = require('./processRuntime.ts');

/** The package's version, written in by the build. */
declare const CORRAL_VERSION: string;

module.exports = processRuntime.joinProcessRuntime({ version: CORRAL_VERSION, path: __dirname }, () => require('./runtime.cjs') as object);
