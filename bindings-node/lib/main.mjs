// ESM entry: the CommonJS module's exports (one instance of the engine and of the error classes).
export * from './main.cjs';
import api from './main.cjs';

export default api.default;
