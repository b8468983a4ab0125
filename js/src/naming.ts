/**
 * JavaScript names: the core writes snake_case; JavaScript users read and write camelCase.
 * One generic converter, both ways, recursive over objects and arrays, that leaves user and
 * protocol data exactly as written: the values of the members below are never renamed.
 */

/**
 * Members whose values are data, not API shapes: `json` (a response body), `problem` (RFC 9457,
 * as the server wrote it), `oauth` (RFC 6749 names), `header` and `claims` (JWS/JWT), `jwk`,
 * `headers` and `query` (name/value pairs, or a record of names), and the bulk `fields` (keyed
 * by the user's field names) and `rows` (the user's records).
 */
export const DATA_MEMBERS: ReadonlySet<string> = new Set([
  'json', 'problem', 'oauth', 'header', 'claims', 'jwk', 'headers', 'query', 'fields', 'rows',
]);

const isPlain = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null);

function convert(value: unknown, rename: (key: string) => string): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    // Arrays of strings and numbers (most arrays here) come back as they are.
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const v = value[i];
      const c = convert(v, rename);
      if (c !== v) (out ??= value.slice())[i] = c;
    }
    return out ?? value;
  }
  if (!isPlain(value)) return value;
  const out: Record<string, unknown> = {};
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    const v = value[key];
    out[rename(key)] = DATA_MEMBERS.has(key) ? v : convert(v, rename);
  }
  return out;
}

/** A renaming, remembered per key: the same few hundred member names cross on every call. */
function memo(rename: (key: string) => string): (key: string) => string {
  const seen = new Map<string, string>();
  return (key) => {
    let out = seen.get(key);
    if (out === undefined) {
      out = rename(key);
      // User keys reach here only outside data members; bound the memory anyway.
      if (seen.size < 4096) seen.set(key, out);
    }
    return out;
  };
}

const camel = memo((key) => key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase()));
const snake = memo((key) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`));

/** Renames object keys snake_case → camelCase, recursively, data members excepted. */
export function toCamel(value: unknown): any {
  return convert(value, camel);
}

/** Renames object keys camelCase → snake_case, recursively, data members excepted. */
export function toSnake(value: unknown): any {
  return convert(value, snake);
}
