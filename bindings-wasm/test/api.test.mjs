// The sans-IO API beyond the vectors: error codes, profiles, API requests and responses, retry
// advice, paging, polling, curl, identifiers, certificates, keys; and a bad-input sweep proving
// every export answers garbage with a CareerProError (never a trap, never another error).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { createPublicKey, verify as nodeVerify, sign as nodeSign, createPrivateKey } from 'node:crypto';
import { PKG, ROOT, readKey, throwsCode } from './helpers.mjs';

const m = await import(`${PKG}/node.js`);
const NOW = 1767225600;
const BASE = 'https://services.socialsecurity.be/REST/federalLearningAccount/v1';

test('every core ErrorCode is exposed once and maps to a specific error class', () => {
  const source = readFileSync(path.join(ROOT, 'core/src/error.rs'), 'utf8');
  const core = [...source.matchAll(/^\s+[A-Z][A-Za-z0-9]* => "([a-z0-9_]+)",/gm)].map((x) => x[1]);
  const ours = m.errorCodes().map((c) => c.code);
  assert.ok(core.length >= 40);
  assert.deepEqual(ours, core);
  for (const c of m.errorCodes()) {
    assert.ok(c.meaning.length > 5, c.code);
    assert.notEqual(m.errorClassFor(c.code), m.CareerProError, `${c.code} maps to a specific class`);
    const e = m.fromPayload({ code: c.code, message: 'x' });
    assert.ok(e instanceof m.CareerProError && e.code === c.code);
  }
  const e = throwsCode(assert, () => new m.Ssin('nope'), 'ssin_invalid');
  assert.ok(e instanceof m.ValidationError && e instanceof m.CareerProError);
  assert.equal(e.name, 'ValidationError');
  const k = throwsCode(assert, () => m.SigningKey.fromBytes(readKey('rsa2048.enc.pem')), 'key_password_required');
  assert.ok(k instanceof m.KeyPasswordError && k instanceof m.KeyLoadError);
});

test('the Node binding\'s exports exist here, with the same kinds', async (t) => {
  const nodeMain = path.join(ROOT, 'bindings-node/lib/main.mjs');
  if (!existsSync(nodeMain)) return t.skip('bindings-node is not in this tree');
  const text = readFileSync(nodeMain, 'utf8');
  const names = text.slice(text.indexOf('export const {') + 14, text.indexOf('} = cjs')).split(',').map((x) => x.trim()).filter(Boolean);
  const missing = names.filter((n) => !(n in m));
  assert.deepEqual(missing, []);
});

test('profiles', () => {
  const p = m.flaProfile('production', 'employer');
  assert.deepEqual(p, {
    tokenUrl: 'https://services.socialsecurity.be/REST/oauth/v5/token',
    audience: 'https://services.socialsecurity.be/REST/oauth/v5/token',
    apiBaseUrl: BASE,
    scope: 'scope:sigedis:gestion:careerpro-federal-learning-account:employer',
  });
  assert.equal(m.flaProfile('acceptance', 'training_provider').scope, undefined);
  assert.match(m.flaProfile('acceptance', 'agent').apiBaseUrl, /services-acpt/);
  throwsCode(assert, () => m.flaProfile('production', 'boss'), 'invalid_argument');
  assert.equal(m.customProfile('https://a.example/token', 'https://a.example/api').audience, 'https://a.example/token');
  assert.equal(m.profileFromJson('{"environment":"acceptance","quality":"agent"}').apiBaseUrl, m.flaProfile('acceptance', 'agent').apiBaseUrl);
  m.validateProfile(p);
  throwsCode(assert, () => m.validateProfile({ ...p, tokenUrl: 'http://x' }), 'url_invalid');
});

