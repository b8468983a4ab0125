//! # careerpro-fla-wasm
//!
//! The WebAssembly binding of the `careerpro-fla` core for browsers, Node, Deno and
//! Cloudflare Workers: type conversions, error mapping ([`error`]), the host's clock
//! (`Date.now()`) and CSPRNG (`crypto.getRandomValues`). No protocol logic lives here; the
//! fetch client and the WebCrypto signer are JavaScript (`js/`), on top of this module.
//!
//! Names and shapes follow the Node binding (camelCase): plain objects in and out, bytes as
//! `Uint8Array`, seconds for assertion and token times, milliseconds for the token manager.
//! Absent values are `undefined` from getters and `null` where the Node binding documents it.

mod api;
mod assertion;
mod bridge;
mod convert;
pub mod error;
mod key;
mod misc;
mod rng;
mod token;

#[wasm_bindgen::prelude::wasm_bindgen(typescript_custom_section)]
const TYPES: &str = r#"
/** What the binding accepts as a request: an `HttpRequest`, or the same fields as a plain object. */
export interface HttpRequestLike { method: string; url: string; headers: [string, string][]; body?: string | null }
/** A response as received, given back to the core (`headers`: pairs, a `Headers`, or an object). */
export interface HttpResponse {
  status: number;
  headers?: [string, string][] | Iterable<[string, string]> | Record<string, string>;
  body?: Uint8Array | ArrayBuffer | string;
}
/** How to load a key. */
export interface KeyOptions { password?: string; alias?: string; algorithm?: string; keyId?: string; certificate?: Uint8Array | string }
/** What is known about a key the host holds (WebCrypto, a KMS, an HSM). */
export interface ExternalKeyOptions { certificate?: Uint8Array | string; publicKeySpki?: Uint8Array | string; keyId?: string }
/** A public key, as plain data. */
export interface PublicKey { kind: "RSA" | "EC"; bits: number; curve?: string; jwk: Record<string, string>; thumbprint: string; description: string }
/** What goes into an assertion besides time and randomness. */
export interface AssertionOptions {
  clientId: string; audience: string; lifetime?: number; allowLongLifetime?: boolean;
  includeNbf?: boolean; includeTyp?: boolean; keyId?: string;
  includeX5t?: boolean; includeX5tS256?: boolean; includeX5c?: boolean;
}
/** The time and `jti` of an assertion; both default to the host's (tests fix them). */
export interface SignOptions { now?: number; jti?: string }
export interface TokenManagerConfig {
  refreshPercent?: number; refreshFloorMs?: number; refreshJitterPercent?: number; expiryMarginMs?: number;
  defaultLifetimeMs?: number; fetchTimeoutMs?: number; backoffBaseMs?: number; backoffCapMs?: number;
  retryAfterCapMs?: number; failureCooldownMs?: number; minFetchIntervalMs?: number; youngTokenMs?: number;
  skewToleranceMs?: number; skewLimitMs?: number; skewHintMs?: number;
}
export type TokenAction =
  | { kind: "use_token"; token: AccessToken; expiresAt: number }
  | { kind: "fetch_token"; ticket: number }
  | { kind: "wait"; until: number; reason: "fetch_in_flight" | "backing_off" | "throttled" }
  | { kind: "fail"; error: Error };
/** The shape handed to the error factory. */
export interface ErrorPayload {
  code: string; message: string; retryable: boolean; status?: number; traceId?: string; retryAfter?: number;
  excerpt?: string; oauth?: { error: string; errorDescription?: string | null; errorUri?: string | null };
  problem?: Record<string, unknown>;
}
export interface ErrorCodeInfo { code: string; meaning: string }
/** An API call, described as data. */
export interface ApiRequestSpec {
  method?: string; path: string; segments?: (string | number)[];
  query?: [string, string][] | Record<string, string>; json?: unknown; body?: string;
  headers?: [string, string][] | Record<string, string>; idempotent?: boolean;
}
export interface RetryAttempt { method: string; idempotent?: boolean; number?: number; tokenRefreshed?: boolean }
export interface RetryOutcome { response?: HttpResponse; transport?: "timeout" | "connect" | "tls" | "other" }
export interface RetryPolicy { maxAttempts?: number; baseDelayMs?: number; maxDelayMs?: number; retryAfterCapS?: number; retryPost?: boolean; retryInternalError?: boolean }
export interface AdviceOptions { policy?: RetryPolicy; jitter?: number; now?: number }
export type RetryAdvice =
  | { kind: "success" } | { kind: "retry"; delayMs: number }
  | { kind: "refresh_token" } | { kind: "give_up"; error: Error };
export interface Link { target: string; rels: string[]; params: [string, string][] }
export interface PollPlan { scheduleMs?: number[]; deadlineS?: number; notFoundMeansPending?: boolean }
export type PollStep =
  | { kind: "done"; response: ApiResponse }
  | { kind: "poll_at"; atMs: number; afterMs: number; request: HttpRequest }
  | { kind: "give_up"; error: Error };
export interface Profile { tokenUrl: string; audience: string; apiBaseUrl: string; scope?: string }
export interface Finding { rule: string; severity: "error" | "warning"; message: string }
"#;
