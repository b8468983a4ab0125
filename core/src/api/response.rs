//! API responses: success JSON and `Location`, or a typed error carrying what the server said.

use serde_json::Value;

use super::request::TRACE_ID_HEADER;
use crate::error::{Error, ErrorCode, HttpContext, Result};
use crate::http::{HttpResponse, Method};
use crate::problem::{Issue, Problem};
use crate::retry_after;
use crate::time::UnixTime;
use crate::url::resolve;

/// Error bodies are read up to this size; the rest is ignored (and the message says so).
pub(super) const MAX_ERROR_BODY: usize = 1 << 20;

/// The longest body excerpt kept in an error, in characters.
pub(super) const MAX_EXCERPT_CHARS: usize = 200;

/// How many issues an error message lists (all are in [`Problem::issues`]).
const MESSAGE_ISSUES: usize = 3;

/// A successful (2xx) API response.
#[derive(Clone, PartialEq)]
#[non_exhaustive]
pub struct ApiResponse {
    /// The status code.
    pub status: u16,
    /// The JSON body; `None` when the body is empty, the request was `HEAD`, or the media type
    /// is not JSON (then see [`ApiResponse::body`]).
    pub json: Option<Value>,
    /// `Location`, resolved against the request URL (RFC 3986 §5.2; RFC 9110 §10.2.2).
    pub location: Option<String>,
    /// The server's `BelGov-Trace-Id`.
    pub trace_id: Option<String>,
    /// The response headers, as received.
    pub headers: Vec<(String, String)>,
    /// The raw body (for non-JSON content such as a PDF or CSV export).
    pub body: Vec<u8>,
}

impl std::fmt::Debug for ApiResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Like `HttpResponse`: the body's size, not its bytes.
        f.debug_struct("ApiResponse")
            .field("status", &self.status)
            .field("json", &self.json)
            .field("location", &self.location)
            .field("trace_id", &self.trace_id)
            .field("headers", &self.headers)
            .field("body", &format_args!("[{} bytes]", self.body.len()))
            .finish()
    }
}

impl ApiResponse {
    /// The first value of a header, matched case-insensitively.
    pub fn header(&self, name: &str) -> Option<&str> {
        crate::http::header_value(&self.headers, name)
    }
}

/// Reads an API response: a 2xx becomes an [`ApiResponse`], anything else an [`Error`]
/// ([`error_from_response`]). `request_url` resolves a relative `Location`; `now` turns an
/// HTTP-date `Retry-After` into seconds.
///
/// Errors: [`ErrorCode::ResponseMalformed`] for a 2xx whose JSON media type holds invalid JSON;
/// [`ErrorCode::ApiProblem`] / [`ErrorCode::ApiError`] for error statuses.
pub fn parse_response(
    method: Method,
    request_url: &str,
    response: &HttpResponse,
    now: UnixTime,
) -> Result<ApiResponse> {
    let now = now.as_secs();
    let (mut parsed, json) = read_response::<Value>(method, request_url, response, now)?;
    parsed.json = json;
    Ok(parsed)
}

/// [`parse_response`] with the JSON body read as `J`: a [`Value`] for the Rust API, or only the
/// members a host needs beside the text it parses itself ([`PageSkim`], for the bridge). The
/// returned [`ApiResponse`] has no `json`; the second value is the body as `J` when the body is
/// JSON. Every rule (statuses, media types, malformed JSON, `Location`) is the same for both.
pub(crate) fn read_response<J: serde::de::DeserializeOwned>(
    method: Method,
    request_url: &str,
    response: &HttpResponse,
    now: i64,
) -> Result<(ApiResponse, Option<J>)> {
    if !(200..300).contains(&response.status) {
        return Err(error_from_response(response, UnixTime::from_secs(now)));
    }
    let trace_id = trace_id(response);
    let json = if method == Method::Head || response.body.is_empty() {
        None
    } else {
        let media = response.media_type();
        let declared_json =
            media.as_deref().is_some_and(|m| m == "application/json" || m.ends_with("+json"));
        match serde_json::from_slice::<J>(&response.body) {
            Ok(v) if declared_json || media.is_none() => Some(v),
            Ok(_) => None,
            Err(e) if declared_json => {
                let mut message = format!(
                    "HTTP {} {}: the body is declared as JSON but does not parse ({e}, {} bytes)",
                    response.status,
                    reason_phrase(response.status),
                    response.body.len()
                );
                push_trace(&mut message, trace_id.as_deref(), None);
                return Err(Error::new(ErrorCode::ResponseMalformed, message).with_http(
                    HttpContext {
                        status: response.status,
                        trace_id,
                        excerpt: excerpt(&response.body, response.media_type().as_deref()),
                        ..HttpContext::default()
                    },
                ));
            }
            Err(_) => None,
        }
    };
    let location = response
        .header("location")
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.bytes().any(|b| b < b' ' || b == 0x7f))
        .and_then(|l| resolve(request_url, l));
    let parsed = ApiResponse {
        status: response.status,
        json: None,
        location,
        trace_id,
        headers: response.headers.clone(),
        body: response.body.clone(),
    };
    Ok((parsed, json))
}

