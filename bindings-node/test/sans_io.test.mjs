// The sans-IO surface: profiles, identifiers, certificates, external signers, API requests and
// responses, retry advice, paging, polling.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createPrivateKey, sign as cryptoSign } from 'node:crypto';
import path from 'node:path';
import * as jose from 'jose';
import * as m from '../lib/main.mjs';
import { KEYS, keyBytes, thrown } from './helpers.mjs';

const BASE = 'https://services.socialsecurity.be/REST/federalLearningAccount/v1';
const json = (status, body, headers = []) => ({ status, headers: [['Content-Type', 'application/json'], ...headers], body: JSON.stringify(body) });

test('profiles', () => {
  const p = m.profile({ environment: 'acceptance', quality: 'employer' });
  assert.equal(p.tokenUrl, 'https://services-acpt.socialsecurity.be/REST/oauth/v5/token');
  assert.equal(p.audience, p.tokenUrl);
  assert.equal(p.apiBaseUrl, 'https://services-acpt.socialsecurity.be/REST/federalLearningAccount/v1');
  assert.equal(p.scope, 'scope:sigedis:gestion:careerpro-federal-learning-account:employer');
  assert.equal(m.profile({ environment: 'production', quality: 'training_provider' }).scope, undefined);
  assert.equal(m.profile({ environment: 'production', quality: 'agent' }).scope, 'scope:sigedis:gestion:careerpro-federal-learning-account:provider');
  assert.equal(thrown(() => m.profile({ tokenUrl: 'ftp://x', apiBaseUrl: BASE })).code, 'url_invalid');
});

test('identifiers and dates', () => {
  const s = new m.Ssin('85.07.30-033.28');
  assert.equal(s.value, '85073003328');
  assert.equal(s.birthDate.toString(), '1985-07-30');
  assert.equal(new m.EnterpriseNumber('BE 0884.303.369').value, '0884303369');
  assert.equal(thrown(() => new m.EnterpriseNumber('0884303360')).code, 'enterprise_number_invalid');
  assert.equal(JSON.stringify({ d: m.CalendarDate.fromYmd(2024, 2, 29) }), '{"d":"2024-02-29"}');
  assert.equal(m.CalendarDate.fromUnixMs(1_767_225_600_000).value, '2026-01-01');
  assert.equal(thrown(() => new m.CalendarDate('2023-02-29')).code, 'date_invalid');
  assert.ok(thrown(() => new m.NssoNumber('12')) instanceof m.ValidationError);
  assert.equal(new m.NssoNumber(123456789).text, '123456789');
});

test('certificates and the Chaman check', () => {
  const file = readFileSync(path.join(KEYS, 'certificates/rsa2048.pem'));
  const cert = m.Certificate.parse(file, 1_767_225_600_000);
  assert.equal(cert.subject, 'CN=rsa2048 good, O=CareerPro FLA Tests, C=BE');
  assert.equal(cert.x5tS256, 'diCgt56hCDz2yub3BI9k3PV0NOtBSKq5sOOy-BytwLo');
  assert.deepEqual(cert.findings, []);
  const expired = m.Certificate.parse(file, 2_400_000_000_000).findings;
  assert.ok(expired.some((f) => f.rule === 'expired' && f.severity === 'error'));
  const key = m.SigningKey.fromBytes(keyBytes('rsa2048.pkcs8.pem'));
  key.checkCertificate(m.Certificate.parse(keyBytes('rsa2048.crt.pem')));
  assert.equal(thrown(() => key.checkCertificate(cert)).code, 'key_certificate_mismatch');
  assert.ok(thrown(() => key.checkCertificate(keyBytes('p384.crt.pem'))) instanceof m.CertificateError);
});

