//! One error type for the whole core, with a stable code per failure.
//!
//! Every binding exposes [`ErrorCode::as_str`] unchanged (Python `.code`, JavaScript
//! `error.code`), so the list in [`error_codes!`] is a public contract: codes are added, never
//! renamed or removed. [`ErrorCode::ALL`] lets every binding's test prove that it maps them all.
//!
//! Messages say what was wrong and how to fix it, and never contain a secret: no key material,
//! password, token or assertion ever reaches a message or a `Debug` output.
//!
//! ```
//! use careerpro_fla::{Error, ErrorCode};
//! let e = Error::new(ErrorCode::SsinInvalid, "the check digits do not match");
//! assert_eq!(e.code().as_str(), "ssin_invalid");
//! assert_eq!(e.to_string(), "ssin_invalid: the check digits do not match");
//! ```

use std::fmt;

use crate::oauth::OAuthError;
use crate::problem::Problem;
use crate::transport::TransportErrorKind;

/// Declares [`ErrorCode`] once: variant, wire code and a one-line meaning.
macro_rules! error_codes {
    ($( $(#[$doc:meta])* $variant:ident => $code:literal, $meaning:literal; )+) => {
        /// A stable, snake_case identifier for each kind of failure.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum ErrorCode {
            $( $(#[$doc])* $variant, )+
        }

        impl ErrorCode {
            /// Every code, in declaration order.
            pub const ALL: &'static [ErrorCode] = &[ $( ErrorCode::$variant, )+ ];

            /// The wire code, identical in every language.
            pub const fn as_str(self) -> &'static str {
                match self { $( ErrorCode::$variant => $code, )+ }
            }

            /// What the code means, in one line (for documentation and `--help` texts).
            pub const fn meaning(self) -> &'static str {
                match self { $( ErrorCode::$variant => $meaning, )+ }
            }

            /// The code for a wire string, if it is one of ours.
            pub fn from_code(code: &str) -> Option<ErrorCode> {
                match code { $( $code => Some(ErrorCode::$variant), )+ _ => None }
            }
        }
    };
}

error_codes! {
    // --- arguments and configuration -----------------------------------------------------
    /// An argument is outside what the function accepts (empty client id, zero lifetime, …).
    InvalidArgument => "invalid_argument", "an argument is missing, empty or out of range";
    /// A URL (token endpoint, API base, custom environment) is not an absolute https URL.
    UrlInvalid => "url_invalid", "a URL is not absolute, not https, or not well formed";
    /// An API path would leave the base URL (`..`, another host, a scheme) or is malformed.
    PathInvalid => "path_invalid", "an API path is malformed or escapes the base URL";
    /// A header name or value cannot be sent (control characters, reserved header).
    HeaderInvalid => "header_invalid", "a header name or value cannot be sent";
    /// A request body given as text is not valid JSON.
    JsonInvalid => "json_invalid", "a JSON document is not valid JSON";
    /// An input is larger than the core accepts (guards against hostile input).
    InputTooLarge => "input_too_large", "an input exceeds the size limit";

    // --- keys ------------------------------------------------------------------------------
    /// The bytes are none of PEM, DER, JWK or PKCS#12.
    KeyFormatUnrecognized => "key_format_unrecognized", "the key is not PEM, DER, JWK or PKCS#12";
    /// The key's structure is damaged or truncated.
    KeyMalformed => "key_malformed", "the key's encoding is damaged or truncated";
    /// The key is encrypted (encrypted PKCS#8, PKCS#12) and no password was given.
    KeyPasswordRequired => "key_password_required", "the key is encrypted and needs a password";
    /// The password does not open the key (PKCS#12 MAC or decryption failed).
    KeyPasswordIncorrect => "key_password_incorrect", "the password does not open the key";
    /// Key type, curve or encryption scheme is not supported (DSA, Ed25519, secp256k1, …).
    KeyUnsupported => "key_unsupported", "the key type, curve or encryption is not supported";
    /// RSA key shorter than 2048 bits.
    KeyTooWeak => "key_too_weak", "the RSA key is shorter than 2048 bits";
    /// The requested algorithm does not fit the key (ES384 with an RSA key, …).
    KeyAlgorithmMismatch => "key_algorithm_mismatch", "the algorithm does not fit the key";
    /// No PKCS#12 entry carries the requested alias (friendly name).
    KeyEntryNotFound => "key_entry_not_found", "no key entry has the requested alias";
    /// A PKCS#12 file holds several keys and no alias was given.
    KeyEntryAmbiguous => "key_entry_ambiguous", "several key entries and no alias chosen";
    /// The certificate's public key is not the signing key's public key.
    KeyCertificateMismatch => "key_certificate_mismatch", "the certificate does not belong to the key";
    /// The signing operation failed (ring reported an error; no detail is available).
    SigningFailed => "signing_failed", "the signature could not be computed";
    /// An external signer returned a signature of the wrong size or encoding.
    ExternalSignatureInvalid => "external_signature_invalid", "the external signer's signature has the wrong size or encoding";

    // --- certificates ----------------------------------------------------------------------
    /// The certificate is not a parsable X.509 certificate.
    CertificateMalformed => "certificate_malformed", "the certificate is not valid X.509";
    /// A certificate is needed (for `x5t`, `x5c`) and none was given.
    CertificateMissing => "certificate_missing", "a certificate is needed and none was given";

    // --- token endpoint --------------------------------------------------------------------
    /// The token response is not the JSON RFC 6749 §5.1 describes.
    TokenResponseMalformed => "token_response_malformed", "the token response is not valid RFC 6749 JSON";
    /// `token_type` is not `Bearer`.
    TokenTypeUnsupported => "token_type_unsupported", "the token type is not Bearer";
    /// RFC 6749 §5.2 `invalid_request`.
    OAuthInvalidRequest => "oauth_invalid_request", "the token request was malformed (invalid_request)";
    /// RFC 6749 §5.2 `invalid_client`: unknown client, bad signature, wrong `aud`, clock off.
    OAuthInvalidClient => "oauth_invalid_client", "client authentication failed (invalid_client)";
    /// RFC 6749 §5.2 `invalid_grant`.
    OAuthInvalidGrant => "oauth_invalid_grant", "the grant was refused (invalid_grant)";
    /// RFC 6749 §5.2 `unauthorized_client`.
    OAuthUnauthorizedClient => "oauth_unauthorized_client", "the client may not use this grant (unauthorized_client)";
    /// RFC 6749 §5.2 `unsupported_grant_type`.
    OAuthUnsupportedGrantType => "oauth_unsupported_grant_type", "the grant type is not supported (unsupported_grant_type)";
    /// RFC 6749 §5.2 `invalid_scope`.
    OAuthInvalidScope => "oauth_invalid_scope", "a requested scope is not granted (invalid_scope)";
    /// Another OAuth error code (an extension); the code is kept in [`OAuthError::error`].
    OAuthOther => "oauth_other", "the token endpoint answered another OAuth error";
    /// The token endpoint failed without an OAuth error body (5xx, HTML, plain text).
    TokenEndpointError => "token_endpoint_error", "the token endpoint failed without an OAuth error";

    // --- API -------------------------------------------------------------------------------
    /// The API answered an RFC 9457 problem (see [`Error::problem`]).
    ApiProblem => "api_problem", "the API answered a problem (RFC 9457)";
    /// The API answered an error status without problem details (body excerpt kept).
    ApiError => "api_error", "the API answered an error without problem details";
    /// A success response's body is not what was expected (JSON that does not parse, …).
    ResponseMalformed => "response_malformed", "a response body is not what its headers promise";
    /// A `201`/`202` without a usable `Location` header.
    LocationMissing => "location_missing", "the response has no usable Location header";
    /// A `Retry-After` value is neither delta-seconds nor an HTTP-date.
    RetryAfterInvalid => "retry_after_invalid", "Retry-After is neither seconds nor an HTTP-date";
    /// The host reported a transport failure (timeout, connection refused, TLS).
    TransportError => "transport_error", "the request did not reach the server or got no answer";
    /// An asynchronous result (polled after `201`/`202`) was not ready before the deadline.
    PollTimeout => "poll_timeout", "an asynchronous result was not ready before the deadline";

    // --- identifiers and values ------------------------------------------------------------
    /// Not an SSIN (INSZ/NISS): wrong length, characters or check digits.
    SsinInvalid => "ssin_invalid", "not a valid SSIN (INSZ/NISS)";
    /// Not a CBE (KBO/BCE) enterprise number.
    EnterpriseNumberInvalid => "enterprise_number_invalid", "not a valid CBE enterprise number";
    /// Not an NSSO (RSZ/ONSS) employer number.
    NssoNumberInvalid => "nsso_number_invalid", "not a valid NSSO employer number";
    /// Not a `yyyy-MM-dd` calendar date.
    DateInvalid => "date_invalid", "not a valid yyyy-MM-dd date";
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A failure, with its stable [`ErrorCode`] and a message for people.
///
/// Errors that come from an HTTP answer also carry the status, the server's trace id, an
/// advised `Retry-After` and, when the body had one, the OAuth error or the problem details.
#[derive(Clone, PartialEq)]
pub struct Error {
    code: ErrorCode,
    message: String,
    http: Option<Box<HttpContext>>,
    transport: Option<TransportErrorKind>,
}

/// What an HTTP answer told about a failure.
///
/// `Debug` shows the problem's extension member *names* only: their values come from the
/// server and may echo anything, credentials included.
#[derive(Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct HttpContext {
    /// HTTP status code.
    pub status: u16,
    /// Seconds to wait before retrying, from `Retry-After` or the problem's `retryAfterSec`.
    pub retry_after: Option<u64>,
    /// The response's `BelGov-Trace-Id`, for the service desk.
    pub trace_id: Option<String>,
    /// RFC 6749 §5.2 error, when the body was one.
    pub oauth: Option<OAuthError>,
    /// RFC 9457 problem details, when the body was one.
    pub problem: Option<Problem>,
    /// A short, secret-free excerpt of an unexpected body (HTML, plain text).
    pub excerpt: Option<String>,
}

impl fmt::Debug for HttpContext {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let problem = self.problem.as_ref().map(|p| {
            format!(
                "Problem {{ type: {:?}, status: {:?}, title: {:?}, detail: {:?}, instance: {:?}, issues: {}, extensions: {:?} }}",
                p.problem_type,
                p.status,
                p.title,
                p.detail,
                p.instance,
                p.issues.len(),
                p.extensions.keys().collect::<Vec<_>>()
            )
        });
        f.debug_struct("HttpContext")
            .field("status", &self.status)
            .field("retry_after", &self.retry_after)
            .field("trace_id", &self.trace_id)
            .field("oauth", &self.oauth)
            .field("problem", &format_args!("{}", problem.as_deref().unwrap_or("None")))
            .field("excerpt", &self.excerpt)
            .finish()
    }
}

