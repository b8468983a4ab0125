//! API requests as plain data: [`ApiRequest`] describes the call, [`ApiRequest::build`] turns it
//! into the [`HttpRequest`] the host sends.

use serde_json::Value;

use crate::error::{Error, ErrorCode, Result};
use crate::http::{HttpRequest, Method};
use crate::url::{quote, BaseUrl};

/// The longest `BelGov-Trace-Id` the Belgif REST guide allows (rule `trc-header`).
pub const TRACE_ID_MAX_LEN: usize = 36;

/// The trace header of the Belgian government REST guide.
pub const TRACE_ID_HEADER: &str = "BelGov-Trace-Id";

/// What `Accept` says by default: success JSON and RFC 9457 problems.
pub const ACCEPT_JSON: &str = "application/json, application/problem+json";

/// An API call, described as data (method, path, query, JSON body, extra headers).
///
/// The path is relative to the API base URL given to [`ApiRequest::build`]:
///
/// - `"trainings"`, `"/trainings"` and `"trainings/123"` all land under the base; a `?query`
///   part is kept (invalid characters in it are percent-encoded);
/// - each `/`-separated segment is sent as given when it is already valid (RFC 3986 `pchar`s
///   and well-formed `%XX`), else percent-encoded as a whole;
/// - refused with [`ErrorCode::PathInvalid`]: `.` and `..` segments (also percent-encoded, even
///   twice), `//`, a scheme or host, backslashes, control characters (also encoded), fragments;
/// - an absolute URL is accepted only under the base URL (same scheme, host and port, path
///   below the base path): that is how `next` and `Location` links are followed.
///
/// Untrusted values (an SSIN, an id typed by a user) belong in [`ApiRequest::segments`]: each is
/// percent-encoded entirely, `/` included, and appended after the path.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct ApiRequest {
    /// The method.
    pub method: Method,
    /// The path relative to the base URL (or an absolute URL under it).
    pub path: String,
    /// Extra path segments, each percent-encoded entirely and appended to `path`.
    pub segments: Vec<String>,
    /// Query parameters, percent-encoded, in this order.
    pub query: Vec<(String, String)>,
    /// The JSON body, as text (checked to be JSON when built).
    pub body: Option<String>,
    /// Extra headers. `Accept` and `Content-Type` replace the defaults; `Authorization`,
    /// `BelGov-Trace-Id`, `Host`, `Content-Length`, `Transfer-Encoding` and `Connection` are
    /// refused.
    pub headers: Vec<(String, String)>,
    /// Overrides whether the request may be repeated safely (RFC 9110 §9.2.2): set it to
    /// `true` for a `POST` the API documents as idempotent, so retries are allowed.
    pub idempotent: Option<bool>,
}

impl ApiRequest {
    /// A request with no query, body or extra headers.
    pub fn new(method: Method, path: impl Into<String>) -> ApiRequest {
        ApiRequest {
            method,
            path: path.into(),
            segments: Vec::new(),
            query: Vec::new(),
            body: None,
            headers: Vec::new(),
            idempotent: None,
        }
    }

    /// A `GET`.
    pub fn get(path: impl Into<String>) -> ApiRequest {
        ApiRequest::new(Method::Get, path)
    }

    /// A `POST`.
    pub fn post(path: impl Into<String>) -> ApiRequest {
        ApiRequest::new(Method::Post, path)
    }

    /// A `PUT`.
    pub fn put(path: impl Into<String>) -> ApiRequest {
        ApiRequest::new(Method::Put, path)
    }

    /// A `PATCH`.
    pub fn patch(path: impl Into<String>) -> ApiRequest {
        ApiRequest::new(Method::Patch, path)
    }

    /// A `DELETE`.
    pub fn delete(path: impl Into<String>) -> ApiRequest {
        ApiRequest::new(Method::Delete, path)
    }

    /// Appends a path segment, percent-encoded entirely (`/` included).
    #[must_use]
    pub fn segment(mut self, segment: impl Into<String>) -> ApiRequest {
        self.segments.push(segment.into());
        self
    }

