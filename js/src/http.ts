/** HTTP data as the core reads it: name/value pairs and body bytes, from what JavaScript hosts hold. */

import { bytes, obj } from './engine.js';
import type { BinaryLike } from './keys.js';

/** Header or query pairs: pairs, a `Headers`, or a record. */
export type PairsLike = [string, string][] | Iterable<[string, string]> | Record<string, string>;

/** A response as received, handed back to the core. */
export interface HttpResponse {
  status: number;
  headers?: PairsLike;
  body?: BinaryLike;
}

/** Name/value pairs of any of the accepted forms, in order. */
export function pairs(value: PairsLike | undefined): [string, string][] {
  if (value === undefined || value === null) return [];
  // Not pairs nor a record: as given, for the core to refuse.
  if (typeof value !== 'object') return value as unknown as [string, string][];
  if (Array.isArray(value)) return value;
  if (typeof (value as Iterable<[string, string]>)[Symbol.iterator] === 'function') return [...(value as Iterable<[string, string]>)];
  return Object.entries(value as Record<string, string>);
}

/** The members of a response for the core's input, and its body bytes. */
export function responseParts(r: HttpResponse): { input: { status: number; headers: [string, string][] }; data: Uint8Array | undefined } {
  const { status, headers, body } = obj(r);
  return { input: { status: status!, headers: pairs(headers) }, data: body === undefined ? undefined : bytes(body) };
}
