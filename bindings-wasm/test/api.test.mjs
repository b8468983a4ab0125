// The sans-IO API beyond the vectors: error codes, profiles, API requests and responses, retry
// advice, paging, polling, curl, identifiers, certificates, keys; and a bad-input sweep proving
// every export answers garbage with a CareerProError (never a trap, never another error).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createPublicKey, verify as nodeVerify, sign as nodeSign, createPrivateKey } from 'node:crypto';
import { PKG, ROOT, readKey, throwsCode } from './helpers.mjs';

const m = await import(`${PKG}/node.js`);
const NOW = 1767225600;
const BASE = 'https://services.socialsecurity.be/REST/federalLearningAccount/v1';

test('every core ErrorCode is exposed, unchanged and once', () => {
  const source = readFileSync(path.join(ROOT, 'core/src/error.rs'), 'utf8');
  const core = [...source.matchAll(/^\s+[A-Z][A-Za-z0-9]* => "([a-z0-9_]+)",/gm)].map((x) => x[1]);
  const ours = m.errorCodes().map((c) => c.code);
  assert.ok(core.length >= 40);
  assert.deepEqual(ours, core);
  assert.equal(new Set(ours).size, ours.length);
  for (const c of m.errorCodes()) assert.ok(c.meaning.length > 5, c.code);
  const e = throwsCode(assert, () => m.parseSsin('nope'), 'ssin_invalid');
  assert.ok(e instanceof m.CareerProError);
  assert.ok(!(new Error('x') instanceof m.CareerProError));
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
});

test('API requests and responses', () => {
  const r = m.apiRequest(BASE, 'tok-123', {
    method: 'post', path: '/employers', segments: ['0884303369', 'trainings'], query: [['a', 'b c']],
    json: { name: 'x' }, traceId: '5e0c3a0e-0000-4000-8000-000000000001',
  });
  assert.equal(r.method, 'POST');
  assert.equal(r.url, `${BASE}/employers/0884303369/trainings?a=b%20c`);
  assert.deepEqual(r.headers.find(([k]) => k === 'Authorization'), ['Authorization', 'Bearer tok-123']);
  assert.ok(r.headers.some(([k, v]) => k === 'BelGov-Trace-Id' && v === '5e0c3a0e-0000-4000-8000-000000000001'));
  assert.equal(r.body, '{"name":"x"}');
  const random = m.apiRequest(BASE, 'tok', { path: '/x' }).headers.find(([k]) => k === 'BelGov-Trace-Id')[1];
  assert.match(random, /^[0-9a-f-]{36}$/);
  throwsCode(assert, () => m.apiRequest(BASE, 'tok', { path: 'https://evil.example/x' }), 'path_invalid');

  const created = m.parseApiResponse('POST', `${BASE}/employers/0884303369/trainings`, {
    status: 201, headers: { Location: 'trainings/42', 'BelGov-Trace-Id': 't-1', 'Content-Type': 'application/json' },
    body: new TextEncoder().encode('{"id":42}'),
  }, NOW);
  assert.equal(created.status, 201);
  assert.equal(created.location, `${BASE}/employers/0884303369/trainings/42`);
  assert.equal(created.traceId, 't-1');
  assert.deepEqual(created.json, { id: 42 });

  const problem = {
    status: 400, headers: [['Content-Type', 'application/problem+json']],
    body: JSON.stringify({
      type: 'urn:problem-type:belgif:badRequest', title: 'Bad Request', status: 400, detail: 'invalid input',
      issues: [{ type: 'urn:problem-type:belgif:input-validation:schemaViolation', in: 'body', name: 'ssin', value: '1', detail: 'bad' }],
    }),
  };
  const e = throwsCode(assert, () => m.parseApiResponse('POST', `${BASE}/x`, problem, NOW), 'api_problem');
  assert.equal(e.status, 400);
  assert.equal(e.problem.shortType, 'badRequest');
  assert.equal(e.problem.issues[0].in, 'body');
  assert.equal(e.problem.issues[0].name, 'ssin');
  const busy = m.errorFromResponse({ status: 429, headers: [['Retry-After', '7']], body: '' }, NOW);
  assert.equal(busy.retryAfter, 7);
  assert.equal(busy.retryable, true);
});

test('retry advice', () => {
  const r429 = { status: 429, headers: [['Retry-After', '2']], body: '' };
  const a = m.adviseRetry({ method: 'GET', number: 1 }, r429, undefined, NOW);
  assert.equal(a.advice, 'retry');
  assert.ok(a.delayMs >= 2000);
  assert.equal(m.adviseRetry({ method: 'POST', number: 1 }, { status: 503, body: '' }, undefined, NOW).advice, 'give_up');
  const expired = { status: 401, headers: [['Content-Type', 'application/problem+json']], body: '{"type":"urn:problem-type:belgif:expiredAccessToken","status":401}' };
  assert.equal(m.adviseRetry({ method: 'GET', number: 1 }, expired, undefined, NOW).advice, 'refresh_token_and_retry');
  const tls = m.adviseRetry({ method: 'GET', number: 1 }, { transportError: 'tls' }, undefined, NOW);
  assert.equal(tls.advice, 'give_up');
  assert.equal(tls.error.code, 'transport_error');
  assert.equal(m.adviseRetry({ method: 'GET', number: 1 }, { status: 200, body: '' }, undefined, NOW).advice, 'success');
});

