// The FLA API stand-in: bearer tokens, scopes, mandates, problem details, and the ILLUSTRATIVE
// training resources (not the official FLA contract).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { startServer, token, api, admin, client } from './helpers.mjs';

let sandbox;
let urls;
let employerToken;
let agentToken;
let providerToken;
const EMPLOYER_EN = client('employer').enterprise_number; // 0884303369
const OTHER_EN = '0202438604'; // in the agent's mandates, not the employer's
const NO_MANDATE_EN = '0876543270'; // valid check digits, nobody's mandate

before(async () => {
  sandbox = await startServer();
  ({ urls } = sandbox);
  [employerToken, agentToken, providerToken] = await Promise.all([
    token('employer', urls), token('agent', urls), token('training-provider', urls),
  ]);
});
after(() => sandbox.stop());

const trainings = (en) => `${urls.api_url}/employers/${en}/trainings`;
const training = (over = {}) => ({
  ssin: '85073003328',
  name: 'Forklift safety',
  startDate: '2025-03-03',
  endDate: '2025-03-04',
  durationHours: 14,
  formal: true,
  ...over,
});

function assertProblem(r, status, name) {
  assert.equal(r.status, status, JSON.stringify(r.body));
  assert.equal(r.headers.get('content-type'), 'application/problem+json');
  assert.equal(r.body.type, `urn:problem-type:belgif:${name}`);
  assert.equal(r.body.status, status);
  assert.match(r.body.instance, /^urn:uuid:[0-9a-f-]{36}$/);
  assert.ok(r.headers.get('belgov-trace-id'));
}

test('no token → 401 noAccessToken with WWW-Authenticate', async () => {
  const r = await api(trainings(EMPLOYER_EN));
  assertProblem(r, 401, 'noAccessToken');
  assert.match(r.headers.get('www-authenticate'), /^Bearer /);
});

test('unknown token → 401 invalidAccessToken', async () => {
  const r = await api(trainings(EMPLOYER_EN), { accessToken: 'not-a-token' });
  assertProblem(r, 401, 'invalidAccessToken');
});

test('Basic scheme → 401 invalidAccessToken', async () => {
  const r = await api(trainings(EMPLOYER_EN), { headers: { Authorization: 'Basic dXNlcjpwYXNz' } });
  assertProblem(r, 401, 'invalidAccessToken');
});

test('training provider token on the employer API → 403 missingScope with requiredScopes', async () => {
  const r = await api(trainings(EMPLOYER_EN), { accessToken: providerToken });
  assertProblem(r, 403, 'missingScope');
  assert.deepEqual(r.body.requiredScopes, [
    'scope:sigedis:gestion:careerpro-federal-learning-account:employer',
    'scope:sigedis:gestion:careerpro-federal-learning-account:provider',
  ]);
});

test('employer token on the training provider API → 403 missingScope', async () => {
  const r = await api(`${urls.training_provider_api_url}/trainings`, { accessToken: employerToken });
  assertProblem(r, 403, 'missingScope');
  assert.deepEqual(r.body.requiredScopes, ['scope:sigedis:gestion:careerpro-federal-learning-account:trainingprovider']);
});

test('agent without a mandate for the enterprise → 403 missingPermission', async () => {
  const r = await api(trainings(NO_MANDATE_EN), { accessToken: agentToken });
  assertProblem(r, 403, 'missingPermission');
  assert.match(r.body.detail, /no mandate for enterprise 0876543270/);
});

test('agent with a mandate may act for the employer', async () => {
  const r = await api(trainings(OTHER_EN), { accessToken: agentToken });
  assert.equal(r.status, 200, JSON.stringify(r.body));
});

test('employer may act only for its own enterprise → 403 missingPermission', async () => {
  const r = await api(trainings(OTHER_EN), { accessToken: employerToken });
  assertProblem(r, 403, 'missingPermission');
});

