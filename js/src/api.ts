/**
 * API calls as data: requests built against the quality's base URL, answers parsed (JSON,
 * `Location`, problem details, paging links), the retry advice after each attempt, polling of
 * asynchronous results, bulk building, and the platform's reference data.
 */

import { call, errorOf, invoke, obj, open, type EngineHandle } from './engine.js';
import { ValidationError, type CareerProError, type TransportKind } from './errors.js';
import { pairs, responseParts, type HttpResponse, type PairsLike } from './http.js';
import type { HttpRequest } from './keys.js';
import { toCamel } from './naming.js';

/** An FLA environment: `production`, `acceptance`, or the base URL of a stand-in (sandbox, proxy). */
export type Environment = 'production' | 'acceptance' | (string & {});
/** An FLA quality. */
export type Quality = 'employer' | 'agent' | 'training_provider';

/** Endpoints and scope of a service. */
export interface Profile {
  tokenUrl: string;
  audience: string;
  apiBaseUrl: string;
  scope?: string;
}

/** An FLA profile (`environment` + `quality`, overrides optional), or another service's (`tokenUrl` + `apiBaseUrl`). */
export interface ProfileSpec {
  environment?: Environment;
  quality?: Quality;
  tokenUrl?: string;
  audience?: string;
  apiBaseUrl?: string;
  scope?: string;
}

/** The profile for `spec`, checked by the core. */
export function profile(spec: ProfileSpec): Profile {
  return call('profile', spec);
}

/** The retry policy of API calls. */
export interface RetryPolicy {
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  retryAfterCapS?: number;
  retryPost?: boolean;
  retryInternalError?: boolean;
}

/** Every default a host needs, from the core. */
export interface Defaults {
  retryPolicy: Required<RetryPolicy>;
  tokenManager: Record<string, number>;
  pollPlan: Required<PollPlan>;
  assertionLifetimeS: number;
  transport: { connectTimeoutMs: number; timeoutMs: number; tokenWaitMs: number };
  transportKinds: TransportKind[];
  maxSafeInteger: number;
}

/** The core's defaults (retry policy, token manager, polling, timeouts). */
export function defaults(): Defaults {
  return call('defaults');
}

/** One error code and what it means. */
export interface ErrorCodeInfo {
  code: string;
  meaning: string;
}

/** Every error code of the core. */
export function errorCodes(): ErrorCodeInfo[] {
  return call('error_codes');
}

/** An API call, described as data. */
export interface ApiRequestSpec {
  method: string;
  /** Under the base URL (`employers/0884303369/trainings`), or an absolute URL under it (a `next` link). */
  path: string;
  /** Path segments appended, each percent-encoded. */
  segments?: string[];
  query?: PairsLike;
  /** A JSON body, serialised by `JSON.stringify` (`toJSON`, `Date`), … */
  json?: unknown;
  /** … or JSON text, sent as given. */
  body?: string;
  headers?: PairsLike;
  /** Whether the call may be repeated (POST: no, unless said). */
  idempotent?: boolean;
  /** `BelGov-Trace-Id`; random when absent. */
  traceId?: string;
}

/** The HTTP request for an API call. */
export function apiRequest(baseUrl: string, accessToken: string, spec: ApiRequestSpec): HttpRequest {
  return call('api_request', requestInput(baseUrl, accessToken, spec));
}

/** @internal The `api_request` input of a spec (a `json` value goes as JSON text, with JavaScript's serialisation). */
export function requestInput(baseUrl: string, accessToken: string, spec: ApiRequestSpec): Record<string, unknown> {
  const { json, query, headers, ...rest } = obj(spec);
  const input: Record<string, unknown> = { ...rest, baseUrl, accessToken, query: pairs(query), headers: pairs(headers) };
  if (json === undefined) return input;
  // Both given: the core refuses the pair, as it words it.
  if (rest.body !== undefined) return { ...input, json };
  let text: string | undefined;
  try {
    text = JSON.stringify(json);
  } catch (err) {
    throw new ValidationError(`the JSON body cannot be serialised: ${(err as Error).message}`, { code: 'json_invalid', cause: err });
  }
  // `JSON.stringify` gives undefined for a function or a symbol: the core says what is wrong with no body.
  return text === undefined ? { ...input, json: null } : { ...input, body: text };
}

/** A successful API answer. */
export interface ApiResponse {
  status: number;
  /** The body, as the server wrote it (`undefined` when there is none). */
  json?: unknown;
  /** `Location`, resolved against the request URL. */
  location?: string;
  /** `BelGov-Trace-Id`. */
  traceId?: string;
  headers: [string, string][];
  /** The next page's link (body `next`, HAL, or `Link`). */
  next?: string;
  /** The collection's `total`. */
  total?: number;
}

/** What the answer was to: the request's method and URL. */
export interface RequestContext {
  method: string;
  url: string;
  now?: number;
}

/** An API answer → the parsed response, or the typed error (problem details, …). */
export function parseApiResponse(request: RequestContext, response: HttpResponse): ApiResponse {
  const { input, data } = responseParts(response);
  const { method, url, now } = obj(request);
  return call('parse_api_response', { method, url, now, ...input }, data === undefined ? {} : { data });
}

