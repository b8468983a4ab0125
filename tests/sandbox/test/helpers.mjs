// Test helpers: start the sandbox as a child process (its clock offset patches Date.now for the
// whole process, so it must not share ours), sign client assertions with jose.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';

import { SignJWT, importPKCS8 } from 'jose';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
export const CLIENTS_DIR = join(root, 'clients');

export const SCOPE = {
  employer: 'scope:sigedis:gestion:careerpro-federal-learning-account:employer',
  agent: 'scope:sigedis:gestion:careerpro-federal-learning-account:provider',
  trainingProvider: 'scope:sigedis:gestion:careerpro-federal-learning-account:trainingprovider',
};

/** The example clients, by file name. */
export function client(name) {
  const file = JSON.parse(readFileSync(join(CLIENTS_DIR, `${name}.json`), 'utf8'));
  return { ...file, keyPem: readFileSync(join(CLIENTS_DIR, file.private_key), 'utf8') };
}

/** Start `server.mjs` with `args`; resolves to { urls, stop() } once the URL line is printed. */
export function startServer(args = []) {
  const child = spawn(process.execPath, [join(root, 'server.mjs'), '--port', '0', '--exit-on-stdin-eof', ...args], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`sandbox did not start in 10 s: ${stderr}`)); }, 10_000);
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`sandbox exited (${code}): ${stderr}`)); });
    createInterface({ input: child.stdout }).once('line', (line) => {
      clearTimeout(timer);
      const urls = JSON.parse(line);
      const stop = () => new Promise((done) => {
        if (child.exitCode !== null) return done(child.exitCode);
        child.removeAllListeners('exit');
        child.once('exit', (c) => done(c));
        child.kill('SIGTERM');
        return undefined;
      });
      resolve({ urls, stop, child });
    });
  });
}

/** A signed client assertion for example client `name`; `claims`/`header` override defaults. */
export async function assertion(name, urls, { alg = undefined, claims = {}, header = {}, keyPem = undefined } = {}) {
  const c = client(name);
  const algorithm = alg ?? (name === 'employer-ec' ? 'ES384' : 'RS256');
  const key = await importPKCS8(keyPem ?? c.keyPem, algorithm);
  const now = Math.floor(Date.now() / 1000);
  const payload = {
    iss: c.client_id, sub: c.client_id, aud: urls.token_url, jti: randomUUID(), iat: now, exp: now + 300, ...claims,
  };
  for (const k of Object.keys(payload)) if (payload[k] === undefined) delete payload[k];
  return new SignJWT(payload).setProtectedHeader({ alg: algorithm, typ: 'JWT', ...header }).sign(key);
}

/** POST a token request with `jwt` (and `scope` if given). Resolves to { status, headers, body }. */
export async function tokenRequest(urls, jwt, { scope, extra = {} } = {}) {
  const form = new URLSearchParams({
    grant_type: 'client_credentials',
    client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    client_assertion: jwt,
    ...(scope !== undefined ? { scope } : {}),
    ...extra,
  });
  const res = await fetch(urls.token_url, { method: 'POST', body: form });
  return { status: res.status, headers: res.headers, body: await parse(res) };
}

/** A fresh access token for example client `name`. */
export async function token(name, urls, options = {}) {
  const r = await tokenRequest(urls, await assertion(name, urls, options));
  if (r.status !== 200) throw new Error(`token for ${name}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.access_token;
}

/** Call the API (`url` absolute) with `accessToken`. */
export async function api(url, { method = 'GET', accessToken, body, headers = {} } = {}) {
  const res = await fetch(url, {
    method,
    headers: {
      ...(accessToken ? { Authorization: `Bearer ${accessToken}` } : {}),
      ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : (typeof body === 'string' ? body : JSON.stringify(body)),
  });
  return { status: res.status, headers: res.headers, body: await parse(res) };
}

/** Call the admin API. */
export async function admin(urls, path, body, method = body === undefined ? 'GET' : 'POST') {
  const res = await fetch(`${urls.admin_url}${path}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, body: await parse(res) };
}

async function parse(res) {
  const text = await res.text();
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
