// Faults on demand (admin API and --fault) and the request log.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';

import { startServer, assertion, tokenRequest, token, api, admin, client } from './helpers.mjs';

let sandbox;
let urls;
let employerToken;
const EN = client('employer').enterprise_number;
const trainings = () => `${urls.api_url}/employers/${EN}/trainings`;

before(async () => {
  sandbox = await startServer();
  ({ urls } = sandbox);
  employerToken = await token('employer', urls);
});
after(() => sandbox.stop());
afterEach(() => admin(urls, '/reset', {}));

test('429 with Retry-After in seconds, then back to normal (count 1)', async () => {
  const f = await admin(urls, '/faults', { path_prefix: '/REST/federalLearningAccount', status: 429, retry_after: 7 });
  assert.equal(f.status, 201, JSON.stringify(f.body));
  const r = await api(trainings(), { accessToken: employerToken });
  assert.equal(r.status, 429);
  assert.equal(r.headers.get('retry-after'), '7');
  assert.equal(r.headers.get('content-type'), 'application/problem+json');
  assert.equal(r.body.type, 'urn:problem-type:belgif:tooManyRequests');
  assert.equal(r.body.retryAfterSec, 7);
  assert.ok(r.body.instance);
  assert.ok(r.headers.get('belgov-trace-id'));
  assert.equal((await api(trainings(), { accessToken: employerToken })).status, 200);
});

test('429 with Retry-After as an HTTP-date', async () => {
  await admin(urls, '/faults', { status: 429, retry_after: 30, retry_after_form: 'date' });
  const r = await api(trainings(), { accessToken: employerToken });
  assert.equal(r.status, 429);
  const ra = r.headers.get('retry-after');
  assert.match(ra, /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
  const wait = (Date.parse(ra) - Date.parse(r.headers.get('date'))) / 1000;
  assert.ok(wait >= 30 && wait <= 31, `date form ${wait} s ahead of Date`);
  assert.equal(r.body.retryAfterSec, 30);
});

test('"retry_after": "date" shorthand', async () => {
  await admin(urls, '/faults', { status: 429, retry_after: 'date' });
  const r = await api(trainings(), { accessToken: employerToken });
  assert.ok(Number.isNaN(Number(r.headers.get('retry-after'))));
  assert.ok(Date.parse(r.headers.get('retry-after')) > Date.now());
});

test('503 serviceUnavailable on the token endpoint, count 2', async () => {
  await admin(urls, '/faults', { path_prefix: '/REST/oauth', status: 503, retry_after: 3, count: 2 });
  for (let i = 0; i < 2; i += 1) {
    const r = await tokenRequest(urls, await assertion('employer', urls));
    assert.equal(r.status, 503);
    assert.equal(r.body.type, 'urn:problem-type:belgif:serviceUnavailable');
    assert.equal(r.headers.get('retry-after'), '3');
  }
  assert.equal((await tokenRequest(urls, await assertion('employer', urls))).status, 200);
  assert.equal((await api(trainings(), { accessToken: employerToken })).status, 200, 'API unaffected');
});

test('429 on the token endpoint in OAuth JSON form', async () => {
  await admin(urls, '/faults', { path_prefix: '/REST/oauth/v5/token', status: 429, body_format: 'oauth' });
  const r = await tokenRequest(urls, await assertion('employer', urls));
  assert.equal(r.status, 429);
  assert.equal(r.body.error, 'temporarily_unavailable');
  assert.equal(r.headers.get('retry-after'), '1');
});

test('500 internalServerError and malformed body', async () => {
  await admin(urls, '/faults', [{ status: 500 }, { status: 502, malformed_body: true }]);
  const r500 = await api(trainings(), { accessToken: employerToken });
  assert.equal(r500.status, 500);
  assert.equal(r500.body.type, 'urn:problem-type:belgif:internalServerError');
  const bad = await api(trainings(), { accessToken: employerToken });
  assert.equal(bad.status, 502);
  assert.equal(typeof bad.body, 'string', 'body is not JSON');
});

test('delay_ms without status slows the answer but keeps it', async () => {
  await admin(urls, '/faults', { delay_ms: 300 });
  const t0 = Date.now();
  const r = await api(trainings(), { accessToken: employerToken });
  assert.equal(r.status, 200);
  assert.ok(Date.now() - t0 >= 290);
});

test('method filter and unlimited count; DELETE /faults clears', async () => {
  await admin(urls, '/faults', { method: 'POST', status: 503, count: null });
  assert.equal((await api(trainings(), { accessToken: employerToken })).status, 200, 'GET not affected');
  for (let i = 0; i < 3; i += 1) {
    assert.equal((await api(trainings(), { method: 'POST', accessToken: employerToken, body: {} })).status, 503);
  }
  assert.equal((await admin(urls, '/faults', undefined, 'DELETE')).status, 204);
  assert.equal((await admin(urls, '/faults')).body.faults.length, 0);
});

test('bad fault descriptions are refused', async () => {
  for (const f of [{ status: 418 }, { path_prefix: 'x', status: 503 }, { retry_after: 1 }, { status: 503, count: 0 }, { status: 503, colour: 1 }]) {
    const r = await admin(urls, '/faults', f);
    assert.equal(r.status, 400, JSON.stringify(f));
  }
});

test('request log: Authorization redacted, assertion claims shown, status recorded', async () => {
  await admin(urls, '/requests', undefined, 'DELETE');
  await tokenRequest(urls, await assertion('agent', urls));
  await api(trainings(), { accessToken: employerToken, headers: { 'BelGov-Trace-Id': 'log-test' } });
  const { body } = await admin(urls, '/requests');
  assert.equal(body.requests.length, 2);
  const [tok, call] = body.requests;
  assert.equal(tok.kind, 'token');
  assert.equal(tok.client_id, client('agent').client_id);
  assert.equal(tok.assertion.claims.aud, urls.token_url);
  assert.equal(tok.form.client_assertion, undefined, 'raw assertion not logged');
  assert.equal(tok.status, 200);
  assert.equal(call.headers.authorization, 'Bearer <redacted>');
  assert.equal(call.trace_id, 'log-test');
  assert.equal(call.client_id, client('employer').client_id);
  assert.equal(JSON.stringify(body).includes(employerToken), false, 'token never in the log');
});

test('admin summary lists the clients and settings', async () => {
  const { body } = await admin(urls, '');
  assert.equal(body.strict, false);
  assert.deepEqual(body.algorithms, ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512']);
  assert.equal(body.clients.length, 4);
  assert.equal(body.token_lifetime, 3600);
});

test('faults from the command line apply from the start', async () => {
  const other = await startServer(['--fault', '{"path_prefix":"/REST/oauth","status":503,"count":1}', '--token-lifetime', '60']);
  try {
    const first = await tokenRequest(other.urls, await assertion('employer', other.urls));
    assert.equal(first.status, 503);
    const second = await tokenRequest(other.urls, await assertion('employer', other.urls));
    assert.equal(second.status, 200);
    assert.equal(second.body.expires_in, 60);
  } finally {
    await other.stop();
  }
});
