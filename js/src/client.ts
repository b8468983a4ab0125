/**
 * The batteries: a client that sends with `fetch` (the global one, or any `fetch`-compatible
 * function). Every decision is the core's: the token manager says when to fetch a token (one
 * fetch in flight however many concurrent calls), each attempt's answer or transport failure
 * goes through the core once (`handle_api_response` / `handle_transport_error`) which says
 * success, retry, refresh the token or give up; pages follow the core's `next` links; polling
 * follows the core's poller; timeouts are the core's defaults. This file sends, waits, and
 * hands answers back.
 */

import { call, errorOf, invalid, obj } from './engine.js';
import { CareerProError, TokenError, type TransportKind } from './errors.js';
import { pairs } from './http.js';
import {
  apiRequest, defaults, handleApiResponse, Poller, profile as makeProfile, type ApiRequestSpec, type ApiResponse,
  type Environment, type Outcome, type PollPlan, type Profile, type ProfileSpec, type Quality, type RetryPolicy,
} from './api.js';
import { ExternalKey, SigningKey, type AssertionOptions, type HttpRequest } from './keys.js';
import { TokenManager, tokenRequest, type AccessToken, type TokenManagerConfig } from './token.js';

/** Timeouts (milliseconds); each defaults to the core's `defaults().transport`. */
export interface TransportSettings {
  /** How long to wait for a connection (Node's fetch, undici, applies its own connect timeout of the same length). */
  connectTimeoutMs?: number;
  /** How long one attempt may take, answer included. */
  timeoutMs?: number;
  /** How long a call may wait for a token (fetches, back-off). */
  tokenWaitMs?: number;
}

/** A `fetch`-compatible function. */
export type Fetch = (url: string, init: RequestInit) => Promise<Response>;

/** What a `Client` needs. */
export interface ClientOptions {
  /** The Chaman client id. */
  clientId: string;
  /** `production`, `acceptance`, or a stand-in's base URL: always said, never assumed. */
  environment: Environment;
  quality: Quality;
  /** Overrides of the profile (`scope`, `tokenUrl`, `audience`, `apiBaseUrl`). */
  scope?: string;
  tokenUrl?: string;
  audience?: string;
  apiBaseUrl?: string;
  /** A key held by the core, or an external key with its signer (`ExternalKey.webCrypto(cryptoKey)`). */
  key: SigningKey | ExternalKey;
  /** Assertion options besides `clientId` and `audience` (`keyId`, `includeX5t`, …). */
  assertion?: Omit<AssertionOptions, 'clientId' | 'audience' | 'now' | 'jti'>;
  retryPolicy?: RetryPolicy;
  tokenManager?: TokenManagerConfig;
  transport?: TransportSettings;
  fetch?: Fetch;
  /** The clock, Unix ms (`Date.now` by default; tests fix it). */
  now?: () => number;
}

/** Per-call options. */
export interface CallOptions {
  signal?: AbortSignal;
  traceId?: string;
}

const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = (): void => { clearTimeout(timer); reject(signal!.reason); };
    const timer = setTimeout(() => { signal?.removeEventListener('abort', onAbort); resolve(); }, Math.max(0, ms));
    signal?.addEventListener('abort', onAbort, { once: true });
  });

// Node (undici) and OS error codes → the core's transport kinds (the host's vocabulary).
const KIND_BY_CODE: Record<string, TransportKind> = {
  ETIMEDOUT: 'timeout', UND_ERR_CONNECT_TIMEOUT: 'timeout', UND_ERR_HEADERS_TIMEOUT: 'timeout', UND_ERR_BODY_TIMEOUT: 'timeout',
  ENOTFOUND: 'dns', EAI_AGAIN: 'dns', EAI_NONAME: 'dns', EAI_FAIL: 'dns', EAI_NODATA: 'dns',
  ECONNREFUSED: 'refused',
  ECONNRESET: 'connect', EHOSTUNREACH: 'connect', ENETUNREACH: 'connect', EHOSTDOWN: 'connect', EPIPE: 'connect',
  ECONNABORTED: 'connect', UND_ERR_SOCKET: 'connect', UND_ERR_CLOSED: 'connect',
};

