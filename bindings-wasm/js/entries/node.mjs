// Node ESM: the CommonJS entry's exports (one module instance whether imported or required).
export * from './node.cjs';
import api from './node.cjs';

export default api.default;