test('API requests and responses', () => {
  const r = m.apiRequest({
    method: 'post', path: '/employers', segments: ['0884303369', 'trainings'], query: [['a', 'b c']], json: { name: 'x' },
  }, BASE, 'tok-123', '5e0c3a0e-0000-4000-8000-000000000001');
  assert.equal(r.method, 'POST');
  assert.equal(r.url, `${BASE}/employers/0884303369/trainings?a=b%20c`);
  assert.deepEqual(r.headers.find(([k]) => k === 'Authorization'), ['Authorization', 'Bearer tok-123']);
  assert.ok(r.headers.some(([k, v]) => k === 'BelGov-Trace-Id' && v === '5e0c3a0e-0000-4000-8000-000000000001'));
  assert.equal(r.body, '{"name":"x"}');
  assert.equal(m.apiRequest({ path: '/x' }, BASE, 'tok').body, null);
  const random = m.apiRequest({ path: '/x' }, BASE, 'tok').headers.find(([k]) => k === 'BelGov-Trace-Id')[1];
  assert.match(random, /^[0-9a-f-]{36}$/);
  throwsCode(assert, () => m.apiRequest({ path: 'https://evil.example/x' }, BASE, 'tok'), 'path_invalid');
  assert.equal(m.isIdempotent({ method: 'POST', path: '/x' }), false);
  assert.equal(m.isIdempotent({ method: 'PUT', path: '/x' }), true);

  const created = m.parseApiResponse({ method: 'POST', url: `${BASE}/employers/0884303369/trainings` }, {
    status: 201, headers: { Location: 'trainings/42', 'BelGov-Trace-Id': 't-1', 'Content-Type': 'application/json' },
    body: new TextEncoder().encode('{"id":42}'),
  }, NOW);
  assert.equal(created.status, 201);
  assert.equal(created.location, `${BASE}/employers/0884303369/trainings/42`);
  assert.equal(created.traceId, 't-1');
  assert.deepEqual(created.json, { id: 42 });
  assert.equal(created.header('belgov-trace-id'), 't-1');

  const problem = {
    status: 400, headers: [['Content-Type', 'application/problem+json']],
    body: JSON.stringify({
      type: 'urn:problem-type:belgif:badRequest', title: 'Bad Request', status: 400, detail: 'invalid input',
      issues: [{ type: 'urn:problem-type:belgif:input-validation:schemaViolation', in: 'body', name: 'ssin', value: '1', detail: 'bad' }],
    }),
  };
  const e = throwsCode(assert, () => m.parseApiResponse({ method: 'POST', url: `${BASE}/x` }, problem, NOW), 'api_problem');
  assert.ok(e instanceof m.ProblemError);
  assert.equal(e.status, 400);
  assert.equal(e.type, 'urn:problem-type:belgif:badRequest');
  assert.equal(e.issues[0].in, 'body');
  assert.equal(e.issues[0].name, 'ssin');
  const busy = m.errorFromApiResponse({ status: 429, headers: [['Retry-After', '7']], body: '' }, NOW);
  assert.equal(busy.retryAfter, 7);
  assert.equal(busy.retryable, true);
  assert.ok(busy instanceof m.CareerProError);
});

test('retry advice', () => {
  const r429 = { status: 429, headers: [['Retry-After', '2']], body: '' };
  const a = m.adviseRetry({ method: 'GET', number: 1 }, { response: r429 }, { now: NOW });
  assert.equal(a.kind, 'retry');
  assert.ok(a.delayMs >= 2000);
  assert.equal(m.adviseRetry({ method: 'POST' }, { response: { status: 503, body: '' } }, { now: NOW }).kind, 'give_up');
  const expired = { status: 401, headers: [['Content-Type', 'application/problem+json']], body: '{"type":"urn:problem-type:belgif:expiredAccessToken","status":401}' };
  assert.equal(m.adviseRetry({ method: 'GET' }, { response: expired }).kind, 'refresh_token');
  const tls = m.adviseRetry({ method: 'GET' }, { transport: 'tls' });
  assert.equal(tls.kind, 'give_up');
  assert.ok(tls.error instanceof m.TransportError);
  assert.equal(m.adviseRetry({ method: 'GET' }, { response: { status: 200, body: '' } }).kind, 'success');
  const jittered = m.adviseRetry({ method: 'GET' }, { transport: 'timeout' }, { jitter: 0, policy: { baseDelayMs: 100 } });
  assert.equal(jittered.kind, 'retry');
  throwsCode(assert, () => m.adviseRetry({ method: 'GET' }, {}), 'invalid_argument');
});