impl Error {
    /// An error with a code and a message (the message must not contain secrets).
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Error {
        Error { code, message: message.into(), http: None, transport: None }
    }

    /// Records how the transport failed (for [`ErrorCode::TransportError`]).
    #[must_use]
    pub fn with_transport(mut self, kind: TransportErrorKind) -> Error {
        self.transport = Some(kind);
        self
    }

    /// How the transport failed, for [`ErrorCode::TransportError`] raised with a kind.
    pub fn transport(&self) -> Option<TransportErrorKind> {
        self.transport
    }

    /// Attaches what the HTTP answer told.
    #[must_use]
    pub fn with_http(mut self, http: HttpContext) -> Error {
        self.http = Some(Box::new(http));
        self
    }

    /// The stable code.
    pub fn code(&self) -> ErrorCode {
        self.code
    }

    /// The message for people (never contains a secret).
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The HTTP context, when the error came from a response.
    pub fn http(&self) -> Option<&HttpContext> {
        self.http.as_deref()
    }

    /// The HTTP status, when the error came from a response.
    pub fn status(&self) -> Option<u16> {
        self.http.as_ref().map(|h| h.status)
    }

    /// The OAuth error body, when the token endpoint sent one.
    pub fn oauth(&self) -> Option<&OAuthError> {
        self.http.as_ref().and_then(|h| h.oauth.as_ref())
    }

