// The golden vectors (tests/vectors), replayed through the WASM package in Node: RS* assertions
// byte for byte, PS*/ES* by signing input + verification with node:crypto, token requests
// exactly, refused inputs by error code, token responses field by field. (The token manager
// scenarios need a fixed seed, which the bridge does not take: the core replays them.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createPublicKey, verify as nodeVerify, X509Certificate } from 'node:crypto';
import { readKey, vectors, throwsCode, PKG } from './helpers.mjs';

const m = await import(`${PKG}/node.mjs`);

const assertionVectors = vectors('assertions.json').vectors;

const signOf = (v) => ({ now: v.now * 1000, jti: v.jti });

function optionsOf(v) {
  return {
    clientId: v.client_id, audience: v.audience, lifetimeS: v.lifetime,
    includeNbf: v.options.include_nbf, includeTyp: v.options.include_typ, keyId: v.options.key_id ?? undefined,
    includeX5t: v.options.include_x5t, includeX5tS256: v.options.include_x5t_s256, includeX5c: v.options.include_x5c,
  };
}

function verifyWithCertificate(v, compact) {
  const [h, c, s] = compact.split('.');
  const cert = new X509Certificate(readKey(v.certificate));
  const alg = v.alg;
  const hash = 'sha' + alg.slice(2);
  const key = createPublicKey(cert.publicKey.export({ type: 'spki', format: 'pem' }));
  const opts = alg.startsWith('PS')
    ? { key, padding: 6 /* RSA_PKCS1_PSS_PADDING */, saltLength: Number(alg.slice(2)) / 8 }
    : alg.startsWith('ES') ? { key, dsaEncoding: 'ieee-p1363' } : { key };
  return nodeVerify(hash, Buffer.from(`${h}.${c}`), opts, Buffer.from(s, 'base64url'));
}

test('assertions: every vector reproduced (RS* byte for byte, PS*/ES* verified)', () => {
  for (const v of assertionVectors) {
    const key = m.SigningKey.fromBytes(readKey(v.key), {
      password: v.password ?? undefined, alias: v.alias ?? undefined, algorithm: v.alg,
    });
    assert.equal(key.algorithm, v.alg, v.name);
    assert.ok(!String(key).includes('PRIVATE'), 'toString redacts');
    const a = key.signAssertion({ ...optionsOf(v), ...signOf(v) });
    const signingInput = a.assertion.split('.').slice(0, 2).join('.');
    assert.equal(signingInput, v.signing_input, v.name);
    assert.deepEqual(a.header, v.header, v.name);
    assert.deepEqual(a.claims, v.claims, v.name);
    if (v.deterministic) assert.equal(a.assertion, v.assertion, v.name);
    assert.ok(verifyWithCertificate(v, a.assertion), `${v.name}: our signature verifies`);
    assert.ok(verifyWithCertificate(v, v.assertion), `${v.name}: the committed one verifies`);
    const req = m.tokenRequest(v.token_request.url, v.assertion, v.scope ?? undefined);
    assert.deepEqual(req, {
      method: v.token_request.method, url: v.token_request.url,
      headers: v.token_request.headers, body: v.token_request.body,
    }, v.name);
  }
});

