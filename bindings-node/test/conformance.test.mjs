// The conformance suite (tests/conformance/*.json) through the napi engine: the addon's bridge
// exports `call` and `Handle`, driven by the runner every JavaScript engine shares.
import { createRequire } from 'node:module';
import { runConformance } from '../../tests/conformance/runner.mjs';

const require = createRequire(import.meta.url);
const napi = require('../index.js');

runConformance({ call: napi.call, Handle: napi.Handle }, { label: 'napi' });
