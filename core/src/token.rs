//! The token endpoint (RFC 6749 §4.4 client credentials, authenticated by an RFC 7523 client
//! assertion): the request as data, the response parsed into an [`AccessToken`] or a typed
//! error.
//!
//! ```
//! use careerpro_fla::{token_request, parse_token_response};
//! use careerpro_fla::{HttpResponse, UnixTime};
//!
//! let req = token_request("https://services.socialsecurity.be/REST/oauth/v5/token", "eyJ.x.y", Some("a b")).unwrap();
//! assert_eq!(req.body.as_deref(), Some(
//!     "grant_type=client_credentials&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer&client_assertion=eyJ.x.y&scope=a+b"));
//!
//! let resp = HttpResponse::new(200, vec![], br#"{"access_token":"t0k","token_type":"Bearer","expires_in":600}"#.to_vec());
//! let token = parse_token_response(&resp, UnixTime::from_secs(1_000)).unwrap();
//! assert_eq!(token.expires_at(), Some(UnixTime::from_secs(1_600)));
//! assert_eq!(format!("{token:?}"), "AccessToken(Bearer, [redacted], expires_at: Some(UnixTime(1600000)), scope: None)");
//! ```

use std::fmt;

use serde_json::Value;
use zeroize::Zeroizing;

use crate::error::{Error, ErrorCode, HttpContext, Result};
use crate::http::{form_urlencode, HttpRequest, HttpResponse, Method};
use crate::problem::Problem;
use crate::time::UnixTime;

/// RFC 6749 §4.4.2 `grant_type`.
pub const GRANT_TYPE: &str = "client_credentials";
/// RFC 7523 §2.2 `client_assertion_type`.
pub const CLIENT_ASSERTION_TYPE: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
/// Largest token response body read (a bearer token answer is a few kilobytes at most).
pub(crate) const MAX_TOKEN_RESPONSE_LEN: usize = 256 * 1024;

/// Builds the token request: a form-encoded `POST` to `token_url` (PLATFORM.md §4).
///
/// `scope` is sent as given (space-separated scopes); `None` lets the platform grant the
/// client's default scopes.
pub fn token_request(token_url: &str, assertion: &str, scope: Option<&str>) -> Result<HttpRequest> {
    crate::url::check_url(token_url, "token endpoint")?;
    if assertion.is_empty() {
        return Err(Error::new(ErrorCode::InvalidArgument, "the client assertion is empty"));
    }
    let mut pairs = vec![
        ("grant_type", GRANT_TYPE),
        ("client_assertion_type", CLIENT_ASSERTION_TYPE),
        ("client_assertion", assertion),
    ];
    if let Some(scope) = scope.map(str::trim).filter(|s| !s.is_empty()) {
        pairs.push(("scope", scope));
    }
    Ok(HttpRequest {
        method: Method::Post,
        url: token_url.to_owned(),
        headers: vec![
            ("Content-Type".to_owned(), "application/x-www-form-urlencoded".to_owned()),
            ("Accept".to_owned(), "application/json".to_owned()),
        ],
        body: Some(form_urlencode(&pairs)),
    })
}

/// A bearer access token (RFC 6750). The value never appears in `Debug` or `Display`.
#[derive(Clone, PartialEq, Eq)]
pub struct AccessToken {
    value: Zeroizing<String>,
    token_type: String,
    issued_at: i64,
    expires_in: Option<u64>,
    scope: Option<String>,
}

impl AccessToken {
    /// A token from its parts (for hosts that obtained one elsewhere, and for tests).
    pub fn new(
        value: impl Into<String>,
        issued_at: UnixTime,
        expires_in: Option<u64>,
        scope: Option<String>,
    ) -> AccessToken {
        AccessToken {
            value: Zeroizing::new(value.into()),
            token_type: "Bearer".to_owned(),
            issued_at: issued_at.as_secs(),
            expires_in,
            scope,
        }
    }

    /// The token itself, for the `Authorization` header. Handle with care.
    pub fn secret(&self) -> &str {
        &self.value
    }

    /// `Bearer` (the only type accepted).
    pub fn token_type(&self) -> &str {
        &self.token_type
    }

    /// The `now` at which the response was parsed (to the second).
    pub fn issued_at(&self) -> UnixTime {
        UnixTime::from_secs(self.issued_at)
    }

