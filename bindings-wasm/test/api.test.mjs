// The sans-IO API beyond the vectors: error codes, profiles, API requests and responses, retry
// advice, paging, polling, curl, identifiers, certificates, keys; and a bad-input sweep proving
// every export answers garbage with a CareerProError (never a trap, never another error).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { createPublicKey, verify as nodeVerify, sign as nodeSign, createPrivateKey } from 'node:crypto';
import { PKG, ROOT, readKey, throwsCode } from './helpers.mjs';

const m = await import(`${PKG}/node.mjs`);
const NOW = 1767225600000;
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

test('the API is the one compiled from js/src, the same as careerpro-fla\'s', () => {
  for (const dir of ['api-cjs', 'api', 'slim/api']) {
    const ours = readdirSync(path.join(PKG, dir)).filter((f) => f.endsWith('.js')).sort();
    const source = readdirSync(path.join(ROOT, 'js/src')).filter((f) => f.endsWith('.ts')).map((f) => f.replace(/\.ts$/, '.js')).sort();
    assert.deepEqual(ours, source, dir);
  }
  for (const name of ['Client', 'SigningKey', 'ExternalKey', 'Certificate', 'TokenManager', 'Poller', 'Ssin', 'EnterpriseNumber',
    'NssoNumber', 'CalendarDate', 'apiRequest', 'parseApiResponse', 'handleApiResponse', 'handleTransportError', 'bulkBuild', 'curl',
    'errorCodes', 'defaults', 'profile', 'webCryptoSigner', 'engine', 'init']) {
    assert.equal(typeof m[name], 'function', name);
  }
});

test('profiles', () => {
  const p = m.profile({ environment: 'production', quality: 'employer' });
  assert.deepEqual(p, {
    tokenUrl: 'https://services.socialsecurity.be/REST/oauth/v5/token',
    audience: 'https://services.socialsecurity.be/REST/oauth/v5/token',
    apiBaseUrl: BASE,
    scope: 'scope:sigedis:gestion:careerpro-federal-learning-account:employer',
  });
  assert.equal(m.profile({ environment: 'acceptance', quality: 'training_provider' }).scope, undefined);
  assert.match(m.profile({ environment: 'acceptance', quality: 'agent' }).apiBaseUrl, /services-acpt/);
  throwsCode(assert, () => m.profile({ environment: 'production', quality: 'boss' }), 'invalid_argument');
  assert.equal(m.profile({ tokenUrl: 'https://a.example/token', apiBaseUrl: 'https://a.example/api' }).audience, 'https://a.example/token');
  throwsCode(assert, () => m.profile({ tokenUrl: 'http://x', apiBaseUrl: BASE }), 'url_invalid');
  throwsCode(assert, () => m.profile({ quality: 'employer' }), 'invalid_argument');
});