/** The typed error for an error answer. */
export function errorFromResponse(response: HttpResponse, now?: number): CareerProError {
  const { input, data } = responseParts(response);
  return errorOf(call('error_from_response', { ...input, now }, { raw: true, ...(data === undefined ? {} : { data }) }));
}

/** An attempt that just ended: what the retry advice needs. */
export interface AttemptContext {
  method: string;
  url: string;
  idempotent?: boolean;
  /** 1 for the first attempt. */
  attempt?: number;
  tokenRefreshed?: boolean;
  retryPolicy?: RetryPolicy;
  /** A uniform random u32 for the back-off; the host's CSPRNG when absent. */
  jitter?: number;
  now?: number;
}

/** What to do after an attempt. */
export type Outcome =
  | { kind: 'success'; response: ApiResponse }
  | { kind: 'retry'; delayMs: number }
  | { kind: 'refresh_token' }
  | { kind: 'give_up'; error: CareerProError };

function outcome(raw: { kind: string; error?: Record<string, unknown> }): Outcome {
  return raw.kind === 'give_up' ? { kind: 'give_up', error: errorOf(raw.error!) } : toCamel(raw);
}

/** One attempt's answer → success (with the parsed response), retry, refresh the token, or give up. */
export function handleApiResponse(attempt: AttemptContext, response: HttpResponse): Outcome {
  const { input, data } = responseParts(response);
  return outcome(call('handle_api_response', { ...obj(attempt), ...input }, { raw: true, ...(data === undefined ? {} : { data }) }));
}

/** One attempt got no answer → retry, or give up with a `TransportError` naming the URL and kind. */
export function handleTransportError(attempt: AttemptContext, kind: TransportKind, detail?: string): Outcome {
  const { now: _now, ...rest } = obj(attempt);
  return outcome(call('handle_transport_error', { ...rest, kind, detail }, { raw: true }));
}

/** A `Retry-After` value (seconds or HTTP date) → milliseconds to wait. */
export function retryAfter(value: string, now?: number): number {
  return call('retry_after', { value, now }).delayMs;
}

/** The request as a `curl` command line (the token redacted unless `revealSecrets`). */
export function curl(request: HttpRequest, options: { revealSecrets?: boolean } = {}): string {
  return call('curl', { request, revealSecrets: obj(options).revealSecrets });
}

/** How to poll an asynchronous result. */
export interface PollPlan {
  scheduleMs?: number[];
  deadlineS?: number;
  notFoundMeansPending?: boolean;
}

/** A poller's next step. */
export type PollStep =
  | { kind: 'done'; response: ApiResponse }
  | { kind: 'poll'; atMs: number; afterMs: number; request: HttpRequest }
  | { kind: 'give_up'; error: CareerProError };

/** Follows the `Location` of a `201`/`202` answer until the result is there (the core's schedule). */
export class Poller {
  readonly #handle: EngineHandle;

  /** `url`: the request that was answered `accepted`. */
  constructor(baseUrl: string, url: string, accepted: HttpResponse, options: { plan?: PollPlan; now?: number } = {}) {
    const { input, data } = responseParts(accepted);
    const { plan, now } = obj(options);
    this.#handle = open('poller', { baseUrl, url, ...input, plan, now }, data);
  }

  #step(op: string, input: object, data?: Uint8Array): PollStep {
    const s = invoke(this.#handle, op, input, { raw: true, ...(data === undefined ? {} : { data }) });
    return s.kind === 'give_up' ? { kind: 'give_up', error: errorOf(s.error) } : toCamel(s);
  }

  /** The first step. */
  start(accessToken: string, options: { traceId?: string; now?: number } = {}): PollStep {
    return this.#step('start', { accessToken, ...obj(options) });
  }

  /** The answer to the last poll → the next step. */
  handle(response: HttpResponse, accessToken: string, options: { traceId?: string; now?: number } = {}): PollStep {
    const { input, data } = responseParts(response);
    return this.#step('handle', { accessToken, ...obj(options), ...input }, data);
  }

  /** The poll request (with a fresh token). */
  request(accessToken: string, options: { traceId?: string } = {}): HttpRequest {
    return invoke(this.#handle, 'request', { accessToken, ...obj(options) });
  }
}

/** How to build requests from records. */
export interface BulkSpec {
  method?: string;
  /** With `{field}` placeholders filled from each row. */
  path: string;
  /** Field name → kind (`ssin`, `enterprise_number`, `date`, `integer`, …); the core's table when absent. */
  fields?: Record<string, string>;
  required?: string[];
  [member: string]: unknown;
}

/** Requests for the good rows, and every bad value with its row and field. */
export interface BulkOutput {
  requests: HttpRequest[];
  /** The row of each request. */
  rows: number[];
  errors: { row: number; field?: string; code: string; message: string }[];
}

/** Validates every row and builds one request per good row. */
export function bulkBuild(baseUrl: string, accessToken: string, spec: BulkSpec, rows: unknown[]): BulkOutput {
  return call('bulk_build', { baseUrl, accessToken, spec, rows });
}

/** The core's field table (field name → kind). */
export function bulkFields(): Record<string, string> {
  return call('bulk_fields', {}, { raw: true });
}