    /// The problem details, when the server sent them.
    pub fn problem(&self) -> Option<&Problem> {
        self.http.as_ref().and_then(|h| h.problem.as_ref())
    }

    /// Seconds the server asked us to wait, if it did.
    pub fn retry_after(&self) -> Option<u64> {
        self.http.as_ref().and_then(|h| h.retry_after)
    }

    /// The server's `BelGov-Trace-Id`, if it sent one.
    pub fn trace_id(&self) -> Option<&str> {
        self.http.as_ref().and_then(|h| h.trace_id.as_deref())
    }

    /// Whether the same request may succeed later. The one rule every part of the library
    /// uses (the token manager's back-off, the API retry advice, the `retryable` flag every
    /// binding shows):
    ///
    /// - transport failures, except TLS (a certificate or proxy problem does not fix itself);
    /// - answers 408, 425, 429, 500, 502, 503 and 504 (RFC 9110 §15: the request may succeed
    ///   later). A 500 counts: a token endpoint's 500 is usually a passing fault. The API
    ///   retry advice still repeats a 500 only when [`crate::RetryPolicy::retry_internal_error`]
    ///   says so, because an API's 500 usually repeats;
    /// - the OAuth codes `temporarily_unavailable` and `slow_down`.
    ///
    /// Everything else is not: client errors, `invalid_client` and the other RFC 6749 codes,
    /// malformed answers, bad input.
    pub fn is_retryable(&self) -> bool {
        let retryable_status =
            matches!(self.status(), Some(408 | 425 | 429 | 500 | 502 | 503 | 504));
        match self.code {
            ErrorCode::TransportError => self.transport != Some(TransportErrorKind::Tls),
            ErrorCode::OAuthOther => {
                let soft = self.oauth().is_some_and(|o| {
                    matches!(o.error.as_str(), "temporarily_unavailable" | "slow_down")
                });
                soft || retryable_status
            }
            ErrorCode::TokenEndpointError | ErrorCode::ApiProblem | ErrorCode::ApiError => {
                retryable_status
            }
            _ => false,
        }
    }

