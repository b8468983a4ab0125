/**
 * The token endpoint (RFC 6749 §4.4 with RFC 7523 client assertions) and the token manager:
 * the core's state machine that decides when to fetch, wait or use the cached token. The host
 * polls it, sends what it asks for, and hands the answers back.
 */

import { call, errorOf, invoke, open, type EngineHandle } from './engine.js';
import { toCamel } from './naming.js';
import type { CareerProError, TransportKind } from './errors.js';
import { responseParts, type HttpResponse } from './http.js';
import type { HttpRequest } from './keys.js';

/** An access token (the one place a token leaves the core on purpose). */
export interface AccessToken {
  accessToken: string;
  tokenType: string;
  /** When it was received (Unix ms). */
  issuedAt: number;
  expiresInS?: number;
  /** Absolute expiry (Unix ms), when known. */
  expiresAt?: number;
  scope?: string;
}

/** The token request for a signed assertion. */
export function tokenRequest(tokenUrl: string, assertion: string, scope?: string): HttpRequest {
  return call('token_request', { tokenUrl, assertion, scope });
}

/** The token endpoint's answer → the token, or the typed error (OAuth errors by RFC 6749 code). */
export function parseTokenResponse(response: HttpResponse, now?: number): AccessToken {
  const { input, data } = responseParts(response);
  return call('parse_token_response', { ...input, now }, data === undefined ? {} : { data });
}

/** The token manager's settings (every member optional; the core's defaults otherwise). */
export interface TokenManagerConfig {
  refreshPercent?: number;
  refreshFloorMs?: number;
  refreshJitterPercent?: number;
  expiryMarginMs?: number;
  defaultLifetimeMs?: number;
  fetchTimeoutMs?: number;
  backoffBaseMs?: number;
  backoffCapMs?: number;
  retryAfterCapMs?: number;
  failureCooldownMs?: number;
  minFetchIntervalMs?: number;
  youngTokenMs?: number;
  skewToleranceMs?: number;
  skewLimitMs?: number;
  skewHintMs?: number;
}

/** What the token manager answers to `poll`. */
export type TokenAction =
  | { kind: 'use_token'; token: AccessToken }
  | { kind: 'fetch_token'; ticket: number; assertionNow: number }
  | { kind: 'wait'; until: number; delayMs: number; reason: 'fetch_in_flight' | 'backing_off' | 'throttled' }
  | { kind: 'fail'; error: CareerProError };

/** What became of an answer handed back. */
export type Handled = 'stored' | 'ignored' | 'abandoned';

/** The token manager's state, for diagnostics. */
export interface TokenManagerState {
  clockSkewMs?: number;
  tokenExpiresAt?: number;
  inFlight?: number;
  lastError?: CareerProError;
  config: Required<TokenManagerConfig>;
}

/** The core's token manager (quinn-proto style): poll, send what it asks, hand answers back. Times are Unix ms. */
export class TokenManager {
  readonly #handle: EngineHandle;

  constructor(config?: TokenManagerConfig) {
    this.#handle = open('token_manager', { config });
  }

  /** Use this token, fetch one (with the ticket and the time to date the assertion), wait, or fail. */
  poll(now?: number): TokenAction {
    const action = invoke(this.#handle, 'poll', { now }, { raw: true });
    if (action.kind === 'fail') return { kind: 'fail', error: errorOf(action.error) };
    return toCamel(action);
  }

  /** The token endpoint's answer for `ticket`. A failed fetch throws its typed error (and is recorded). */
  handleResponse(ticket: number, response: HttpResponse, now?: number): Handled {
    const { input, data } = responseParts(response);
    return invoke(this.#handle, 'handle_response', { ticket, ...input, now }, data === undefined ? {} : { data }).handled;
  }

  /** The token request for `ticket` got no answer: throws the `TransportError` it is recorded as. */
  handleTransportError(ticket: number, kind: TransportKind, now?: number): Handled {
    return invoke(this.#handle, 'handle_transport_error', { ticket, kind, now }).handled;
  }

  /** The host could not send the request for `ticket` (signing failed): a new fetch may start at once. */
  abandon(ticket: number): Handled {
    return invoke(this.#handle, 'abandon', { ticket }).handled;
  }

  /** Drops the cached token (the API answered 401); whether there was one to drop. */
  invalidate(now?: number): boolean {
    return invoke(this.#handle, 'invalidate', { now }).dropped;
  }

  /** Clock skew, expiry, the fetch in flight, the last error, the settings. */
  state(): TokenManagerState {
    const s = invoke(this.#handle, 'state', {}, { raw: true });
    const { last_error: lastError, ...rest } = s;
    const out = toCamel(rest);
    if (lastError !== undefined) out.lastError = errorOf(lastError);
    return out;
  }

  toString(): string { return 'TokenManager'; }
}