/// What the paging rules read from a JSON body — `next`, HAL `_links.next`, `total` — taken in
/// one pass that checks the whole text and builds nothing else (a tenth of the cost of a
/// [`Value`] tree for a page of items).
#[derive(Debug, Default)]
pub(crate) struct PageSkim {
    pub(crate) next: Option<Value>,
    pub(crate) hal_next: Option<Value>,
    pub(crate) total: Option<Value>,
}

impl<'de> serde::Deserialize<'de> for PageSkim {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<PageSkim, D::Error> {
        use serde::de::{IgnoredAny, MapAccess, SeqAccess, Visitor};

        struct Skim;
        impl<'de> Visitor<'de> for Skim {
            type Value = PageSkim;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_map<A: MapAccess<'de>>(
                self,
                mut map: A,
            ) -> std::result::Result<PageSkim, A::Error> {
                let mut skim = PageSkim::default();
                while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
                    match key.as_ref() {
                        "next" => skim.next = Some(map.next_value()?),
                        "total" => skim.total = Some(map.next_value()?),
                        // `_links` of another shape is not HAL: not a paging link.
                        "_links" => {
                            let links: Value = map.next_value()?;
                            skim.hal_next = links.get("next").cloned();
                        }
                        _ => {
                            map.next_value::<IgnoredAny>()?;
                        }
                    }
                }
                Ok(skim)
            }
            fn visit_seq<A: SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> std::result::Result<PageSkim, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(PageSkim::default())
            }
            fn visit_bool<E>(self, _: bool) -> std::result::Result<PageSkim, E> {
                Ok(PageSkim::default())
            }
            fn visit_i64<E>(self, _: i64) -> std::result::Result<PageSkim, E> {
                Ok(PageSkim::default())
            }
            fn visit_u64<E>(self, _: u64) -> std::result::Result<PageSkim, E> {
                Ok(PageSkim::default())
            }
            fn visit_f64<E>(self, _: f64) -> std::result::Result<PageSkim, E> {
                Ok(PageSkim::default())
            }
            fn visit_str<E>(self, _: &str) -> std::result::Result<PageSkim, E> {
                Ok(PageSkim::default())
            }
            fn visit_unit<E>(self) -> std::result::Result<PageSkim, E> {
                Ok(PageSkim::default())
            }
        }
        d.deserialize_any(Skim)
    }
}

