'use strict';
// careerpro-fla for Node.js: the JavaScript API (compiled from the one TypeScript source,
// js/src, into lib/api) on the engine lib/engine.cjs picks: the napi addon, or the WASM build
// shipped in lib/wasm where no prebuilt addon loads. One instance for `import` and `require`
// (main.mjs re-exports this module).
const { loadEngine } = require('./engine.cjs');

require('./api/index.js').useEngine(loadEngine());
module.exports = require('./api/index.js');
