// The sans-IO surface: profiles, identifiers, certificates, external signers, API requests and
// responses, retry advice, paging, polling; and signing off the main thread.
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
  const p = m.flaProfile('acceptance', 'employer');
  assert.equal(p.tokenUrl, 'https://services-acpt.socialsecurity.be/REST/oauth/v5/token');
  assert.equal(p.audience, p.tokenUrl);
  assert.equal(p.apiBaseUrl, 'https://services-acpt.socialsecurity.be/REST/federalLearningAccount/v1');
  assert.equal(p.scope, 'scope:sigedis:gestion:careerpro-federal-learning-account:employer');
  assert.equal(m.flaProfile('production', 'training_provider').scope, undefined);
  assert.equal(m.profileFromJson('{"environment":"production","quality":"agent"}').scope, 'scope:sigedis:gestion:careerpro-federal-learning-account:provider');
  assert.equal(thrown(() => m.validateProfile({ ...p, tokenUrl: 'ftp://x' })).code, 'url_invalid');
});

test('identifiers and dates', () => {
  const s = new m.Ssin('85.07.30-033.28');
  assert.equal(s.value, '85073003328');
  assert.equal(s.birthDate.toString(), '1985-07-30');
  assert.equal(new m.EnterpriseNumber('BE 0884.303.369').value, '0884303369');
  assert.equal(thrown(() => new m.EnterpriseNumber('0884303360')).code, 'enterprise_number_invalid');
  assert.equal(JSON.stringify({ d: m.CalendarDate.fromYmd(2024, 2, 29) }), '{"d":"2024-02-29"}');
  assert.equal(thrown(() => new m.CalendarDate('2023-02-29')).code, 'date_invalid');
  assert.ok(thrown(() => new m.NssoNumber('12')) instanceof m.ValidationError);
});

test('certificates and the Chaman check', () => {
  const cert = m.Certificate.parse(readFileSync(path.join(KEYS, 'certificates/rsa2048.pem')));
  assert.equal(cert.subject, 'CN=rsa2048 good, O=CareerPro FLA Tests, C=BE');
  assert.equal(cert.x5tS256, 'diCgt56hCDz2yub3BI9k3PV0NOtBSKq5sOOy-BytwLo');
  assert.deepEqual(cert.checkChaman(1_767_225_600), []);
  const expired = cert.checkChaman(2_400_000_000);
  assert.ok(expired.some((f) => f.rule === 'expired' && f.severity === 'error'));
  const key = m.SigningKey.fromBytes(keyBytes('rsa2048.pkcs8.pem'));
  const own = m.Certificate.parse(keyBytes('rsa2048.crt.pem'));
  assert.ok(own.matchesKey(key));
  assert.equal(thrown(() => cert.checkKey(key)).code, 'key_certificate_mismatch');
  assert.ok(thrown(() => m.SigningKey.fromBytes(keyBytes('rsa2048.pkcs8.pem'), { certificate: readFileSync(path.join(KEYS, 'p384.crt.pem')) })) instanceof m.CertificateError);
});

for (const [alg, keyFile, certFile, dsa] of [['ES384', 'p384.pkcs8.pem', 'p384.crt.pem', 'der'], ['ES512', 'p521.pkcs8.pem', 'p521.crt.pem', 'ieee-p1363'], ['PS256', 'rsa2048.pkcs8.pem', 'rsa2048.crt.pem', null]]) {
  test(`external signer (${alg}, node:crypto, ${dsa ?? 'pss'}) verified by jose`, async () => {
    const certPem = readFileSync(path.join(KEYS, certFile), 'utf8');
    const externalKey = new m.ExternalKey(alg, { certificate: certPem });
    const privateKey = createPrivateKey(keyBytes(keyFile));
    const hash = { ES384: 'sha384', ES512: 'sha512', PS256: 'sha256' }[alg];
    const sign = async (input) => cryptoSign(hash, input, dsa ? { key: privateKey, dsaEncoding: dsa } : { key: privateKey, padding: 6, saltLength: 32 });
    const opts = { clientId: 'c', audience: 'https://h.example/t', includeX5tS256: true, keyId: 'kms-1' };
    const a = await m.signAssertionExternal(externalKey, sign, opts, { now: 1_767_225_600, jti: 'j-1' });
    const { payload, protectedHeader } = await jose.jwtVerify(a.compact, await jose.importX509(certPem, alg), { currentDate: new Date(1_767_225_700_000) });
    assert.equal(payload.jti, 'j-1');
    assert.equal(protectedHeader.kid, 'kms-1');
    assert.ok(protectedHeader['x5t#S256']);
    // A signature from another key is refused before it reaches the server.
    const other = createPrivateKey(keyBytes(alg === 'PS256' ? 'rsa3072.pkcs8.pem' : keyFile === 'p384.pkcs8.pem' ? 'p384.sec1.pem' : 'p521.sec1.pem'));
    const forged = alg === 'PS256'
      ? await m.signAssertionExternal(externalKey, async (i) => cryptoSign(hash, i, { key: other, padding: 6, saltLength: 32 }), opts).catch((e) => e)
      : await m.signAssertionExternal(externalKey, async () => Buffer.alloc(7), opts).catch((e) => e);
    assert.ok(forged instanceof m.SigningError, String(forged));
    assert.equal(forged.code, 'external_signature_invalid');
  });
}

