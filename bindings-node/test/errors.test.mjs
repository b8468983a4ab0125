// Errors: every core code maps to a typed class; bad input anywhere ends as a typed error
// (never a crash, never an unhandled rejection); no secret in messages or util.inspect output.
import test from 'node:test';
import assert from 'node:assert/strict';
import util from 'node:util';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import * as esm from '../lib/main.mjs';
import { keyBytes, thrown, ROOT } from './helpers.mjs';

const require = createRequire(import.meta.url);
const cjs = require('../lib/main.cjs');
const m = esm;

test('every core error code maps to a class more specific than CareerProError', () => {
  const codes = m.errorCodes();
  assert.ok(codes.length >= 40);
  assert.equal(new Set(codes.map((c) => c.code)).size, codes.length, 'codes are unique');
  for (const { code, meaning } of codes) {
    assert.match(code, /^[a-z][a-z0-9_]*$/);
    assert.ok(meaning.length > 0);
    const Class = m.errorClassFor(code);
    assert.notEqual(Class, m.CareerProError, `${code} has no class of its own`);
    assert.equal(m[Class.name], Class, `${Class.name} is exported`);
    const err = m.fromPayload({ code, message: 'm' });
    assert.ok(err instanceof Class && err instanceof m.CareerProError && err instanceof Error);
    assert.equal(err.code, code);
    assert.equal(err.name, Class.name);
  }
  assert.equal(m.errorClassFor('a_code_from_the_future'), m.CareerProError);
});

test('the class hierarchy matches the Python package', () => {
  const parent = (C) => Object.getPrototypeOf(C);
  assert.equal(parent(m.KeyPasswordError), m.KeyLoadError);
  assert.equal(parent(m.InvalidClientError), m.OAuthError);
  assert.equal(parent(m.OAuthError), m.TokenError);
  assert.equal(parent(m.TokenEndpointError), m.TokenError);
  assert.equal(parent(m.TokenResponseError), m.TokenError);
  assert.equal(parent(m.ProblemError), m.ApiError);
  for (const C of [m.ValidationError, m.KeyLoadError, m.SigningError, m.CertificateError, m.TokenError, m.ApiError, m.ResponseError, m.TransportError]) {
    assert.equal(parent(C), m.CareerProError, C.name);
  }
});

test('ESM and CommonJS entries export the same things (one copy of each class)', () => {
  assert.deepEqual(Object.keys(esm).filter((k) => k !== 'default' && k !== '__esModule').sort(), Object.keys(cjs).filter((k) => k !== 'default').sort());
  assert.equal(esm.default, cjs.default);
  for (const k of Object.keys(cjs)) assert.equal(esm[k], cjs[k], k);
});

test('the declarations tsc wrote (lib/api/*.d.ts) declare every runtime export', () => {
  const dir = path.join(ROOT, 'bindings-node/lib/api');
  const dts = readdirSync(dir).filter((f) => f.endsWith('.d.ts')).map((f) => readFileSync(path.join(dir, f), 'utf8')).join('\n');
  for (const k of Object.keys(cjs)) {
    if (k === 'default') continue;
    assert.match(dts, new RegExp(`\\b${k}\\b`), `${k} is not declared`);
  }
});

test('names: camelCase members, data members as written, absent values undefined (never null)', () => {
  assert.deepEqual(m.toCamel({ retry_after_ms: 1, json: { a_b: 1 }, problem: { invalid_params: [] }, oauth: { error_description: 'x' },
    header: { x5t_s: 1 }, claims: { client_id: 1 }, jwk: { key_ops: [] }, nested: [{ trace_id: 't' }] }),
  { retryAfterMs: 1, json: { a_b: 1 }, problem: { invalid_params: [] }, oauth: { error_description: 'x' },
    header: { x5t_s: 1 }, claims: { client_id: 1 }, jwk: { key_ops: [] }, nested: [{ traceId: 't' }] });
  assert.deepEqual(m.toSnake({ retryAfterMs: 1, includeX5tS256: true, json: { aB: 1 } }), { retry_after_ms: 1, include_x5t_s256: true, json: { aB: 1 } });
  const ssin = new m.Ssin('85.07.30-033.28');
  assert.equal(ssin.isBis, false);
  const unknownDay = new m.Ssin('85000003306');
  assert.equal(unknownDay.birthDate, undefined);
  assert.ok(!('birthDate' in unknownDay), 'absent, not null');
  const token = m.parseTokenResponse({ status: 200, body: '{"access_token":"t","token_type":"Bearer"}' });
  assert.equal(token.expiresAt, undefined);
  assert.ok(!Object.values(token).includes(null));
  const err = m.errorFromResponse({ status: 500, body: 'x' });
  for (const k of ['retryAfterMs', 'traceId', 'oauth', 'problem', 'transport', 'url']) assert.equal(err[k], undefined, k);
  // Past 2^53 the core saturates: plain numbers, never BigInt.
  const big = m.retryAfter('99999999999999999999999');
  assert.equal(typeof big, 'number');
  assert.ok(Number.isSafeInteger(big));
});

