// Strict mode: RS256 only, as the only algorithm confirmed in use on the platform.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { startServer, assertion, tokenRequest } from './helpers.mjs';

let sandbox;
let urls;
before(async () => {
  sandbox = await startServer(['--strict']);
  ({ urls } = sandbox);
});
after(() => sandbox.stop());

test('strict: RS256 accepted', async () => {
  const r = await tokenRequest(urls, await assertion('employer', urls, { alg: 'RS256' }));
  assert.equal(r.status, 200, JSON.stringify(r.body));
});

for (const [name, alg] of [['employer-ec', 'ES384'], ['employer', 'PS256'], ['employer', 'RS512']]) {
  test(`strict: ${alg} rejected with a reason`, async () => {
    const r = await tokenRequest(urls, await assertion(name, urls, { alg }));
    assert.equal(r.status, 401);
    assert.equal(r.body.error, 'invalid_client');
    assert.match(r.body.error_description, new RegExp(`alg "${alg}" is not accepted \\(strict mode accepts RS256 only\\)`));
  });
}

test('--algorithms narrows the list (ES384 only)', async () => {
  const other = await startServer(['--algorithms', 'ES384']);
  try {
    assert.equal((await tokenRequest(other.urls, await assertion('employer-ec', other.urls))).status, 200);
    const rs = await tokenRequest(other.urls, await assertion('employer', other.urls, { alg: 'RS256' }));
    assert.equal(rs.status, 401);
    assert.match(rs.body.error_description, /accepted: ES384/);
  } finally {
    await other.stop();
  }
});

test('server refuses to start with a bad client file directory', async () => {
  await assert.rejects(startServer(['--clients', '/nonexistent-dir']), /cannot start/);
});
