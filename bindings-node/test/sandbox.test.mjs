// The fetch client against the local sandbox (tests/sandbox: oidc-provider token endpoint and
// the illustrative FLA stand-in): shared token fetch, 429 honoured, 401 recovered, an agent
// for two employers, a training provider, paging, an external signer, typed errors; transport
// failures classified (refused, timeout) on loopback only.
import test, { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync, rmSync } from 'node:fs';
import net from 'node:net';
import { createPrivateKey, sign as cryptoSign } from 'node:crypto';
import { tmpdir } from 'node:os';
import util from 'node:util';
import path from 'node:path';
import {
  Client, SigningKey, ExternalKey, ProblemError, InvalidClientError, ValidationError, TransportError, CareerProError,
  SigningError, defaults,
} from '../lib/main.mjs';
import { SANDBOX } from './helpers.mjs';

const CLIENTS = path.join(SANDBOX, 'clients');
const client = (name) => JSON.parse(readFileSync(path.join(CLIENTS, `${name}.json`), 'utf8'));
const keyOf = (c) => SigningKey.fromBytes(readFileSync(path.join(CLIENTS, c.private_key)));
const TRAINING = { ssin: '85073003328', name: 'Forklift safety', startDate: '2025-03-03', endDate: '2025-03-04', durationHours: 14, formal: true };

let server;
let urls;
let dir;

before(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'careerpro-node-'));
  const urlFile = path.join(dir, 'urls.json');
  server = spawn(process.execPath, [path.join(SANDBOX, 'server.mjs'), '--port', '0', '--url-file', urlFile, '--exit-on-stdin-eof'], {
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  const deadline = Date.now() + 15_000;
  while (!existsSync(urlFile)) {
    if (Date.now() > deadline) throw new Error('the sandbox did not start');
    await new Promise((r) => setTimeout(r, 50));
  }
  urls = JSON.parse(readFileSync(urlFile, 'utf8'));
});

