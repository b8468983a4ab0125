/**
 * Errors: one base class, one subclass per family a caller handles differently, the same
 * hierarchy as the Python package (`careerpro_fla.errors`). Which code is which class is
 * decided in one file, `error-map.ts`.
 *
 * Every error carries the core's payload: the stable `code` (`errorCodes()` lists them), a
 * message that never contains a secret, `retryable` (the core's one rule), and when known the
 * HTTP `status`, the server's `traceId`, `retryAfterMs`, the `transport` kind, the RFC 6749
 * `oauth` body and the RFC 9457 `problem`, as the server wrote them. Absent members are
 * `undefined`.
 */

/** RFC 6749 §5.2 error body, with its RFC names. */
export interface OAuthErrorBody {
  error: string;
  error_description?: string;
  error_uri?: string;
}

/** One input problem of an RFC 9457 problem (Belgif `issues`, or legacy `invalidParams`). */
export interface ProblemIssue {
  type?: string;
  title?: string;
  detail?: string;
  in?: string;
  name?: string;
  value?: unknown;
  [member: string]: unknown;
}

/** RFC 9457 problem details as the server wrote them (extension members included). */
export interface ProblemDetails {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  instance?: string;
  issues?: ProblemIssue[];
  [member: string]: unknown;
}

/** How a request failed to get an answer. */
export type TransportKind = 'timeout' | 'dns' | 'refused' | 'connect' | 'tls' | 'other';

/** The core's error payload, in JavaScript names. */
export interface ErrorPayload {
  code: string;
  message: string;
  retryable: boolean;
  status?: number;
  retryAfterMs?: number;
  traceId?: string;
  transport?: TransportKind;
  oauth?: OAuthErrorBody;
  problem?: ProblemDetails;
  excerpt?: string;
}

/** Extra details a host adds: what it was doing, and why (`cause`). */
export interface ErrorDetails extends Partial<ErrorPayload> {
  /** The URL of the request, for transport failures. */
  url?: string;
  cause?: unknown;
}

/** The base class of every error of the package. */
export class CareerProError extends Error {
  readonly code: string;
  readonly retryable: boolean;
  readonly status?: number;
  readonly retryAfterMs?: number;
  readonly traceId?: string;
  readonly transport?: TransportKind;
  readonly oauth?: OAuthErrorBody;
  readonly problem?: ProblemDetails;
  readonly excerpt?: string;
  /** The URL of the request (transport failures). */
  readonly url?: string;

  constructor(message: string, details: ErrorDetails = {}) {
    super(message);
    Object.defineProperty(this, 'name', { value: new.target.name, enumerable: false, configurable: true });
    this.code = details.code ?? 'unknown';
    this.retryable = details.retryable ?? false;
    // Absent stays absent: only the members the payload has are set.
    const self = this as { -readonly [K in keyof CareerProError]?: unknown };
    for (const k of ['status', 'retryAfterMs', 'traceId', 'transport', 'oauth', 'problem', 'excerpt', 'url'] as const) {
      if (details[k] !== undefined) self[k] = details[k];
    }
    if (details.cause !== undefined) {
      Object.defineProperty(this, 'cause', { value: details.cause, enumerable: false, configurable: true, writable: true });
    }
  }

  override toString(): string {
    return `${this.name} [${this.code}]: ${this.message}`;
  }
}

/** An argument, URL, path, header, JSON text, identifier or date is not valid, or an input is too large. */
export class ValidationError extends CareerProError {}
/** The key could not be loaded or used (format, damage, type, size, alias, algorithm). */
export class KeyLoadError extends CareerProError {}
/** The key is encrypted and the password is missing or wrong. */
export class KeyPasswordError extends KeyLoadError {}
/** The signature could not be computed, or an external signer returned an unusable one. */
export class SigningError extends CareerProError {}
/** The certificate is not valid X.509, is missing where needed, or does not belong to the key. */
export class CertificateError extends CareerProError {}
/** Something went wrong getting an access token. */
export class TokenError extends CareerProError {}
/** The token endpoint answered 2xx with something that is not a usable bearer token. */
export class TokenResponseError extends TokenError {}
/** The token endpoint failed without an OAuth error body (5xx, HTML, problem details). */
export class TokenEndpointError extends TokenError {}
/** An RFC 6749 §5.2 error response (`oauth`: `error`, `error_description`, `error_uri`). */
export class OAuthError extends TokenError {
  /** `oauth.error`. */
  get error(): string | undefined { return this.oauth?.error; }
  /** `oauth.error_description`. */
  get errorDescription(): string | undefined { return this.oauth?.error_description; }
  /** `oauth.error_uri`. */
  get errorUri(): string | undefined { return this.oauth?.error_uri; }
}
/** `invalid_request`. */
export class InvalidRequestError extends OAuthError {}
/** `invalid_client`: unknown client, wrong key or certificate, wrong audience, clock off. Never retried. */
export class InvalidClientError extends OAuthError {}
/** `invalid_grant`. */
export class InvalidGrantError extends OAuthError {}
/** `unauthorized_client`. */
export class UnauthorizedClientError extends OAuthError {}
/** `unsupported_grant_type`. */
export class UnsupportedGrantTypeError extends OAuthError {}
/** `invalid_scope`: a scope of another quality was requested. */
export class InvalidScopeError extends OAuthError {}
/** The API answered an error status without problem details (`excerpt` shows the body). */
export class ApiError extends CareerProError {}
/** The API answered RFC 9457 problem details (`problem`, as the server wrote it). */
export class ProblemError extends ApiError {
  get type(): string | undefined { return this.problem?.type; }
  get title(): string | undefined { return this.problem?.title; }
  get detail(): string | undefined { return this.problem?.detail; }
  get instance(): string | undefined { return this.problem?.instance; }
  /** `issues` (or legacy `invalidParams`) as the server wrote them. */
  get issues(): ProblemIssue[] {
    const p = this.problem;
    const list = p?.issues ?? p?.['invalidParams'];
    return Array.isArray(list) ? (list as ProblemIssue[]) : [];
  }
}
/** A success response is not what it promises (malformed body, no `Location`, bad `Retry-After`). */
export class ResponseError extends CareerProError {}
/** An asynchronous result was not ready before the polling deadline. */
export class PollTimeoutError extends CareerProError {}
/** The request did not reach the server or got no answer (`transport`: timeout, dns, refused, connect, tls, other). */
export class TransportError extends CareerProError {}
