// Node (CommonJS, `require`): wasm-bindgen's nodejs output, ready on require.
'use strict';
const native = require('./wasm/nodejs/careerpro_fla_wasm.js');
const { batteries } = require('./batteries.cjs');

module.exports = { ...native, ...batteries(native), default: async function init() {} };
