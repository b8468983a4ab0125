// The golden vectors of tests/vectors, replayed through the Node binding: RS* assertions byte
// for byte, PS*/ES* by verification with jose (an implementation sharing no code with ours),
// token requests exactly, the error vectors by code, token responses field by field, and the
// token manager scenarios event by event.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as jose from 'jose';
import {
  SigningKey, signAssertion, signAssertionAsync, tokenRequest, parseTokenResponse, retryAfterSeconds,
  TokenManager, CareerProError, errorClassFor,
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
    lifetime: v.lifetime,
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
    const signed = signAssertion(key, options, { now: v.now, jti: v.jti });
    assert.equal(signed.compact.split('.').slice(0, 2).join('.'), v.signing_input);
    assert.deepEqual(JSON.parse(signed.headerJson), v.header);
    assert.deepEqual(JSON.parse(signed.claimsJson), v.claims);
    assert.equal(signed.jti, v.jti);
    assert.equal(signed.issuedAt, v.now);
    if (v.deterministic) {
      assert.equal(signed.compact, v.assertion, 'RS* assertions are reproduced byte for byte');
      const again = await signAssertionAsync(key, options, { now: v.now, jti: v.jti });
      assert.equal(again.compact, v.assertion, 'the off-thread signer gives the same bytes');
    } else {
      await verifyWithJose(signed.compact, v);
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
    const err = thrown(() => signAssertion(key, { clientId: v.client_id, audience: v.audience, lifetime: v.lifetime }, { now: 1767225600, jti: 'j' }));
    assert.equal(err.code, v.code, v.note ?? '');
  }
});

test('error vectors: Retry-After', () => {
  for (const v of errorVectors.retry_after) {
    if (v.code) {
      assert.equal(thrown(() => retryAfterSeconds(v.value, v.now)).code, v.code, JSON.stringify(v.value));
    } else {
      assert.equal(retryAfterSeconds(v.value, v.now), v.seconds, JSON.stringify(v.value));
    }
  }
});

test('error vectors: token URLs', () => {
  for (const v of errorVectors.token_urls) {
    const err = thrown(() => tokenRequest(v.token_url, 'a.b.c', null));
    assert.equal(err.code, v.code, v.token_url);
  }
});

// Known core issue (reported): the URL check echoes the whole URL, userinfo included.
test('a password in a URL is not echoed in the error', () => {
  const err = thrown(() => tokenRequest('https://user:s3cret@services.socialsecurity.be/t', 'a.b.c', null));
  assert.ok(!err.message.includes('s3cret'), err.message);
});

for (const v of tokenResponses) {
  test(`token response vector ${v.name}`, () => {
    const e = v.expected;
    if (e.access_token !== undefined) {
      const token = parseTokenResponse(v.response, v.now);
      assert.equal(token.secret, e.access_token);
      assert.equal(token.tokenType, e.token_type);
      assert.equal(token.expiresIn, e.expires_in);
      assert.equal(token.expiresAt, e.expires_at);
      assert.equal(token.scope, e.scope);
    } else {
      const err = thrown(() => parseTokenResponse(v.response, v.now));
      assert.ok(err instanceof errorClassFor(e.code), `${err.name} for ${e.code}`);
      assert.equal(err.code, e.code);
      assert.equal(err.status, e.status);
      assert.equal(err.retryable, e.retryable);
      assert.equal(err.retryAfter, e.retry_after);
      assert.equal(err.traceId, e.trace_id);
      assert.equal(err.oauth?.error ?? null, e.oauth_error);
      assert.equal(err.problem?.type ?? null, e.problem_type);
    }
  });
}

const camel = (s) => s.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());

for (const file of readdirSync(path.join(VECTORS, 'scenarios')).filter((f) => f.endsWith('.json')).sort()) {
  test(`token manager scenario ${file}`, () => {
    const s = readJson(path.join(VECTORS, 'scenarios', file));
    const config = Object.fromEntries(Object.entries(s.config).map(([k, v]) => [camel(k), v]));
    const manager = new TokenManager(config, s.seed);
    for (const [i, ev] of s.events.entries()) {
      const where = `${s.name} event ${i} (${ev.event} at ${ev.now})`;
      const x = ev.expect;
      if (ev.event === 'poll') {
        const action = manager.poll(ev.now);
        assert.equal(action.kind, x.action, where);
        if (x.action === 'use_token') {
          assert.equal(action.token.secret, x.token, where);
          assert.equal(manager.tokenExpiresAt, x.expires_at, where);
        } else if (x.action === 'fetch_token') {
          assert.equal(action.ticket, x.ticket, where);
        } else if (x.action === 'wait') {
          assert.equal(action.until, x.until, where);
          assert.equal(action.reason, x.reason, where);
        } else {
          assert.equal(action.error.code, x.code, where);
          assert.ok(action.error instanceof errorClassFor(x.code), where);
          if (x.message_contains) assert.ok(action.error.message.includes(x.message_contains), where);
        }
      } else if (ev.event === 'respond' || ev.event === 'transport_error') {
        const call = ev.event === 'respond'
          ? () => manager.handleResponse(ev.ticket, { status: ev.status, headers: ev.headers, body: ev.body }, ev.now)
          : () => manager.handleTransportError(ev.ticket, ev.kind, ev.now);
        if (x.result === 'error') {
          const err = thrown(call);
          assert.equal(err.code, x.code, where);
          if (x.message_contains) assert.ok(err.message.includes(x.message_contains), where);
        } else {
          assert.equal(call(), x.result, where);
        }
      } else if (ev.event === 'invalidate') {
        assert.equal(manager.invalidate(ev.now), x.invalidated, where);
      } else if (ev.event === 'assertion_time') {
        assert.equal(manager.assertionTime(ev.now), x.seconds, where);
        assert.equal(manager.clockSkew, x.clock_skew, where);
      } else {
        assert.fail(`unknown event ${ev.event}`);
      }
    }
  });
}
