// Identifier checks and client file loading, without a server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';

import { ssinProblem, enterpriseNumberProblem, dateProblem } from '../lib/ids.mjs';
import { loadClients, SCOPES } from '../lib/clients.mjs';
import { CLIENTS_DIR } from './helpers.mjs';

test('enterprise numbers: Belgif reference values', () => {
  assert.equal(enterpriseNumberProblem('0884303369'), null);
  assert.match(enterpriseNumberProblem('0884303370'), /check digits 70 do not match \(expected 69\)/);
  assert.match(enterpriseNumberProblem('884303369'), /exactly 10 digits/);
  assert.match(enterpriseNumberProblem('2884303369'), /start with 0 or 1/);
});

test('SSIN: before 2000, from 2000, BIS, bad check digits, bad month', () => {
  assert.equal(ssinProblem('85073003328'), null);
  assert.equal(ssinProblem('01020312345'), null);
  assert.equal(ssinProblem('85473003317'), null);
  assert.match(ssinProblem('85073003329'), /check digits 29/);
  assert.match(ssinProblem('85.07.30-033.28'), /exactly 11 digits/);
  assert.match(ssinProblem(85073003328), /string/);
  // month 13 with matching check digits
  const base = '851330033';
  const check = String(97 - (Number(base) % 97)).padStart(2, '0');
  assert.match(ssinProblem(base + check), /month 13/);
});

test('dates: yyyy-MM-dd calendar dates only', () => {
  assert.equal(dateProblem('2024-02-29'), null);
  assert.match(dateProblem('2023-02-29'), /not a calendar date/);
  assert.match(dateProblem('2024-2-1'), /yyyy-MM-dd/);
});

test('example clients load with their certificate public keys', () => {
  const clients = loadClients(CLIENTS_DIR);
  assert.equal(clients.size, 4);
  const agent = clients.get('self_service_expeditor_sandbox_agent');
  assert.equal(agent.quality, 'agent');
  assert.deepEqual(agent.scopes, [SCOPES.agent]);
  assert.ok(agent.mandates.has('0884303369'));
  assert.equal(agent.jwks[0].kty, 'RSA');
  assert.equal(agent.jwks[0].d, undefined);
  const ec = clients.get('self_service_expeditor_sandbox_employer_ec');
  assert.deepEqual([ec.jwks[0].kty, ec.jwks[0].crv], ['EC', 'P-384']);
  // Example certificates meet the platform's criteria (PLATFORM.md §3).
  const cert = new X509Certificate(readFileSync(join(CLIENTS_DIR, 'employer.crt.pem')));
  assert.equal(cert.publicKey.asymmetricKeyDetails.modulusLength, 2048);
});

test('client files: inline PEM, jwks, and refusals with the file name and rule', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sandbox-clients-'));
  try {
    const pem = readFileSync(join(CLIENTS_DIR, 'employer.crt.pem'), 'utf8');
    const write = (obj) => writeFileSync(join(dir, 'c.json'), JSON.stringify(obj));
    write({ client_id: 'a', quality: 'employer', certificate: pem, enterprise_number: '0884303369' });
    assert.deepEqual(loadClients(dir).get('a').scopes, [SCOPES.employer], 'scope defaults to the quality');
    const jwk = new X509Certificate(pem).publicKey.export({ format: 'jwk' });
    write({ client_id: 'b', quality: 'agent', jwks: { keys: [jwk] }, mandates: ['0884303369'] });
    assert.equal(loadClients(dir).get('b').jwks[0].n, jwk.n);
    for (const [bad, why] of [
      [{ client_id: 'c', quality: 'boss', certificate: pem }, /quality must be one of/],
      [{ client_id: 'c', quality: 'employer', enterprise_number: '0884303369' }, /needs "certificate"/],
      [{ client_id: 'c', quality: 'employer', certificate: pem }, /needs "enterprise_number"/],
      [{ client_id: 'c', quality: 'agent', certificate: pem, mandates: ['0884303370'] }, /mandate "0884303370": check digits/],
      [{ client_id: 'c', quality: 'agent', jwks: { keys: [{ ...jwk, d: 'x' }] } }, /public keys only/],
      [{ client_id: 'c', quality: 'employer', certificate: 'missing.pem', enterprise_number: '0884303369' }, /cannot read certificate/],
    ]) {
      write(bad);
      assert.throws(() => loadClients(dir), (e) => e.message.includes('c.json') && why.test(e.message));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