test('API requests and responses', () => {
  const r = m.apiRequest(BASE, 'tok-123', {
    method: 'post', path: '/employers', segments: ['0884303369', 'trainings'], query: [['a', 'b c']], json: { name: 'x' },
    traceId: '5e0c3a0e-0000-4000-8000-000000000001',
  });
  assert.equal(r.method, 'POST');
  assert.equal(r.url, `${BASE}/employers/0884303369/trainings?a=b%20c`);
  assert.deepEqual(r.headers.find(([k]) => k === 'Authorization'), ['Authorization', 'Bearer tok-123']);
  assert.ok(r.headers.some(([k, v]) => k === 'BelGov-Trace-Id' && v === '5e0c3a0e-0000-4000-8000-000000000001'));
  assert.equal(r.body, '{"name":"x"}');
  assert.equal(m.apiRequest(BASE, 'tok', { method: 'GET', path: '/x' }).body, undefined);
  const random = m.apiRequest(BASE, 'tok', { method: 'GET', path: '/x' }).headers.find(([k]) => k === 'BelGov-Trace-Id')[1];
  assert.match(random, /^[0-9a-f-]{36}$/);
  throwsCode(assert, () => m.apiRequest(BASE, 'tok', { method: 'GET', path: 'https://evil.example/x' }), 'path_invalid');
  throwsCode(assert, () => m.apiRequest(BASE, 'tok', { method: 'POST', path: 'x', json: {}, body: '{}' }), 'invalid_argument');

  const created = m.parseApiResponse({ method: 'POST', url: `${BASE}/employers/0884303369/trainings`, now: NOW }, {
    status: 201, headers: { Location: 'trainings/42', 'BelGov-Trace-Id': 't-1', 'Content-Type': 'application/json' },
    body: new TextEncoder().encode('{"id":42}'),
  });
  assert.equal(created.status, 201);
  assert.equal(created.location, `${BASE}/employers/0884303369/trainings/42`);
  assert.equal(created.traceId, 't-1');
  assert.deepEqual(created.json, { id: 42 });

  const problem = {
    status: 400, headers: [['Content-Type', 'application/problem+json']],
    body: JSON.stringify({
      type: 'urn:problem-type:belgif:badRequest', title: 'Bad Request', status: 400, detail: 'invalid input',
      issues: [{ type: 'urn:problem-type:belgif:input-validation:schemaViolation', in: 'body', name: 'ssin', value: '1', detail: 'bad' }],
      requiredScopes: ['x'],
    }),
  };
  const e = throwsCode(assert, () => m.parseApiResponse({ method: 'POST', url: `${BASE}/x`, now: NOW }, problem), 'api_problem');
  assert.ok(e instanceof m.ProblemError);
  assert.equal(e.status, 400);
  assert.equal(e.type, 'urn:problem-type:belgif:badRequest');
  assert.equal(e.issues[0].in, 'body');
  assert.equal(e.issues[0].name, 'ssin');
  assert.deepEqual(e.problem.requiredScopes, ['x'], 'extension members as the server wrote them');
  const busy = m.errorFromResponse({ status: 429, headers: [['Retry-After', '7']], body: '' }, NOW);
  assert.equal(busy.retryAfterMs, 7000);
  assert.equal(busy.retryable, true);
  assert.ok(busy instanceof m.CareerProError);
});

test('retry advice', () => {
  const at = (method, extra = {}) => ({ method, url: `${BASE}/x`, now: NOW, ...extra });
  const r429 = { status: 429, headers: [['Retry-After', '2']], body: '' };
  const a = m.handleApiResponse(at('GET'), r429);
  assert.equal(a.kind, 'retry');
  assert.ok(a.delayMs >= 2000);
  assert.equal(m.handleApiResponse(at('POST'), { status: 503, body: '' }).kind, 'give_up');
  const expired = { status: 401, headers: [['Content-Type', 'application/problem+json']], body: '{"type":"urn:problem-type:belgif:expiredAccessToken","status":401}' };
  assert.equal(m.handleApiResponse(at('GET'), expired).kind, 'refresh_token');
  const tls = m.handleTransportError(at('GET'), 'tls');
  assert.equal(tls.kind, 'give_up');
  assert.ok(tls.error instanceof m.TransportError);
  assert.equal(tls.error.transport, 'tls');
  assert.equal(m.handleApiResponse(at('GET'), { status: 200, body: '' }).kind, 'success');
  const jittered = m.handleTransportError(at('GET', { jitter: 0, retryPolicy: { baseDelayMs: 100 } }), 'timeout');
  assert.equal(jittered.kind, 'retry');
  throwsCode(assert, () => m.handleTransportError(at('GET'), 'flood'), 'invalid_argument');
});