test('enterprise number with bad check digits → 400 badRequest issue in path', async () => {
  const r = await api(trainings('0884303370'), { accessToken: employerToken });
  assertProblem(r, 400, 'badRequest');
  assert.deepEqual(
    { ...r.body.issues[0], detail: undefined },
    { type: 'urn:problem-type:belgif:input-validation:invalidInput', title: 'Input value is invalid', detail: undefined, in: 'path', name: 'enterpriseNumber', value: '0884303370' },
  );
});

test('expired token → 401 expiredAccessToken (short lifetime + clock offset)', async () => {
  try {
    assert.equal((await admin(urls, '/token-lifetime', { seconds: 2 })).status, 200);
    const short = await token('employer', urls);
    assert.equal((await api(trainings(EMPLOYER_EN), { accessToken: short })).status, 200);
    assert.equal((await admin(urls, '/clock-offset', { seconds: 5 })).status, 200);
    const r = await api(trainings(EMPLOYER_EN), { accessToken: short });
    assertProblem(r, 401, 'expiredAccessToken');
    const serverDate = Date.parse(r.headers.get('date'));
    assert.ok(serverDate - Date.now() > 3000, 'Date header follows the clock offset');
  } finally {
    await admin(urls, '/reset', {});
  }
});

test('expire-tokens admin call expires issued tokens', async () => {
  const t = await token('employer', urls);
  const r0 = await admin(urls, '/expire-tokens', { client_id: client('employer').client_id });
  assert.ok(r0.body.expired >= 1);
  assertProblem(await api(trainings(EMPLOYER_EN), { accessToken: t }), 401, 'expiredAccessToken');
  employerToken = await token('employer', urls);
});

test('illustrative trainings: POST 201 + Location, GET item, list paging, DELETE 204', async () => {
  const created = [];
  for (let i = 0; i < 3; i += 1) {
    const r = await api(trainings(EMPLOYER_EN), { method: 'POST', accessToken: employerToken, body: training({ name: `Course ${i}` }) });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.equal(r.headers.get('x-sandbox-illustrative'), 'true');
    assert.equal(r.body._sandbox.illustrative, true);
    assert.equal(r.headers.get('location'), r.body.self);
    assert.ok(r.body.self.startsWith(trainings(EMPLOYER_EN)));
    created.push(r.body);
  }
  const item = await api(created[1].self, { accessToken: employerToken });
  assert.equal(item.status, 200);
  assert.equal(item.body.name, 'Course 1');
  assert.equal(item.body.ssin, '85073003328');

  const page1 = await api(`${trainings(EMPLOYER_EN)}?pageSize=2`, { accessToken: employerToken });
  assert.equal(page1.status, 200);
  assert.equal(page1.body.total, 3);
  assert.equal(page1.body.items.length, 2);
  assert.equal(page1.body.page, 1);
  assert.equal(page1.body.pageSize, 2);
  assert.equal(page1.body.prev, undefined);
  const page2 = await api(page1.body.next, { accessToken: employerToken });
  assert.deepEqual(page2.body.items.map((t) => t.name), ['Course 2']);
  assert.equal(page2.body.next, undefined, 'last page has no next');
  assert.equal(page2.body.self, page1.body.next);

  const del = await api(created[0].self, { method: 'DELETE', accessToken: employerToken });
  assert.equal(del.status, 204);
  assertProblem(await api(created[0].self, { accessToken: employerToken }), 404, 'resourceNotFound');
  assertProblem(await api(created[0].self, { method: 'DELETE', accessToken: employerToken }), 404, 'resourceNotFound');
  const after1 = await api(trainings(EMPLOYER_EN), { accessToken: employerToken });
  assert.equal(after1.body.total, 2);
});

