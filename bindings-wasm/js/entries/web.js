// Browsers, Deno and any ESM runtime: `import init, {…} from 'careerpro-fla-wasm/web'`, then
// `await init()` once (fetches the .wasm next to this file; or pass {module_or_path}).
import * as native from './wasm/web/careerpro_fla_wasm.js';
import { batteries } from './batteries.js';

export * from './wasm/web/careerpro_fla_wasm.js';
export { default } from './wasm/web/careerpro_fla_wasm.js';
export const {
  CareerProError, isCareerProError, webCryptoAlgorithm, importCryptoKey, signAssertionAsync,
  responseFromFetch, Client, signAssertion, Poller,
} = batteries(native);