    /// `expires_in` as the server sent it.
    pub fn expires_in(&self) -> Option<u64> {
        self.expires_in
    }

    /// Absolute expiry (host clock): `issued_at + expires_in`.
    pub fn expires_at(&self) -> Option<UnixTime> {
        self.expires_in.map(|s| {
            UnixTime::from_secs(self.issued_at.saturating_add(i64::try_from(s).unwrap_or(i64::MAX)))
        })
    }

    /// Whether the token has expired at `now` (a token without `expires_in` never does here;
    /// the token manager gives it a configured lifetime).
    pub fn is_expired(&self, now: UnixTime) -> bool {
        self.expires_at().is_some_and(|at| now >= at)
    }

    /// The granted scopes, if the server listed them.
    pub fn scope(&self) -> Option<&str> {
        self.scope.as_deref()
    }

    /// The `Authorization` header value: `Bearer <token>`.
    pub fn authorization(&self) -> String {
        format!("Bearer {}", self.secret())
    }
}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "AccessToken({}, [redacted], expires_at: {:?}, scope: {:?})",
            self.token_type,
            self.expires_at(),
            self.scope
        )
    }
}

pub(crate) use crate::oauth::OAuthError;

/// Parses the token endpoint's answer, at `now` (Unix seconds, host clock).
///
/// 2xx: RFC 6749 §5.1 JSON with a `Bearer` token. Anything else becomes a typed [`Error`]: the
/// RFC 6749 §5.2 code when the body is an OAuth error, else [`ErrorCode::TokenEndpointError`]
/// with the problem details or a short excerpt; the status, `Retry-After` and
/// `BelGov-Trace-Id` are kept in [`Error::http`].
pub fn parse_token_response(response: &HttpResponse, now: UnixTime) -> Result<AccessToken> {
    let now = now.as_secs();
    if (200..300).contains(&response.status) {
        parse_success(response, now)
    } else {
        Err(token_error(response, now))
    }
}

fn parse_success(response: &HttpResponse, now: i64) -> Result<AccessToken> {
    let malformed = |what: &str| {
        Error::new(ErrorCode::TokenResponseMalformed, format!("the token response {what}"))
    };
    if response.body.len() > MAX_TOKEN_RESPONSE_LEN {
        return Err(malformed("is too large to be a token response"));
    }
    let json: Value = serde_json::from_slice(&response.body)
        .map_err(|_| malformed("is not JSON (RFC 6749 §5.1 requires a JSON object)"))?;
    let obj = json.as_object().ok_or_else(|| malformed("is not a JSON object"))?;
    let value = match obj.get("access_token") {
        Some(Value::String(s)) if !s.is_empty() => Zeroizing::new(s.clone()),
        Some(_) => return Err(malformed("has an empty or non-string access_token")),
        None => return Err(malformed("has no access_token")),
    };
    match obj.get("token_type").and_then(Value::as_str) {
        Some(t) if t.eq_ignore_ascii_case("bearer") => {}
        Some(t) => {
            return Err(Error::new(
                ErrorCode::TokenTypeUnsupported,
                format!(
                    "the token type is {:?}; only Bearer (RFC 6750) is supported",
                    excerpt_str(t, 40)
                ),
            ))
        }
        None => return Err(malformed("has no token_type")),
    }
    // RFC 6749 says a number; some servers send a numeric string. Negative or fractional
    // values are treated as absent rather than trusted.
    let expires_in = match obj.get("expires_in") {
        None | Some(Value::Null) => None,
        Some(Value::Number(n)) => Some(
            n.as_u64().ok_or_else(|| malformed("has an expires_in that is not a whole number"))?,
        ),
        Some(Value::String(s)) => Some(
            s.trim()
                .parse::<u64>()
                .map_err(|_| malformed("has an expires_in that is not a number"))?,
        ),
        Some(_) => return Err(malformed("has an expires_in that is not a number")),
    };
    let scope = obj.get("scope").and_then(Value::as_str).map(str::to_owned);
    Ok(AccessToken { value, token_type: "Bearer".to_owned(), issued_at: now, expires_in, scope })
}