for (const [alg, keyFile, certFile, dsa] of [['ES384', 'p384.pkcs8.pem', 'p384.crt.pem', 'der'], ['ES512', 'p521.pkcs8.pem', 'p521.crt.pem', 'ieee-p1363'], ['PS256', 'rsa2048.pkcs8.pem', 'rsa2048.crt.pem', null]]) {
  test(`external signer (${alg}, node:crypto, ${dsa ?? 'pss'}) verified by jose`, async () => {
    const certPem = readFileSync(path.join(KEYS, certFile), 'utf8');
    const privateKey = createPrivateKey(keyBytes(keyFile));
    const hash = { ES384: 'sha384', ES512: 'sha512', PS256: 'sha256' }[alg];
    const sign = async (input) => cryptoSign(hash, input, dsa ? { key: privateKey, dsaEncoding: dsa } : { key: privateKey, padding: 6, saltLength: 32 });
    const externalKey = new m.ExternalKey(alg, { certificate: certPem }, sign);
    const opts = { clientId: 'c', audience: 'https://h.example/t', includeX5tS256: true, keyId: 'kms-1', includeKeyId: true };
    const a = await externalKey.signAssertion({ ...opts, now: 1_767_225_600_000, jti: 'j-1' });
    const { payload, protectedHeader } = await jose.jwtVerify(a.assertion, await jose.importX509(certPem, alg), { currentDate: new Date(1_767_225_700_000) });
    assert.equal(payload.jti, 'j-1');
    assert.equal(protectedHeader.kid, 'kms-1');
    assert.ok(protectedHeader['x5t#S256']);
    assert.deepEqual(a.header, protectedHeader, 'the JWS header as written');
    // A signature from another key is refused before it reaches the server.
    const other = createPrivateKey(keyBytes(alg === 'PS256' ? 'rsa3072.pkcs8.pem' : keyFile === 'p384.pkcs8.pem' ? 'p384.sec1.pem' : 'p521.sec1.pem'));
    const forged = alg === 'PS256'
      ? await externalKey.signAssertion(opts, async (i) => cryptoSign(hash, i, { key: other, padding: 6, saltLength: 32 })).catch((e) => e)
      : await externalKey.signAssertion(opts, async () => Buffer.alloc(7)).catch((e) => e);
    assert.ok(forged instanceof m.SigningError, String(forged));
    assert.equal(forged.code, 'external_signature_invalid');
  });
}

test('a WebCrypto key signs through the external key (prepare → crypto.subtle.sign → finish)', async () => {
  const pem = readFileSync(path.join(KEYS, 'p384.pkcs8.pem'), 'utf8');
  const der = Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
  const cryptoKey = await crypto.subtle.importKey('pkcs8', der, { name: 'ECDSA', namedCurve: 'P-384' }, false, ['sign']);
  const key = m.ExternalKey.webCrypto(cryptoKey, { certificate: keyBytes('p384.crt.pem') });
  assert.equal(key.algorithm, 'ES384');
  const a = await key.signAssertion({ clientId: 'c', audience: 'https://h.example/t' });
  const certPem = readFileSync(path.join(KEYS, 'p384.crt.pem'), 'utf8');
  await jose.jwtVerify(a.assertion, await jose.importX509(certPem, 'ES384'));
});