test('API requests, responses, retry advice and paging', () => {
  const get = m.apiRequest({ path: 'employers', segments: ['0884303369', 'a/b'], query: { page: '1' } }, BASE, 'tok', 'trace-1');
  assert.equal(get.url, `${BASE}/employers/0884303369/a%2Fb?page=1`);
  assert.deepEqual(get.headers, [['Authorization', 'Bearer tok'], ['Accept', 'application/json, application/problem+json'], ['BelGov-Trace-Id', 'trace-1']]);
  const post = m.apiRequest({ method: 'post', path: 'trainings', json: { d: m.CalendarDate.fromYmd(2025, 3, 3) } }, BASE, 'tok');
  assert.equal(post.body, '{"d":"2025-03-03"}');
  assert.match(post.header('belgov-trace-id'), /^[0-9a-f-]{36}$/);

  const page = m.parseApiResponse(get, json(200, { items: [{ id: 1 }], next: 'a%2Fb?page=2', total: 2 }));
  assert.deepEqual(page.items(), [{ id: 1 }]);
  assert.equal(page.total, 2);
  const next = m.nextPageRequest(BASE, get, page, null, 'trace-2');
  assert.equal(next.url, `${BASE}/employers/0884303369/a%2Fb?page=2`);
  assert.equal(m.nextPageRequest(BASE, next, m.parseApiResponse(next, json(200, { items: [] }))), null);
  assert.equal(thrown(() => m.nextPageRequest(BASE, get, m.parseApiResponse(get, json(200, { next: 'https://evil.example/x' })))).code, 'path_invalid');
  assert.deepEqual(m.parseLinkHeader('<p2>; rel="next", <p9>; rel=last').map((l) => l.rels[0]), ['next', 'last']);

  const busy = { status: 503, headers: [['Retry-After', '2']], body: '' };
  assert.deepEqual(m.adviseRetry({ method: 'GET' }, { response: busy }, { jitter: 0, now: 0 }), { kind: 'retry', delayMs: 2000 });
  const postAdvice = m.adviseRetry({ method: 'POST' }, { response: busy }, { now: 0 });
  assert.equal(postAdvice.kind, 'give_up');
  assert.ok(postAdvice.error instanceof m.ApiError);
  const expired = json(401, { type: 'urn:problem-type:belgif:expiredAccessToken', status: 401, title: 'Expired' });
  assert.equal(m.adviseRetry({ method: 'POST' }, { response: expired }).kind, 'refresh_token');
  assert.equal(m.adviseRetry({ method: 'GET', tokenRefreshed: true }, { response: expired }).kind, 'give_up');
  assert.equal(m.adviseRetry({ method: 'GET' }, { transport: 'tls' }).error.code, 'transport_error');
  assert.equal(m.adviseRetry({ method: 'GET', number: 3 }, { transport: 'timeout' }).kind, 'give_up');
});

test('polling a 202 until the result is there', () => {
  const post = m.apiRequest({ method: 'POST', path: 'trainings', json: {} }, BASE, 'tok', 't-1');
  const accepted = m.parseApiResponse(post, { status: 202, headers: [['Location', 'trainings/42']], body: '' }, 1000);
  const poller = new m.Poller(BASE, accepted, { scheduleMs: [500] }, 1000);
  const first = poller.start('tok', 't-2', 1000);
  assert.equal(first.kind, 'poll_at');
  assert.equal(first.afterMs, 500);
  assert.equal(first.request.url, `${BASE}/trainings/42`);
  const pending = poller.handle({ status: 202, headers: [['Retry-After', '3']], body: '' }, 'tok', null, 1001);
  assert.equal(pending.afterMs, 3000);
  const done = poller.handle(json(200, { id: 42 }), 'tok', null, 1004);
  assert.equal(done.kind, 'done');
  assert.equal(done.response.json.id, 42);
  const late = new m.Poller(BASE, accepted, { deadlineS: 1 }, 1000);
  assert.equal(late.start('tok', null, 5000).error.code, 'poll_timeout');
  assert.ok(late.start('tok', null, 5000).error instanceof m.PollTimeoutError);
});

test('RSA-4096 signing runs off the main thread in signAssertionAsync', async () => {
  const key = m.SigningKey.fromBytes(keyBytes('rsa4096.pkcs8.pem'));
  const opts = { clientId: 'c', audience: 'https://h.example/t' };
  const n = 32;
  let t0 = performance.now();
  for (let i = 0; i < n; i++) m.signAssertion(key, opts);
  const syncBlock = performance.now() - t0;
  // The same work, async: measure the longest gap between event-loop turns meanwhile.
  let maxGap = 0;
  let last = performance.now();
  let turns = 0;
  let running = true;
  const tick = () => {
    const now = performance.now();
    maxGap = Math.max(maxGap, now - last);
    last = now;
    turns += 1;
    if (running) setImmediate(tick);
  };
  setImmediate(tick);
  t0 = performance.now();
  const all = await Promise.all(Array.from({ length: n }, () => m.signAssertionAsync(key, opts)));
  running = false;
  const asyncWall = performance.now() - t0;
  assert.equal(new Set(all.map((a) => a.jti)).size, n);
  console.log(`# RSA-4096 x${n}: sync blocks the loop ${syncBlock.toFixed(1)} ms; async wall ${asyncWall.toFixed(1)} ms, longest loop gap ${maxGap.toFixed(1)} ms, ${turns} loop turns`);
  // On a busy 2-core machine the OS may deschedule the main thread for a while; what matters is
  // that the loop kept turning and was never held for a large share of the signing work.
  assert.ok(turns >= 10, `only ${turns} event-loop turns while signing`);
  assert.ok(maxGap < syncBlock / 2, `the loop was blocked ${maxGap.toFixed(1)} ms (sync: ${syncBlock.toFixed(1)} ms)`);
});