fn token_error(response: &HttpResponse, now: i64) -> Error {
    let status = response.status;
    let mut http = HttpContext {
        status,
        retry_after: response.header("retry-after").and_then(|v| {
            crate::retry_after::retry_after_seconds(v, UnixTime::from_secs(now)).ok()
        }),
        trace_id: response.header("belgov-trace-id").map(|t| excerpt_str(t, 64)),
        ..HttpContext::default()
    };
    let json: Option<Value> = if response.body.len() <= MAX_TOKEN_RESPONSE_LEN {
        serde_json::from_slice(&response.body).ok()
    } else {
        None
    };
    if let Some(oauth) = json.as_ref().and_then(oauth_error) {
        let code = oauth.code();
        let message = oauth_message(&oauth, status);
        http.oauth = Some(oauth);
        return Error::new(code, message).with_http(http);
    }
    if let Some(problem) = Problem::from_response(response) {
        let message = format!(
            "the token endpoint answered HTTP {status} with problem {}{}",
            problem.problem_type,
            problem
                .detail
                .as_deref()
                .map(|d| format!(": {}", excerpt_str(d, 200)))
                .unwrap_or_default()
        );
        if http.retry_after.is_none() {
            http.retry_after = problem.retry_after_seconds(UnixTime::from_secs(now));
        }
        http.problem = Some(problem);
        return Error::new(ErrorCode::TokenEndpointError, message).with_http(http);
    }
    let excerpt = crate::api::excerpt(&response.body, response.media_type().as_deref());
    let message = match &excerpt {
        None => format!("the token endpoint answered HTTP {status} with an empty body"),
        Some(e) => format!("the token endpoint answered HTTP {status}: {e}"),
    };
    http.excerpt = excerpt;
    Error::new(ErrorCode::TokenEndpointError, message).with_http(http)
}

fn oauth_error(json: &Value) -> Option<OAuthError> {
    let obj = json.as_object()?;
    let error = obj.get("error")?.as_str()?.trim();
    if error.is_empty() {
        return None;
    }
    let text = |k: &str| obj.get(k).and_then(Value::as_str).map(|s| excerpt_str(s, 500));
    Some(OAuthError {
        error: excerpt_str(error, 100),
        error_description: text("error_description"),
        error_uri: text("error_uri"),
    })
}

fn oauth_message(oauth: &OAuthError, status: u16) -> String {
    let mut m = format!("the token endpoint refused the request (HTTP {status}, {})", oauth.error);
    if let Some(d) = &oauth.error_description {
        m.push_str(": ");
        m.push_str(d);
    }
    let hint = match oauth.code() {
        ErrorCode::OAuthInvalidClient => Some(
            "check the client id (Chaman's self_service_… id), that the certificate registered in \
             Chaman belongs to this key, that the audience is the token endpoint URL of the same \
             environment, and that the host clock is right",
        ),
        ErrorCode::OAuthInvalidScope => Some(
            "request only scopes of the quality the Chaman account was created for, or send no \
             scope to get the account's defaults",
        ),
        ErrorCode::OAuthUnauthorizedClient => Some(
            "the Chaman account may not use this grant or service: check its settings in Chaman",
        ),
        _ => None,
    };
    if let Some(h) = hint {
        m.push_str("; ");
        m.push_str(h);
    }
    m
}

