// The conformance suite (tests/conformance/*.json) through the WASM engine, with the runner
// every JavaScript engine shares: the full build through its Node entry (`node.cjs`, nodejs
// target), and the slim build (its Deno/ESM entry, web target). The slim build is built without
// the core's `keys` feature: cases that need keys expect its `not in this build` error (never a
// skip); every other case is answered as by the full build. Each entry plugs its engine into
// the one JavaScript API (`engine()` gives it back).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { runConformance } from '../../tests/conformance/runner.mjs';
import { PKG } from './helpers.mjs';

const require = createRequire(import.meta.url);
const full = require(`${PKG}/node.cjs`);
const slim = await import(`${PKG}/slim/deno.js`);

runConformance(full.engine(), { label: 'wasm-full' });
runConformance(slim.engine(), { label: 'wasm-slim', keys: false });

test('every entry plugs a WASM engine (call, Handle) into the API', async () => {
  const fullEsm = await import(`${PKG}/node.mjs`);
  for (const [name, m] of [['node.cjs', full], ['node.mjs', fullEsm], ['slim/deno.js', slim]]) {
    const e = m.engine();
    assert.equal(e.name, 'wasm', name);
    assert.equal(typeof e.call, 'function', `${name}: call`);
    assert.equal(typeof e.Handle, 'function', `${name}: Handle`);
  }
  assert.equal(fullEsm.engine(), full.engine(), 'node.mjs and node.cjs are one instance');
  // Entries that need a bundler or workerd to load: the generated module defines both exports,
  // and the entry plugs them in.
  for (const dir of ['wasm/web', 'wasm/nodejs', 'wasm/bundler', 'slim/wasm/web']) {
    const js = readFileSync(`${PKG}/${dir}/careerpro_fla_wasm.js`, 'utf8');
    const dts = readFileSync(`${PKG}/${dir}/careerpro_fla_wasm.d.ts`, 'utf8');
    assert.match(js, /export function call\(|exports\.call = call|\bcall\b/, `${dir}: call`);
    assert.match(js, /class Handle\b|\bHandle,/, `${dir}: Handle`);
    assert.match(dts, /export function call\(op: string, input: string, data\?: .*nowMs\?: number/, `${dir}: call types`);
    assert.match(dts, /export class Handle\b/, `${dir}: Handle types`);
  }
  for (const entry of ['web.js', 'bundler.js', 'workerd.js', 'deno.js', 'slim/web.js', 'slim/workerd.js', 'slim/deno.js']) {
    const text = readFileSync(`${PKG}/${entry}`, 'utf8');
    assert.match(text, /useEngine\(\{ name: 'wasm', call: wasm\.call, Handle: wasm\.Handle/, entry);
    assert.match(text, /^export \* from '\.\/api\/index\.js';$/m, entry);
  }
  // The error envelope is the constructor's message in the WASM engine as in napi.
  for (const m of [full, slim]) {
    const { Handle } = m.engine();
    assert.throws(() => new Handle('no_such_kind', '{}'), (e) => e instanceof Error && JSON.parse(e.message).error.code === 'invalid_argument');
    assert.equal(new Handle('token_manager', '{}').kind, 'token_manager');
  }
});