test('paging, polling and curl', () => {
  const page = m.parseApiResponse('GET', `${BASE}/t?page=1`, {
    status: 200, headers: [['Content-Type', 'application/json']],
    body: JSON.stringify({ items: [1, 2], total: 3, next: `${BASE}/t?page=2` }),
  }, NOW);
  assert.deepEqual(page.items(), [1, 2]);
  assert.equal(page.total(), 3);
  assert.equal(page.nextLink(), `${BASE}/t?page=2`);
  const prev = m.apiRequest(BASE, 'tok', { path: '/t', query: { page: '1' } });
  const next = page.nextPageRequest(BASE, prev, undefined, 'trace-2');
  assert.equal(next.url, `${BASE}/t?page=2`);
  assert.deepEqual(m.parseLinkHeader('<https://a.example/p2>; rel="next"')[0].rels, ['next']);

  const accepted = m.parseApiResponse('POST', `${BASE}/jobs`, { status: 202, headers: [['Location', `${BASE}/jobs/1`]], body: '' }, NOW);
  const poller = new m.Poller(BASE, accepted, { scheduleMs: [1000], deadlineS: 60 }, NOW);
  const first = poller.start('tok', NOW, 'trace-p');
  assert.equal(first.step, 'poll_at');
  assert.equal(first.afterMs, 1000);
  assert.equal(first.request.url, `${BASE}/jobs/1`);
  const done = poller.handle({ status: 200, headers: [['Content-Type', 'application/json']], body: '{"ok":true}' }, 'tok', NOW + 1, 'trace-p2');
  assert.equal(done.step, 'done');
  assert.deepEqual(done.response.json, { ok: true });

  const curl = m.toCurl(m.tokenRequest('https://a.example/token', 'eyJ.secret.sig', 's'));
  assert.ok(curl.startsWith('curl'));
  assert.ok(!curl.includes('eyJ.secret.sig'), curl);
});

test('identifiers, dates, HTTP dates', () => {
  assert.deepEqual(m.parseSsin('85.07.30-033.28'), { value: '85073003328', formatted: '85.07.30-033.28', isBis: false, birthDate: '1985-07-30' });
  assert.equal(m.parseEnterpriseNumber('BE 0884.303.369').value, '0884303369');
  throwsCode(assert, () => m.parseEnterpriseNumber('0884303370'), 'enterprise_number_invalid');
  assert.equal(m.parseDate('2026-02-28'), '2026-02-28');
  throwsCode(assert, () => m.parseDate('2026-02-30'), 'date_invalid');
  assert.equal(m.parseHttpDate('Thu, 01 Jan 2026 00:00:00 GMT'), NOW);
  assert.equal(m.formatHttpDate(NOW), 'Thu, 01 Jan 2026 00:00:00 GMT');
  assert.equal(m.parseHttpDate('soon'), undefined);
});

