// Shared by the Node tests: paths, the package under test, fixture loading.
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const HERE = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(HERE, '../..');
export const KEYS = path.join(ROOT, 'tests/keys');
export const VECTORS = path.join(ROOT, 'tests/vectors');
export const SANDBOX = path.join(ROOT, 'tests/sandbox');
/** The package directory under test (the full build by default). */
export const PKG = process.env.CAREERPRO_WASM_PKG || path.resolve(HERE, '../pkg');

export const readKey = (name) => readFileSync(path.join(KEYS, name));
export const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));
export const vectors = (name) => readJson(path.join(VECTORS, name));
export const scenarios = () =>
  readdirSync(path.join(VECTORS, 'scenarios')).filter((f) => f.endsWith('.json'))
    .map((f) => readJson(path.join(VECTORS, 'scenarios', f)));

/** `fn()` must throw a CareerProError with `code`. */
export function throwsCode(assert, fn, code, what = '') {
  let error;
  try { fn(); } catch (e) { error = e; }
  assert.ok(error, `${what}: expected ${code}, nothing was thrown`);
  assert.equal(typeof error.code, 'string', `${what}: ${error && error.stack}`);
  assert.equal(error.code, code, `${what}: ${error.message}`);
  assert.ok(error instanceof Error);
  assert.match(error.name, /Error$/);
  return error;
}

/** Starts the sandbox in its own process (CORS on, for the browser); resolves to {urls, stop}. */
export async function startSandbox(extra = []) {
  const { spawn } = await import('node:child_process');
  const child = spawn(process.execPath, [path.join(SANDBOX, 'server.mjs'), '--port', '0', '--cors', '--exit-on-stdin-eof', ...extra], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const urls = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`sandbox did not start: ${stderr}`)), 20000);
    child.stdout.on('data', (d) => {
      out += d;
      const nl = out.indexOf('\n');
      if (nl >= 0) { clearTimeout(timer); resolve(JSON.parse(out.slice(0, nl))); }
    });
    child.on('exit', (c) => { clearTimeout(timer); reject(new Error(`sandbox exited ${c}: ${stderr}`)); });
  });
  return {
    urls,
    stop: () => new Promise((resolve) => { child.on('exit', resolve); child.stdin.end(); child.kill('SIGTERM'); }),
  };
}

/** The employer example client and its key. */
export function employer() {
  const client = readJson(path.join(SANDBOX, 'clients/employer.json'));
  const keyPem = readFileSync(path.join(SANDBOX, 'clients', client.private_key), 'utf8');
  return { client, keyPem };
}
