// Errors: one base class, one subclass per family a caller handles differently; the same
// hierarchy and names as the Node binding (`careerpro-fla`) and the Python package, so code
// moves between them by changing the import. `code` is the core's stable code (`errorCodes()`).
//
// This file is the one place that maps codes to classes (CLASS_BY_CODE); a test proves that
// every code of the core maps to a class more specific than CareerProError.

class CareerProError extends Error {
  constructor(message, details = {}) {
    super(message);
    Object.defineProperty(this, 'name', { value: new.target.name, enumerable: false, configurable: true });
    this.code = details.code ?? 'unknown';
    this.status = details.status ?? null;
    this.traceId = details.traceId ?? null;
    this.retryAfter = details.retryAfter ?? null;
    this.retryable = Boolean(details.retryable);
    this.excerpt = details.excerpt ?? null;
    this.oauth = details.oauth ?? null;
    this.problem = details.problem ?? null;
    if (details.cause !== undefined) {
      Object.defineProperty(this, 'cause', { value: details.cause, enumerable: false, configurable: true, writable: true });
    }
  }

  toString() {
    return `${this.name} [${this.code}]: ${this.message}`;
  }
}

/** An argument, URL, path, header, JSON text, identifier or date is not valid, or an input is too large. */
class ValidationError extends CareerProError {}
/** The key could not be loaded or used (format, damage, type, size, alias, algorithm). */
class KeyLoadError extends CareerProError {}
/** The key is encrypted and the password is missing or wrong. */
class KeyPasswordError extends KeyLoadError {}
/** The signature could not be computed, or an external signer returned an unusable one. */
class SigningError extends CareerProError {}
/** The certificate is not valid X.509, is missing where needed, or does not belong to the key. */
class CertificateError extends CareerProError {}
/** Something went wrong getting an access token. */
class TokenError extends CareerProError {}
/** The token endpoint answered 2xx with something that is not a usable bearer token. */
class TokenResponseError extends TokenError {}
/** The token endpoint failed without an OAuth error body (5xx, HTML, problem details). */
class TokenEndpointError extends TokenError {}
/** An RFC 6749 §5.2 error response (`error`, `errorDescription`, `errorUri`). */
class OAuthError extends TokenError {
  get error() { return this.oauth?.error ?? ''; }
  get errorDescription() { return this.oauth?.errorDescription ?? null; }
  get errorUri() { return this.oauth?.errorUri ?? null; }
}
class InvalidRequestError extends OAuthError {}
/** `invalid_client`: unknown client, wrong key or certificate, wrong audience, clock off. Never retried. */
class InvalidClientError extends OAuthError {}
class InvalidGrantError extends OAuthError {}
class UnauthorizedClientError extends OAuthError {}
class UnsupportedGrantTypeError extends OAuthError {}
/** `invalid_scope`: a scope of another quality was requested. */
class InvalidScopeError extends OAuthError {}
/** The API answered an error status without problem details (`excerpt` shows the body). */
class ApiError extends CareerProError {}
/** The API answered RFC 9457 problem details. */
class ProblemError extends ApiError {
  get type() { return this.problem?.type ?? 'about:blank'; }
  get title() { return this.problem?.title ?? null; }
  get detail() { return this.problem?.detail ?? null; }
  get instance() { return this.problem?.instance ?? null; }
  get issues() { return Array.isArray(this.problem?.issues) ? this.problem.issues : []; }
}
/** A success response is not what it promises (malformed body, no `Location`, bad `Retry-After`). */
class ResponseError extends CareerProError {}
/** An asynchronous result was not ready before the polling deadline. */
class PollTimeoutError extends CareerProError {}
/** The request did not reach the server or got no answer (timeout, refused, TLS). */
class TransportError extends CareerProError {}

const CLASS_BY_CODE = Object.freeze({
  invalid_argument: ValidationError,
  url_invalid: ValidationError,
  path_invalid: ValidationError,
  header_invalid: ValidationError,
  json_invalid: ValidationError,
  input_too_large: ValidationError,
  ssin_invalid: ValidationError,
  enterprise_number_invalid: ValidationError,
  nsso_number_invalid: ValidationError,
  date_invalid: ValidationError,
  key_format_unrecognized: KeyLoadError,
  key_malformed: KeyLoadError,
  key_unsupported: KeyLoadError,
  key_too_weak: KeyLoadError,
  key_algorithm_mismatch: KeyLoadError,
  key_entry_not_found: KeyLoadError,
  key_entry_ambiguous: KeyLoadError,
  key_password_required: KeyPasswordError,
  key_password_incorrect: KeyPasswordError,
  signing_failed: SigningError,
  external_signature_invalid: SigningError,
  certificate_malformed: CertificateError,
  certificate_missing: CertificateError,
  key_certificate_mismatch: CertificateError,
  token_response_malformed: TokenResponseError,
  token_type_unsupported: TokenResponseError,
  token_endpoint_error: TokenEndpointError,
  oauth_invalid_request: InvalidRequestError,
  oauth_invalid_client: InvalidClientError,
  oauth_invalid_grant: InvalidGrantError,
  oauth_unauthorized_client: UnauthorizedClientError,
  oauth_unsupported_grant_type: UnsupportedGrantTypeError,
  oauth_invalid_scope: InvalidScopeError,
  oauth_other: OAuthError,
  api_problem: ProblemError,
  api_error: ApiError,
  response_malformed: ResponseError,
  location_missing: ResponseError,
  retry_after_invalid: ResponseError,
  poll_timeout: PollTimeoutError,
  transport_error: TransportError,
});

/** The class for a code (`CareerProError` for codes this package does not know). */
function errorClassFor(code) {
  return Object.prototype.hasOwnProperty.call(CLASS_BY_CODE, code) ? CLASS_BY_CODE[code] : CareerProError;
}

/** The error for a payload `{code, message, …}` (what the WASM module hands over). */
function fromPayload(payload) {
  const Class = errorClassFor(payload.code);
  return new Class(payload.message, payload);
}

const errors = {
  CareerProError, ValidationError, KeyLoadError, KeyPasswordError, SigningError, CertificateError,
  TokenError, TokenResponseError, TokenEndpointError, OAuthError, InvalidRequestError,
  InvalidClientError, InvalidGrantError, UnauthorizedClientError, UnsupportedGrantTypeError,
  InvalidScopeError, ApiError, ProblemError, ResponseError, PollTimeoutError, TransportError,
  errorClassFor, fromPayload,
};

export { errors };
