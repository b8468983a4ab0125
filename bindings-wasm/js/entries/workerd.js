// Cloudflare Workers (workerd): the .wasm is imported as a compiled module (wrangler does this
// for `*.wasm` imports), so the package is ready on import; `init()` is a no-op.
import wasmModule from './wasm/web/careerpro_fla_wasm_bg.wasm';
import * as native from './wasm/web/careerpro_fla_wasm.js';
import { batteries } from './batteries.js';

native.initSync({ module: wasmModule });

export * from './wasm/web/careerpro_fla_wasm.js';
export { default } from './wasm/web/careerpro_fla_wasm.js';
export const {
  CareerProError, isCareerProError, webCryptoAlgorithm, importCryptoKey, signAssertionAsync,
  responseFromFetch, Client, signAssertion, Poller,
} = batteries(native);
