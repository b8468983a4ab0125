//! # careerpro-fla-wasm
//!
//! The WebAssembly binding of the `careerpro-fla` core for browsers, Node, Deno and
//! Cloudflare Workers: type conversions, error mapping ([`error`]), the host's clock
//! (`Date.now()`) and CSPRNG (`crypto.getRandomValues`). No protocol logic lives here; the
//! fetch client and the WebCrypto signer are JavaScript (`js/`), on top of this module.
//!
//! Names and shapes follow the Node binding (camelCase): plain objects in and out, bytes as
//! `Uint8Array`, seconds for assertion and token times, milliseconds for the token manager.

mod api;
mod assertion;
mod convert;
pub mod error;
mod key;
mod misc;
mod rng;
mod token;

#[wasm_bindgen::prelude::wasm_bindgen(typescript_custom_section)]
const TYPES: &str = r#"
/** An HTTP request to send, exactly as given (`fetch(url, {method, headers, body})`). */
export interface HttpRequest { method: string; url: string; headers: [string, string][]; body?: string }
/** What the binding accepts as a response: `headers` as pairs, a `Headers` or an object. */
export interface HttpResponseLike {
  status: number;
  headers?: [string, string][] | Iterable<[string, string]> | Record<string, string>;
  body?: Uint8Array | ArrayBuffer | string;
}
export interface KeyOptions { password?: string; alias?: string; algorithm?: string; keyId?: string; certificate?: Uint8Array | string }
export interface ExternalKeyOptions { publicKey?: Uint8Array | string; certificate?: Uint8Array | string; keyId?: string }
export interface AssertionOptions {
  clientId: string; audience: string; lifetime?: number; allowLongLifetime?: boolean;
  includeNbf?: boolean; includeTyp?: boolean; keyId?: string;
  includeX5t?: boolean; includeX5tS256?: boolean; includeX5c?: boolean;
  /** Unix seconds; default `Date.now()`. */ now?: number;
  /** Default: a random UUID v4. */ jti?: string;
}
export interface Assertion { compact: string; headerJson: string; claimsJson: string; jti: string; issuedAt: number; expiresAt: number }
export interface UnsignedAssertion { algorithm: string; signingInput: string; headerJson: string; claimsJson: string; jti: string; issuedAt: number; expiresAt: number }
export interface AccessToken { accessToken: string; tokenType: string; issuedAt: number; expiresIn?: number; expiresAt?: number; scope?: string }
export interface TokenManagerConfig {
  refreshPercent?: number; refreshFloorMs?: number; refreshJitterPercent?: number; expiryMarginMs?: number;
  defaultLifetimeMs?: number; fetchTimeoutMs?: number; backoffBaseMs?: number; backoffCapMs?: number;
  retryAfterCapMs?: number; failureCooldownMs?: number; minFetchIntervalMs?: number; youngTokenMs?: number;
  skewToleranceMs?: number; skewLimitMs?: number; skewHintMs?: number;
}
export type TokenAction =
  | { action: "use_token"; token: AccessToken; expiresAt: number }
  | { action: "fetch_token"; ticket: number }
  | { action: "wait"; until: number; reason: "fetch_in_flight" | "backing_off" | "throttled" }
  | { action: "fail"; error: CareerProError };
export interface CareerProError extends Error {
  name: "CareerProError"; code: string; retryable: boolean; status?: number; retryAfter?: number; traceId?: string;
  oauthError?: { error: string; errorDescription?: string; errorUri?: string };
  problem?: Problem; excerpt?: string;
}
export interface Problem {
  type: string; shortType: string; title?: string; status?: number; detail?: string; instance?: string;
  issues: { type?: string; title?: string; detail?: string; in?: string; name?: string; value?: unknown; extensions: Record<string, unknown> }[];
  extensions: Record<string, unknown>;
}
export interface ApiRequestSpec {
  method?: string; path?: string; segments?: (string | number)[];
  query?: [string, string][] | Record<string, string>; json?: unknown; body?: string;
  headers?: [string, string][] | Record<string, string>; idempotent?: boolean; traceId?: string;
}
export interface RetryAttempt { method: string; number?: number; idempotent?: boolean; tokenRefreshed?: boolean }
export interface RetryPolicy { maxAttempts?: number; baseDelayMs?: number; maxDelayMs?: number; retryAfterCapS?: number; retryPost?: boolean; retryInternalError?: boolean }
export type RetryAdvice =
  | { advice: "success" } | { advice: "retry"; delayMs: number }
  | { advice: "refresh_token_and_retry" } | { advice: "give_up"; error: CareerProError };
export interface Link { target: string; rels: string[]; params: [string, string][] }
export interface PollPlan { scheduleMs?: number[]; deadlineS?: number; notFoundMeansPending?: boolean }
export type PollStep =
  | { step: "done"; response: ApiResponse }
  | { step: "poll_at"; atMs: number; afterMs: number; request: HttpRequest }
  | { step: "give_up"; error: CareerProError };
export interface ProfileSpec { environment?: string; quality?: string; scope?: string | null; tokenUrl?: string; audience?: string; apiBaseUrl?: string }
export interface Profile { tokenUrl: string; audience: string; apiBaseUrl: string; scope?: string }
export interface Finding { rule: string; severity: "error" | "warning"; message: string }
export interface SsinInfo { value: string; formatted: string; isBis: boolean; birthDate?: string }
export interface IdentifierInfo { value: string; formatted: string }
export interface NssoInfo { value: string; provisional: boolean }
"#;