/** How a `fetch` rejection failed: from the error's (or its cause's) `code`, or a timeout signal. */
export function transportKind(err: unknown): TransportKind {
  const e = err as { name?: string; code?: string; cause?: { code?: string; name?: string; cause?: { code?: string } } };
  if (e?.name === 'TimeoutError' || e?.cause?.name === 'TimeoutError') return 'timeout';
  const code = String(e?.cause?.code ?? e?.code ?? e?.cause?.cause?.code ?? '');
  if (Object.hasOwn(KIND_BY_CODE, code)) return KIND_BY_CODE[code]!;
  if (/^(ERR_TLS|ERR_SSL|CERT_|UNABLE_TO_|DEPTH_ZERO|SELF_SIGNED|ERR_OSSL|HOSTNAME_MISMATCH)/.test(code)) return 'tls';
  return 'other';
}

/** The words of a failure, for the error message (its own and its cause's). */
function detailOf(err: unknown): string {
  const e = err as { message?: string; cause?: { message?: string; code?: string } };
  const cause = e?.cause?.message ?? e?.cause?.code;
  return [e?.message ?? String(err), cause].filter(Boolean).join(': ');
}

/** A received answer, as the core reads it. */
interface Received {
  status: number;
  headers: [string, string][];
  body: Uint8Array;
}

/** The FLA client: tokens, retries, paging and polling over `fetch`. */
export class Client {
  readonly #fetch: Fetch;
  readonly #now: () => number;
  readonly #profile: Profile;
  readonly #key: SigningKey | ExternalKey;
  readonly #assertion: Omit<AssertionOptions, 'now' | 'jti'>;
  readonly #manager: TokenManager;
  readonly #retryPolicy?: RetryPolicy;
  readonly #transport: Required<TransportSettings>;
  #fetching: Promise<CareerProError | null> | null = null;
  readonly #urls = new WeakMap<ApiResponse, string>();

  constructor(options: ClientOptions) {
    const { clientId, environment, quality, scope, tokenUrl, audience, apiBaseUrl, key, assertion, retryPolicy } = obj(options);
    this.#profile = makeProfile({ environment: environment!, quality: quality!, scope, tokenUrl, audience, apiBaseUrl } as ProfileSpec);
    if (!(key instanceof SigningKey || key instanceof ExternalKey)) throw invalid('key: a SigningKey, or an ExternalKey with its signer');
    this.#key = key;
    this.#assertion = { ...assertion, clientId: clientId!, audience: this.#profile.audience };
    const o = obj(options);
    this.#fetch = o.fetch ?? ((url, init) => globalThis.fetch(url, init));
    this.#now = o.now ?? Date.now;
    this.#manager = new TokenManager(o.tokenManager);
    if (retryPolicy !== undefined) this.#retryPolicy = retryPolicy;
    this.#transport = { ...defaults().transport, ...o.transport };
  }

  /** The profile in use (token URL, audience, API base URL, scope). */
  get profile(): Profile { return this.#profile; }

  /** The token manager (its `state()`, for diagnostics). */
  get tokenManager(): TokenManager { return this.#manager; }

  /** A usable access token: the cached one, or one fetched now (concurrent callers share one fetch). */
  async accessToken(options: CallOptions = {}): Promise<AccessToken> {
    const deadline = this.#now() + this.#transport.tokenWaitMs;
    for (;;) {
      const action = this.#manager.poll(this.#now());
      switch (action.kind) {
        case 'use_token':
          return action.token;
        case 'fail':
          throw action.error;
        case 'fetch_token':
          this.#fetching = this.#fetchToken(action.ticket, action.assertionNow, options.signal);
          await this.#throwLocalFailure(this.#fetching);
          break;
        case 'wait':
          if (action.reason === 'fetch_in_flight' && this.#fetching) {
            await this.#throwLocalFailure(this.#fetching);
          } else if (action.until > deadline) {
            throw this.#manager.state().lastError ?? new TokenError(
              `no token within ${this.#transport.tokenWaitMs} ms: the token manager waits until ${new Date(action.until).toISOString()} (${action.reason})`,
              { code: 'token_endpoint_error', retryable: true });
          } else {
            await sleep(action.delayMs, options.signal);
          }
          break;
      }
    }
  }

  async #throwLocalFailure(fetching: Promise<CareerProError | null>): Promise<void> {
    const failure = await fetching;
    if (failure) throw failure;
  }

