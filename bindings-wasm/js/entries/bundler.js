// Bundlers with WebAssembly ESM integration (webpack 5 asyncWebAssembly, Vite + plugin, …):
// ready on import; `init()` is a no-op kept for portable code.
import * as wasm from './wasm/bundler/careerpro_fla_wasm.js';
import { useEngine } from './api/index.js';

useEngine({ name: 'wasm', call: wasm.call, Handle: wasm.Handle });
export * from './api/index.js';
export { default } from './api/index.js';
