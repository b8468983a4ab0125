// The conformance suite (tests/conformance/*.json) through the package's engine (lib/engine.cjs),
// driven by the runner every JavaScript engine shares. By default the napi addon; with
// CAREERPRO_FLA_ENGINE=wasm (test.sh runs both) the WASM engine, the package's fallback where no
// prebuilt addon exists, shipped in lib/wasm; then every answer is also compared with
// the napi engine's raw envelope for the same call (see the runner's `reference`).
import test from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { runConformance } from '../../tests/conformance/runner.mjs';

const require = createRequire(import.meta.url);
const { loadEngine } = require('../lib/engine.cjs');
// The WASM engine shipped in the package (lib/wasm, copied by test.sh).
const WASM = path.join(path.dirname(require.resolve('../lib/engine.cjs')), 'wasm', 'careerpro_fla_wasm.js');

const wanted = process.env.CAREERPRO_FLA_ENGINE || 'auto';
const engine = loadEngine({ wasm: WASM });

test(`the engine is the one asked for (CAREERPRO_FLA_ENGINE=${wanted})`, () => {
  assert.equal(engine.name, wanted === 'wasm' ? 'wasm' : 'napi');
  assert.equal(engine.fallbackFrom, undefined);
});

runConformance(engine, {
  label: engine.name,
  reference: engine.name === 'wasm' ? loadEngine({ engine: 'napi' }) : undefined,
});

test('the engine choice: CAREERPRO_FLA_ENGINE, and the fallback to WASM without the addon', () => {
  const probe = (env, script) => {
    const r = spawnSync(process.execPath, ['-e', script], {
      env: { ...process.env, CAREERPRO_FLA_ENGINE: '', ...env }, encoding: 'utf8',
    });
    return (r.stdout + r.stderr).trim();
  };
  const load = `const { loadEngine } = require(${JSON.stringify(require.resolve('../lib/engine.cjs'))});`;
  const show = `${load} const e = loadEngine({ wasm: ${JSON.stringify(WASM)} });
    console.log(e.name, JSON.parse(e.call('parse_ssin', '{"text":"85073003328"}')).ok.value, e.fallbackFrom ? 'fallback' : '');`;
  assert.equal(probe({}, show), 'napi 85073003328');
  assert.equal(probe({ CAREERPRO_FLA_ENGINE: 'napi' }, show), 'napi 85073003328');
  assert.equal(probe({ CAREERPRO_FLA_ENGINE: 'wasm' }, show), 'wasm 85073003328');
  assert.match(probe({ CAREERPRO_FLA_ENGINE: 'fast' }, show), /CAREERPRO_FLA_ENGINE must be one of auto, napi, wasm/);
  // No prebuilt for the platform: the addon's loader throws; the WASM engine takes over.
  const noAddon = `const Module = require('node:module'); const load = Module._load;
    Module._load = function (request, ...rest) {
      if (/index\\.js$/.test(request) && /bindings-node/.test(rest[0]?.filename ?? '')) throw new Error('Cannot find native binding');
      return load.call(this, request, ...rest);
    }; ${show}`;
  assert.equal(probe({}, noAddon), 'wasm 85073003328 fallback');
  assert.match(probe({ CAREERPRO_FLA_ENGINE: 'napi' }, noAddon), /Cannot find native binding/);
  const nothing = `${load} try { loadEngine({ engine: 'auto', wasm: '/nonexistent/careerpro-fla-wasm' }); } catch (e) { console.log(e.name); }`;
  assert.equal(probe({}, nothing.replace(load, noAddon.replace(show, '') + load)), 'AggregateError');
});

test('nowMs: the host clock by default, a fraction rounded down, garbage an error envelope (both engines)', () => {
  const engines = [loadEngine({ engine: 'napi' }), loadEngine({ engine: 'wasm', wasm: WASM })];
  const answers = engines.map(({ call, Handle }) => {
    const poll = (now) => new Handle('token_manager', '{}', undefined, now).call('poll', '{}', undefined, now);
    const before = Date.now();
    const clock = JSON.parse(poll()).ok.assertion_now;
    assert.ok(clock >= before - 1000 && clock <= Date.now() + 1000, `the host clock: ${clock}`);
    return [
      poll(1767225600000.9),
      poll(-1.5),
      call('parse_ssin', '{"text":"85073003328"}', undefined, NaN),
      call('parse_ssin', '{"text":"85073003328"}', undefined, 2 ** 53),
      (() => { try { return new Handle('token_manager', '{}', undefined, Infinity).kind; } catch (e) { return e.message; } })(),
    ];
  });
  assert.deepEqual(answers[1], answers[0]);
  assert.equal(JSON.parse(answers[0][0]).ok.assertion_now, 1767225600000);
  for (const a of answers[0].slice(2)) assert.equal(JSON.parse(a).error.code, 'invalid_argument', a);
});

test('arguments of the wrong type: the same invalid_argument envelope from both engines, never a trap', () => {
  const engines = [loadEngine({ engine: 'napi' }), loadEngine({ engine: 'wasm', wasm: WASM })];
  const ssin = '{"text":"85073003328"}';
  const bad = [
    [], [undefined, ssin], [5, ssin], ['parse_ssin'], ['parse_ssin', 5], ['parse_ssin', {}],
    ['parse_ssin', ssin, 'text'], ['parse_ssin', ssin, [1, 2]], ['parse_ssin', ssin, new Float64Array(1)],
    ['parse_ssin', ssin, new ArrayBuffer(2)], ['parse_ssin', ssin, undefined, '1767225600000'],
  ];
  const good = [
    ['parse_ssin', ssin, null, null], ['parse_ssin', ssin, Buffer.from('x')], ['parse_ssin', ssin, new Uint8Array(0), undefined],
  ];
  const answers = engines.map(({ call, Handle }) => {
    const out = [];
    for (const args of bad) {
      out.push(call(...args));
      try {
        out.push(`opened ${new Handle(...args).kind}`);
      } catch (e) {
        out.push(e.message);
      }
      out.push(new Handle('token_manager', '{}').call(...args));
    }
    for (const args of good) out.push(call(...args));
    return out;
  });
  assert.deepEqual(answers[1], answers[0]);
  for (const a of answers[0].slice(0, bad.length * 3)) assert.equal(JSON.parse(a).error.code, 'invalid_argument', a);
  for (const a of answers[0].slice(bad.length * 3)) assert.equal(JSON.parse(a).ok.value, '85073003328', a);
});
