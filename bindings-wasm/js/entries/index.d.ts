// Types of every entry point: the generated binding plus the JavaScript batteries. Names and
// shapes follow the Node binding `careerpro-fla`.
import type {
  SigningKey, ExternalKey, TokenManager, ApiResponse, Assertion, AssertionOptions, ApiRequestSpec,
  RetryPolicy, TokenManagerConfig, Profile, SignOptions, AccessToken, PollPlan, UnsignedAssertion,
  HttpRequest,
} from './wasm/web/careerpro_fla_wasm.js';

export * from './wasm/web/careerpro_fla_wasm.js';
export { default } from './wasm/web/careerpro_fla_wasm.js';

/**
 * The core's bridge, the same in every build (full and slim) and in the Node package
 * `careerpro-fla`: operations by name, JSON text in, the envelope `{"ok": value}` /
 * `{"error": payload}` out as JSON text. `data` is the binary argument (key, certificate,
 * response body); `nowMs` overrides the host clock (Unix ms, `Date.now()` by default).
 * `new Handle(kind, …)` opens a `signing_key`, `external_key`, `token_manager` or `poller`;
 * on failure it throws an `Error` whose message is the error envelope.
 */
export { call, Handle } from './wasm/web/careerpro_fla_wasm.js';

export interface ErrorDetails {
  code?: string; status?: number | null; traceId?: string | null; retryAfter?: number | null;
  retryable?: boolean; excerpt?: string | null;
  oauth?: { error: string; errorDescription?: string | null; errorUri?: string | null } | null;
  problem?: Record<string, any> | null; cause?: unknown;
}
/** Base class of every error this package throws. */
export declare class CareerProError extends Error {
  constructor(message: string, details?: ErrorDetails);
  /** The core's stable snake_case code (`oauth_invalid_client`, `ssin_invalid`, …). */
  readonly code: string;
  readonly status: number | null;
  readonly traceId: string | null;
  readonly retryAfter: number | null;
  readonly retryable: boolean;
  readonly excerpt: string | null;
  readonly oauth: { error: string; errorDescription?: string | null; errorUri?: string | null } | null;
  readonly problem: Record<string, any> | null;
}
export declare class ValidationError extends CareerProError {}
export declare class KeyLoadError extends CareerProError {}
export declare class KeyPasswordError extends KeyLoadError {}
export declare class SigningError extends CareerProError {}
export declare class CertificateError extends CareerProError {}
export declare class TokenError extends CareerProError {}
export declare class TokenResponseError extends TokenError {}
export declare class TokenEndpointError extends TokenError {}
export declare class OAuthError extends TokenError {
  readonly error: string; readonly errorDescription: string | null; readonly errorUri: string | null;
}
export declare class InvalidRequestError extends OAuthError {}
export declare class InvalidClientError extends OAuthError {}
export declare class InvalidGrantError extends OAuthError {}
export declare class UnauthorizedClientError extends OAuthError {}
export declare class UnsupportedGrantTypeError extends OAuthError {}
export declare class InvalidScopeError extends OAuthError {}
export declare class ApiError extends CareerProError {}
export declare class ProblemError extends ApiError {
  readonly type: string; readonly title: string | null; readonly detail: string | null;
  readonly instance: string | null; readonly issues: Array<Record<string, any>>;
}
export declare class ResponseError extends CareerProError {}
export declare class PollTimeoutError extends CareerProError {}
export declare class TransportError extends CareerProError {}
export declare function errorClassFor(code: string): typeof CareerProError;
export declare function fromPayload(payload: { code: string; message: string } & ErrorDetails): CareerProError;

/** The JWS algorithm a WebCrypto private key signs with. */
export declare function webCryptoAlgorithm(key: CryptoKey): string;
/** PKCS#8 PEM/DER or a private JWK, imported into WebCrypto for signing (non-extractable). */
export declare function importCryptoKey(
  input: string | Uint8Array | ArrayBuffer | JsonWebKey, algorithm?: string, options?: { extractable?: boolean },
): Promise<CryptoKey>;
/** Signs a JWS signing input with a key the host holds. */
export type ExternalSigner = (signingInput: Uint8Array) => Promise<Uint8Array | ArrayBuffer>;
/** A signer over a WebCrypto private key. */
export declare function webCryptoSigner(key: CryptoKey): ExternalSigner;
/** prepareAssertion -> await sign(signingInput) -> finish. */
export declare function signAssertionExternal(externalKey: ExternalKey, sign: ExternalSigner, options: AssertionOptions, signOptions?: SignOptions | null): Promise<Assertion>;
/** Signs with a SigningKey (in WASM) or a WebCrypto CryptoKey (by the runtime). */
export declare function signAssertionAsync(key: SigningKey | CryptoKey, options: AssertionOptions, signOptions?: SignOptions | null): Promise<Assertion>;
/** `{status, headers, body}` from a fetch Response. */
export declare function responseFromFetch(r: Response): Promise<{ status: number; headers: [string, string][]; body: Uint8Array }>;
/** How a fetch rejection failed. */
export declare function transportKind(err: unknown): 'timeout' | 'connect' | 'tls' | 'other';

export interface ClientOptions {
  clientId: string;
  /** A SigningKey (full build) or a WebCrypto CryptoKey … */
  key?: SigningKey | CryptoKey;
  /** … or a key the host holds, with its signer. */
  externalKey?: ExternalKey;
  sign?: ExternalSigner;
  profile?: Profile;
  environment?: string;
  quality?: string;
  scope?: string | null;
  fetch?: typeof globalThis.fetch;
  timeoutMs?: number;
  retryPolicy?: RetryPolicy;
  tokenManager?: TokenManagerConfig;
  assertion?: Omit<AssertionOptions, 'clientId' | 'audience'>;
  tokenWaitMs?: number;
  now?: () => number;
}
export interface RequestOptions { signal?: AbortSignal; traceId?: string; [key: string]: unknown }
/** A fetch-based client: token cache, the core's retry advice, one token refresh after a 401. */
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
  pages(spec: ApiRequestSpec, options?: RequestOptions): AsyncGenerator<ApiResponse, void, void>;
  items(spec: ApiRequestSpec, options?: RequestOptions): AsyncGenerator<any, void, void>;
  poll(accepted: ApiResponse, plan?: PollPlan | null, options?: RequestOptions): Promise<ApiResponse>;
}
