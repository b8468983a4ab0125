// Node (CommonJS, `require`): wasm-bindgen's nodejs output, ready on require.
'use strict';
const native = require('./wasm/nodejs/careerpro_fla_wasm.js');
const { batteries } = require('./batteries.cjs');
const { errors } = require('./errors.cjs');

const api = batteries(native, errors);
api.installErrors();
module.exports = { ...native, ...api, default: async function init() {} };