test('an OAuth error answer becomes InvalidClientError with the RFC 6749 members', () => {
  const err = thrown(() => m.parseTokenResponse({
    status: 401,
    headers: [['Content-Type', 'application/json'], ['BelGov-Trace-Id', 'trace-9']],
    body: '{"error":"invalid_client","error_description":"bad signature"}',
  }, 0));
  assert.ok(err instanceof m.InvalidClientError);
  assert.equal(err.code, 'oauth_invalid_client');
  assert.equal(err.error, 'invalid_client');
  assert.equal(err.errorDescription, 'bad signature');
  assert.equal(err.status, 401);
  assert.equal(err.traceId, 'trace-9');
  assert.equal(err.retryable, false);
});

test('a problem answer becomes ProblemError with type, status, title, detail, instance, issues, traceId', () => {
  const request = m.apiRequest('https://services.socialsecurity.be/REST/federalLearningAccount/v1', 'tok', { method: 'POST', path: 'trainings', json: { a: 1 }, traceId: 't-1' });
  const err = thrown(() => m.parseApiResponse({ ...request, now: 0 }, {
    status: 400,
    headers: { 'content-type': 'application/problem+json', 'belgov-trace-id': 'srv-1' },
    body: Buffer.from(JSON.stringify({
      type: 'urn:problem-type:belgif:badRequest', title: 'Bad Request', status: 400, detail: 'The input message is incorrect',
      instance: 'urn:uuid:123', issues: [{ type: 'urn:problem-type:belgif:input-validation:schemaViolation', title: 'x', in: 'body', name: '/ssin', value: '1' }],
    })),
  }));
  assert.ok(err instanceof m.ProblemError);
  // The problem as the server wrote it (names untouched).
  assert.equal(err.problem.issues[0].type, 'urn:problem-type:belgif:input-validation:schemaViolation');
  assert.equal(err.code, 'api_problem');
  assert.equal(err.type, 'urn:problem-type:belgif:badRequest');
  assert.equal(err.status, 400);
  assert.equal(err.title, 'Bad Request');
  assert.equal(err.detail, 'The input message is incorrect');
  assert.equal(err.instance, 'urn:uuid:123');
  assert.equal(err.traceId, 'srv-1');
  assert.equal(err.issues.length, 1);
  assert.equal(err.issues[0].in, 'body');
  assert.equal(err.issues[0].name, '/ssin');
  const asValue = m.errorFromResponse({ status: 503, headers: [['Retry-After', '3']], body: 'busy' }, 0);
  assert.ok(asValue instanceof m.ApiError && !(asValue instanceof m.ProblemError));
  assert.equal(asValue.retryAfterMs, 3000);
  assert.equal(asValue.retryable, true);
});

// Values of every kind, passed where anything else is expected.
const BAD = [undefined, null, 0, -1, 1e300, NaN, '', 'x'.repeat(10000), '\u0000', {}, [], [[1, 2]], { status: 'x' },
  Buffer.alloc(0), Buffer.from([0xff, 0xfe]), new Uint8Array(3), () => 1, Symbol('s'), 10n, new Date(0)];

function exercise(fn, arity) {
  const outcomes = [];
  for (const a of BAD) {
    for (let n = 0; n <= arity; n++) {
      const args = Array.from({ length: n }, (_, i) => (i === n - 1 ? a : BAD[(i * 7) % BAD.length]));
      try {
        const r = fn(...args);
        if (r && typeof r.then === 'function') outcomes.push(r.then(() => null, (e) => e));
      } catch (e) {
        outcomes.push(Promise.resolve(e));
      }
    }
  }
  return outcomes;
}

