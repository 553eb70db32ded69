// Preloaded into the server by run.mjs (`node --expose-gc --require heap-probe.cjs`): on SIGUSR2
// it collects garbage and writes the heap in use to the file named by CORRAL_HEAP_PROBE, so the
// benchmark compares live memory rather than the high-water marks RSS keeps.
'use strict';
const { writeFileSync } = require('node:fs');

process.on('SIGUSR2', () => {
  global.gc();
  global.gc();
  writeFileSync(process.env.CORRAL_HEAP_PROBE, String(process.memoryUsage().heapUsed));
});