/// The error a non-2xx response means: [`ErrorCode::ApiProblem`] when the body is RFC 9457
/// problem details (declared, or JSON that looks like one), else [`ErrorCode::ApiError`] with a
/// short, secret-free excerpt of the body. Never fails, whatever the body: HTML, plain text,
/// empty, huge (only the first 1 MiB is read), invalid UTF-8, a legacy array of invalid
/// properties or a JSON status message.
///
/// The [`HttpContext`] always has the status, the `Retry-After` (header, else the problem's
/// `retryAfterSec`/`retryAfter`), and the server's `BelGov-Trace-Id`.
pub fn error_from_response(response: &HttpResponse, now: UnixTime) -> Error {
    let now = now.as_secs();
    let status = response.status;
    let trace_id = trace_id(response);
    let truncated = response.body.len() > MAX_ERROR_BODY;
    let body = response.body.get(..MAX_ERROR_BODY).unwrap_or(&response.body);
    let media = response.media_type();
    let problem = if truncated { None } else { Problem::from_response(response) };
    let header_retry = response
        .header("retry-after")
        .and_then(|v| retry_after::retry_after_seconds(v, UnixTime::from_secs(now)).ok());
    let retry_after = header_retry
        .or_else(|| problem.as_ref().and_then(|p| p.retry_after_seconds(UnixTime::from_secs(now))));

    let mut message = format!("HTTP {status} {}", reason_phrase(status));
    let (code, excerpt) = if let Some(p) = &problem {
        describe_problem(&mut message, p);
        (ErrorCode::ApiProblem, None)
    } else {
        let json = if truncated { None } else { serde_json::from_slice::<Value>(body).ok() };
        match json.as_ref().and_then(describe_other_json) {
            Some(said) => {
                message.push_str(": ");
                message.push_str(&said);
            }
            None if body.is_empty() => message.push_str(" with an empty body"),
            None => {
                let kind = media.as_deref().map_or("no Content-Type".to_owned(), |m| clean(m, 60));
                message.push_str(&format!(
                    " without problem details ({kind}, {} bytes",
                    response.body.len()
                ));
                if truncated {
                    message.push_str(&format!(", only the first {MAX_ERROR_BODY} read"));
                }
                message.push(')');
                if let Some(e) = excerpt(body, media.as_deref()) {
                    message.push_str(": ");
                    message.push_str(&e);
                }
            }
        }
        (ErrorCode::ApiError, excerpt(body, media.as_deref()))
    };
    if let Some(s) = retry_after {
        message.push_str(&format!("; retry after {s} s"));
    }
    push_trace(
        &mut message,
        trace_id.as_deref(),
        problem.as_ref().and_then(|p| p.instance.as_deref()),
    );
    Error::new(code, message).with_http(HttpContext {
        status,
        retry_after,
        trace_id,
        problem,
        excerpt,
        ..HttpContext::default()
    })
}

/// The server's `BelGov-Trace-Id`, cleaned for display.
fn trace_id(response: &HttpResponse) -> Option<String> {
    response.header(TRACE_ID_HEADER).map(|v| clean(v, 100)).filter(|v| !v.is_empty())
}

/// `: type (title): detail; in body /ssin: detail; …` for a problem.
fn describe_problem(message: &mut String, p: &Problem) {
    message.push_str(": ");
    message.push_str(&clean(&p.problem_type, 200));
    if let Some(t) = &p.title {
        message.push_str(&format!(" ({})", clean(t, 200)));
    }
    if let Some(d) = &p.detail {
        message.push_str(": ");
        message.push_str(&clean(d, 300));
    }
    for issue in p.issues.iter().take(MESSAGE_ISSUES) {
        message.push_str("; ");
        message.push_str(&describe_issue(issue));
    }
    if p.issues.len() > MESSAGE_ISSUES {
        message.push_str(&format!("; and {} more issues", p.issues.len() - MESSAGE_ISSUES));
    }
    let scopes = p.required_scopes();
    if !scopes.is_empty() {
        message.push_str(&format!("; required scopes: {}", clean(&scopes.join(" "), 300)));
    }
}

/// `in body boardMembers[0].ssin: SSIN has been replaced` for an issue.
fn describe_issue(issue: &Issue) -> String {
    let mut out = String::new();
    match (&issue.location, &issue.name) {
        (Some(l), Some(n)) => out.push_str(&format!("in {} {}: ", clean(l, 20), clean(n, 100))),
        (None, Some(n)) => out.push_str(&format!("{}: ", clean(n, 100))),
        (Some(l), None) => out.push_str(&format!("in {}: ", clean(l, 20))),
        (None, None) => {}
    }
    let text = issue.detail.as_ref().or(issue.title.as_ref()).or(issue.issue_type.as_ref());
    match text {
        Some(t) => out.push_str(&clean(t, 200)),
        None => out.push_str("invalid"),
    }
    out
}