test('paging, polling and curl', () => {
  const prev = m.apiRequest({ path: '/t', query: { page: '1' } }, BASE, 'tok');
  const page = m.parseApiResponse(prev, {
    status: 200, headers: [['Content-Type', 'application/json']],
    body: JSON.stringify({ items: [1, 2], total: 3, next: `${BASE}/t?page=2` }),
  }, NOW);
  assert.deepEqual(page.items(), [1, 2]);
  assert.equal(page.total, 3);
  assert.equal(page.nextLink, `${BASE}/t?page=2`);
  const next = m.nextPageRequest(BASE, prev, page, undefined, 'trace-2');
  assert.equal(next.url, `${BASE}/t?page=2`);
  assert.deepEqual(m.parseLinkHeader('<https://a.example/p2>; rel="next"')[0].rels, ['next']);

  const accepted = m.parseApiResponse({ method: 'POST', url: `${BASE}/jobs` }, { status: 202, headers: [['Location', `${BASE}/jobs/1`]], body: '' }, NOW);
  const poller = new m.Poller(BASE, accepted, { scheduleMs: [1000], deadlineS: 60 }, NOW);
  assert.equal(poller.url, `${BASE}/jobs/1`);
  const first = poller.start('tok', 'trace-p', NOW);
  assert.equal(first.kind, 'poll_at');
  assert.equal(first.afterMs, 1000);
  assert.equal(first.request.url, `${BASE}/jobs/1`);
  assert.equal(poller.request('tok2').headers.find(([k]) => k === 'Authorization')[1], 'Bearer tok2');
  const done = poller.handle({ status: 200, headers: [['Content-Type', 'application/json']], body: '{"ok":true}' }, 'tok', 'trace-p2', NOW + 1);
  assert.equal(done.kind, 'done');
  assert.deepEqual(done.response.json, { ok: true });

  const tr = m.tokenRequest('https://a.example/token', 'eyJ.secret.sig', 's');
  assert.equal(tr.header('content-type'), 'application/x-www-form-urlencoded');
  assert.equal(m.toCurl({ method: tr.method, url: tr.url, headers: tr.headers, body: tr.body }), tr.toCurl());
  const curl = tr.toCurl();
  assert.ok(curl.startsWith('curl'));
  assert.ok(!curl.includes('eyJ.secret.sig'), curl);
});

test('identifiers, dates, HTTP dates', () => {
  const s = new m.Ssin('85.07.30-033.28');
  assert.equal(s.value, '85073003328');
  assert.equal(s.formatted, '85.07.30-033.28');
  assert.equal(s.isBis, false);
  assert.equal(s.birthYear, 1985);
  assert.equal(String(s.birthDate), '1985-07-30');
  assert.equal(JSON.stringify({ s }), '{"s":"85073003328"}');
  assert.equal(new m.EnterpriseNumber('BE 0884.303.369').value, '0884303369');
  throwsCode(assert, () => new m.EnterpriseNumber('0884303370'), 'enterprise_number_invalid');
  assert.equal(new m.CalendarDate('2026-02-28').day, 28);
  assert.equal(m.CalendarDate.fromUnix(NOW).toString(), '2026-01-01');
  throwsCode(assert, () => new m.CalendarDate('2026-02-30'), 'date_invalid');
  throwsCode(assert, () => m.CalendarDate.fromYmd(2026, 2, 30), 'date_invalid');
  assert.equal(m.isLeapYear(2024), true);
  assert.equal(m.parseHttpDate('Thu, 01 Jan 2026 00:00:00 GMT'), NOW);
  assert.equal(m.formatHttpDate(NOW), 'Thu, 01 Jan 2026 00:00:00 GMT');
  assert.equal(m.parseHttpDate('soon'), null);
});