test('assertions: WebCrypto keys give the same RS* bytes and verifiable PS*/ES*', async () => {
  let n = 0;
  for (const v of assertionVectors) {
    if (!v.key.endsWith('.pkcs8.pem') || v.options.include_x5t || v.options.include_x5c) continue;
    if (v.alg === 'ES512' && !(await supports('P-521'))) continue;
    const der = Buffer.from(readKey(v.key).toString('utf8').replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
    const cryptoKey = await crypto.subtle.importKey('pkcs8', der, importParams(v.alg), false, ['sign']);
    const external = m.ExternalKey.webCrypto(cryptoKey, { algorithm: v.alg });
    if (!v.alg.startsWith('PS')) assert.equal(m.webCryptoAlgorithm(cryptoKey), v.alg);
    const a = await external.signAssertion({ ...optionsOf(v), ...signOf(v) });
    if (v.deterministic) assert.equal(a.assertion, v.assertion, v.name);
    assert.equal(a.assertion.split('.').slice(0, 2).join('.'), v.signing_input, v.name);
    assert.ok(verifyWithCertificate(v, a.assertion), v.name);
    // With the certificate known, the external key verifies the host's signature too.
    const ext = new m.ExternalKey(v.alg, { certificate: readKey(v.certificate) });
    const unsigned = ext.prepareAssertion({ ...optionsOf(v), ...signOf(v) });
    const sig = await crypto.subtle.sign(algParams(v.alg), cryptoKey, new TextEncoder().encode(unsigned.signingInput));
    assert.equal(ext.finishAssertion(unsigned.jti, new Uint8Array(sig)).assertion.split('.')[1], v.signing_input.split('.')[1]);
    n++;
  }
  assert.ok(n >= 6, `WebCrypto replayed ${n} vectors`);
});

function importParams(alg) {
  const hash = 'SHA-' + alg.slice(2);
  if (alg.startsWith('RS')) return { name: 'RSASSA-PKCS1-v1_5', hash };
  if (alg.startsWith('PS')) return { name: 'RSA-PSS', hash };
  return { name: 'ECDSA', namedCurve: { ES256: 'P-256', ES384: 'P-384', ES512: 'P-521' }[alg] };
}

function algParams(alg) {
  const hash = 'SHA-' + alg.slice(2);
  if (alg.startsWith('RS')) return { name: 'RSASSA-PKCS1-v1_5', hash };
  if (alg.startsWith('PS')) return { name: 'RSA-PSS', hash, saltLength: Number(alg.slice(2)) / 8 };
  return { name: 'ECDSA', hash };
}

async function supports(curve) {
  try { await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: curve }, false, ['sign']); return true; } catch { return false; }
}

test('errors.json: every refused input gives its code', () => {
  const e = vectors('errors.json');
  for (const k of e.keys) {
    const input = k.input.startsWith('inline:') ? k.input.slice(7) : readKey(k.input);
    throwsCode(assert, () => m.SigningKey.fromBytes(input, { password: k.password ?? undefined, alias: k.alias ?? undefined }), k.code, k.input.slice(0, 40));
  }
  for (const a of e.algorithms) {
    throwsCode(assert, () => m.SigningKey.fromBytes(readKey(a.key), { algorithm: a.alg }), a.code, `${a.key} ${a.alg}`);
  }
  const key = m.SigningKey.fromBytes(readKey('p384.pkcs8.pem'));
  for (const o of e.assertion_options) {
    const opts = { clientId: o.client_id, audience: o.audience, lifetimeS: o.lifetime, now: 1767225600000 };
    throwsCode(assert, () => key.signAssertion(opts), o.code, o.note);
    throwsCode(assert, () => new m.ExternalKey('ES384').prepareAssertion(opts), o.code, o.note);
  }
  for (const r of e.retry_after) {
    if (r.code) throwsCode(assert, () => m.retryAfter(r.value, r.now * 1000), r.code, r.value);
    else assert.equal(m.retryAfter(r.value, r.now * 1000), Math.min(r.seconds * 1000, Number.MAX_SAFE_INTEGER), r.value);
  }
  for (const t of e.token_urls) {
    throwsCode(assert, () => m.tokenRequest(t.token_url, 'a.b.c'), t.code, t.token_url);
  }
});

test('token_responses.json: parsed tokens and errors field by field', () => {
  const ms = (s) => (s === null || s === undefined ? undefined : s * 1000);
  for (const v of vectors('token_responses.json').vectors) {
    const x = v.expected;
    if (x.access_token !== undefined) {
      const t = m.parseTokenResponse(v.response, v.now * 1000);
      assert.equal(t.accessToken, x.access_token, v.name);
      assert.equal(t.tokenType, x.token_type, v.name);
      assert.equal(t.expiresInS, x.expires_in ?? undefined, v.name);
      assert.equal(t.expiresAt, ms(x.expires_at), v.name);
      assert.equal(t.scope, x.scope ?? undefined, v.name);
    } else {
      const err = throwsCode(assert, () => m.parseTokenResponse(v.response, v.now * 1000), x.code, v.name);
      assert.equal(err.status, x.status ?? undefined, v.name);
      assert.equal(err.retryable, x.retryable, v.name);
      assert.equal(err.retryAfterMs, ms(x.retry_after), v.name);
      assert.equal(err.traceId, x.trace_id ?? undefined, v.name);
      assert.equal(err.oauth?.error, x.oauth_error ?? undefined, v.name);
      assert.equal(err.problem?.type, x.problem_type ?? undefined, v.name);
    }
  }
});