/// What a non-problem JSON error body says: a legacy array of invalid properties, or a status
/// message (`message`, `error_description`, `error`, `description`, `detail`, `reason`).
fn describe_other_json(value: &Value) -> Option<String> {
    match value {
        Value::Array(items) if !items.is_empty() => {
            let mut parts: Vec<String> = items
                .iter()
                .take(MESSAGE_ISSUES)
                .map(|item| match item {
                    Value::Object(o) => {
                        let name = ["name", "field", "property", "path"]
                            .iter()
                            .find_map(|k| o.get(*k).and_then(Value::as_str));
                        let why = ["reason", "detail", "message", "description", "error"]
                            .iter()
                            .find_map(|k| o.get(*k).and_then(Value::as_str));
                        match (name, why) {
                            (Some(n), Some(w)) => format!("{}: {}", clean(n, 100), clean(w, 200)),
                            (Some(n), None) => format!("{}: invalid", clean(n, 100)),
                            (None, Some(w)) => clean(w, 200),
                            (None, None) => clean(&item.to_string(), 100),
                        }
                    }
                    Value::String(s) => clean(s, 200),
                    other => clean(&other.to_string(), 100),
                })
                .collect();
            if items.len() > MESSAGE_ISSUES {
                parts.push(format!("and {} more", items.len() - MESSAGE_ISSUES));
            }
            Some(format!("invalid input: {}", parts.join("; ")))
        }
        Value::Object(o) => {
            let said: Vec<String> = [
                "error",
                "code",
                "message",
                "error_description",
                "description",
                "detail",
                "reason",
            ]
            .iter()
            .filter_map(|k| o.get(*k).and_then(Value::as_str).map(|v| clean(v, 200)))
            .filter(|v| !v.is_empty())
            .collect();
            (!said.is_empty()).then(|| said.join(": "))
        }
        _ => None,
    }
}

/// Appends the trace id and problem instance, which the service desk asks for.
fn push_trace(message: &mut String, trace_id: Option<&str>, instance: Option<&str>) {
    match (trace_id, instance) {
        (Some(t), Some(i)) => message.push_str(&format!(
            " (BelGov-Trace-Id {t}, instance {}: quote these to the service desk)",
            clean(i, 200)
        )),
        (Some(t), None) => {
            message.push_str(&format!(" (BelGov-Trace-Id {t}: quote it to the service desk)"))
        }
        (None, Some(i)) => message
            .push_str(&format!(" (instance {}: quote it to the service desk)", clean(i, 200))),
        (None, None) => {}
    }
}

/// A short, secret-free excerpt of a body: UTF-8 (lossy), the `<title>` or the text of HTML,
/// whitespace collapsed, control characters removed, credentials redacted, at most
/// [`MAX_EXCERPT_CHARS`] characters. `None` when nothing readable remains.
pub(crate) fn excerpt(body: &[u8], media_type: Option<&str>) -> Option<String> {
    let body = body.get(..MAX_ERROR_BODY).unwrap_or(body);
    // A bounded prefix is enough for an excerpt, even of HTML with a long <head>.
    let text = String::from_utf8_lossy(body.get(..64 * 1024).unwrap_or(body));
    let html =
        media_type.is_some_and(|m| m.contains("html")) || text.trim_start().get(..1) == Some("<");
    let text = if html { html_text(&text) } else { text.into_owned() };
    let out = clean(&redact_credentials(&text), MAX_EXCERPT_CHARS);
    (!out.is_empty()).then_some(out)
}

/// The `<title>` of an HTML page, or its text without tags.
fn html_text(html: &str) -> String {
    let lower = html.to_ascii_lowercase();
    if let (Some(start), Some(end)) = (lower.find("<title>"), lower.find("</title>")) {
        if let Some(title) = html.get(start + 7..end).filter(|t| !t.trim().is_empty()) {
            return title.to_owned();
        }
    }
    let mut out = String::with_capacity(html.len().min(4096));
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// Replaces what looks like a credential with `[redacted]`: the value after `Bearer `/`Basic `,
/// JWTs (`eyJ…`), and `access_token`/`client_assertion`/`client_secret`/`password` values.
fn redact_credentials(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut redact_next = false;
    for (i, word) in text.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let lower = word.to_ascii_lowercase();
        let scheme = lower.ends_with("bearer") || lower.ends_with("basic");
        if redact_next && !word.is_empty() && !scheme {
            out.push_str("[redacted]");
            redact_next = false;
            continue;
        }
        if scheme {
            redact_next = true;
            out.push_str(word);
            continue;
        }
        let keys =
            ["access_token", "client_assertion", "client_secret", "password", "authorization"];
        if let Some(key) = keys.iter().find(|k| lower.contains(*k)) {
            // Keep the key name and its separator, drop the value (`access_token=…`,
            // `"access_token":"…"`); a value in the next word goes too.
            let at = lower.find(key).map_or(0, |a| a + key.len());
            let rest = word.get(at..).unwrap_or("");
            let value = rest.trim_start_matches(['"', ':', '=', '\'']);
            out.push_str(word.get(..word.len() - value.len()).unwrap_or(""));
            if value.is_empty() {
                redact_next = true;
            } else {
                out.push_str("[redacted]");
            }
            continue;
        }
        if word.contains("eyJ") {
            out.push_str("[redacted]");
            continue;
        }
        out.push_str(word);
    }
    out
}