test('agent and training provider create trainings under their bases', async () => {
  const a = await api(trainings(OTHER_EN), { method: 'POST', accessToken: agentToken, body: training() });
  assert.equal(a.status, 201, JSON.stringify(a.body));
  const p = await api(`${urls.training_provider_api_url}/trainings`, { method: 'POST', accessToken: providerToken, body: training({ formal: false }) });
  assert.equal(p.status, 201, JSON.stringify(p.body));
  assert.equal(p.body.enterpriseNumber, client('training-provider').enterprise_number);
  assert.ok(p.headers.get('location').startsWith(`${urls.training_provider_api_url}/trainings/`));
  const list = await api(`${urls.training_provider_api_url}/trainings`, { accessToken: providerToken });
  assert.equal(list.body.total, 1);
});

test('SSIN validation accepts born-from-2000 and BIS numbers', async () => {
  for (const ssin of ['01020312345', '85473003317']) {
    const r = await api(trainings(EMPLOYER_EN), { method: 'POST', accessToken: employerToken, body: training({ ssin }) });
    assert.equal(r.status, 201, `${ssin}: ${JSON.stringify(r.body)}`);
  }
});

test('bad SSIN → 400 badRequest with issues[] {type, title, detail, in, name, value}', async () => {
  const r = await api(trainings(EMPLOYER_EN), { method: 'POST', accessToken: employerToken, body: training({ ssin: '85073003329' }) });
  assertProblem(r, 400, 'badRequest');
  assert.equal(r.body.issues.length, 1);
  const [i] = r.body.issues;
  assert.equal(i.type, 'urn:problem-type:belgif:input-validation:invalidInput');
  assert.equal(i.in, 'body');
  assert.equal(i.name, 'ssin');
  assert.equal(i.value, '85073003329');
  assert.match(i.detail, /check digits 29 do not match/);
  assert.equal(typeof i.title, 'string');
});

test('several invalid fields → one issue each', async () => {
  const r = await api(trainings(EMPLOYER_EN), {
    method: 'POST',
    accessToken: employerToken,
    body: training({ ssin: '85.07.30-033.28', startDate: '2025-03-05', endDate: '2025-03-04', durationHours: -1, colour: 'red', formal: undefined }),
  });
  assertProblem(r, 400, 'badRequest');
  const byName = Object.fromEntries(r.body.issues.map((i) => [i.name, i.type.split(':').pop()]));
  assert.deepEqual(byName, {
    colour: 'unknownInput', formal: 'schemaViolation', ssin: 'schemaViolation', endDate: 'invalidInput', durationHours: 'schemaViolation',
  });
});

test('invalid JSON body → 400 badRequest', async () => {
  const r = await api(trainings(EMPLOYER_EN), { method: 'POST', accessToken: employerToken, body: '{"ssin":' });
  assertProblem(r, 400, 'badRequest');
  assert.equal(r.body.issues[0].in, 'body');
});

test('bad paging parameters → 400 badRequest in query', async () => {
  const r = await api(`${trainings(EMPLOYER_EN)}?pageSize=1000`, { accessToken: employerToken });
  assertProblem(r, 400, 'badRequest');
  assert.deepEqual([r.body.issues[0].in, r.body.issues[0].name], ['query', 'pageSize']);
});

test('unknown path → 404 resourceNotFound', async () => {
  assertProblem(await api(`${urls.api_url}/nothing`, { accessToken: employerToken }), 404, 'resourceNotFound');
  assertProblem(await api(`${urls.base_url}/REST/other/v1`), 404, 'resourceNotFound');
});

test('BelGov-Trace-Id is echoed when sent, generated otherwise', async () => {
  const sent = await api(trainings(EMPLOYER_EN), { accessToken: employerToken, headers: { 'BelGov-Trace-Id': 'trace-123' } });
  assert.equal(sent.headers.get('belgov-trace-id'), 'trace-123');
  const generated = await api(trainings(EMPLOYER_EN), { accessToken: employerToken });
  assert.match(generated.headers.get('belgov-trace-id'), /^[0-9a-f-]{36}$/);
});
