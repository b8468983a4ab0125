//! HTTP messages as plain data: the core builds [`HttpRequest`]s and reads [`HttpResponse`]s; the
//! host sends the bytes with the client it already uses.
//!
//! ```
//! use careerpro_fla::HttpResponse;
//! let r = HttpResponse::new(200, vec![("Content-Type".into(), "application/json".into())], b"{}".to_vec());
//! assert_eq!(r.header("content-type"), Some("application/json"));
//! assert_eq!(r.media_type().as_deref(), Some("application/json"));
//! ```

use std::fmt;

/// An HTTP method.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Method {
    /// GET
    Get,
    /// POST
    Post,
    /// PUT
    Put,
    /// PATCH
    Patch,
    /// DELETE
    Delete,
    /// HEAD
    Head,
}

impl Method {
    /// The method as sent on the wire.
    pub const fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
            Method::Head => "HEAD",
        }
    }

    /// Parses a method name, case-insensitively.
    pub fn parse(s: &str) -> Option<Method> {
        Some(match s.to_ascii_uppercase().as_str() {
            "GET" => Method::Get,
            "POST" => Method::Post,
            "PUT" => Method::Put,
            "PATCH" => Method::Patch,
            "DELETE" => Method::Delete,
            "HEAD" => Method::Head,
            _ => return None,
        })
    }

    /// RFC 9110 §9.2.2: repeating the request has the same effect as sending it once.
    pub const fn is_idempotent(self) -> bool {
        !matches!(self, Method::Post | Method::Patch)
    }
}

impl serde::Serialize for Method {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for Method {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Method, D::Error> {
        let name = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Method::parse(&name).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "unknown HTTP method {name:?}; use GET, POST, PUT, PATCH, DELETE or HEAD"
            ))
        })
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A request for the host to send, exactly as given.
///
/// `Debug` redacts the `Authorization` header and any `client_assertion` in the body, so a
/// request can be logged without leaking credentials. Serialised (for the bindings) it is
/// `{"method", "url", "headers": [[name, value], …], "body"?}`: the host must send it, so it
/// crosses whole.
#[derive(Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HttpRequest {
    /// The method.
    pub method: Method,
    /// The absolute URL, query included.
    pub url: String,
    /// Headers in the order to send them.
    pub headers: Vec<(String, String)>,
    /// The body, if any (UTF-8: JSON or form data).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
}

impl HttpRequest {
    /// The first value of a header, matched case-insensitively.
    pub fn header(&self, name: &str) -> Option<&str> {
        header_value(&self.headers, name)
    }
}

impl fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(&str, String)> =
            self.headers.iter().map(|(k, v)| (k.as_str(), redact_header(k, v))).collect();
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &headers)
            .field("body", &self.body.as_deref().map(redact_body))
            .finish()
    }
}

/// A response as the host received it.
#[derive(Clone, PartialEq, Eq)]
pub struct HttpResponse {
    /// The status code.
    pub status: u16,
    /// Headers as received (names in any case; repeated names allowed).
    pub headers: Vec<(String, String)>,
    /// The body bytes.
    pub body: Vec<u8>,
}

impl HttpResponse {
    /// A response from its parts.
    pub fn new(status: u16, headers: Vec<(String, String)>, body: Vec<u8>) -> HttpResponse {
        HttpResponse { status, headers, body }
    }

    /// The first value of a header, matched case-insensitively.
    pub fn header(&self, name: &str) -> Option<&str> {
        header_value(&self.headers, name)
    }

    /// The media type of `Content-Type`, lowercased, without parameters.
    pub fn media_type(&self) -> Option<String> {
        self.header("content-type")
            .and_then(|v| v.split(';').next())
            .map(|v| v.trim().to_ascii_lowercase())
            .filter(|v| !v.is_empty())
    }
}

impl fmt::Debug for HttpResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Token responses carry bearer tokens: never print bodies, only their size.
        f.debug_struct("HttpResponse")
            .field("status", &self.status)
            .field("headers", &self.headers)
            .field("body", &format_args!("[{} bytes]", self.body.len()))
            .finish()
    }
}

/// How long a host waits on the network, in milliseconds: the same defaults in every
/// language, so that an unreachable host fails as fast from Node as from Python.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
pub struct TransportSettings {
    /// Longest wait for a TCP + TLS connection (default 10 s: a reachable platform answers
    /// in well under a second; an unreachable host should fail fast, not after the OS's
    /// minutes-long default).
    pub connect_timeout_ms: u64,
    /// Longest wait for a whole request, answer included (default 30 s).
    pub timeout_ms: u64,
    /// Longest a caller waits for another caller's token fetch or the token manager's back-off
    /// before raising the last token error (default 30 s).
    pub token_wait_ms: u64,
}