after(() => {
  server?.stdin.end();
  server?.kill('SIGTERM');
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function admin(method, p, body) {
  const res = await fetch(`${urls.admin_url}${p}`, {
    method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
  });
  return res.status === 204 ? null : res.json();
}

const log = async () => {
  const r = await admin('GET', '/requests');
  return Array.isArray(r) ? r : r.requests;
};

function makeClient(name, extra = {}) {
  const c = client(name);
  return new Client({ clientId: c.client_id, key: keyOf(c), environment: urls.base_url, quality: c.quality, ...extra });
}

test('50 concurrent requests share one token fetch', async () => {
  await admin('POST', '/reset');
  const employer = makeClient('employer');
  const path = `employers/${client('employer').enterprise_number}/trainings`;
  const pages = await Promise.all(Array.from({ length: 50 }, () => employer.get(path)));
  assert.equal(pages.length, 50);
  for (const p of pages) assert.equal(p.status, 200);
  const entries = await log();
  assert.equal(entries.filter((e) => e.kind === 'token').length, 1, 'one token request');
  assert.equal(entries.filter((e) => e.kind === 'api').length, 50);
});

test('a 429 with Retry-After is honoured, then the call succeeds', async () => {
  await admin('POST', '/reset');
  const employer = makeClient('employer');
  await employer.accessToken();
  await admin('POST', '/faults', { status: 429, retry_after: 1, count: 1, path_prefix: '/REST/federalLearningAccount' });
  const t0 = Date.now();
  const page = await employer.get(`employers/${client('employer').enterprise_number}/trainings`);
  const waited = Date.now() - t0;
  assert.equal(page.status, 200);
  assert.ok(waited >= 950, `waited ${waited} ms`);
  const api = (await log()).filter((e) => e.path.startsWith('/REST/federalLearningAccount'));
  assert.deepEqual(api.map((e) => e.status), [429, 200], JSON.stringify(api.map(({ kind, status, fault }) => ({ kind, status, fault }))));
  assert.notEqual(api[0].trace_id, api[1].trace_id, 'a fresh trace id per attempt');
});

test('a 401 for an expired token is recovered with one new token', async () => {
  await admin('POST', '/reset');
  const employer = makeClient('employer');
  const p = `employers/${client('employer').enterprise_number}/trainings`;
  await employer.get(p);
  await admin('POST', '/expire-tokens', {});
  const page = await employer.get(p);
  assert.equal(page.status, 200);
  const entries = await log();
  assert.equal(entries.filter((e) => e.kind === 'token').length, 2);
  assert.deepEqual(entries.filter((e) => e.kind === 'api').map((e) => e.status), [200, 401, 200]);
});

test('an agent submits for two employers with one token, and is refused for a third', async () => {
  await admin('POST', '/reset');
  const agent = makeClient('agent');
  const [a, b] = client('agent').mandates;
  for (const enterprise of [a, b]) {
    const created = await agent.post(`employers/${enterprise}/trainings`, TRAINING);
    assert.equal(created.status, 201);
    assert.ok(created.location.startsWith(`${urls.api_url}/employers/${enterprise}/trainings/`));
    const again = await agent.get(created.location);
    assert.equal(again.json.name, TRAINING.name);
  }
  const refused = await agent.get('employers/0412345614/trainings').catch((e) => e);
  assert.ok(refused instanceof ProblemError, String(refused));
  assert.equal(refused.status, 403);
  assert.equal(refused.type, 'urn:problem-type:belgif:missingPermission');
  assert.ok(refused.traceId);
  assert.equal((await log()).filter((e) => e.kind === 'token').length, 1);
});

test('a training provider creates trainings and reads them page by page', async () => {
  await admin('POST', '/reset');
  const provider = makeClient('training-provider');
  assert.equal(provider.profile.apiBaseUrl, urls.training_provider_api_url);
  for (let i = 0; i < 3; i++) {
    assert.equal((await provider.post('trainings', { ...TRAINING, name: `Course ${i}` })).status, 201);
  }
  const names = [];
  // (The sandbox's illustrative collection lists its items under `items`.)
  for await (const page of provider.pages({ method: 'GET', path: 'trainings', query: { pageSize: '1' } })) names.push(...page.json.items.map((i) => i.name));
  assert.deepEqual(names.sort(), ['Course 0', 'Course 1', 'Course 2']);
  let pages = 0;
  for await (const page of provider.pages({ method: 'GET', path: 'trainings', query: [['pageSize', '2']] })) pages += page.json.items.length ? 1 : 0;
  assert.equal(pages, 2);
});

test('invalid input comes back as a ProblemError with issues', async () => {
  await admin('POST', '/reset');
  const employer = makeClient('employer');
  const err = await employer.post(`employers/${client('employer').enterprise_number}/trainings`, { ...TRAINING, ssin: '85073003329' }).catch((e) => e);
  assert.ok(err instanceof ProblemError, String(err));
  assert.equal(err.status, 400);
  assert.ok(err.issues.some((i) => i.name?.includes('ssin')), JSON.stringify(err.issues));
  const local = await employer.get('../../oauth').catch((e) => e);
  assert.ok(local instanceof ValidationError && local.code === 'path_invalid');
});

test('a wrong key gives InvalidClientError, never retried, and no secret in it', async () => {
  await admin('POST', '/reset');
  const wrong = new Client({ clientId: client('agent').client_id, key: keyOf(client('employer')), environment: urls.base_url, quality: 'agent' });
  const err = await wrong.get('employers/0884303369/trainings').catch((e) => e);
  assert.ok(err instanceof InvalidClientError, String(err));
  const again = await wrong.get('employers/0884303369/trainings').catch((e) => e);
  assert.ok(again instanceof InvalidClientError);
  assert.equal((await log()).filter((e) => e.kind === 'token').length, 1, 'the cool-down prevents a second token request');
  assert.ok(!/eyJ/.test(util.inspect(err)), 'no assertion in the error');
});

test('an external signer (node:crypto, async) signs the assertions', async () => {
  await admin('POST', '/reset');
  const c = client('employer-ec');
  const privateKey = createPrivateKey(readFileSync(path.join(CLIENTS, c.private_key)));
  const certificate = readFileSync(path.join(CLIENTS, c.certificate));
  let calls = 0;
  const sign = async (input) => { calls += 1; return cryptoSign('sha384', input, { key: privateKey, dsaEncoding: 'ieee-p1363' }); };
  const key = new ExternalKey('ES384', { certificate }, sign);
  const ec = new Client({ clientId: c.client_id, key, environment: urls.base_url, quality: 'employer' });
  const page = await ec.get(`employers/${c.enterprise_number}/trainings`);
  assert.equal(page.status, 200);
  assert.equal(calls, 1);
  // A signer that fails: the ticket is abandoned (no waiting for the fetch timeout), the error
  // is a SigningError with the cause, and the next call may fetch at once.
  const offline = new ExternalKey('ES384', { certificate }, async () => { throw new Error('HSM offline'); });
  const failing = new Client({ clientId: c.client_id, key: offline, environment: urls.base_url, quality: 'employer' });
  const t0 = Date.now();
  const err = await failing.accessToken().catch((e) => e);
  assert.ok(err instanceof SigningError && err.code === 'signing_failed', String(err));
  assert.equal(err.cause.message, 'HSM offline');
  const again = await failing.accessToken().catch((e) => e);
  assert.ok(again instanceof SigningError, String(again));
  assert.ok(Date.now() - t0 < 1000, 'abandoned, not timed out');
  assert.equal(failing.tokenManager.state().inFlight, undefined);
});

test('environment is required: no silent production', () => {
  const c = client('employer');
  assert.throws(() => new Client({ clientId: c.client_id, key: keyOf(c), quality: 'employer' }), (e) => e instanceof ValidationError && e.code === 'invalid_argument');
});

/** A local token endpoint that works, so that the API calls below are what fails. */
async function tokenServer() {
  const { createServer } = await import('node:http');
  const s = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ access_token: 't', token_type: 'Bearer', expires_in: 600 }));
    });
  });
  await new Promise((r) => s.listen(0, '127.0.0.1', r));
  return s;
}