test('keys and certificates', () => {
  const key = m.SigningKey.fromBytes(readKey('rsa2048.p12'), { password: 'correct horse battery staple' });
  assert.equal(key.algorithm, 'RS256');
  assert.equal(key.bits, 2048);
  assert.ok(key.certificate instanceof Uint8Array);
  assert.equal(String(key), `SigningKey(RS256, ${key.description}, [redacted])`);
  const jwk = key.publicJwk();
  assert.equal(jwk.kty, 'RSA');
  assert.equal(jwk.d, undefined);
  assert.match(key.thumbprint, /^[A-Za-z0-9_-]{43}$/);
  const sig = key.sign('a.b');
  assert.ok(nodeVerify('sha256', Buffer.from('a.b'), createPublicKey({ key: jwk, format: 'jwk' }), sig));

  const cert = m.Certificate.parse(readKey('rsa2048.crt.pem'));
  assert.ok(cert.matchesKey(key));
  assert.equal(cert.keyBits, 2048);
  assert.match(cert.thumbprintSha256Hex, /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
  assert.ok(Array.isArray(cert.checkChaman(NOW)));
  throwsCode(assert, () => m.SigningKey.fromBytes(readKey('rsa2048.pkcs8.pem'), { certificate: readKey('p384.crt.pem') }), 'key_certificate_mismatch');
  const ps = m.SigningKey.fromBytes(readKey('rsa2048.pkcs8.pem'), { algorithm: 'PS256', keyId: 'k1' });
  assert.equal(ps.algorithm, 'PS256');
  assert.equal(ps.keyId, 'k1');
});

test('external keys: DER or raw ECDSA accepted and verified; a wrong key refused', () => {
  const pem = readKey('p384.pkcs8.pem');
  const priv = createPrivateKey(pem);
  const ext = new m.ExternalKey('ES384', { certificate: readKey('p384.crt.pem'), keyId: 'hsm-1' });
  assert.equal(ext.keyId, 'hsm-1');
  assert.equal(ext.publicJwk().crv, 'P-384');
  const unsigned = ext.prepare({ clientId: 'c', audience: 'https://a.example/token', now: NOW, jti: 'j1' });
  assert.equal(unsigned.algorithm, 'ES384');
  const der = nodeSign('sha384', Buffer.from(unsigned.signingInput), priv);
  const a = ext.finish(unsigned, der);
  const raw = Buffer.from(a.compact.split('.')[2], 'base64url');
  assert.equal(raw.length, 96);
  const other = createPrivateKey(readKey('p384.sec1.pem'));
  const wrong = m.SigningKey.fromBytes(readKey('rsa2048.pkcs8.pem')).sign(unsigned.signingInput);
  throwsCode(assert, () => ext.finish(unsigned, wrong), 'external_signature_invalid');
  const spkiOnly = new m.ExternalKey('ES384', { publicKey: createPublicKey(other).export({ type: 'spki', format: 'pem' }) });
  assert.equal(spkiOnly.publicJwk().kty, 'EC');
  // Unverified path: finishAssertion converts without checking.
  assert.equal(m.finishAssertion(unsigned, der).compact, a.compact.split('.').slice(0, 2).join('.') + '.' + a.compact.split('.')[2]);
});

test('bad input: every export answers garbage with a CareerProError, never a trap', () => {
  const garbage = [
    undefined, null, 0, -1, 1.5, NaN, Infinity, 2 ** 60, '', 'x', '\u0000', 'é'.repeat(1000), '-----BEGIN PRIVATE KEY-----\n!!\n-----END PRIVATE KEY-----',
    {}, [], [[1, 2]], { status: 'x' }, { status: 200, headers: 5 }, { status: 200, headers: [[1]] }, { status: 99999 },
    new Uint8Array([0x30, 0x82, 0xff, 0xff]), new Uint8Array(64).fill(0xff), new ArrayBuffer(3), new Float64Array(2),
    { clientId: 5 }, { clientId: 'c', audience: 'a', lifetime: -5 }, { method: 'BREW' }, { path: 7 }, { json: () => 1 },
    { transportError: 'flood' }, { scheduleMs: [-1] }, { refreshPercent: 'x' }, { unknownField: 1 },
  ];
  const targets = {
    'SigningKey.fromBytes': (a, b) => m.SigningKey.fromBytes(a, b),
    'new ExternalKey': (a, b) => new m.ExternalKey(a, b),
    signAssertion: (a, b) => m.signAssertion(a, b),
    prepareAssertion: (a, b) => m.prepareAssertion(a, b),
    finishAssertion: (a, b) => m.finishAssertion(a, b),
    tokenRequest: (a, b, c) => m.tokenRequest(a, b, c),
    parseTokenResponse: (a, b) => m.parseTokenResponse(a, b),
    'new TokenManager': (a, b) => new m.TokenManager(a, b),
    'TokenManager.handleResponse': (a, b) => new m.TokenManager().handleResponse(a, b),
    'TokenManager.poll': (a) => new m.TokenManager().poll(a),
    apiRequest: (a, b, c) => m.apiRequest(a, b, c),
    parseApiResponse: (a, b, c, d) => m.parseApiResponse(a, b, c, d),
    errorFromResponse: (a, b) => m.errorFromResponse(a, b),
    adviseRetry: (a, b, c, d) => m.adviseRetry(a, b, c, d),
    toCurl: (a, b) => m.toCurl(a, b),
    profile: (a) => m.profile(a),
    'Certificate.parse': (a) => m.Certificate.parse(a),
    parseSsin: (a) => m.parseSsin(a),
    parseEnterpriseNumber: (a) => m.parseEnterpriseNumber(a),
    parseNssoNumber: (a) => m.parseNssoNumber(a),
    parseDate: (a) => m.parseDate(a),
    retryAfterSeconds: (a, b) => m.retryAfterSeconds(a, b),
    formatHttpDate: (a) => m.formatHttpDate(a),
    parseLinkHeader: (a) => m.parseLinkHeader(a),
    'new Poller': (a, b) => new m.Poller('https://a.example/api', a, b),
    'Certificate.matchesKey': (a) => m.Certificate.parse(readKey('rsa2048.crt.pem')).matchesKey(a),
    'ExternalKey.finish': (a, b) => new m.ExternalKey('RS256').finish(a, b),
    'ExternalKey.prepare': (a) => new m.ExternalKey('ES384').prepare(a),
  };
  let calls = 0;
  const strange = [];
  for (const [name, fn] of Object.entries(targets)) {
    for (const a of garbage) {
      for (const b of [undefined, garbage[Math.floor(Math.random() * garbage.length)]]) {
        calls++;
        try { fn(a, b, b, b); } catch (e) {
          if (!(e && e.name === 'CareerProError' && typeof e.code === 'string')) strange.push(`${name}(${String(a).slice(0, 30)}, ${String(b).slice(0, 30)}): ${e && e.name}: ${e && e.message}`);
        }
      }
    }
  }
  assert.deepEqual(strange, []);
  // The module still works after all that.
  assert.equal(m.parseEnterpriseNumber('0884303369').value, '0884303369');
  assert.ok(calls > 1000);
});
