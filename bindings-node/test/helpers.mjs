// Paths and small helpers shared by the tests.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const KEYS = path.join(ROOT, 'tests/keys');
export const VECTORS = path.join(ROOT, 'tests/vectors');
export const SANDBOX = path.join(ROOT, 'tests/sandbox');

export const readJson = (p) => JSON.parse(readFileSync(p, 'utf8'));
export const keyBytes = (name) => readFileSync(path.join(KEYS, name));

/** `{code}` of a thrown error, with the error itself for further checks. */
export function thrown(fn) {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected a throw');
}