test('a refused connection: TransportError naming the URL and kind, with its cause (after the core\'s retries)', async () => {
  const tokens = await tokenServer();
  // A port that nothing listens on: take one, close it.
  const probe = net.createServer();
  await new Promise((r) => probe.listen(0, '127.0.0.1', r));
  const port = probe.address().port;
  await new Promise((r) => probe.close(r));
  try {
    const c = client('employer');
    const api = new Client({
      clientId: c.client_id, key: keyOf(c), environment: urls.base_url, quality: 'employer',
      tokenUrl: `http://127.0.0.1:${tokens.address().port}/token`, apiBaseUrl: `http://127.0.0.1:${port}/api`,
      retryPolicy: { baseDelayMs: 1, maxDelayMs: 5 },
    });
    const err = await api.get('x').catch((e) => e);
    assert.ok(err instanceof TransportError, String(err));
    assert.equal(err.code, 'transport_error');
    assert.equal(err.transport, 'refused');
    assert.equal(err.url, `http://127.0.0.1:${port}/api/x`);
    assert.ok(err.message.includes(`127.0.0.1:${port}`), err.message);
    assert.ok(err.cause instanceof Error, 'the fetch failure is kept as cause');
  } finally {
    tokens.close();
  }
});

test('a server that accepts and never answers: timeout within the request timeout, and the caller can abort', async () => {
  const tokens = await tokenServer();
  const sockets = new Set();
  const blackhole = net.createServer((s) => { sockets.add(s); s.on('error', () => {}); });
  await new Promise((r) => blackhole.listen(0, '127.0.0.1', r));
  try {
    const c = client('employer');
    const base = {
      clientId: c.client_id, key: keyOf(c), environment: urls.base_url, quality: 'employer',
      tokenUrl: `http://127.0.0.1:${tokens.address().port}/token`, apiBaseUrl: `http://127.0.0.1:${blackhole.address().port}/api`,
    };
    const timeoutMs = 300;
    assert.ok(defaults().transport.timeoutMs > timeoutMs, 'the default comes from the core; a shorter one here keeps the test fast');
    const api = new Client({ ...base, transport: { timeoutMs }, retryPolicy: { maxAttempts: 1 } });
    const t0 = Date.now();
    const err = await api.get('x').catch((e) => e);
    const took = Date.now() - t0;
    assert.ok(err instanceof TransportError, String(err));
    assert.equal(err.transport, 'timeout');
    assert.ok(took >= timeoutMs - 20 && took < timeoutMs + 1500, `took ${took} ms`);
    // The caller's AbortSignal ends the call at once with its reason.
    const patient = new Client(base);
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('user gave up')), 100);
    const aborted = await patient.get('x', { signal: controller.signal }).catch((e) => e);
    assert.equal(aborted.message, 'user gave up');
  } finally {
    for (const s of sockets) s.destroy();
    blackhole.close();
    tokens.close();
  }
});

test('an injected fetch is used', async () => {
  let seen = 0;
  const employer = makeClient('employer', { fetch: (url, init) => { seen += 1; return fetch(url, init); } });
  await employer.get(`employers/${client('employer').enterprise_number}/trainings`);
  assert.equal(seen, 2);
});