test('keys, certificates, access tokens', () => {
  const key = m.SigningKey.fromBytes(readKey('rsa2048.p12'), { password: 'correct horse battery staple' });
  assert.equal(key.algorithm, 'RS256');
  assert.equal(key.publicKey.bits, 2048);
  assert.equal(key.publicKey.kind, 'RSA');
  assert.ok(key.certificate instanceof m.Certificate);
  assert.equal(String(key), `SigningKey(RS256, ${key.publicKey.description}, [redacted])`);
  const jwk = key.publicKey.jwk;
  assert.equal(jwk.kty, 'RSA');
  assert.equal(jwk.d, undefined);
  assert.match(key.publicKey.thumbprint, /^[A-Za-z0-9_-]{43}$/);
  const sig = key.sign('a.b');
  assert.ok(nodeVerify('sha256', Buffer.from('a.b'), createPublicKey({ key: jwk, format: 'jwk' }), sig));

  const cert = m.Certificate.parse(readKey('rsa2048.crt.pem'));
  assert.ok(cert.matchesKey(key));
  cert.checkKey(key);
  assert.equal(cert.keyBits, 2048);
  assert.equal(cert.publicKey.thumbprint, key.publicKey.thumbprint);
  assert.match(cert.thumbprintSha256Hex, /^[0-9A-Fa-f:]{64,95}$/);
  assert.match(cert.x5T, /^[A-Za-z0-9_-]{27}$/);
  assert.ok(Array.isArray(cert.checkChaman(NOW)));
  assert.equal(m.Certificate.parseChain(readKey('rsa2048.crt.pem')).length, 1);
  throwsCode(assert, () => cert.matchesKey({}), 'invalid_argument');
  throwsCode(assert, () => m.SigningKey.fromBytes(readKey('rsa2048.pkcs8.pem'), { certificate: readKey('p384.crt.pem') }), 'key_certificate_mismatch');
  const ps = m.SigningKey.fromBytes(readKey('rsa2048.pkcs8.pem'), { algorithm: 'PS256', keyId: 'k1' });
  assert.equal(ps.algorithm, 'PS256');
  assert.equal(ps.keyId, 'k1');

  const t = new m.AccessToken('abc-def', NOW, 3600, 's');
  assert.equal(t.authorization, 'Bearer abc-def');
  assert.equal(t.expiresAt, NOW + 3600);
  assert.equal(t.isExpired(NOW + 3601), true);
  assert.ok(!String(t).includes('abc-def'));
});

test('external keys: DER or raw ECDSA accepted and verified; a wrong key refused', async () => {
  const priv = createPrivateKey(readKey('p384.pkcs8.pem'));
  const ext = new m.ExternalKey('ES384', { certificate: readKey('p384.crt.pem'), keyId: 'hsm-1' });
  assert.equal(ext.keyId, 'hsm-1');
  assert.equal(ext.publicKey.curve, 'P-384');
  const unsigned = m.prepareAssertion(ext, { clientId: 'c', audience: 'https://a.example/token' }, { now: NOW, jti: 'j1' });
  assert.equal(unsigned.algorithm, 'ES384');
  const der = nodeSign('sha384', Buffer.from(unsigned.signingInput), priv);
  const a = unsigned.finish(der);
  assert.equal(Buffer.from(a.compact.split('.')[2], 'base64url').length, 96);
  assert.equal(m.signatureToJws('ES384', der).length, 96);
  const p521Spki = createPublicKey(createPrivateKey(readKey('p521.pkcs8.pem'))).export({ type: 'spki', format: 'der' });
  throwsCode(assert, () => new m.ExternalKey('ES384', { publicKeySpki: p521Spki }), 'key_algorithm_mismatch');
  const other = new m.ExternalKey('ES384', { publicKeySpki: createPublicKey(priv).export({ type: 'spki', format: 'pem' }) });
  assert.equal(other.publicKey.kind, 'EC');
  const viaSigner = await m.signAssertionExternal(ext, async (input) => nodeSign('sha384', input, priv), { clientId: 'c', audience: 'https://a.example/token' });
  assert.equal(viaSigner.compact.split('.').length, 3);
  await assert.rejects(m.signAssertionExternal(ext, async () => { throw new Error('HSM offline'); }, { clientId: 'c', audience: 'https://a.example/token' }),
    (e) => e instanceof m.SigningError && e.code === 'signing_failed');
  const forged = m.SigningKey.fromBytes(readKey('rsa2048.pkcs8.pem')).sign(unsigned.signingInput);
  throwsCode(assert, () => unsigned.finish(forged), 'external_signature_invalid');
});