/// At most `max` characters of `s`, control characters dropped.
fn excerpt_str(s: &str, max: usize) -> String {
    s.chars().filter(|c| !c.is_control()).take(max).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resp(status: u16, headers: &[(&str, &str)], body: &str) -> HttpResponse {
        HttpResponse::new(
            status,
            headers.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect(),
            body.as_bytes().to_vec(),
        )
    }

    #[test]
    fn success_variants() {
        let t = parse_token_response(
            &resp(
                200,
                &[],
                r#"{"access_token":"a","token_type":"bearer","expires_in":"60","scope":"s"}"#,
            ),
            UnixTime::from_secs(10),
        )
        .unwrap();
        assert_eq!(
            (t.secret(), t.expires_at(), t.scope()),
            ("a", Some(UnixTime::from_secs(70)), Some("s"))
        );
        assert!(!t.is_expired(UnixTime::from_secs(69)) && t.is_expired(UnixTime::from_secs(70)));
        let t = parse_token_response(
            &resp(200, &[], r#"{"access_token":"a","token_type":"Bearer"}"#),
            UnixTime::from_secs(10),
        )
        .unwrap();
        assert_eq!(t.expires_at(), None);
        assert_eq!(t.authorization(), "Bearer a");
    }

    #[test]
    fn malformed_successes() {
        for (body, code) in [
            ("", ErrorCode::TokenResponseMalformed),
            ("<html>", ErrorCode::TokenResponseMalformed),
            ("[]", ErrorCode::TokenResponseMalformed),
            (r#"{"token_type":"Bearer"}"#, ErrorCode::TokenResponseMalformed),
            (r#"{"access_token":"","token_type":"Bearer"}"#, ErrorCode::TokenResponseMalformed),
            (r#"{"access_token":"a"}"#, ErrorCode::TokenResponseMalformed),
            (
                r#"{"access_token":"a","token_type":"Bearer","expires_in":-5}"#,
                ErrorCode::TokenResponseMalformed,
            ),
            (
                r#"{"access_token":"a","token_type":"Bearer","expires_in":true}"#,
                ErrorCode::TokenResponseMalformed,
            ),
            (r#"{"access_token":"a","token_type":"DPoP"}"#, ErrorCode::TokenTypeUnsupported),
        ] {
            let e =
                parse_token_response(&resp(200, &[], body), UnixTime::from_secs(0)).unwrap_err();
            assert_eq!(e.code(), code, "{body}");
        }
    }

    #[test]
    fn oauth_errors_are_typed() {
        for (error, code) in [
            ("invalid_request", ErrorCode::OAuthInvalidRequest),
            ("invalid_client", ErrorCode::OAuthInvalidClient),
            ("invalid_grant", ErrorCode::OAuthInvalidGrant),
            ("unauthorized_client", ErrorCode::OAuthUnauthorizedClient),
            ("unsupported_grant_type", ErrorCode::OAuthUnsupportedGrantType),
            ("invalid_scope", ErrorCode::OAuthInvalidScope),
            ("slow_down", ErrorCode::OAuthOther),
        ] {
            let body = format!(r#"{{"error":"{error}","error_description":"why"}}"#);
            let e = parse_token_response(
                &resp(400, &[("BelGov-Trace-Id", "abc")], &body),
                UnixTime::from_secs(0),
            )
            .unwrap_err();
            assert_eq!(e.code(), code);
            assert_eq!(e.oauth().unwrap().error, error);
            assert_eq!(e.status(), Some(400));
            assert_eq!(e.trace_id(), Some("abc"));
            assert!(e.message().contains("why"));
            // RFC 8628 `slow_down` asks to come back later; the six RFC 6749 codes never do.
            assert_eq!(e.is_retryable(), error == "slow_down");
        }
    }

    #[test]
    fn non_oauth_errors_are_kept() {
        let e = parse_token_response(
            &resp(503, &[("Retry-After", "30")], "<html><body>Service Unavailable</body></html>"),
            UnixTime::from_secs(0),
        )
        .unwrap_err();
        assert_eq!(e.code(), ErrorCode::TokenEndpointError);
        assert_eq!(e.retry_after(), Some(30));
        assert!(e.is_retryable());
        assert!(e.message().contains("Service Unavailable"));

        let e = parse_token_response(
            &resp(
                429,
                &[("Content-Type", "application/problem+json")],
                r#"{"type":"urn:problem-type:belgif:tooManyRequests","status":429,"retryAfterSec":12}"#,
            ),
            UnixTime::from_secs(0),
        )
        .unwrap_err();
        assert_eq!(e.code(), ErrorCode::TokenEndpointError);
        assert_eq!(e.problem().unwrap().problem_type, "urn:problem-type:belgif:tooManyRequests");
        assert_eq!(e.retry_after(), Some(12));

        let e = parse_token_response(&resp(500, &[], ""), UnixTime::from_secs(0)).unwrap_err();
        assert!(e.message().contains("empty body"));
    }

    #[test]
    fn request_shape() {
        let r = token_request("https://h/REST/oauth/v5/token", "x.y.z", None).unwrap();
        assert_eq!(r.method, Method::Post);
        assert!(!r.body.as_deref().unwrap().contains("scope"));
        assert_eq!(
            token_request("ftp://h/token", "x", None).unwrap_err().code(),
            ErrorCode::UrlInvalid
        );
        assert_eq!(
            token_request("https://h/t", "", None).unwrap_err().code(),
            ErrorCode::InvalidArgument
        );
    }
}