test('paging, polling and curl', () => {
  const prev = m.apiRequest(BASE, 'tok', { method: 'GET', path: '/t', query: { page: '1' } });
  const page = m.parseApiResponse({ ...prev, now: NOW }, {
    status: 200, headers: [['Content-Type', 'application/json']],
    body: JSON.stringify({ items: [1, 2], total: 3, next: `${BASE}/t?page=2` }),
  });
  assert.deepEqual(page.json.items, [1, 2]);
  assert.equal(page.total, 3);
  assert.equal(page.next, `${BASE}/t?page=2`);
  const next = m.apiRequest(BASE, 'tok', { method: 'GET', path: page.next, traceId: 'trace-2' });
  assert.equal(next.url, `${BASE}/t?page=2`);

  const poller = new m.Poller(BASE, `${BASE}/jobs`, { status: 202, headers: [['Location', `${BASE}/jobs/1`]], body: '' }, { plan: { scheduleMs: [1000], deadlineS: 60 }, now: NOW });
  const first = poller.start('tok', { traceId: 'trace-p', now: NOW });
  assert.equal(first.kind, 'poll');
  assert.equal(first.afterMs, 1000);
  assert.equal(first.request.url, `${BASE}/jobs/1`);
  assert.equal(poller.request('tok2').headers.find(([k]) => k === 'Authorization')[1], 'Bearer tok2');
  const done = poller.handle({ status: 200, headers: [['Content-Type', 'application/json']], body: '{"ok":true}' }, 'tok', { traceId: 'trace-p2', now: NOW + 1000 });
  assert.equal(done.kind, 'done');
  assert.deepEqual(done.response.json, { ok: true });

  const tr = m.tokenRequest('https://a.example/token', 'eyJ.secret.sig', 's');
  assert.equal(tr.headers.find(([k]) => k.toLowerCase() === 'content-type')[1], 'application/x-www-form-urlencoded');
  const curl = m.curl(tr);
  assert.ok(curl.startsWith('curl'));
  assert.ok(!curl.includes('eyJ.secret.sig'), curl);
});

test('identifiers, dates', () => {
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
  assert.equal(m.CalendarDate.fromUnixMs(NOW).toString(), '2026-01-01');
  throwsCode(assert, () => new m.CalendarDate('2026-02-30'), 'date_invalid');
  throwsCode(assert, () => m.CalendarDate.fromYmd(2026, 2, 30), 'date_invalid');
  assert.equal(m.CalendarDate.fromYmd(2024, 1, 1).isLeapYear, true);
  assert.equal(m.retryAfter('Thu, 01 Jan 2026 00:00:10 GMT', NOW), 10000);
});

test('keys, certificates, access tokens', () => {
  const key = m.SigningKey.fromBytes(readKey('rsa2048.p12'), { password: 'correct horse battery staple' });
  assert.equal(key.algorithm, 'RS256');
  assert.equal(key.publicKey.bits, 2048);
  assert.equal(key.publicKey.kind, 'RSA');
  assert.ok(key.certificate instanceof m.Certificate);
  assert.equal(String(key), key.description);
  assert.match(String(key), /redacted/);
  const jwk = key.publicKey.jwk;
  assert.equal(jwk.kty, 'RSA');
  assert.equal(jwk.d, undefined);
  assert.match(key.publicKey.jwkThumbprint, /^[A-Za-z0-9_-]{43}$/);
  const sig = key.sign('a.b');
  assert.ok(nodeVerify('sha256', Buffer.from('a.b'), createPublicKey({ key: jwk, format: 'jwk' }), sig));

  const cert = m.Certificate.parse(readKey('rsa2048.crt.pem'), NOW);
  key.checkCertificate(cert);
  assert.equal(cert.keyBits, 2048);
  assert.match(cert.thumbprintSha256Hex, /^[0-9A-Fa-f:]{64,95}$/);
  assert.match(cert.x5t, /^[A-Za-z0-9_-]{27}$/);
  assert.ok(Array.isArray(cert.findings));
  assert.equal(m.Certificate.parseAll(readKey('rsa2048.crt.pem')).length, 1);
  throwsCode(assert, () => m.SigningKey.fromBytes(readKey('rsa2048.pkcs8.pem')).checkCertificate(readKey('p384.crt.pem')), 'key_certificate_mismatch');
  const ps = m.SigningKey.fromBytes(readKey('rsa2048.pkcs8.pem'), { algorithm: 'PS256', keyId: 'k1' });
  assert.equal(ps.algorithm, 'PS256');
  assert.equal(ps.keyId, 'k1');

  const t = m.parseTokenResponse({ status: 200, headers: [['Content-Type', 'application/json']], body: '{"access_token":"abc-def","token_type":"Bearer","expires_in":3600,"scope":"s"}' }, NOW);
  assert.equal(t.accessToken, 'abc-def');
  assert.equal(t.expiresAt, NOW + 3_600_000);
  assert.equal(t.issuedAt, NOW);
});

