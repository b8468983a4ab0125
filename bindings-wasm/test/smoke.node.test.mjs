// The smoke flow in Node against the sandbox, with the full and the slim build.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { PKG, startSandbox, employer } from './helpers.mjs';
import { smoke } from './smoke.mjs';

let sandbox;
before(async () => { sandbox = await startSandbox(); });
after(async () => { await sandbox?.stop(); });

for (const [build, entry] of [['full', 'node.mjs'], ['slim', 'slim/deno.js']]) {
  test(`smoke flow in Node (${build} build)`, async () => {
    const m = await import(path.join(PKG, entry));
    const checks = await smoke(m, { urls: sandbox.urls, ...employer() });
    const failed = checks.filter((c) => !c.ok);
    assert.deepEqual(failed, [], JSON.stringify(failed, null, 1));
    assert.ok(checks.length >= 10);
  });
}

test('CommonJS entry (nodejs target) loads and signs', async () => {
  const { createRequire } = await import('node:module');
  const require = createRequire(import.meta.url);
  const m = require(path.join(PKG, 'node.cjs'));
  const key = m.SigningKey.fromBytes(employer().keyPem);
  const a = key.signAssertion({ clientId: 'c', audience: 'https://a.example/token', now: 1767225600000, jti: 'j' });
  assert.equal(a.assertion.split('.').length, 3);
  assert.ok(typeof m.Client === 'function');
  assert.throws(() => new m.Ssin('1'), (e) => e instanceof m.ValidationError && e.code === 'ssin_invalid');
});
