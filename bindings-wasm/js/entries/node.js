// Node (ESM) and Deno: ready on import, no init needed (`init()` is a no-op kept for portable
// code). Same exports as the Node binding `careerpro-fla`, plus WebCrypto signing.
import { readFileSync } from 'node:fs';
import * as native from './wasm/web/careerpro_fla_wasm.js';
import { batteries } from './batteries.js';
import { errors } from './errors.js';

native.initSync({ module: readFileSync(new URL('./wasm/web/careerpro_fla_wasm_bg.wasm', import.meta.url)) });
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
