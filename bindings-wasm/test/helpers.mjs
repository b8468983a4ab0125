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
  assert.equal(error.name, 'CareerProError', `${what}: ${error && error.stack}`);
  assert.equal(error.code, code, `${what}: ${error.message}`);
  assert.ok(error instanceof Error);
  return error;
}
