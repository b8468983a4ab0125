// Cloudflare Workers (workerd): the .wasm is imported as a compiled module (wrangler does this
// for `*.wasm` imports), so the package is ready on import; `init()` is a no-op.
import wasmModule from './wasm/web/careerpro_fla_wasm_bg.wasm';
import * as native from './wasm/web/careerpro_fla_wasm.js';
import { batteries } from './batteries.js';
import { errors } from './errors.js';

native.initSync({ module: wasmModule });
export * from './wasm/web/careerpro_fla_wasm.js';
export { default } from './wasm/web/careerpro_fla_wasm.js';
const api = batteries(native, errors);
api.installErrors();
export const {
  CareerProError, ValidationError, KeyLoadError, KeyPasswordError, SigningError, CertificateError,
  TokenError, TokenResponseError, TokenEndpointError, OAuthError, InvalidRequestError,
  InvalidClientError, InvalidGrantError, UnauthorizedClientError, UnsupportedGrantTypeError,
  InvalidScopeError, ApiError, ProblemError, ResponseError, PollTimeoutError, TransportError,
  errorClassFor, fromPayload, signAssertion, prepareAssertion, nextPageRequest, Poller,
  webCryptoAlgorithm, importCryptoKey, webCryptoSigner, signAssertionExternal, signAssertionAsync,
  responseFromFetch, transportKind, Client,
} = api;
