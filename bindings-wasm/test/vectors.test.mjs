// The golden vectors (tests/vectors), replayed through the WASM package in Node: RS* assertions
// byte for byte, PS*/ES* by signing input + verification with node:crypto, token requests
// exactly, refused inputs by error code, token responses field by field, and every token manager
// scenario event by event.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createPublicKey, verify as nodeVerify, X509Certificate } from 'node:crypto';
import { readKey, vectors, scenarios, throwsCode, PKG } from './helpers.mjs';

const m = await import(`${PKG}/node.js`);

const assertionVectors = vectors('assertions.json').vectors;

const signOf = (v) => ({ now: v.now, jti: v.jti });

function optionsOf(v) {
  return {
    clientId: v.client_id, audience: v.audience, lifetime: v.lifetime,
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
    const a = m.signAssertion(key, optionsOf(v), signOf(v));
    assert.ok(a instanceof m.Assertion);
    assert.ok(!String(a).includes(a.compact.split('.')[2]), 'toString redacts');
    const signingInput = a.compact.split('.').slice(0, 2).join('.');
    assert.equal(signingInput, v.signing_input, v.name);
    assert.deepEqual(JSON.parse(a.headerJson), v.header, v.name);
    assert.deepEqual(JSON.parse(a.claimsJson), v.claims, v.name);
    if (v.deterministic) assert.equal(a.compact, v.assertion, v.name);
    assert.ok(verifyWithCertificate(v, a.compact), `${v.name}: our signature verifies`);
    assert.ok(verifyWithCertificate(v, v.assertion), `${v.name}: the committed one verifies`);
    const req = m.tokenRequest(v.token_request.url, v.assertion, v.scope);
    assert.ok(req instanceof m.HttpRequest);
    assert.deepEqual({ method: req.method, url: req.url, headers: req.headers, body: req.body }, {
      method: v.token_request.method, url: v.token_request.url,
      headers: v.token_request.headers, body: v.token_request.body,
    }, v.name);
    assert.ok(!String(req).includes(v.assertion), `${v.name}: toString redacts`);
    key.free();
  }
});

test('assertions: WebCrypto keys give the same RS* bytes and verifiable PS*/ES*', async () => {
  let n = 0;
  for (const v of assertionVectors) {
    if (!v.key.endsWith('.pkcs8.pem') || v.options.include_x5t || v.options.include_x5c) continue;
    if (v.alg === 'ES512' && !(await supports('P-521'))) continue;
    const cryptoKey = await m.importCryptoKey(readKey(v.key).toString('utf8'), v.alg);
    assert.equal(m.webCryptoAlgorithm(cryptoKey), v.alg);
    const a = await m.signAssertionAsync(cryptoKey, optionsOf(v), signOf(v));
    if (v.deterministic) assert.equal(a.compact, v.assertion, v.name);
    assert.equal(a.compact.split('.').slice(0, 2).join('.'), v.signing_input, v.name);
    assert.ok(verifyWithCertificate(v, a.compact), v.name);
    // With the certificate known, the external key verifies the host's signature too.
    const ext = new m.ExternalKey(v.alg, { certificate: readKey(v.certificate) });
    const unsigned = m.prepareAssertion(ext, optionsOf(v), signOf(v));
    const sig = await crypto.subtle.sign(algParams(v.alg), cryptoKey, new TextEncoder().encode(unsigned.signingInput));
    assert.equal(unsigned.finish(new Uint8Array(sig)).compact.split('.')[1], v.signing_input.split('.')[1]);
    n++;
  }
  assert.ok(n >= 6, `WebCrypto replayed ${n} vectors`);
});

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
    const opts = { clientId: o.client_id, audience: o.audience, lifetime: o.lifetime };
    throwsCode(assert, () => m.signAssertion(key, opts, { now: 1767225600 }), o.code, o.note);
    throwsCode(assert, () => m.prepareAssertion(new m.ExternalKey('ES384'), opts, { now: 1767225600 }), o.code, o.note);
  }
  for (const r of e.retry_after) {
    if (r.code) throwsCode(assert, () => m.retryAfterSeconds(r.value, r.now), r.code, r.value);
    else assert.equal(m.retryAfterSeconds(r.value, r.now), r.seconds, r.value);
  }
  for (const t of e.token_urls) {
    throwsCode(assert, () => m.tokenRequest(t.token_url, 'a.b.c'), t.code, t.token_url);
  }
});

