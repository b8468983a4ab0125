/**
 * Errors: one base class, one subclass per family a caller handles differently (the same
 * hierarchy as the Python package). `code` is the core's stable code; see `errorCodes()`.
 */

export interface ErrorDetails {
  code?: string;
  status?: number | null;
  traceId?: string | null;
  retryAfter?: number | null;
  retryable?: boolean;
  excerpt?: string | null;
  oauth?: { error: string; errorDescription?: string | null; errorUri?: string | null } | null;
  problem?: Record<string, any> | null;
  cause?: unknown;
}

/** Base class of every error this package throws. */
export declare class CareerProError extends Error {
  constructor(message: string, details?: ErrorDetails);
  /** The core's stable snake_case code (`oauth_invalid_client`, `ssin_invalid`, …). */
  readonly code: string;
  /** HTTP status, when the error came from a response. */
  readonly status: number | null;
  /** The server's `BelGov-Trace-Id`, for the service desk. */
  readonly traceId: string | null;
  /** Seconds the server asked to wait. */
  readonly retryAfter: number | null;
  /** Whether the same request may succeed later. */
  readonly retryable: boolean;
  /** A short, secret-free excerpt of an unexpected body. */
  readonly excerpt: string | null;
  /** The RFC 6749 error body, when the token endpoint sent one. */
  readonly oauth: { error: string; errorDescription?: string | null; errorUri?: string | null } | null;
  /** The RFC 9457 problem details (wire names), when the server sent them. */
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
  /** RFC 6749 `error`. */
  readonly error: string;
  /** RFC 6749 `error_description`. */
  readonly errorDescription: string | null;
  /** RFC 6749 `error_uri`. */
  readonly errorUri: string | null;
}
export declare class InvalidRequestError extends OAuthError {}
export declare class InvalidClientError extends OAuthError {}
export declare class InvalidGrantError extends OAuthError {}
export declare class UnauthorizedClientError extends OAuthError {}
export declare class UnsupportedGrantTypeError extends OAuthError {}
export declare class InvalidScopeError extends OAuthError {}
export declare class ApiError extends CareerProError {}
export declare class ProblemError extends ApiError {
  /** `type`: a URI such as `urn:problem-type:belgif:badRequest`. */
  readonly type: string;
  readonly title: string | null;
  readonly detail: string | null;
  /** `instance`: what the service desk asks for. */
  readonly instance: string | null;
  /** Belgif `issues` (and legacy `invalidParams`), with the wire names. */
  readonly issues: Array<Record<string, any>>;
}
export declare class ResponseError extends CareerProError {}
export declare class PollTimeoutError extends CareerProError {}
export declare class TransportError extends CareerProError {}

/** The class a code maps to (`CareerProError` for codes unknown to this package). */
export declare function errorClassFor(code: string): typeof CareerProError;
/** The error for a payload `{ code, message, … }`. */
export declare function fromPayload(payload: { code: string; message: string } & ErrorDetails): CareerProError;