test('API requests, responses, retry advice and paging', () => {
  const get = m.apiRequest(BASE, 'tok', { method: 'GET', path: 'employers', segments: ['0884303369', 'a/b'], query: { page: '1' }, traceId: 'trace-1' });
  assert.equal(get.url, `${BASE}/employers/0884303369/a%2Fb?page=1`);
  assert.deepEqual(get.headers, [['Authorization', 'Bearer tok'], ['Accept', 'application/json, application/problem+json'], ['BelGov-Trace-Id', 'trace-1']]);
  const post = m.apiRequest(BASE, 'tok', { method: 'post', path: 'trainings', json: { d: m.CalendarDate.fromYmd(2025, 3, 3) } });
  assert.equal(post.body, '{"d":"2025-03-03"}');
  assert.match(post.headers.find(([n]) => n.toLowerCase() === 'belgov-trace-id')[1], /^[0-9a-f-]{36}$/);

  const page = m.parseApiResponse(get, json(200, { items: [{ id: 1 }], next: 'a%2Fb?page=2', total: 2 }));
  assert.deepEqual(page.json.items, [{ id: 1 }]);
  assert.equal(page.total, 2);
  assert.equal(page.next, 'a%2Fb?page=2');
  const last = m.parseApiResponse(get, json(200, { items: [] }));
  assert.equal(last.next, undefined);
  const evil = m.parseApiResponse(get, json(200, { next: 'https://evil.example/x' }));
  assert.equal(thrown(() => m.apiRequest(BASE, 'tok', { method: 'GET', path: evil.next })).code, 'path_invalid');
  const linked = m.parseApiResponse(get, { status: 200, headers: [['Link', `<${BASE}/p2>; rel="next", <p9>; rel=last`]], body: '{}' });
  assert.equal(linked.next, `${BASE}/p2`);

  const at = (method, extra = {}) => ({ method, url: `${BASE}/x`, now: 0, ...extra });
  const busy = { status: 503, headers: [['Retry-After', '2']], body: '' };
  assert.deepEqual(m.handleApiResponse(at('GET', { jitter: 0 }), busy), { kind: 'retry', delayMs: 2000 });
  const postAdvice = m.handleApiResponse(at('POST'), busy);
  assert.equal(postAdvice.kind, 'give_up');
  assert.ok(postAdvice.error instanceof m.ApiError);
  const expired = json(401, { type: 'urn:problem-type:belgif:expiredAccessToken', status: 401, title: 'Expired' });
  assert.equal(m.handleApiResponse(at('POST'), expired).kind, 'refresh_token');
  assert.equal(m.handleApiResponse(at('GET', { tokenRefreshed: true }), expired).kind, 'give_up');
  const tls = m.handleTransportError(at('GET'), 'tls');
  assert.equal(tls.error.code, 'transport_error');
  assert.equal(tls.error.transport, 'tls');
  assert.equal(m.handleTransportError(at('GET', { attempt: 3 }), 'timeout').kind, 'give_up');
  const ok = m.handleApiResponse(at('GET'), json(200, { a: 1 }));
  assert.equal(ok.kind, 'success');
  assert.deepEqual(ok.response.json, { a: 1 });
});

test('polling a 202 until the result is there', () => {
  const post = m.apiRequest(BASE, 'tok', { method: 'POST', path: 'trainings', json: {}, traceId: 't-1' });
  const accepted = { status: 202, headers: [['Location', 'trainings/42']], body: '' };
  const poller = new m.Poller(BASE, post.url, accepted, { plan: { scheduleMs: [500] }, now: 1_000_000 });
  const first = poller.start('tok', { traceId: 't-2', now: 1_000_000 });
  assert.equal(first.kind, 'poll');
  assert.equal(first.afterMs, 500);
  assert.equal(first.request.url, `${BASE}/trainings/42`);
  const pending = poller.handle({ status: 202, headers: [['Retry-After', '3']], body: '' }, 'tok', { now: 1_001_000 });
  assert.equal(pending.afterMs, 3000);
  const done = poller.handle(json(200, { id: 42 }), 'tok', { now: 1_004_000 });
  assert.equal(done.kind, 'done');
  assert.equal(done.response.json.id, 42);
  const late = new m.Poller(BASE, post.url, accepted, { plan: { deadlineS: 1 }, now: 1_000_000 });
  const gaveUp = late.start('tok', { now: 5_000_000 });
  assert.equal(gaveUp.error.code, 'poll_timeout');
  assert.ok(gaveUp.error instanceof m.PollTimeoutError);
});

test('bulk: one request per good row, every bad value reported with its row and field', () => {
  const out = m.bulkBuild(BASE, 'tok', { path: 'employers/{enterpriseNumber}/trainings', required: ['ssin'] }, [
    { enterpriseNumber: 'BE 0884.303.369', ssin: '85.07.30-033.28', startDate: '2026-03-04' },
    { enterpriseNumber: '0884303369', ssin: '85.07.30-033.29' },
  ]);
  assert.equal(out.requests.length, 1);
  assert.deepEqual(out.rows, [0]);
  assert.equal(out.errors[0].row, 1);
  assert.equal(out.errors[0].field, 'ssin');
  assert.equal(JSON.parse(out.requests[0].body).ssin, '85073003328');
  assert.equal(m.bulkFields().enterpriseNumber, 'enterprise_number');
});
