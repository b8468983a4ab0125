// Node (ESM) and Deno: ready on import, no init needed (`init()` is a no-op kept for portable code).
import { readFileSync } from 'node:fs';
import * as native from './wasm/web/careerpro_fla_wasm.js';
import { batteries } from './batteries.js';

native.initSync({ module: readFileSync(new URL('./wasm/web/careerpro_fla_wasm_bg.wasm', import.meta.url)) });

export * from './wasm/web/careerpro_fla_wasm.js';
export { default } from './wasm/web/careerpro_fla_wasm.js';
export const {
  CareerProError, isCareerProError, webCryptoAlgorithm, importCryptoKey, signAssertionAsync,
  responseFromFetch, Client, signAssertion, Poller,
} = batteries(native);
