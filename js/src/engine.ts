/**
 * The engine under the API: the core's bridge, from the napi addon (`careerpro-fla`) or the
 * WASM module (`careerpro-fla-wasm`, and `careerpro-fla`'s fallback). Operations by name, JSON
 * text in, the envelope `{"ok": …}` / `{"error": payload}` out. This file sends the JSON and
 * reads the envelope; every rule, default and check is the core's.
 */

import { toCamel, toSnake } from './naming.js';
import { fromPayload } from './error-map.js';
import { ValidationError, type CareerProError, type ErrorDetails, type ErrorPayload } from './errors.js';

/** An object of the core behind an opaque handle (a key, a token manager, a poller). */
export interface EngineHandle {
  call(op: string, input: string, data?: Uint8Array | null, nowMs?: number | null): string;
  readonly kind: string;
  free?(): void;
}

/** What each package plugs in: the bridge's two exports. */
export interface Engine {
  /** `napi` or `wasm`. */
  readonly name?: string;
  call(op: string, input: string, data?: Uint8Array | null, nowMs?: number | null): string;
  Handle: new (kind: string, input: string, data?: Uint8Array | null, nowMs?: number | null) => EngineHandle;
  /** Instantiates a WASM module that is not ready on import (the `web` entry). */
  init?: (input?: unknown) => Promise<unknown>;
  /** `init` with the module or its bytes at hand. */
  initSync?: (input?: unknown) => unknown;
}

let current: Engine | undefined;

/** Plugs in the engine (each package's entry does it once). */
export function useEngine(engine: Engine): void {
  if (typeof engine?.call !== 'function' || typeof engine?.Handle !== 'function') {
    throw invalid('useEngine(engine): an engine has call and Handle (the bridge exports)');
  }
  current = engine;
}

/** The engine in use (`name`: `napi` or `wasm`). */
export function engine(): Engine {
  if (!current) throw new Error('careerpro-fla: no engine (the package entry plugs one in)');
  return current;
}

/** Instantiates the WASM module where the entry needs it (browsers); a no-op elsewhere. */
export async function init(input?: unknown): Promise<void> {
  const e = engine();
  if (e.init) await e.init(input);
}

/** `init` for a module or bytes already at hand (synchronous). */
export function initSync(input?: unknown): void {
  const e = engine();
  if (e.initSync) e.initSync(input);
}

/** Optional arguments of a bridge call. */
export interface CallOptions {
  /** Binary data (key files, bodies, signatures). */
  data?: Uint8Array;
  /** Keep the answer's member names as the core writes them (user data keyed by name). */
  raw?: boolean;
}

/** The answer of an envelope, or its error thrown as the typed class. */
export function unwrap(text: string, raw = false): any {
  const envelope = JSON.parse(text) as { ok?: unknown; error?: Record<string, unknown> };
  if (envelope.error !== undefined) throw errorOf(envelope.error);
  return raw ? envelope.ok : toCamel(envelope.ok);
}

/** The typed error for a payload as the core writes it (snake_case). */
export function errorOf(payload: Record<string, unknown>, extra: ErrorDetails = {}): CareerProError {
  return fromPayload(toCamel(payload) as ErrorPayload, extra);
}

/** An `invalid_argument` error raised on the host side (an argument that cannot even be sent). */
export function invalid(message: string, cause?: unknown): ValidationError {
  return new ValidationError(message, { code: 'invalid_argument', ...(cause === undefined ? {} : { cause }) });
}

/** An input as JSON text for the core, names in snake_case. */
function text(what: string, input: unknown): string {
  try {
    return JSON.stringify(toSnake(input ?? {}));
  } catch (err) {
    // BigInt, cycles: nothing the core could read. The value itself is not quoted (it may be a secret).
    throw invalid(`${what}: an argument cannot be written as JSON (${(err as Error)?.name ?? 'error'})`, err);
  }
}

/** A plain object argument, or `{}` for anything else (the core then says what is missing). */
export function obj<T extends object>(value: T | null | undefined): Partial<T> {
  return value !== null && typeof value === 'object' ? value : {};
}

/** Runs a stateless operation; `input` is camelCase and renamed for the core. */
export function call(op: string, input: object = {}, options: CallOptions = {}): any {
  return unwrap(engine().call(op, text(op, input), options.data), options.raw);
}

/** Opens an object of the core; a failure throws the typed error. */
export function open(kind: string, input: object = {}, data?: Uint8Array): EngineHandle {
  const E = engine().Handle;
  try {
    return new E(kind, text(kind, input), data);
  } catch (err) {
    const text = err instanceof Error ? err.message : '';
    if (text.startsWith('{')) unwrap(text);
    throw err;
  }
}

/** Runs `op` on an object. */
export function invoke(handle: EngineHandle, op: string, input: object = {}, options: CallOptions = {}): any {
  return unwrap(handle.call(op, text(op, input), options.data), options.raw);
}

const encoder = new TextEncoder();

/** Bytes of a binary argument: `Uint8Array` (a `Buffer` is one), `ArrayBuffer`, or text (UTF-8). */
export function bytes(data: Uint8Array | ArrayBuffer | string): Uint8Array {
  // Anything else goes as it is: the engine answers invalid_argument for it.
  if (typeof data === 'string') return encoder.encode(data);
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return data;
}

/** Base64url (the core's binary outputs) to bytes. */
export function fromBase64url(text: string): Uint8Array {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}
