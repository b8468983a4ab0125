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
  if (Array.isArray(value)) return value.map((v) => convert(v, rename));
  if (!isPlain(value)) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const v = value[key];
    out[rename(key)] = DATA_MEMBERS.has(key) ? v : convert(v, rename);
  }
  return out;
}

const camel = (key: string): string => key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
const snake = (key: string): string => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** Renames object keys snake_case → camelCase, recursively, data members excepted. */
export function toCamel(value: unknown): any {
  return convert(value, camel);
}

/** Renames object keys camelCase → snake_case, recursively, data members excepted. */
export function toSnake(value: unknown): any {
  return convert(value, snake);
}
