import type {
  AccessToken, ApiRequestSpec, ApiResponse, AssertionOptions, ExternalKey, PollPlan, Profile,
  RetryPolicy, SigningKey, TokenManager, TokenManagerConfig,
} from '../index';

/** Signs a JWS signing input with a key the host holds. */
export type ExternalSigner = (signingInput: Buffer) => Promise<Uint8Array>;

export interface ClientOptions {
  /** The Chaman client id (`iss` = `sub` of the assertions). */
  clientId: string;
  /** The private key (from `SigningKey.fromBytes`) … */
  key?: SigningKey;
  /** … or a key the host holds, with its signer. */
  externalKey?: ExternalKey;
  sign?: ExternalSigner;
  /** Where to send what; default: `flaProfile(environment, quality)`. */
  profile?: Profile;
  /** `production` (default), `acceptance`, or an origin such as `http://127.0.0.1:8080`. */
  environment?: string;
  /** `employer` (default), `agent`, `training_provider`. */
  quality?: string;
  /** Overrides the profile's scope (`null`: none sent, the account's defaults). */
  scope?: string | null;
  /** A `fetch`-compatible function (default: the global `fetch`). */
  fetch?: typeof globalThis.fetch;
  /** Per-request timeout, ms (default 30 000), through `AbortSignal.timeout`. */
  timeoutMs?: number;
  /** Retry policy for API calls. */
  retryPolicy?: RetryPolicy;
  /** Token manager numbers. */
  tokenManager?: TokenManagerConfig;
  /** Assertion options besides client id and audience (lifetime, `kid`, `x5t`, …). */
  assertion?: Omit<AssertionOptions, 'clientId' | 'audience'>;
  /** Longest time `accessToken()` waits for back-off before giving up, ms (default 60 000). */
  tokenWaitMs?: number;
  /** The clock, Unix ms (default `Date.now`); for tests. */
  now?: () => number;
}

export interface RequestOptions {
  /** Cancels the call (and its retries). */
  signal?: AbortSignal;
  /** The `BelGov-Trace-Id` to send (default: a fresh UUID per attempt). */
  traceId?: string;
  /** Extra headers, query parameters, … as in `ApiRequestSpec`. */
  [key: string]: unknown;
}

/**
 * Performs the HTTP with `fetch`; caches the token through the core's token manager (one
 * token request in flight however many concurrent calls); applies the core's retry advice
 * (`Retry-After`, back-off, one token refresh after a 401); throws typed errors.
 */
export declare class Client {
  constructor(options: ClientOptions);
  readonly profile: Readonly<Profile>;
  readonly tokenManager: TokenManager;
  accessToken(options?: { signal?: AbortSignal }): Promise<AccessToken>;
  request(spec: ApiRequestSpec, options?: RequestOptions): Promise<ApiResponse>;
  get(path: string, options?: RequestOptions): Promise<ApiResponse>;
  post(path: string, json: unknown, options?: RequestOptions): Promise<ApiResponse>;
  put(path: string, json: unknown, options?: RequestOptions): Promise<ApiResponse>;
  patch(path: string, json: unknown, options?: RequestOptions): Promise<ApiResponse>;
  delete(path: string, options?: RequestOptions): Promise<ApiResponse>;
  /** Every page of a collection (an async iterator). */
  pages(spec: ApiRequestSpec, options?: RequestOptions): AsyncGenerator<ApiResponse, void, void>;
  /** Every item of every page. */
  items(spec: ApiRequestSpec, options?: RequestOptions): AsyncGenerator<any, void, void>;
  /** Polls the `Location` of a `201`/`202` answer until the result is there. */
  poll(accepted: ApiResponse, plan?: PollPlan | null, options?: RequestOptions): Promise<ApiResponse>;
}
