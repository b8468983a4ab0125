// Client registrations read from JSON files (one client per file), the sandbox's stand-in for
// Chaman REST accounts (PLATFORM.md §1, §3).
import { X509Certificate } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve, isAbsolute } from 'node:path';

import { enterpriseNumberProblem } from './ids.mjs';

export const QUALITIES = ['employer', 'agent', 'training_provider'];

/** Scopes per quality (PLATFORM.md §1). The training provider's scope is left blank in the
 * manual; the value here is ILLUSTRATIVE, invented for the sandbox. */
export const SCOPES = {
  employer: 'scope:sigedis:gestion:careerpro-federal-learning-account:employer',
  agent: 'scope:sigedis:gestion:careerpro-federal-learning-account:provider',
  training_provider: 'scope:sigedis:gestion:careerpro-federal-learning-account:trainingprovider',
};

/** Read every `*.json` file of `dir` as a client registration. Throws with the file name and
 * the rule broken, so a bad file stops the server at start rather than at the first request. */
export function loadClients(dir) {
  let files;
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
  } catch (e) {
    throw new Error(`cannot read the clients directory ${dir} (${e.code ?? e.message})`);
  }
  if (files.length === 0) throw new Error(`no client files (*.json) in ${dir}`);
  const clients = new Map();
  for (const file of files) {
    const path = join(dir, file);
    let raw;
    try {
      raw = JSON.parse(readFileSync(path, 'utf8'));
    } catch (e) {
      throw new Error(`client file ${path}: not valid JSON (${e.message})`);
    }
    const client = parseClient(raw, dir, path);
    if (clients.has(client.clientId)) {
      throw new Error(`client file ${path}: client_id ${client.clientId} is already registered by another file`);
    }
    clients.set(client.clientId, client);
  }
  return clients;
}

function parseClient(raw, dir, path) {
  const fail = (msg) => { throw new Error(`client file ${path}: ${msg}`); };
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) fail('must be a JSON object');
  const { client_id: clientId, quality } = raw;
  if (typeof clientId !== 'string' || clientId === '') fail('client_id must be a non-empty string');
  if (!QUALITIES.includes(quality)) fail(`quality must be one of ${QUALITIES.join(', ')}`);

  let jwks;
  if (raw.certificate !== undefined) {
    jwks = [jwkFromCertificate(readPem(raw.certificate, dir, fail), fail)];
  } else if (raw.jwks !== undefined) {
    const keys = Array.isArray(raw.jwks) ? raw.jwks : raw.jwks?.keys;
    if (!Array.isArray(keys) || keys.length === 0) fail('jwks must be {"keys": [...]} with at least one public JWK');
    if (keys.some((k) => k.d !== undefined)) fail('jwks must hold public keys only (found a private "d" member)');
    jwks = keys;
  } else {
    fail('needs "certificate" (PEM path relative to the file, or inline PEM) or "jwks"');
  }

  const scopes = raw.scopes ?? [SCOPES[quality]];
  if (!Array.isArray(scopes) || scopes.some((s) => typeof s !== 'string' || s === '' || /\s/.test(s))) {
    fail('scopes must be an array of scope strings without spaces');
  }

  const enterpriseNumber = raw.enterprise_number;
  if (enterpriseNumber !== undefined) {
    const problem = enterpriseNumberProblem(enterpriseNumber);
    if (problem) fail(`enterprise_number ${problem}`);
  } else if (quality !== 'agent') {
    fail(`a ${quality} needs "enterprise_number" (its own CBE number)`);
  }

  const mandates = raw.mandates ?? [];
  if (!Array.isArray(mandates)) fail('mandates must be an array of enterprise numbers');
  for (const m of mandates) {
    const problem = enterpriseNumberProblem(m);
    if (problem) fail(`mandate ${JSON.stringify(m)}: ${problem}`);
  }
  if (quality !== 'agent' && mandates.length > 0) fail('only an agent holds mandates');

  return {
    clientId,
    quality,
    scopes,
    jwks,
    enterpriseNumber,
    mandates: new Set(mandates),
    file: path,
  };
}

function readPem(value, dir, fail) {
  if (typeof value !== 'string') fail('certificate must be a string');
  if (value.includes('-----BEGIN')) return value;
  const file = isAbsolute(value) ? value : resolve(dir, value);
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    return fail(`cannot read certificate ${file} (${e.code ?? e.message})`);
  }
}

function jwkFromCertificate(pem, fail) {
  try {
    const cert = new X509Certificate(pem);
    return cert.publicKey.export({ format: 'jwk' });
  } catch (e) {
    return fail(`certificate is not a readable X.509 PEM (${e.message})`);
  }
}