test('bad input to every export gives a typed error, never a crash or an unhandled rejection', async () => {
  const unhandled = [];
  const onUnhandled = (e) => unhandled.push(e);
  process.on('unhandledRejection', onUnhandled);
  try {
    const outcomes = [];
    for (const [name, value] of Object.entries(m)) {
      if (typeof value !== 'function' || ['default', 'fromPayload', 'errorClassFor', 'useEngine'].includes(name)) continue;
      if (/Error$/.test(name)) continue; // the error classes take any message
      if (/^[A-Z]/.test(name)) {
        outcomes.push(...exercise((...args) => new value(...args), 3));
        for (const s of Object.getOwnPropertyNames(value)) {
          if (typeof value[s] === 'function' && !['length', 'name', 'prototype'].includes(s)) outcomes.push(...exercise(value[s], 3));
        }
      } else {
        outcomes.push(...exercise(value, 4));
      }
    }
    // useEngine refuses what is not an engine (and keeps the one in use).
    for (const bad of BAD) assert.throws(() => m.useEngine(bad), m.ValidationError);
    const errors = (await Promise.all(outcomes)).filter((e) => e !== null && e !== undefined);
    assert.ok(errors.length > 500);
    for (const e of errors) {
      assert.ok(e instanceof m.CareerProError, `untyped: ${e?.constructor?.name}: ${e?.message}`);
    }
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(unhandled, []);
  } finally {
    process.off('unhandledRejection', onUnhandled);
  }
});

test('methods of objects given bad input throw typed errors too', () => {
  const key = m.SigningKey.fromBytes(keyBytes('p384.pkcs8.pem'));
  for (const call of [
    () => key.sign(12),
    () => key.signAssertion({ clientId: 5 }),
    () => key.signAssertion(null),
    () => key.signAssertion({ clientId: 'c', audience: 'https://a.example/t', now: 10n }),
    () => new m.TokenManager({ refreshPercent: 0 }),
    () => new m.TokenManager().handleResponse('x', {}),
    () => new m.TokenManager().handleTransportError(1, 'lightning'),
    () => new m.ExternalKey('HS256'),
    () => m.apiRequest('https://h.example/b', 'tok', { path: '../x' }),
    () => m.apiRequest('https://h.example/b', 'tok', { path: 'x', json: (() => { const o = {}; o.o = o; return o; })() }),
    () => m.apiRequest('https://h.example/b', 'tok', { path: 'x', headers: [['Authorization', 'x']] }),
    () => m.handleApiResponse({ method: 'GET' }, {}),
    () => m.Certificate.parse('not a certificate'),
  ]) {
    const err = thrown(call);
    assert.ok(err instanceof m.CareerProError, `${call}: ${err}`);
  }
});

test('no secret in messages or util.inspect output', async () => {
  const password = 'correct horse battery staple';
  const wrong = thrown(() => m.SigningKey.fromBytes(keyBytes('rsa2048.p12'), { password: 'hunter2-wrong' }));
  assert.ok(wrong instanceof m.KeyPasswordError);
  assert.ok(!util.inspect(wrong).includes('hunter2'));
  const typeErr = thrown(() => m.SigningKey.fromBytes(keyBytes('rsa2048.p12'), { password: 123456789 }));
  assert.ok(typeErr instanceof m.ValidationError && !util.inspect(typeErr).includes('123456789'));

  const key = m.SigningKey.fromBytes(keyBytes('rsa2048.p12'), { password });
  const pem = readFileSync(path.join(ROOT, 'tests/keys/rsa2048.pkcs8.pem'), 'utf8');
  const pemKey = m.SigningKey.fromBytes(pem);
  const body = pem.split('\n')[5];
  for (const shown of [util.inspect(key), util.inspect(pemKey), String(key), util.inspect({ key })]) {
    assert.ok(!shown.includes(password) && !shown.includes(body), shown);
    assert.match(shown, /redacted/);
  }
  // Assertions, requests and tokens are plain data: they show what they hold, by design (the
  // one place a token leaves the core on purpose); `curl` redacts unless asked.
  const token = m.parseTokenResponse({ status: 200, headers: [], body: '{"access_token":"SECRET-TOKEN-123","token_type":"Bearer","expires_in":60}' });
  const api = m.apiRequest('https://h.example/b', token.accessToken, { method: 'GET', path: 'x', traceId: 't' });
  assert.ok(!m.curl(api).includes('SECRET-TOKEN-123'));
  assert.ok(m.curl(api, { revealSecrets: true }).includes('SECRET-TOKEN-123'), 'revealSecrets shows it on request');
  const client = new m.Client({ clientId: 'c', key, environment: 'acceptance', quality: 'employer', fetch: async () => { throw new Error('unused'); } });
  assert.ok(!util.inspect(client).includes(password));
  const manager = new m.TokenManager();
  manager.poll();
  assert.ok(!util.inspect(manager).includes('SECRET'));
});