test('external keys: DER or raw ECDSA accepted and verified; a wrong key refused', async () => {
  const priv = createPrivateKey(readKey('p384.pkcs8.pem'));
  const ext = new m.ExternalKey('ES384', { certificate: readKey('p384.crt.pem'), keyId: 'hsm-1' });
  assert.equal(ext.keyId, 'hsm-1');
  assert.equal(ext.publicKey.curve, 'P-384');
  const unsigned = ext.prepareAssertion({ clientId: 'c', audience: 'https://a.example/token', now: NOW, jti: 'j1' });
  assert.equal(unsigned.algorithm, 'ES384');
  const der = nodeSign('sha384', Buffer.from(unsigned.signingInput), priv);
  const a = ext.finishAssertion(unsigned.jti, der);
  assert.equal(Buffer.from(a.assertion.split('.')[2], 'base64url').length, 96);
  const p521Spki = createPublicKey(createPrivateKey(readKey('p521.pkcs8.pem'))).export({ type: 'spki', format: 'der' });
  throwsCode(assert, () => new m.ExternalKey('ES384', { certificate: p521Spki }), 'key_algorithm_mismatch');
  const other = new m.ExternalKey('ES384', { certificate: createPublicKey(priv).export({ type: 'spki', format: 'pem' }) });
  assert.equal(other.publicKey.kind, 'EC');
  const viaSigner = await ext.signAssertion({ clientId: 'c', audience: 'https://a.example/token' }, async (input) => nodeSign('sha384', input, priv));
  assert.equal(viaSigner.assertion.split('.').length, 3);
  await assert.rejects(ext.signAssertion({ clientId: 'c', audience: 'https://a.example/token' }, async () => { throw new Error('HSM offline'); }),
    (e) => e instanceof m.SigningError && e.code === 'signing_failed' && e.cause.message === 'HSM offline');
  const again = ext.prepareAssertion({ clientId: 'c', audience: 'https://a.example/token', now: NOW, jti: 'j2' });
  const forged = m.SigningKey.fromBytes(readKey('rsa2048.pkcs8.pem')).sign(again.signingInput);
  throwsCode(assert, () => ext.finishAssertion(again.jti, forged), 'external_signature_invalid');
});

