// The token endpoint: oidc-provider's private_key_jwt + client_credentials, and the platform
// rules on top (PLATFORM.md §4).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync, randomUUID } from 'node:crypto';

import { startServer, assertion, tokenRequest, SCOPE } from './helpers.mjs';

let sandbox;
let urls;
before(async () => {
  sandbox = await startServer();
  ({ urls } = sandbox);
});
after(() => sandbox.stop());

function assertInvalidClient(r, pattern) {
  assert.equal(r.status, 401, JSON.stringify(r.body));
  assert.equal(r.body.error, 'invalid_client');
  assert.match(r.body.error_description, pattern);
}

test('URL line names every endpoint on loopback', () => {
  assert.match(urls.base_url, /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.equal(urls.token_url, `${urls.base_url}/REST/oauth/v5/token`);
  assert.equal(urls.api_url, `${urls.base_url}/REST/federalLearningAccount/v1`);
  assert.equal(urls.training_provider_api_url, `${urls.base_url}/REST/federalLearningAccount/trainingProvider/v1`);
  assert.equal(urls.admin_url, `${urls.base_url}/__admin`);
});

for (const [name, scope] of [
  ['employer', SCOPE.employer],
  ['agent', SCOPE.agent],
  ['training-provider', SCOPE.trainingProvider],
  ['employer-ec', SCOPE.employer],
]) {
  test(`${name}: token issued with its registered scope when none is asked for`, async () => {
    const r = await tokenRequest(urls, await assertion(name, urls));
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.token_type, 'Bearer');
    assert.equal(r.body.scope, scope);
    assert.equal(r.body.expires_in, 3600);
    assert.equal(typeof r.body.access_token, 'string');
    assert.ok(r.body.access_token.length >= 20);
    assert.equal(r.headers.get('cache-control'), 'no-store');
    const date = Date.parse(r.headers.get('date'));
    assert.ok(Math.abs(date - Date.now()) < 5000, 'Date header is the server time');
    assert.ok(r.headers.get('belgov-trace-id'));
  });
}

test('explicit scope that the client holds is granted', async () => {
  const r = await tokenRequest(urls, await assertion('employer', urls), { scope: SCOPE.employer });
  assert.equal(r.status, 200);
  assert.equal(r.body.scope, SCOPE.employer);
});

test('a scope the client does not hold → invalid_scope', async () => {
  const r = await tokenRequest(urls, await assertion('employer', urls), { scope: SCOPE.agent });
  assert.equal(r.status, 400);
  assert.equal(r.body.error, 'invalid_scope');
  assert.match(r.body.error_description, /provider is not granted/);
});

test('RS384, RS512, PS256, PS384, PS512 accepted outside strict mode', async () => {
  for (const alg of ['RS384', 'RS512', 'PS256', 'PS384', 'PS512']) {
    const r = await tokenRequest(urls, await assertion('employer', urls, { alg }));
    assert.equal(r.status, 200, `${alg}: ${JSON.stringify(r.body)}`);
  }
});

test('aud as an array holding only the token URL is accepted', async () => {
  const r = await tokenRequest(urls, await assertion('agent', urls, { claims: { aud: [urls.token_url] } }));
  assert.equal(r.status, 200, JSON.stringify(r.body));
});

test('rejects a bad signature (key not registered for the client)', async () => {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keyPem = privateKey.export({ format: 'pem', type: 'pkcs8' });
  const r = await tokenRequest(urls, await assertion('employer', urls, { keyPem }));
  assertInvalidClient(r, /client authentication failed/);
});

test('rejects an assertion signed with another client\'s key', async () => {
  const { keyPem } = await import('./helpers.mjs').then((m) => m.client('agent'));
  const r = await tokenRequest(urls, await assertion('employer', urls, { keyPem }));
  assertInvalidClient(r, /client authentication failed/);
});

test('rejects aud = issuer URL instead of the token URL', async () => {
  const r = await tokenRequest(urls, await assertion('employer', urls, { claims: { aud: urls.base_url } }));
  assertInvalidClient(r, /aud must be the token endpoint URL.*issuer URL is not accepted/);
});

test('rejects aud array with an extra audience', async () => {
  const r = await tokenRequest(urls, await assertion('employer', urls, { claims: { aud: [urls.token_url, urls.base_url] } }));
  assertInvalidClient(r, /aud must be the token endpoint URL/);
});

test('rejects an assertion lifetime over 300 s', async () => {
  const now = Math.floor(Date.now() / 1000);
  const r = await tokenRequest(urls, await assertion('employer', urls, { claims: { iat: now, exp: now + 301 } }));
  assertInvalidClient(r, /lifetime exp - iat = 301 s exceeds the platform maximum of 300 s/);
});

test('rejects a missing exp', async () => {
  const r = await tokenRequest(urls, await assertion('employer', urls, { claims: { exp: undefined } }));
  assertInvalidClient(r, /exp is required/);
});

test('rejects an expired assertion', async () => {
  const now = Math.floor(Date.now() / 1000);
  const r = await tokenRequest(urls, await assertion('employer', urls, { claims: { iat: now - 400, exp: now - 120 } }));
  assertInvalidClient(r, /expired 12\d s ago/);
});

test('rejects a reused jti', async () => {
  const jti = randomUUID();
  const first = await tokenRequest(urls, await assertion('employer', urls, { claims: { jti } }));
  assert.equal(first.status, 200);
  const again = await tokenRequest(urls, await assertion('employer', urls, { claims: { jti } }));
  assertInvalidClient(again, /must only be used once/);
});

test('rejects iss ≠ sub', async () => {
  const r = await tokenRequest(urls, await assertion('employer', urls, { claims: { sub: 'someone_else' } }));
  assertInvalidClient(r, /sub must equal iss/);
});

test('rejects an unknown client', async () => {
  const claims = { iss: 'self_service_expeditor_999', sub: 'self_service_expeditor_999' };
  const r = await tokenRequest(urls, await assertion('employer', urls, { claims }));
  assertInvalidClient(r, /unknown client "self_service_expeditor_999"/);
});

test('rejects a missing jti', async () => {
  const r = await tokenRequest(urls, await assertion('employer', urls, { claims: { jti: undefined } }));
  assertInvalidClient(r, /jti is required/);
});

test('rejects a request without client_assertion (no client secret on this platform)', async () => {
  const res = await fetch(urls.token_url, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: 'x', client_secret: 'y' }),
  });
  assert.equal(res.status, 401);
  assert.equal((await res.json()).error, 'invalid_client');
});

test('oidc-provider answers grant types other than client_credentials', async () => {
  const res = await fetch(urls.token_url, { method: 'POST', body: new URLSearchParams({ grant_type: 'password' }) });
  assert.equal(res.status, 400);
  assert.equal((await res.json()).error, 'invalid_request');
});
