// Browsers and any ESM runtime: `import init, {…} from 'careerpro-fla-wasm/web'`, then
// `await init()` once (fetches the .wasm next to the module; or pass `{ module_or_path }`).
import * as wasm from './wasm/web/careerpro_fla_wasm.js';
import { useEngine } from './api/index.js';

useEngine({ name: 'wasm', call: wasm.call, Handle: wasm.Handle, init: wasm.default, initSync: wasm.initSync });
export * from './api/index.js';
export { default } from './api/index.js';