  /**
   * One token fetch. Resolves `null` when the answer (good or bad) went to the manager (the next
   * poll tells), or the error when the request could not be made (signing failed: the ticket
   * is abandoned so that a new fetch may start at once).
   */
  async #fetchToken(ticket: number, assertionNow: number, signal?: AbortSignal): Promise<CareerProError | null> {
    let request: HttpRequest;
    try {
      const options = { ...this.#assertion, now: assertionNow };
      request = this.#key instanceof SigningKey
        ? this.#key.tokenRequest(this.#profile.tokenUrl, options, this.#profile.scope)
        : tokenRequest(this.#profile.tokenUrl, (await this.#key.signAssertion(options)).assertion, this.#profile.scope);
    } catch (err) {
      this.#manager.abandon(ticket);
      if (err instanceof CareerProError) return err;
      throw err;
    }
    let received: Received;
    try {
      received = await this.#send(request, signal);
    } catch (err) {
      if (signal?.aborted) {
        this.#manager.abandon(ticket);
        throw signal.reason;
      }
      try { this.#manager.handleTransportError(ticket, transportKind(err), this.#now()); } catch { /* recorded; the next poll tells */ }
      return null;
    }
    try { this.#manager.handleResponse(ticket, received, this.#now()); } catch { /* recorded; the next poll tells */ }
    return null;
  }

  async #send(request: HttpRequest, signal?: AbortSignal): Promise<Received> {
    const timeout = AbortSignal.timeout(this.#transport.timeoutMs);
    const res = await this.#fetch(request.url, {
      method: request.method,
      headers: request.headers,
      ...(request.body === undefined ? {} : { body: request.body }),
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      redirect: 'manual',
    });
    const body = new Uint8Array(await res.arrayBuffer());
    return { status: res.status, headers: pairs(res.headers as unknown as Iterable<[string, string]>), body };
  }

  /** Sends an API call: retries and one token refresh as the core advises. */
  async request(spec: ApiRequestSpec, options: CallOptions = {}): Promise<ApiResponse> {
    let attempt = 1;
    let tokenRefreshed = false;
    for (;;) {
      const token = await this.accessToken(options);
      const request = apiRequest(this.#profile.apiBaseUrl, token.accessToken, { ...spec, ...(options.traceId ? { traceId: options.traceId } : {}) });
      const context = { method: request.method, url: request.url, idempotent: spec.idempotent, attempt, tokenRefreshed, retryPolicy: this.#retryPolicy };
      let outcome: Outcome;
      try {
        const received = await this.#send(request, options.signal);
        outcome = handleApiResponse({ ...context, now: this.#now() }, received);
      } catch (err) {
        if (options.signal?.aborted) throw options.signal.reason;
        if (err instanceof CareerProError) throw err;
        const answer = call('handle_transport_error', { ...context, kind: transportKind(err), detail: detailOf(err) }, { raw: true });
        outcome = answer.kind === 'give_up'
          ? { kind: 'give_up', error: errorOf(answer.error, { url: request.url, cause: err }) }
          : { kind: 'retry', delayMs: answer.delay_ms };
      }
      switch (outcome.kind) {
        case 'success':
          this.#urls.set(outcome.response, request.url);
          return outcome.response;
        case 'retry':
          await sleep(outcome.delayMs, options.signal);
          break;
        case 'refresh_token':
          this.#manager.invalidate(this.#now());
          tokenRefreshed = true;
          break;
        case 'give_up':
          throw outcome.error;
      }
      attempt += 1;
    }
  }

  get(path: string, options: CallOptions & Omit<ApiRequestSpec, 'method' | 'path'> = {}): Promise<ApiResponse> {
    return this.#verb('GET', path, undefined, options);
  }
  post(path: string, json?: unknown, options: CallOptions & Omit<ApiRequestSpec, 'method' | 'path' | 'json'> = {}): Promise<ApiResponse> {
    return this.#verb('POST', path, json, options);
  }
  put(path: string, json?: unknown, options: CallOptions & Omit<ApiRequestSpec, 'method' | 'path' | 'json'> = {}): Promise<ApiResponse> {
    return this.#verb('PUT', path, json, options);
  }
  patch(path: string, json?: unknown, options: CallOptions & Omit<ApiRequestSpec, 'method' | 'path' | 'json'> = {}): Promise<ApiResponse> {
    return this.#verb('PATCH', path, json, options);
  }
  delete(path: string, options: CallOptions & Omit<ApiRequestSpec, 'method' | 'path'> = {}): Promise<ApiResponse> {
    return this.#verb('DELETE', path, undefined, options);
  }

  #verb(method: string, path: string, json: unknown, options: CallOptions & Omit<ApiRequestSpec, 'method' | 'path'>): Promise<ApiResponse> {
    const { signal, traceId, ...spec } = obj(options);
    return this.request({ ...spec, method, path, ...(json === undefined ? {} : { json }) },
      { ...(signal ? { signal } : {}), ...(traceId ? { traceId } : {}) });
  }

  /** Every page of a collection, following the response's `next` link (an async iterator). */
  async *pages(spec: ApiRequestSpec, options: CallOptions = {}): AsyncGenerator<ApiResponse> {
    let response = await this.request(spec, options);
    for (;;) {
      yield response;
      if (response.next === undefined) return;
      response = await this.request({ method: 'GET', path: response.next, ...(spec.headers ? { headers: spec.headers } : {}) }, options);
    }
  }

  /** Polls the `Location` of a `201`/`202` answer (of this client) until the result is there. */
  async poll(accepted: ApiResponse, plan?: PollPlan, options: CallOptions = {}): Promise<ApiResponse> {
    const url = this.#urls.get(accepted) ?? accepted.location ?? this.#profile.apiBaseUrl;
    const body = accepted.json === undefined ? undefined : JSON.stringify(accepted.json);
    const poller = new Poller(this.#profile.apiBaseUrl, url, { status: accepted.status, headers: accepted.headers, ...(body === undefined ? {} : { body }) },
      { ...(plan ? { plan } : {}), now: this.#now() });
    let step = poller.start((await this.accessToken(options)).accessToken, { now: this.#now() });
    let attempt = 1;
    for (;;) {
      if (step.kind === 'done') return step.response;
      if (step.kind === 'give_up') throw step.error;
      await sleep(step.afterMs, options.signal);
      const token = (await this.accessToken(options)).accessToken;
      const request = poller.request(token);
      let received: Received;
      try {
        received = await this.#send(request, options.signal);
      } catch (err) {
        if (options.signal?.aborted) throw options.signal.reason;
        const answer = call('handle_transport_error', { method: 'GET', url: request.url, attempt, retryPolicy: this.#retryPolicy, kind: transportKind(err), detail: detailOf(err) }, { raw: true });
        if (answer.kind === 'give_up') throw errorOf(answer.error, { url: request.url, cause: err });
        attempt += 1;
        continue;
      }
      attempt = 1;
      step = poller.handle(received, token, { now: this.#now() });
    }
  }

  toString(): string {
    return `Client(${this.#assertion.clientId}, ${this.#profile.apiBaseUrl})`;
  }
}