impl Default for TransportSettings {
    fn default() -> TransportSettings {
        TransportSettings { connect_timeout_ms: 10_000, timeout_ms: 30_000, token_wait_ms: 30_000 }
    }
}

/// The first value of `name` in `headers`, matched case-insensitively.
pub(crate) fn header_value<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
}

/// `application/x-www-form-urlencoded` serialisation (WHATWG URL §5.2), UTF-8.
pub(crate) fn form_urlencode(pairs: &[(&str, &str)]) -> String {
    let mut out = String::new();
    for (i, (k, v)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        form_encode_into(&mut out, k);
        out.push('=');
        form_encode_into(&mut out, v);
    }
    out
}

fn form_encode_into(out: &mut String, s: &str) {
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'*' | b'-' | b'.' | b'_' => {
                out.push(char::from(b))
            }
            b' ' => out.push('+'),
            _ => push_percent(out, b),
        }
    }
}

/// Percent-encodes everything but RFC 3986 unreserved characters (for path segments and query
/// components).
pub(crate) fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                out.push(char::from(b))
            }
            _ => push_percent(&mut out, b),
        }
    }
    out
}

fn push_percent(out: &mut String, b: u8) {
    out.push('%');
    out.push(hex_digit(b >> 4));
    out.push(hex_digit(b & 0x0f));
}

/// The uppercase hex digit of a nibble (values above 15 are masked).
fn hex_digit(nibble: u8) -> char {
    let n = nibble & 0x0f;
    char::from(if n < 10 { b'0' + n } else { b'A' + n - 10 })
}

/// The value of a header as it may be shown to people: credentials replaced by `[redacted]`.
pub(crate) fn redact_header(name: &str, value: &str) -> String {
    if name.eq_ignore_ascii_case("authorization") {
        match value.split_once(' ') {
            Some((scheme, _)) => format!("{scheme} [redacted]"),
            None => "[redacted]".to_owned(),
        }
    } else {
        value.to_owned()
    }
}

/// A form body as it may be shown to people: `client_assertion` and `client_secret` values
/// replaced by `[redacted]`. Non-form bodies are returned as they are.
pub(crate) fn redact_body(body: &str) -> String {
    if !body.contains("client_assertion=") && !body.contains("client_secret=") {
        return body.to_owned();
    }
    body.split('&')
        .map(|pair| match pair.split_once('=') {
            Some((k @ ("client_assertion" | "client_secret"), _)) => format!("{k}=[redacted]"),
            _ => pair.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("&")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;

    #[test]
    fn debug_redacts_credentials() {
        let r = HttpRequest {
            method: Method::Post,
            url: "https://x/token".into(),
            headers: vec![("Authorization".into(), "Bearer secret-token".into())],
            body: Some("grant_type=client_credentials&client_assertion=eyJsecret".into()),
        };
        let s = format!("{r:?}");
        assert!(!s.contains("secret"), "{s}");
        assert!(s.contains("Bearer [redacted]"));
        assert!(s.contains("client_assertion=[redacted]"));
    }

    #[test]
    fn percent_encoding() {
        assert_eq!(percent_encode("a b/é~"), "a%20b%2F%C3%A9~");
        assert_eq!(form_urlencode(&[("k", "a+b=c&d")]), "k=a%2Bb%3Dc%26d");
    }

    #[test]
    fn url_checks() {
        for ok in [
            "https://services.socialsecurity.be/REST/oauth/v5/token",
            "http://127.0.0.1:8080/x",
            "http://localhost/x",
            "http://[::1]:1/x",
            "HTTPS://H",
        ] {
            assert!(crate::url::check_url(ok, "t").is_ok(), "{ok}");
        }
        for bad in [
            "",
            "services.socialsecurity.be/x",
            "http://example.com/x",
            "ftp://h/x",
            "https:///x",
            "https://u:p@h/x",
            "https://h/x#f",
            "https://h/a b",
            "https://h\\x",
        ] {
            assert_eq!(
                crate::url::check_url(bad, "t").unwrap_err().code(),
                ErrorCode::UrlInvalid,
                "{bad}"
            );
        }
    }

    #[test]
    fn method_idempotence() {
        assert!(Method::Get.is_idempotent());
        assert!(Method::Put.is_idempotent());
        assert!(Method::Delete.is_idempotent());
        assert!(!Method::Post.is_idempotent());
        assert_eq!(Method::parse("patch"), Some(Method::Patch));
    }
}
