// Bundlers with WebAssembly ESM integration (webpack 5 asyncWebAssembly, Vite + plugin, …).
import * as native from './wasm/bundler/careerpro_fla_wasm.js';
import { batteries } from './batteries.js';

export * from './wasm/bundler/careerpro_fla_wasm.js';
/** Nothing to do: the bundler instantiated the module. Kept for portable code. */
export default async function init() {}
export const {
  CareerProError, isCareerProError, webCryptoAlgorithm, importCryptoKey, signAssertionAsync,
  responseFromFetch, Client, signAssertion, Poller,
} = batteries(native);
