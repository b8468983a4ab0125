/**
 * careerpro-fla: the JavaScript API, the same in `careerpro-fla` (napi engine, WASM fallback)
 * and `careerpro-fla-wasm` (WASM engine). Names are camelCase; data the server or the user
 * wrote (`json`, `problem`, `oauth`, JWS `header`/`claims`, `jwk`) is kept as written; absent
 * values are `undefined`.
 */

export { engine, init, initSync, useEngine, type Engine, type EngineHandle } from './engine.js';
export { toCamel, toSnake, DATA_MEMBERS } from './naming.js';
export * from './errors.js';
export { errorClassFor, fromPayload } from './error-map.js';
export { Ssin, EnterpriseNumber, NssoNumber, CalendarDate } from './ids.js';
export {
  Certificate, SigningKey, ExternalKey, webCryptoAlgorithm, webCryptoSigner,
  type Assertion, type AssertionOptions, type BinaryLike, type ExternalKeyOptions, type ExternalSigner, type Finding,
  type HttpRequest, type KeyOptions, type PublicKey, type SigningKeyInfo, type UnsignedAssertion,
} from './keys.js';
export { type HttpResponse, type PairsLike } from './http.js';
export {
  TokenManager, parseTokenResponse, tokenRequest,
  type AccessToken, type Handled, type TokenAction, type TokenManagerConfig, type TokenManagerState,
} from './token.js';
export {
  Poller, apiRequest, bulkBuild, bulkFields, curl, defaults, errorCodes, errorFromResponse, handleApiResponse,
  handleTransportError, parseApiResponse, profile, retryAfter,
  type ApiRequestSpec, type ApiResponse, type AttemptContext, type BulkOutput, type BulkSpec, type Defaults,
  type Environment, type ErrorCodeInfo, type Outcome, type PollPlan, type PollStep, type Profile, type ProfileSpec,
  type Quality, type RequestContext, type RetryPolicy,
} from './api.js';
export { Client, transportKind, type CallOptions, type ClientOptions, type Fetch, type TransportSettings } from './client.js';
export { init as default } from './engine.js';