/// Text fit for a message: control characters turned into spaces, whitespace collapsed, at most
/// `max` characters (with `…`).
pub(crate) fn clean(s: &str, max: usize) -> String {
    let mut out = String::with_capacity(s.len().min(max + 4));
    let mut count = 0;
    let mut space = false;
    for c in s.chars() {
        if c.is_whitespace() || c.is_control() {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            count += 1;
            space = false;
        }
        if count >= max {
            out.push('…');
            return out;
        }
        out.push(c);
        count += 1;
    }
    out
}

/// The RFC 9110 §15 reason phrase of common statuses.
pub fn reason_phrase(status: u16) -> &'static str {
    const KNOWN: [(u16, &str); 29] = [
        (200, "OK"),
        (201, "Created"),
        (202, "Accepted"),
        (204, "No Content"),
        (301, "Moved Permanently"),
        (302, "Found"),
        (303, "See Other"),
        (304, "Not Modified"),
        (307, "Temporary Redirect"),
        (308, "Permanent Redirect"),
        (400, "Bad Request"),
        (401, "Unauthorized"),
        (403, "Forbidden"),
        (404, "Not Found"),
        (405, "Method Not Allowed"),
        (406, "Not Acceptable"),
        (408, "Request Timeout"),
        (409, "Conflict"),
        (410, "Gone"),
        (412, "Precondition Failed"),
        (413, "Content Too Large"),
        (415, "Unsupported Media Type"),
        (422, "Unprocessable Content"),
        (429, "Too Many Requests"),
        (500, "Internal Server Error"),
        (501, "Not Implemented"),
        (502, "Bad Gateway"),
        (503, "Service Unavailable"),
        (504, "Gateway Timeout"),
    ];
    if let Some((_, phrase)) = KNOWN.iter().find(|(code, _)| *code == status) {
        return phrase;
    }
    match status {
        100..=199 => "(informational)",
        200..=299 => "(success)",
        300..=399 => "(redirection)",
        400..=499 => "(client error)",
        500..=599 => "(server error)",
        _ => "(non-standard status)",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_collapses_and_caps() {
        assert_eq!(clean("  a\r\n\tb\u{0}c  ", 10), "a b c");
        assert_eq!(clean(&"x".repeat(300), 5), "xxxxx…");
    }

    #[test]
    fn credentials_are_redacted() {
        let s = redact_credentials("Authorization: Bearer abc.def-ghi was rejected");
        assert_eq!(s, "Authorization: Bearer [redacted] was rejected");
        let s = redact_credentials("token eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJ4In0.sig bad");
        assert!(!s.contains("eyJ"), "{s}");
        let s = redact_credentials(r#"{"access_token":"s3cr3t","x":1}"#);
        assert_eq!(s, r#"{"access_token":"[redacted]"#);
        let s = redact_credentials(r#""password": "hunter2" ok"#);
        assert_eq!(s, r#""password": [redacted] ok"#);
        let s = redact_credentials("client_assertion= s3cr3t next");
        assert!(!s.contains("s3cr3t"), "{s}");
        assert_eq!(redact_credentials("plain words stay"), "plain words stay");
    }

    #[test]
    fn html_title_wins() {
        let e = excerpt(
            b"<html><head><title>502 Bad Gateway</title></head><body>x</body></html>",
            Some("text/html"),
        );
        assert_eq!(e.as_deref(), Some("502 Bad Gateway"));
        let e = excerpt(b"<p>Service <b>down</b></p>", None);
        assert_eq!(e.as_deref(), Some("Service down"));
    }
}
