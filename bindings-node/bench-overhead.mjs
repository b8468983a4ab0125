// Per-call overhead of the package's API (build the request + read the answer) against
// hand-written code (plain object headers + JSON.stringify for the request; a status check +
// JSON.parse for the answer), with canned answers (no network), for
//   (a) a POST with a small JSON body answered 201 + Location, and
//   (b) a GET answered with a 50-item page,
// through both engines (napi and WASM) in one run. What the package does per attempt is what its
// Client does: `apiRequest` (one bridge call) and `handleApiResponse` (one bridge call: retry
// advice + parsed response). Median µs per call over many rounds.
//
//   node bench-overhead.mjs [iterations per round] [rounds]     (after test.sh has built lib/)
import { createRequire } from 'node:module';
import { randomUUID } from 'node:crypto';

const require = createRequire(import.meta.url);
const m = require('./lib/main.cjs');
const { loadEngine } = require('./lib/engine.cjs');

const N = Number(process.argv[2] ?? 2000);
const ROUNDS = Number(process.argv[3] ?? 31);
const BASE = 'https://services.socialsecurity.be/REST/federalLearningAccount/v1';
const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';
const PATH = 'employers/0884303369/trainings';
const encoder = new TextEncoder();

// The canned answers, as `fetch` hands them over: status, header pairs, body bytes.
const TRAINING = { ssin: '85073003328', name: 'Forklift safety', startDate: '2025-03-03', endDate: '2025-03-04', durationHours: 14, formal: true };
const created = {
  status: 201,
  headers: [['content-type', 'application/json'], ['location', `${BASE}/${PATH}/42`], ['belgov-trace-id', 'srv-1']],
  body: new Uint8Array(0),
};
const items = Array.from({ length: 50 }, (_, i) => ({ id: i + 1, ...TRAINING, name: `Course ${i + 1}` }));
const page = {
  status: 200,
  headers: [['content-type', 'application/json'], ['belgov-trace-id', 'srv-2']],
  body: encoder.encode(JSON.stringify({ items, total: 500, next: `${BASE}/${PATH}?page=2` })),
};

// --- the package ---------------------------------------------------------------------------------
function oursPost() {
  const request = m.apiRequest(BASE, TOKEN, { method: 'POST', path: PATH, json: TRAINING });
  const outcome = m.handleApiResponse({ method: request.method, url: request.url }, created);
  if (outcome.kind !== 'success' || !outcome.response.location) throw new Error('unexpected');
  return outcome.response.location;
}
function oursGet() {
  const request = m.apiRequest(BASE, TOKEN, { method: 'GET', path: PATH, query: [['page', '1']] });
  const outcome = m.handleApiResponse({ method: request.method, url: request.url }, page);
  if (outcome.kind !== 'success' || outcome.response.json.items.length !== 50) throw new Error('unexpected');
  return outcome.response.next;
}

// --- hand-written --------------------------------------------------------------------------------
const decoder = new TextDecoder();
function handPost() {
  const request = {
    method: 'POST', url: `${BASE}/${PATH}`,
    headers: { Authorization: `Bearer ${TOKEN}`, Accept: 'application/json', 'Content-Type': 'application/json', 'BelGov-Trace-Id': randomUUID() },
    body: JSON.stringify(TRAINING),
  };
  if (created.status !== 201) throw new Error(`HTTP ${created.status}`);
  const location = created.headers.find(([n]) => n === 'location')[1];
  return new URL(location, request.url).href;
}
function handGet() {
  const request = {
    method: 'GET', url: `${BASE}/${PATH}?page=1`,
    headers: { Authorization: `Bearer ${TOKEN}`, Accept: 'application/json', 'BelGov-Trace-Id': randomUUID() },
  };
  if (page.status !== 200) throw new Error(`HTTP ${page.status} for ${request.url}`);
  const json = JSON.parse(decoder.decode(page.body));
  if (json.items.length !== 50) throw new Error('unexpected');
  return json.next;
}

function median(fn) {
  for (let i = 0; i < Math.min(N, 500); i++) fn(); // warm-up
  const samples = [];
  for (let r = 0; r < ROUNDS; r++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < N; i++) fn();
    samples.push(Number(process.hrtime.bigint() - t0) / 1000 / N);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)];
}

const rows = [];
for (const name of ['napi', 'wasm']) {
  m.useEngine(loadEngine({ engine: name }));
  for (const [label, ours, hand] of [['POST, small JSON body → 201 + Location', oursPost, handPost], ['GET → 50-item page', oursGet, handGet]]) {
    const h = median(hand);
    const o = median(ours);
    rows.push({ engine: name, label, hand: h, ours: o });
  }
}

console.log(`build + parse per call, median µs (${ROUNDS} rounds × ${N} calls; Node ${process.version}, ${new Date().toISOString()})`);
console.log('| engine | case | hand-written µs | careerpro-fla µs | overhead µs | ratio |');
console.log('|---|---|---|---|---|---|');
for (const r of rows) {
  console.log(`| ${r.engine} | ${r.label} | ${r.hand.toFixed(2)} | ${r.ours.toFixed(2)} | ${(r.ours - r.hand).toFixed(2)} | ${(r.ours / r.hand).toFixed(2)}× |`);
}
