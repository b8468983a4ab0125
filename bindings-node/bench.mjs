// Assertion + token request: careerpro-fla (napi) against jose (node:crypto) on the same keys,
// in one process. Prints µs per operation (median of rounds). `node bench.mjs [iterations]`.
import { readFileSync } from 'node:fs';
import { createPrivateKey, randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as jose from 'jose';
import { SigningKey, profile as makeProfile } from './lib/main.mjs';

const KEYS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../tests/keys');
const N = Number(process.argv[2] ?? 200);
const profile = makeProfile({ environment: 'production', quality: 'employer' });
const CLIENT = 'self_service_expeditor_12345';

async function timeIt(fn, n) {
  for (let i = 0; i < Math.min(20, n); i++) await fn(); // warm-up
  const samples = [];
  for (let r = 0; r < 5; r++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) await fn();
    samples.push(Number(process.hrtime.bigint() - t0) / 1000 / n);
  }
  samples.sort((a, b) => a - b);
  return samples[2];
}

const cases = [
  ['RS256', 'RSA-2048', 'rsa2048.pkcs8.pem'],
  ['RS256', 'RSA-4096', 'rsa4096.pkcs8.pem'],
  ['ES384', 'P-384', 'p384.pkcs8.pem'],
  ['ES512', 'P-521', 'p521.pkcs8.pem'],
];

const rows = [];
for (const [alg, label, file] of cases) {
  const pem = readFileSync(path.join(KEYS, file));
  const key = SigningKey.fromBytes(pem);
  const joseKey = createPrivateKey(pem);
  const n = alg === 'RS256' && label === 'RSA-4096' ? Math.max(10, Math.floor(N / 4)) : N;
  const ours = await timeIt(() => key.tokenRequest(profile.tokenUrl, { clientId: CLIENT, audience: profile.audience }, profile.scope), n);
  const theirs = await timeIt(async () => {
    const now = Math.floor(Date.now() / 1000);
    const jwt = await new jose.SignJWT({})
      .setProtectedHeader({ alg, typ: 'JWT' })
      .setIssuer(CLIENT).setSubject(CLIENT).setAudience(profile.audience)
      .setJti(randomUUID()).setIssuedAt(now).setExpirationTime(now + 300)
      .sign(joseKey);
    return new URLSearchParams({
      grant_type: 'client_credentials',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: jwt,
      scope: profile.scope,
    }).toString();
  }, n);
  rows.push({ alg, key: label, ours, theirs });
}

console.log(`assertion + token request, µs per operation (median of 5 rounds, ${N} iterations; RSA-4096: ${Math.max(10, Math.floor(N / 4))})`);
console.log('| alg | key | careerpro-fla | jose 6 (node:crypto) | jose / ours |');
console.log('|---|---|---|---|---|');
for (const r of rows) {
  console.log(`| ${r.alg} | ${r.key} | ${r.ours.toFixed(0)} | ${r.theirs.toFixed(0)} | ${(r.theirs / r.ours).toFixed(2)}× |`);
}
