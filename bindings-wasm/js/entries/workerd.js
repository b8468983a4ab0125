// Cloudflare Workers (workerd): the .wasm is imported as a compiled module (wrangler does this
// for `*.wasm` imports), so the package is ready on import; `init()` is a no-op.
import wasmModule from './wasm/web/careerpro_fla_wasm_bg.wasm';
import * as wasm from './wasm/web/careerpro_fla_wasm.js';
import { useEngine } from './api/index.js';

wasm.initSync({ module: wasmModule });
useEngine({ name: 'wasm', call: wasm.call, Handle: wasm.Handle });
export * from './api/index.js';
export { default } from './api/index.js';
