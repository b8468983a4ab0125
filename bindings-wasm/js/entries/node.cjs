// Node (`require`, and `import` through node.mjs: one instance): wasm-bindgen's nodejs output,
// ready on require, under the JavaScript API (compiled from js/src to CommonJS).
'use strict';
const wasm = require('./wasm/nodejs/careerpro_fla_wasm.js');

require('./api-cjs/index.js').useEngine({ name: 'wasm', call: wasm.call, Handle: wasm.Handle });
module.exports = require('./api-cjs/index.js');
