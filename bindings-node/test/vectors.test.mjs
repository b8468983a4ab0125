// The golden vectors of tests/vectors, replayed through the Node binding: RS* assertions byte
// for byte, PS*/ES* by verification with jose (an implementation sharing no code with ours),
// token requests exactly, the error vectors by code, token responses field by field. (The token
// manager scenarios need a fixed seed, which the bridge does not take: the core replays them.)
import test from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as jose from 'jose';
import {
  SigningKey, tokenRequest, parseTokenResponse, retryAfter, CareerProError, errorClassFor,
} from '../lib/main.mjs';
import { KEYS, VECTORS, readJson, keyBytes, thrown } from './helpers.mjs';

const assertions = readJson(path.join(VECTORS, 'assertions.json')).vectors;
const errorVectors = readJson(path.join(VECTORS, 'errors.json'));
const tokenResponses = readJson(path.join(VECTORS, 'token_responses.json')).vectors;

function loadKey(v) {
  return SigningKey.fromBytes(keyBytes(v.key), {
    password: v.password ?? undefined,
    alias: v.alias ?? undefined,
    algorithm: v.alg,
  });
}

function optionsOf(v) {
  const o = v.options;
  return {
    clientId: v.client_id,
    audience: v.audience,
    lifetimeS: v.lifetime,
    includeNbf: o.include_nbf,
    includeTyp: o.include_typ,
    keyId: o.key_id ?? undefined,
    includeX5t: o.include_x5t,
    includeX5tS256: o.include_x5t_s256,
    includeX5c: o.include_x5c,
  };
}

async function verifyWithJose(compact, v) {
  const pem = readFileSync(path.join(KEYS, v.certificate), 'utf8');
  const publicKey = await jose.importX509(pem, v.alg);
  const { payload, protectedHeader } = await jose.jwtVerify(compact, publicKey, {
    algorithms: [v.alg],
    currentDate: new Date(v.now * 1000),
    audience: v.audience,
    issuer: v.client_id,
    subject: v.client_id,
  });
  assert.deepEqual(protectedHeader, v.header);
  assert.deepEqual(payload, v.claims);
}

test('there are assertion vectors for every algorithm', () => {
  const algs = new Set(assertions.map((v) => v.alg));
  for (const a of ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512']) {
    assert.ok(algs.has(a), a);
  }
});

for (const v of assertions) {
  test(`assertion vector ${v.name}`, async () => {
    const key = loadKey(v);
    assert.equal(key.algorithm, v.alg);
    const options = optionsOf(v);
    const signed = key.signAssertion({ ...options, now: v.now * 1000, jti: v.jti });
    assert.equal(signed.assertion.split('.').slice(0, 2).join('.'), v.signing_input);
    assert.deepEqual(signed.header, v.header);
    assert.deepEqual(signed.claims, v.claims);
    assert.equal(signed.jti, v.jti);
    assert.equal(signed.iat, v.now);
    if (v.deterministic) {
      assert.equal(signed.assertion, v.assertion, 'RS* assertions are reproduced byte for byte');
    } else {
      await verifyWithJose(signed.assertion, v);
    }
    // The committed assertion verifies too (independent check of the vector itself).
    await verifyWithJose(v.assertion, v);

    const request = tokenRequest(v.token_request.url, v.assertion, v.scope);
    assert.equal(request.method, v.token_request.method);
    assert.equal(request.url, v.token_request.url);
    assert.deepEqual(request.headers, v.token_request.headers);
    assert.equal(request.body, v.token_request.body);
  });
}

test('error vectors: keys', () => {
  for (const v of errorVectors.keys) {
    const data = v.input.startsWith('inline:') ? v.input.slice('inline:'.length) : keyBytes(v.input);
    const err = thrown(() => SigningKey.fromBytes(data, { password: v.password ?? undefined, alias: v.alias ?? undefined }));
    assert.ok(err instanceof CareerProError, `${v.input}: ${err}`);
    assert.equal(err.code, v.code, v.input);
    assert.ok(err instanceof errorClassFor(v.code));
    if (v.password) assert.ok(!err.message.includes(v.password), 'the password leaked into the message');
  }
});

test('error vectors: algorithms', () => {
  for (const v of errorVectors.algorithms) {
    const err = thrown(() => SigningKey.fromBytes(keyBytes(v.key), { algorithm: v.alg }));
    assert.equal(err.code, v.code, `${v.key} ${v.alg}`);
  }
});

test('error vectors: assertion options', () => {
  const key = SigningKey.fromBytes(keyBytes('p384.pkcs8.pem'));
  for (const v of errorVectors.assertion_options) {
    const err = thrown(() => key.signAssertion({ clientId: v.client_id, audience: v.audience, lifetimeS: v.lifetime, now: 1767225600000, jti: 'j' }));
    assert.equal(err.code, v.code, v.note ?? '');
  }
});

test('error vectors: Retry-After', () => {
  for (const v of errorVectors.retry_after) {
    if (v.code) {
      assert.equal(thrown(() => retryAfter(v.value, v.now * 1000)).code, v.code, JSON.stringify(v.value));
    } else {
      // Milliseconds, saturating at 2^53 - 1 (never a BigInt).
      assert.equal(retryAfter(v.value, v.now * 1000), Math.min(v.seconds * 1000, Number.MAX_SAFE_INTEGER), JSON.stringify(v.value));
    }
  }
});

test('error vectors: token URLs', () => {
  for (const v of errorVectors.token_urls) {
    const err = thrown(() => tokenRequest(v.token_url, 'a.b.c'));
    assert.equal(err.code, v.code, v.token_url);
  }
});

// Known core issue (reported): the URL check echoes the whole URL, userinfo included.
test('a password in a URL is not echoed in the error', () => {
  const err = thrown(() => tokenRequest('https://user:s3cret@services.socialsecurity.be/t', 'a.b.c'));
  assert.ok(!err.message.includes('s3cret'), err.message);
});

for (const v of tokenResponses) {
  test(`token response vector ${v.name}`, () => {
    const e = v.expected;
    if (e.access_token !== undefined) {
      const token = parseTokenResponse(v.response, v.now * 1000);
      assert.equal(token.accessToken, e.access_token);
      assert.equal(token.tokenType, e.token_type);
      assert.equal(token.expiresInS, e.expires_in ?? undefined);
      assert.equal(token.expiresAt, e.expires_at === null || e.expires_at === undefined ? undefined : e.expires_at * 1000);
      assert.equal(token.scope, e.scope ?? undefined);
    } else {
      const err = thrown(() => parseTokenResponse(v.response, v.now * 1000));
      assert.ok(err instanceof errorClassFor(e.code), `${err.name} for ${e.code}`);
      assert.equal(err.code, e.code);
      assert.equal(err.status, e.status ?? undefined);
      assert.equal(err.retryable, e.retryable);
      assert.equal(err.retryAfterMs, e.retry_after === null || e.retry_after === undefined ? undefined : e.retry_after * 1000);
      assert.equal(err.traceId, e.trace_id ?? undefined);
      assert.equal(err.oauth?.error, e.oauth_error ?? undefined);
      assert.equal(err.problem?.type, e.problem_type ?? undefined);
    }
  });
}