    /// Appends a query parameter.
    #[must_use]
    pub fn query(mut self, name: impl Into<String>, value: impl Into<String>) -> ApiRequest {
        self.query.push((name.into(), value.into()));
        self
    }

    /// Sets the JSON body from a value.
    #[must_use]
    pub fn json(mut self, body: &Value) -> ApiRequest {
        self.body = Some(body.to_string());
        self
    }

    /// Sets the JSON body from text, sent byte for byte.
    ///
    /// Errors: [`ErrorCode::JsonInvalid`] when the text is not JSON.
    pub fn json_text(mut self, body: impl Into<String>) -> Result<ApiRequest> {
        let body = body.into();
        check_json(&body)?;
        self.body = Some(body);
        Ok(self)
    }

    /// Adds a header (checked when built).
    #[must_use]
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> ApiRequest {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Marks the request as safe (or unsafe) to repeat, overriding the method's default.
    #[must_use]
    pub fn idempotent(mut self, idempotent: bool) -> ApiRequest {
        self.idempotent = Some(idempotent);
        self
    }

    /// Whether the request may be repeated: the override if set, else RFC 9110 §9.2.2 (every
    /// method but `POST` and `PATCH`).
    pub fn is_idempotent(&self) -> bool {
        self.idempotent.unwrap_or(self.method.is_idempotent())
    }

    /// The request to send, against the API base URL `base` ([`BaseUrl::parse`] it once, and
    /// build any number of requests on it), with `Authorization: Bearer` (RFC 6750 §2.1),
    /// `Accept`, `Content-Type` when there is a body, and `BelGov-Trace-Id` (a fresh one per
    /// request: [`crate::uuid_v4`]).
    ///
    /// Errors: [`ErrorCode::PathInvalid`] (path or segments), [`ErrorCode::HeaderInvalid`]
    /// (token, trace id or extra headers), [`ErrorCode::JsonInvalid`] (body),
    /// [`ErrorCode::InvalidArgument`] (empty token).
    pub fn build(&self, base: &BaseUrl, access_token: &str, trace_id: &str) -> Result<HttpRequest> {
        let url = base.join(&self.path, &self.segments, &self.query)?;
        check_access_token(access_token)?;
        check_trace_id(trace_id)?;
        if let Some(body) = &self.body {
            check_json(body)?;
        }
        for (name, value) in &self.headers {
            check_header(name, value)?;
        }
        let user = |name: &str| self.headers.iter().any(|(k, _)| k.eq_ignore_ascii_case(name));
        let mut headers = vec![("Authorization".to_owned(), format!("Bearer {access_token}"))];
        if !user("accept") {
            headers.push(("Accept".to_owned(), ACCEPT_JSON.to_owned()));
        }
        if self.body.is_some() && !user("content-type") {
            headers.push(("Content-Type".to_owned(), "application/json".to_owned()));
        }
        headers.push((TRACE_ID_HEADER.to_owned(), trace_id.to_owned()));
        headers.extend(self.headers.iter().cloned());
        Ok(HttpRequest { method: self.method, url, headers, body: self.body.clone() })
    }
}

/// Checks that a bearer token is an RFC 6750 §2.1 `b64token` (never echoing it).
pub(crate) fn check_access_token(token: &str) -> Result<()> {
    if token.is_empty() {
        return Err(Error::new(
            ErrorCode::InvalidArgument,
            "the access token is empty; get one from the token endpoint first",
        ));
    }
    let body = token.trim_end_matches('=');
    let ok = !body.is_empty()
        && body.bytes().all(|b| {
            b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'+' | b'/')
        });
    if ok {
        Ok(())
    } else {
        Err(Error::new(
            ErrorCode::HeaderInvalid,
            format!(
                "the access token ({} characters) holds characters a bearer token cannot \
                 have (RFC 6750 §2.1); pass the access_token value only, without \"Bearer \"",
                token.chars().count()
            ),
        ))
    }
}

