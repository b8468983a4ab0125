// Deno and Node without CommonJS (ESM only): ready on import; `init()` is a no-op.
import { readFileSync } from 'node:fs';
import * as wasm from './wasm/web/careerpro_fla_wasm.js';
import { useEngine } from './api/index.js';

wasm.initSync({ module: readFileSync(new URL('./wasm/web/careerpro_fla_wasm_bg.wasm', import.meta.url)) });
useEngine({ name: 'wasm', call: wasm.call, Handle: wasm.Handle });
export * from './api/index.js';
export { default } from './api/index.js';
