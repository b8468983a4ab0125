// Types of every entry point: the generated binding plus the JavaScript batteries.
import type {
  SigningKey, ExternalKey, TokenManager, ApiResponse, Assertion, AssertionOptions, ApiRequestSpec,
  HttpResponseLike, RetryPolicy, TokenManagerConfig, Profile,
} from './wasm/web/careerpro_fla_wasm.js';

export * from './wasm/web/careerpro_fla_wasm.js';
export { default } from './wasm/web/careerpro_fla_wasm.js';

/** `e instanceof CareerProError` holds for every error the package throws. */
export declare const CareerProError: {
  new (code: string, message: string): import('./wasm/web/careerpro_fla_wasm.js').CareerProError;
  [Symbol.hasInstance](e: unknown): boolean;
};
export declare function isCareerProError(e: unknown): e is import('./wasm/web/careerpro_fla_wasm.js').CareerProError;
/** The JWS algorithm a WebCrypto private key signs with. */
export declare function webCryptoAlgorithm(key: CryptoKey): string;
/** PKCS#8 PEM/DER or a private JWK, imported into WebCrypto for signing. */
export declare function importCryptoKey(
  input: string | Uint8Array | ArrayBuffer | JsonWebKey, algorithm?: string, options?: { extractable?: boolean },
): Promise<CryptoKey>;
/** Anything that signs outside the module (a KMS, an HSM). */
export interface ExternalSigner {
  algorithm: string;
  sign(signingInput: Uint8Array): Promise<Uint8Array | ArrayBuffer>;
  externalKey?: ExternalKey;
}
export type AnyKey = SigningKey | CryptoKey | ExternalSigner;
/** Signs a client assertion with a SigningKey, a WebCrypto CryptoKey or an external signer. */
export declare function signAssertionAsync(key: AnyKey, options: AssertionOptions): Promise<Assertion>;
/** `{status, headers, body}` from a fetch Response. */
export declare function responseFromFetch(r: Response): Promise<{ status: number; headers: [string, string][]; body: Uint8Array }>;

export interface ClientOptions {
  clientId: string;
  key: AnyKey;
  environment?: string; quality?: string; scope?: string | null;
  tokenUrl?: string; audience?: string; apiBaseUrl?: string;
  profile?: Profile;
  fetch?: typeof fetch;
  timeoutMs?: number;
  maxWaitMs?: number;
  tokenManager?: TokenManagerConfig;
  retry?: RetryPolicy;
  assertion?: Partial<AssertionOptions>;
  clock?: () => number;
}
/** A fetch-based client: token cache, retries, 401 -> new token once. */
export declare class Client {
  constructor(options: ClientOptions);
  readonly clientId: string;
  readonly profile: Profile;
  readonly tokenManager: TokenManager;
  accessToken(): Promise<string>;
  invalidateToken(): boolean;
  request(spec: ApiRequestSpec): Promise<ApiResponse>;
  get(path: string, spec?: ApiRequestSpec): Promise<ApiResponse>;
  delete(path: string, spec?: ApiRequestSpec): Promise<ApiResponse>;
  post(path: string, json: unknown, spec?: ApiRequestSpec): Promise<ApiResponse>;
  put(path: string, json: unknown, spec?: ApiRequestSpec): Promise<ApiResponse>;
  patch(path: string, json: unknown, spec?: ApiRequestSpec): Promise<ApiResponse>;
  items(path: string, spec?: ApiRequestSpec): AsyncGenerator<unknown>;
}
