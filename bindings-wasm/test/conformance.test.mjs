// The conformance suite (tests/conformance/*.json) through the WASM engine, with the runner
// every JavaScript engine shares: the full build through its nodejs target (the CommonJS entry
// `node.cjs`), and the slim build (its `node.js` entry, web target). The core's bridge has no
// feature gates, so the slim build answers every operation and object kind as the full build
// does: both replay every case. Every entry exports the bridge (`call`, `Handle`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { runConformance } from '../../tests/conformance/runner.mjs';
import { PKG } from './helpers.mjs';

const require = createRequire(import.meta.url);
const full = require(`${PKG}/node.cjs`);
const slim = await import(`${PKG}/slim/node.js`);

runConformance({ call: full.call, Handle: full.Handle }, { label: 'wasm-full' });
runConformance({ call: slim.call, Handle: slim.Handle }, { label: 'wasm-slim' });

test('every entry of both builds exports the bridge (call, Handle)', async () => {
  const fullEsm = await import(`${PKG}/node.js`);
  for (const [name, m] of [['node.cjs', full], ['node.js', fullEsm], ['slim/node.js', slim]]) {
    assert.equal(typeof m.call, 'function', `${name}: call`);
    assert.equal(typeof m.Handle, 'function', `${name}: Handle`);
  }
  // Entries that need a bundler or workerd to load: they re-export the generated module, which
  // must define both; their types declare both.
  for (const dir of ['wasm/web', 'wasm/nodejs', 'wasm/bundler', 'slim/wasm/web']) {
    const js = readFileSync(`${PKG}/${dir}/careerpro_fla_wasm.js`, 'utf8');
    const dts = readFileSync(`${PKG}/${dir}/careerpro_fla_wasm.d.ts`, 'utf8');
    // (The bundler target re-exports from its `_bg.js`: `export { …, Handle, …, call, … }`.)
    assert.match(js, /export function call\(|exports\.call = call|\bcall,/, `${dir}: call`);
    assert.match(js, /class Handle\b|\bHandle,/, `${dir}: Handle`);
    assert.match(dts, /export function call\(op: string, input: string, data\?: .*nowMs\?: number/, `${dir}: call types`);
    assert.match(dts, /export class Handle\b/, `${dir}: Handle types`);
  }
  for (const entry of ['web.js', 'bundler.js', 'workerd.js', 'slim/web.js', 'slim/workerd.js']) {
    assert.match(readFileSync(`${PKG}/${entry}`, 'utf8'), /^export \* from '\.\/wasm\/(web|bundler)\/careerpro_fla_wasm\.js';$/m, entry);
  }
  for (const types of ['index.d.ts', 'slim/index.d.ts']) {
    assert.match(readFileSync(`${PKG}/${types}`, 'utf8'), /^export \{ call, Handle \} from '\.\/wasm\/web\/careerpro_fla_wasm\.js';$/m, types);
  }
  // The error envelope is the constructor's message in the WASM engine as in napi.
  for (const m of [full, slim]) {
    assert.throws(() => new m.Handle('no_such_kind', '{}'), (e) => e instanceof Error && JSON.parse(e.message).error.code === 'invalid_argument');
    assert.equal(new m.Handle('token_manager', '{}').kind, 'token_manager');
  }
});