test('bad input: every export answers garbage with a typed error, never a trap', () => {
  const garbage = [
    undefined, null, 0, -1, 1.5, NaN, Infinity, 2 ** 60, '', 'x', '\u0000', 'é'.repeat(1000), '-----BEGIN PRIVATE KEY-----\n!!\n-----END PRIVATE KEY-----',
    {}, [], [[1, 2]], { status: 'x' }, { status: 200, headers: 5 }, { status: 200, headers: [[1]] }, { status: 99999 },
    new Uint8Array([0x30, 0x82, 0xff, 0xff]), new Uint8Array(64).fill(0xff), new ArrayBuffer(3), new Float64Array(2),
    { clientId: 5 }, { clientId: 'c', audience: 'a', lifetime: -5 }, { method: 'BREW' }, { path: 7 }, { json: () => 1 },
    { transport: 'flood' }, { response: 1, transport: 'tls' }, { scheduleMs: [-1] }, { refreshPercent: 'x' }, { unknownField: 1 },
    { now: 'x' }, { tokenUrl: 1 },
  ];
  const ext = new m.ExternalKey('ES384');
  const unsigned = m.prepareAssertion(ext, { clientId: 'c', audience: 'https://a.example/t' }, { now: NOW, jti: 'j' });
  const targets = {
    'SigningKey.fromBytes': (a, b) => m.SigningKey.fromBytes(a, b),
    'new ExternalKey': (a, b) => new m.ExternalKey(a, b),
    signAssertion: (a, b, c) => m.signAssertion(a, b, c),
    prepareAssertion: (a, b, c) => m.prepareAssertion(a, b, c),
    'prepareAssertion(ext)': (a, b) => m.prepareAssertion(ext, a, b),
    'UnsignedAssertion.finish': (a) => unsigned.finish(a),
    signatureToJws: (a, b) => m.signatureToJws(a, b),
    tokenRequest: (a, b, c) => m.tokenRequest(a, b, c),
    parseTokenResponse: (a, b) => m.parseTokenResponse(a, b),
    'new AccessToken': (a, b, c, d) => new m.AccessToken(a, b, c, d),
    'new TokenManager': (a, b) => new m.TokenManager(a, b),
    'TokenManager.handleResponse': (a, b) => new m.TokenManager().handleResponse(a, b),
    'TokenManager.handleTransportError': (a, b) => new m.TokenManager().handleTransportError(a, b),
    'TokenManager.poll': (a) => new m.TokenManager().poll(a),
    apiRequest: (a, b, c, d) => m.apiRequest(a, b, c, d),
    isIdempotent: (a) => m.isIdempotent(a),
    parseApiResponse: (a, b, c) => m.parseApiResponse(a, b, c),
    errorFromApiResponse: (a, b) => m.errorFromApiResponse(a, b),
    adviseRetry: (a, b, c) => m.adviseRetry(a, b, c),
    nextPageRequest: (a, b, c, d) => m.nextPageRequest(a, b, c, d),
    toCurl: (a, b) => m.toCurl(a, b),
    flaProfile: (a, b) => m.flaProfile(a, b),
    customProfile: (a, b) => m.customProfile(a, b),
    profileFromJson: (a) => m.profileFromJson(a),
    validateProfile: (a) => m.validateProfile(a),
    'Certificate.parse': (a) => m.Certificate.parse(a),
    'Certificate.parseChain': (a) => m.Certificate.parseChain(a),
    'new Ssin': (a) => new m.Ssin(a),
    'new EnterpriseNumber': (a) => new m.EnterpriseNumber(a),
    'new NssoNumber': (a) => new m.NssoNumber(a),
    'new CalendarDate': (a) => new m.CalendarDate(a),
    'CalendarDate.fromYmd': (a, b, c) => m.CalendarDate.fromYmd(a, b, c),
    isLeapYear: (a) => m.isLeapYear(a),
    retryAfterSeconds: (a, b) => m.retryAfterSeconds(a, b),
    formatHttpDate: (a) => m.formatHttpDate(a),
    parseHttpDate: (a) => m.parseHttpDate(a),
    parseLinkHeader: (a) => m.parseLinkHeader(a),
    'new Poller': (a, b) => new m.Poller('https://a.example/api', a, b),
    'Certificate.matchesKey': (a) => m.Certificate.parse(readKey('rsa2048.crt.pem')).matchesKey(a),
  };
  let calls = 0;
  const strange = [];
  for (const [name, fn] of Object.entries(targets)) {
    for (const a of garbage) {
      for (const b of [undefined, garbage[Math.floor(Math.random() * garbage.length)]]) {
        calls++;
        try { fn(a, b, b, b); } catch (e) {
          if (!(e instanceof m.CareerProError && typeof e.code === 'string')) strange.push(`${name}(${String(a).slice(0, 30)}, ${String(b).slice(0, 30)}): ${e && e.name}: ${e && e.message}`);
        }
      }
    }
  }
  assert.deepEqual(strange, []);
  // The module still works after all that.
  assert.equal(new m.EnterpriseNumber('0884303369').value, '0884303369');
  assert.ok(calls > 1500);
});
