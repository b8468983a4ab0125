// Bundlers with WebAssembly ESM integration (webpack 5 asyncWebAssembly, Vite + plugin, …).
import * as native from './wasm/bundler/careerpro_fla_wasm.js';
import { batteries } from './batteries.js';
import { errors } from './errors.js';

export * from './wasm/bundler/careerpro_fla_wasm.js';
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

/** Nothing to do: the bundler instantiated the module. Kept for portable code. */
export default async function init() {}