/// Checks a `BelGov-Trace-Id`: 1 to 36 visible ASCII characters.
pub(crate) fn check_trace_id(trace_id: &str) -> Result<()> {
    if trace_id.is_empty()
        || trace_id.len() > TRACE_ID_MAX_LEN
        || !trace_id.bytes().all(|b| b.is_ascii_graphic())
    {
        return Err(Error::new(
            ErrorCode::HeaderInvalid,
            format!(
                "the trace id {} must be 1 to {TRACE_ID_MAX_LEN} visible ASCII characters \
                 (Belgif rule trc-header); use a UUIDv4",
                quote(trace_id)
            ),
        ));
    }
    Ok(())
}

/// Checks an extra header: an RFC 9110 §5.6.2 token name, a value without CR, LF, NUL or other
/// control characters (HTAB aside), and not one the core or the host's client sets.
pub(crate) fn check_header(name: &str, value: &str) -> Result<()> {
    let token_char = |b: u8| {
        b.is_ascii_alphanumeric()
            || matches!(
                b,
                b'!' | b'#'
                    | b'$'
                    | b'%'
                    | b'&'
                    | b'\''
                    | b'*'
                    | b'+'
                    | b'-'
                    | b'.'
                    | b'^'
                    | b'_'
                    | b'`'
                    | b'|'
                    | b'~'
            )
    };
    if name.is_empty() || !name.bytes().all(token_char) {
        return Err(Error::new(
            ErrorCode::HeaderInvalid,
            format!("the header name {} is not an HTTP token (RFC 9110 §5.6.2)", quote(name)),
        ));
    }
    const RESERVED: [&str; 6] = [
        "authorization",
        "belgov-trace-id",
        "host",
        "content-length",
        "transfer-encoding",
        "connection",
    ];
    if RESERVED.iter().any(|r| name.eq_ignore_ascii_case(r)) {
        return Err(Error::new(
            ErrorCode::HeaderInvalid,
            format!(
                "the header {name} is set by the client itself and cannot be overridden \
                 (pass the access token and trace id to build())"
            ),
        ));
    }
    if value.bytes().any(|b| (b < b' ' && b != b'\t') || b == 0x7f) {
        return Err(Error::new(
            ErrorCode::HeaderInvalid,
            format!("the value of header {name} contains CR, LF, NUL or another control character"),
        ));
    }
    Ok(())
}

/// Checks that text is one JSON document.
fn check_json(text: &str) -> Result<()> {
    serde_json::from_str::<serde::de::IgnoredAny>(text).map(|_| ()).map_err(|e| {
        Error::new(
            ErrorCode::JsonInvalid,
            format!(
                "the request body is not valid JSON: {e} (line {}, column {})",
                e.line(),
                e.column()
            ),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "https://services.socialsecurity.be/REST/federalLearningAccount/v1";
    const TRACE: &str = "6f1d3c1e-0000-4000-8000-000000000000";

    #[test]
    fn token_check_does_not_echo_the_token() {
        let e = check_access_token("abc def-secret").unwrap_err();
        assert_eq!(e.code(), ErrorCode::HeaderInvalid);
        assert!(!e.message().contains("secret"), "{}", e.message());
        assert!(check_access_token("abc.DEF_ghi-~+/==").is_ok());
        assert_eq!(check_access_token("").unwrap_err().code(), ErrorCode::InvalidArgument);
        assert!(check_access_token("===").is_err());
    }

    #[test]
    fn headers_are_ordered_and_defaults_replaceable() {
        let r = ApiRequest::post("x")
            .json(&serde_json::json!({"a": 1}))
            .header("Accept", "application/pdf")
            .build(&BaseUrl::parse(BASE).unwrap(), "tok", TRACE)
            .unwrap();
        let names: Vec<&str> = r.headers.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(names, ["Authorization", "Content-Type", "BelGov-Trace-Id", "Accept"]);
        assert_eq!(r.header("accept"), Some("application/pdf"));
        assert_eq!(r.body.as_deref(), Some(r#"{"a":1}"#));
    }

    #[test]
    fn body_text_is_checked_at_build_too() {
        let mut r = ApiRequest::post("x");
        r.body = Some("{oops".into());
        assert_eq!(
            r.build(&BaseUrl::parse(BASE).unwrap(), "t", TRACE).unwrap_err().code(),
            ErrorCode::JsonInvalid
        );
    }
}
