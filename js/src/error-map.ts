/**
 * The one mapping from the core's error codes to classes. A test proves that every code of
 * `errorCodes()` maps here to a class more specific than `CareerProError`; a code added to the
 * core after this package was built arrives as `CareerProError` with its own `code`.
 */

import * as E from './errors.js';

type ErrorClass = new (message: string, details?: E.ErrorDetails) => E.CareerProError;

const CLASS_BY_CODE: Readonly<Record<string, ErrorClass>> = Object.freeze({
  invalid_argument: E.ValidationError,
  url_invalid: E.ValidationError,
  path_invalid: E.ValidationError,
  header_invalid: E.ValidationError,
  json_invalid: E.ValidationError,
  input_too_large: E.ValidationError,
  ssin_invalid: E.ValidationError,
  enterprise_number_invalid: E.ValidationError,
  nsso_number_invalid: E.ValidationError,
  date_invalid: E.ValidationError,
  key_format_unrecognized: E.KeyLoadError,
  key_malformed: E.KeyLoadError,
  key_unsupported: E.KeyLoadError,
  key_too_weak: E.KeyLoadError,
  key_algorithm_mismatch: E.KeyLoadError,
  key_entry_not_found: E.KeyLoadError,
  key_entry_ambiguous: E.KeyLoadError,
  key_password_required: E.KeyPasswordError,
  key_password_incorrect: E.KeyPasswordError,
  signing_failed: E.SigningError,
  external_signature_invalid: E.SigningError,
  certificate_malformed: E.CertificateError,
  certificate_missing: E.CertificateError,
  key_certificate_mismatch: E.CertificateError,
  token_response_malformed: E.TokenResponseError,
  token_type_unsupported: E.TokenResponseError,
  token_endpoint_error: E.TokenEndpointError,
  oauth_invalid_request: E.InvalidRequestError,
  oauth_invalid_client: E.InvalidClientError,
  oauth_invalid_grant: E.InvalidGrantError,
  oauth_unauthorized_client: E.UnauthorizedClientError,
  oauth_unsupported_grant_type: E.UnsupportedGrantTypeError,
  oauth_invalid_scope: E.InvalidScopeError,
  oauth_other: E.OAuthError,
  api_problem: E.ProblemError,
  api_error: E.ApiError,
  response_malformed: E.ResponseError,
  location_missing: E.ResponseError,
  retry_after_invalid: E.ResponseError,
  poll_timeout: E.PollTimeoutError,
  transport_error: E.TransportError,
});

/** The class for a code (`CareerProError` for codes this package does not know). */
export function errorClassFor(code: string): ErrorClass {
  return Object.hasOwn(CLASS_BY_CODE, code) ? CLASS_BY_CODE[code]! : E.CareerProError;
}

/** The error for a payload (the core's, in JavaScript names), with what the host adds. */
export function fromPayload(payload: E.ErrorPayload, extra: E.ErrorDetails = {}): E.CareerProError {
  const Class = errorClassFor(payload.code);
  return new Class(payload.message, { ...payload, ...extra });
}