test('token_responses.json: parsed tokens and errors field by field', () => {
  for (const v of vectors('token_responses.json').vectors) {
    const x = v.expected;
    if (x.access_token !== undefined) {
      const t = m.parseTokenResponse(v.response, v.now);
      assert.equal(t.secret, x.access_token, v.name);
      assert.equal(t.authorization, `Bearer ${x.access_token}`, v.name);
      assert.ok(!String(t).includes(x.access_token) || x.access_token.length < 3, 'toString redacts');
      assert.equal(t.tokenType, x.token_type, v.name);
      assert.equal(t.expiresIn ?? null, x.expires_in, v.name);
      assert.equal(t.expiresAt ?? null, x.expires_at, v.name);
      assert.equal(t.scope ?? null, x.scope, v.name);
    } else {
      const err = throwsCode(assert, () => m.parseTokenResponse(v.response, v.now), x.code, v.name);
      assert.equal(err.status ?? null, x.status, v.name);
      assert.equal(err.retryable, x.retryable, v.name);
      assert.equal(err.retryAfter ?? null, x.retry_after, v.name);
      assert.equal(err.traceId ?? null, x.trace_id, v.name);
      assert.equal(err.oauth?.error ?? null, x.oauth_error, v.name);
      assert.equal(err.problem?.type ?? null, x.problem_type, v.name);
    }
  }
});

test('scenarios: every token manager scenario, event by event', () => {
  const all = scenarios();
  assert.ok(all.length >= 10);
  for (const s of all) {
    const tm = new m.TokenManager(s.config, s.seed);
    s.events.forEach((ev, i) => {
      const where = `${s.name} #${i} ${ev.event}`;
      const x = ev.expect;
      if (ev.event === 'poll') {
        const a = tm.poll(ev.now);
        assert.equal(a.kind, x.action, where);
        if (x.action === 'use_token') {
          assert.equal(a.token.secret, x.token, where);
          assert.equal(a.expiresAt, x.expires_at, where);
        } else if (x.action === 'fetch_token') {
          assert.equal(a.ticket, x.ticket, where);
        } else if (x.action === 'wait') {
          assert.equal(a.until, x.until, where);
          assert.equal(a.reason, x.reason, where);
        } else {
          assert.equal(a.error.code, x.code, where);
          if (x.message_contains) assert.ok(a.error.message.includes(x.message_contains), where);
        }
      } else if (ev.event === 'respond' || ev.event === 'transport_error') {
        let result, error;
        try {
          result = ev.event === 'respond'
            ? tm.handleResponse(ev.ticket, { status: ev.status, headers: ev.headers, body: ev.body }, ev.now)
            : tm.handleTransportError(ev.ticket, ev.kind, ev.now);
        } catch (e) { error = e; }
        if (x.result === 'error') {
          assert.ok(error, `${where}: expected an error`);
          assert.equal(error.code, x.code, where);
          if (x.message_contains) assert.ok(error.message.includes(x.message_contains), `${where}: ${error.message}`);
        } else {
          assert.equal(error, undefined, where);
          assert.equal(result, x.result, where);
        }
      } else if (ev.event === 'invalidate') {
        assert.equal(tm.invalidate(ev.now), x.invalidated, where);
      } else if (ev.event === 'assertion_time') {
        assert.equal(tm.assertionTime(ev.now), x.seconds, where);
        assert.equal(tm.clockSkew ?? null, x.clock_skew, where);
      } else {
        assert.fail(`unknown event ${ev.event}`);
      }
    });
    tm.free();
  }
});