test('bad input: every export answers garbage with a typed error, never a trap', () => {
  const garbage = [
    undefined, null, 0, -1, 1.5, NaN, Infinity, 2 ** 60, '', 'x', '\u0000', 'é'.repeat(1000), '-----BEGIN PRIVATE KEY-----\n!!\n-----END PRIVATE KEY-----',
    {}, [], [[1, 2]], { status: 'x' }, { status: 200, headers: 5 }, { status: 200, headers: [[1]] }, { status: 99999 },
    new Uint8Array([0x30, 0x82, 0xff, 0xff]), new Uint8Array(64).fill(0xff), new ArrayBuffer(3), new Float64Array(2),
    { clientId: 5 }, { clientId: 'c', audience: 'a', lifetimeS: -5 }, { method: 'BREW' }, { path: 7 }, { json: () => 1 },
    { transport: 'flood' }, { response: 1, transport: 'tls' }, { scheduleMs: [-1] }, { refreshPercent: 'x' }, { unknownField: 1 },
    { now: 'x' }, { tokenUrl: 1 }, 10n, Symbol('s'),
  ];
  const ext = new m.ExternalKey('ES384');
  const key = m.SigningKey.fromBytes(readKey('p384.pkcs8.pem'));
  const targets = {
    'SigningKey.fromBytes': (a, b) => m.SigningKey.fromBytes(a, b),
    'SigningKey.signAssertion': (a) => key.signAssertion(a),
    'SigningKey.tokenRequest': (a, b, c) => key.tokenRequest(a, b, c),
    'SigningKey.sign': (a) => key.sign(a),
    'SigningKey.checkCertificate': (a) => key.checkCertificate(a),
    'new ExternalKey': (a, b) => new m.ExternalKey(a, b),
    'ExternalKey.prepareAssertion': (a) => ext.prepareAssertion(a),
    'ExternalKey.finishAssertion': (a, b) => ext.finishAssertion(a, b),
    tokenRequest: (a, b, c) => m.tokenRequest(a, b, c),
    parseTokenResponse: (a, b) => m.parseTokenResponse(a, b),
    'new TokenManager': (a) => new m.TokenManager(a),
    'TokenManager.handleResponse': (a, b) => new m.TokenManager().handleResponse(a, b),
    'TokenManager.handleTransportError': (a, b) => new m.TokenManager().handleTransportError(a, b),
    'TokenManager.abandon': (a) => new m.TokenManager().abandon(a),
    'TokenManager.poll': (a) => new m.TokenManager().poll(a),
    apiRequest: (a, b, c) => m.apiRequest(a, b, c),
    parseApiResponse: (a, b) => m.parseApiResponse(a, b),
    errorFromResponse: (a, b) => { const e = m.errorFromResponse(a, b); if (!(e instanceof m.CareerProError)) throw e; },
    handleApiResponse: (a, b) => m.handleApiResponse(a, b),
    handleTransportError: (a, b, c) => m.handleTransportError(a, b, c),
    curl: (a, b) => m.curl(a, b),
    profile: (a) => m.profile(a),
    bulkBuild: (a, b, c, d) => m.bulkBuild(a, b, c, d),
    'Certificate.parse': (a, b) => m.Certificate.parse(a, b),
    'Certificate.parseAll': (a) => m.Certificate.parseAll(a),
    'new Ssin': (a) => new m.Ssin(a),
    'new EnterpriseNumber': (a) => new m.EnterpriseNumber(a),
    'new NssoNumber': (a) => new m.NssoNumber(a),
    'new CalendarDate': (a) => new m.CalendarDate(a),
    'CalendarDate.fromYmd': (a, b, c) => m.CalendarDate.fromYmd(a, b, c),
    'CalendarDate.fromUnixMs': (a) => m.CalendarDate.fromUnixMs(a),
    retryAfter: (a, b) => m.retryAfter(a, b),
    'new Poller': (a, b) => new m.Poller('https://a.example/api', 'https://a.example/api/x', a, b),
    'new Client': (a) => new m.Client(a),
  };
  let calls = 0;
  const strange = [];
  for (const [name, fn] of Object.entries(targets)) {
    for (const a of garbage) {
      for (const b of [undefined, garbage[Math.floor(Math.random() * garbage.length)]]) {
        calls++;
        try { fn(a, b, b, b); } catch (e) {
          if (!(e instanceof m.CareerProError && typeof e.code === 'string')) strange.push(`${name}(${String(a?.toString?.() ?? a).slice(0, 30)}): ${e && e.name}: ${e && e.message}`);
        }
      }
    }
  }
  assert.deepEqual(strange, []);
  // The module still works after all that.
  assert.equal(new m.EnterpriseNumber('0884303369').value, '0884303369');
  assert.ok(calls > 1500);
});
