// Browsers, Deno and any ESM runtime: `import init, {…} from 'careerpro-fla-wasm/web'`, then
// `await init()` once (fetches the .wasm next to the module; or pass `{ module_or_path }`).
import * as native from './wasm/web/careerpro_fla_wasm.js';
import { batteries } from './batteries.js';
import { errors } from './errors.js';

export * from './wasm/web/careerpro_fla_wasm.js';
const api = batteries(native, errors);

/** Instantiates the module (once; later calls return at once), then installs the typed errors. */
export default async function init(input) {
  const exports = await native.default(input);
  api.installErrors();
  return exports;
}

/** `init` for a module or bytes already at hand (synchronous). */
export function initSync(input) {
  const exports = native.initSync(input);
  api.installErrors();
  return exports;
}

export const {
  CareerProError, ValidationError, KeyLoadError, KeyPasswordError, SigningError, CertificateError,
  TokenError, TokenResponseError, TokenEndpointError, OAuthError, InvalidRequestError,
  InvalidClientError, InvalidGrantError, UnauthorizedClientError, UnsupportedGrantTypeError,
  InvalidScopeError, ApiError, ProblemError, ResponseError, PollTimeoutError, TransportError,
  errorClassFor, fromPayload, signAssertion, prepareAssertion, nextPageRequest, Poller,
  webCryptoAlgorithm, importCryptoKey, webCryptoSigner, signAssertionExternal, signAssertionAsync,
  responseFromFetch, transportKind, Client,
} = api;