    /// The error as plain data for the bindings: every binding raises its exception from this
    /// one shape, so the same failure carries the same fields in every language.
    pub fn payload(&self) -> ErrorPayload<'_> {
        let http = self.http.as_deref();
        ErrorPayload {
            code: self.code.as_str(),
            message: &self.message,
            retryable: self.is_retryable(),
            status: http.map(|h| h.status),
            retry_after_ms: http
                .and_then(|h| h.retry_after)
                .map(|s| s.saturating_mul(1000).min(crate::wire::MAX_SAFE_INTEGER)),
            trace_id: http.and_then(|h| h.trace_id.as_deref()),
            transport: self.transport.map(TransportErrorKind::as_str),
            oauth: http.and_then(|h| h.oauth.as_ref()),
            problem: http.and_then(|h| h.problem.as_ref()),
            excerpt: http.and_then(|h| h.excerpt.as_deref()),
        }
    }
}

/// [`Error`] as plain data: what every binding's exception carries (Python attributes,
/// JavaScript properties, Kotlin fields), under the same names. Absent members are left out.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[non_exhaustive]
pub struct ErrorPayload<'a> {
    /// The stable code ([`ErrorCode::as_str`]).
    pub code: &'static str,
    /// The message for people (never a secret).
    pub message: &'a str,
    /// [`Error::is_retryable`].
    pub retryable: bool,
    /// HTTP status, when the error came from a response.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// How long the server asked to wait, in milliseconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retry_after_ms: Option<u64>,
    /// The server's `BelGov-Trace-Id`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trace_id: Option<&'a str>,
    /// How the transport failed (`timeout`, `dns`, `refused`, `connect`, `tls`, `other`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transport: Option<&'static str>,
    /// The RFC 6749 §5.2 error body.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub oauth: Option<&'a OAuthError>,
    /// The RFC 9457 problem details.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub problem: Option<&'a Problem>,
    /// A short, secret-free excerpt of an unexpected body.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub excerpt: Option<&'a str>,
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("Error");
        d.field("code", &self.code.as_str()).field("message", &self.message);
        if let Some(http) = &self.http {
            d.field("http", http);
        }
        if let Some(kind) = self.transport {
            d.field("transport", &kind.as_str());
        }
        d.finish()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code.as_str(), self.message)
    }
}

impl std::error::Error for Error {}

/// The core's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl OAuthError {
    /// The typed code for this OAuth error.
    pub fn code(&self) -> ErrorCode {
        match self.error.as_str() {
            "invalid_request" => ErrorCode::OAuthInvalidRequest,
            "invalid_client" => ErrorCode::OAuthInvalidClient,
            "invalid_grant" => ErrorCode::OAuthInvalidGrant,
            "unauthorized_client" => ErrorCode::OAuthUnauthorizedClient,
            "unsupported_grant_type" => ErrorCode::OAuthUnsupportedGrantType,
            "invalid_scope" => ErrorCode::OAuthInvalidScope,
            _ => ErrorCode::OAuthOther,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_snake_case_and_round_trip() {
        let mut seen = std::collections::BTreeSet::new();
        for code in ErrorCode::ALL {
            let s = code.as_str();
            assert!(seen.insert(s), "duplicate code {s}");
            assert!(s.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'), "{s}");
            assert_eq!(ErrorCode::from_code(s), Some(*code));
            assert!(!code.meaning().is_empty());
        }
        assert_eq!(ErrorCode::from_code("no_such_code"), None);
    }

    #[test]
    fn retryable_follows_status() {
        let e = Error::new(ErrorCode::ApiProblem, "x")
            .with_http(HttpContext { status: 503, ..HttpContext::default() });
        assert!(e.is_retryable());
        let e = Error::new(ErrorCode::ApiProblem, "x")
            .with_http(HttpContext { status: 400, ..HttpContext::default() });
        assert!(!e.is_retryable());
        assert!(!Error::new(ErrorCode::OAuthInvalidClient, "x").is_retryable());
    }
}
