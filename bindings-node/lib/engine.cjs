'use strict';
/**
 * The engine under the package: the core's bridge (`call(op, input, data?, nowMs?)` and
 * `new Handle(kind, input, data?, nowMs?)`: operations by name, JSON text in, the envelope
 * `{"ok": …}` / `{"error": …}` out) from the napi addon where a prebuilt exists, else from the
 * WASM build shipped inside this package (`lib/wasm`, wasm-bindgen's nodejs output of the full
 * build: the engine only, not a second copy of the API). Both engines give the same envelopes
 * for every conformance case (test/conformance.test.mjs compares them).
 *
 * `CAREERPRO_FLA_ENGINE` forces one: `napi` (no fallback), `wasm`; unset or `auto`: napi, then
 * WASM when the addon cannot be loaded.
 */

const ENGINES = ['auto', 'napi', 'wasm'];

function napiEngine() {
  const native = require('../index.js');
  return { name: 'napi', call: native.call, Handle: native.Handle };
}

const WASM = require('node:path').join(__dirname, 'wasm', 'careerpro_fla_wasm.js');

function wasmEngine(from) {
  const wasm = require(from);
  if (typeof wasm.call !== 'function' || typeof wasm.Handle !== 'function') {
    throw new Error(`${from} does not export the bridge (call, Handle)`);
  }
  return { name: 'wasm', call: wasm.call, Handle: wasm.Handle };
}

/**
 * Loads the engine. `engine`: `auto` | `napi` | `wasm` (default: `CAREERPRO_FLA_ENGINE`, else
 * `auto`); `wasm`: where the WASM engine is (a path or specifier; the shipped `lib/wasm`).
 */
function loadEngine({ engine = process.env.CAREERPRO_FLA_ENGINE || 'auto', wasm = WASM } = {}) {
  if (!ENGINES.includes(engine)) {
    throw new Error(`CAREERPRO_FLA_ENGINE must be one of ${ENGINES.join(', ')}, not ${JSON.stringify(engine)}`);
  }
  if (engine === 'napi') return napiEngine();
  if (engine === 'wasm') return wasmEngine(wasm);
  try {
    return napiEngine();
  } catch (napiError) {
    try {
      return { ...wasmEngine(wasm), fallbackFrom: napiError };
    } catch (wasmError) {
      throw new AggregateError([napiError, wasmError],
        'careerpro-fla: neither the native addon (no prebuilt for this platform?) nor the WASM engine (lib/wasm) could be loaded');
    }
  }
}

module.exports = { loadEngine, ENGINES };
