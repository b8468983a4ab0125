//! Collections page by page (`PLATFORM.md` §5; Belgif "Collection" rules): the `next` link of
//! a page — in the body (`{"items": […], "next": "…"}`, a `{"href": …}` object or HAL
//! `_links.next.href`) or in an RFC 8288 `Link: <…>; rel="next"` header — becomes the `GET` for
//! the following page, until there is none.
//!
//! ```
//! use careerpro_fla::{parse_api_response as parse_response, ApiRequest};
//! use careerpro_fla::{page_items as items, next_page_request};
//! use careerpro_fla::{BaseUrl, HttpResponse, Method, UnixTime};
//!
//! let base = "https://services.socialsecurity.be/REST/federalLearningAccount/v1";
//! let first = ApiRequest::get("trainings").build(&BaseUrl::parse(base).unwrap(), "tok", "trace-1").unwrap();
//! let body = br#"{"items":[{"id":1}],"next":"trainings?page=2","total":2}"#.to_vec();
//! let answer = HttpResponse::new(200, vec![("Content-Type".into(), "application/json".into())], body);
//! let page = parse_response(Method::Get, &first.url, &answer, UnixTime::EPOCH).unwrap();
//! assert_eq!(items(&page).len(), 1);
//! let second = next_page_request(base, &first, &page, None, "trace-2").unwrap().unwrap();
//! assert_eq!(second.url, format!("{base}/trainings?page=2"));
//! assert_eq!(second.header("BelGov-Trace-Id"), Some("trace-2"));
//! ```

use serde_json::Value;

use crate::api::{ApiRequest, ApiResponse};
use crate::error::{Error, ErrorCode, Result};
use crate::http::{HttpRequest, Method};
use crate::url::{resolve, BaseUrl};

/// One link of an RFC 8288 `Link` header.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Link {
    /// The target URI reference, as written between `<` and `>`.
    pub target: String,
    /// The relation types, lowercased (`rel="next last"` gives two).
    pub rels: Vec<String>,
    /// The other parameters (names lowercased, values unquoted), in order.
    pub params: Vec<(String, String)>,
}

/// Parses an RFC 8288 §3 `Link` header value: several comma-separated links, quoted or bare
/// parameter values, several relation types in one `rel`. Malformed links are skipped.
pub(crate) fn parse_link_header(value: &str) -> Vec<Link> {
    let mut links = Vec::new();
    let mut rest = value;
    loop {
        rest = rest.trim_start_matches(|c: char| c == ',' || c.is_whitespace());
        let Some(after) = rest.strip_prefix('<') else {
            // Not a link start: skip to the next top-level comma.
            match skip_to_comma(rest) {
                Some(r) => {
                    rest = r;
                    continue;
                }
                None => return links,
            }
        };
        let Some((target, after)) = after.split_once('>') else { return links };
        let mut link = Link { target: target.trim().to_owned(), ..Link::default() };
        rest = after;
        // Parameters: `; name[=value]` until a top-level comma or the end.
        loop {
            rest = rest.trim_start();
            let Some(after) = rest.strip_prefix(';') else { break };
            let after = after.trim_start();
            let name_end = after
                .find(|c: char| c == '=' || c == ';' || c == ',' || c.is_whitespace())
                .unwrap_or(after.len());
            let (name, after) = after.split_at(name_end);
            let after = after.trim_start();
            let (val, after) = match after.strip_prefix('=') {
                Some(v) => read_value(v.trim_start()),
                None => (String::new(), after),
            };
            rest = after;
            let name = name.to_ascii_lowercase();
            if name == "rel" && link.rels.is_empty() {
                // RFC 8288 §3.3: only the first rel counts; types are space-separated.
                link.rels = val.split_whitespace().map(str::to_ascii_lowercase).collect();
            } else if !name.is_empty() {
                link.params.push((name, val));
            }
        }
        links.push(link);
        match skip_to_comma(rest) {
            Some(r) => rest = r,
            None => return links,
        }
    }
}

/// The `next` link of a page, as written (not yet resolved): the body's `next` (a string or an
/// object with `href`), HAL `_links.next.href`, else a `Link` header with `rel="next"`.
pub fn next_link(response: &ApiResponse) -> Option<String> {
    let json = response.json.as_ref();
    let hal = json.and_then(|j| j.get("_links")).and_then(|l| l.get("next"));
    next_link_from(json.and_then(|j| j.get("next")), hal, &response.headers)
}

/// [`next_link`] from its parts: the body's `next` member, HAL `_links.next`, the headers.
pub(crate) fn next_link_from(
    body_next: Option<&Value>,
    hal_next: Option<&Value>,
    headers: &[(String, String)],
) -> Option<String> {
    body_next
        .and_then(href)
        .or_else(|| hal_next.and_then(href))
        .or_else(|| {
            headers
                .iter()
                .filter(|(k, _)| k.eq_ignore_ascii_case("link"))
                .flat_map(|(_, v)| parse_link_header(v))
                .find(|l| l.rels.iter().any(|r| r == "next"))
                .map(|l| l.target)
        })
        .filter(|l| !l.trim().is_empty())
}

/// The `GET` for the page after `response`, or `None` on the last page.
///
/// The link is resolved against `previous.url` and must stay under `base_url` (same origin,
/// path under the base path). The request copies `previous`'s headers but gets a fresh
/// `trace_id` and, if given, a new `access_token` (else the previous `Authorization` is kept).
///
/// Errors: [`ErrorCode::PathInvalid`] for a link outside the base URL,
/// [`ErrorCode::ResponseMalformed`] for a link to the same page (a loop),
/// [`ErrorCode::InvalidArgument`] when no token is available, and the errors of
/// [`ApiRequest::build`].
pub fn next_page_request(
    base_url: &str,
    previous: &HttpRequest,
    response: &ApiResponse,
    access_token: Option<&str>,
    trace_id: &str,
) -> Result<Option<HttpRequest>> {
    let Some(next) = next_link(response) else { return Ok(None) };
    follow(base_url, previous, &next, access_token, trace_id).map(Some)
}

/// The `items` of a collection page (or the page itself when it is a JSON array); empty
/// otherwise.
pub fn items(response: &ApiResponse) -> Vec<Value> {
    match &response.json {
        Some(Value::Array(items)) => items.clone(),
        Some(json) => json.get("items").and_then(Value::as_array).cloned().unwrap_or_default(),
        None => Vec::new(),
    }
}

/// The `total` of a collection page, when the server sent one.
pub fn total(response: &ApiResponse) -> Option<u64> {
    response.json.as_ref()?.get("total")?.as_u64()
}

/// A `GET` for `link` (resolved against `previous.url`), which must stay under `base_url`.
pub(crate) fn follow(
    base_url: &str,
    previous: &HttpRequest,
    link: &str,
    access_token: Option<&str>,
    trace_id: &str,
) -> Result<HttpRequest> {
    let base = BaseUrl::parse(base_url)?;
    let target = resolve(&previous.url, link).ok_or_else(|| {
        Error::new(ErrorCode::ResponseMalformed, "the previous request URL is not absolute")
    })?;
    if !base.contains(&target) {
        return Err(Error::new(
            ErrorCode::PathInvalid,
            format!(
                "the link {} leads outside the API base URL {}; not following it",
                crate::url::quote(&target),
                base.as_string()
            ),
        ));
    }
    if target == previous.url {
        return Err(Error::new(
            ErrorCode::ResponseMalformed,
            "the next link points to the page just read; stopping to avoid a loop",
        ));
    }
    let token = match access_token {
        Some(t) => t.to_owned(),
        None => previous
            .header("authorization")
            .and_then(|v| v.split_once(' '))
            .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
            .map(|(_, t)| t.trim().to_owned())
            .ok_or_else(|| {
                Error::new(
                    ErrorCode::InvalidArgument,
                    "the previous request has no bearer token; pass an access token",
                )
            })?,
    };
    let mut request = ApiRequest::new(Method::Get, target);
    const NOT_COPIED: [&str; 8] = [
        "authorization",
        "belgov-trace-id",
        "content-type",
        "content-length",
        "host",
        "transfer-encoding",
        "connection",
        "idempotency-key",
    ];
    request.headers = previous
        .headers
        .iter()
        .filter(|(k, _)| !NOT_COPIED.iter().any(|n| k.eq_ignore_ascii_case(n)))
        .cloned()
        .collect();
    request.build(&base, &token, trace_id)
}

/// A link from a string, or from an object's `href`.
fn href(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Object(o) => o.get("href").and_then(Value::as_str).map(str::to_owned),
        _ => None,
    }
}

/// A parameter value: a quoted-string (RFC 9110 §5.6.4, with `\` escapes) or a token.
fn read_value(s: &str) -> (String, &str) {
    if let Some(inner) = s.strip_prefix('"') {
        let mut out = String::new();
        let mut chars = inner.char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                '\\' => {
                    if let Some((_, escaped)) = chars.next() {
                        out.push(escaped);
                    }
                }
                '"' => return (out, inner.get(i + 1..).unwrap_or("")),
                _ => out.push(c),
            }
        }
        (out, "")
    } else {
        let end = s.find([';', ',']).unwrap_or(s.len());
        let (v, rest) = s.split_at(end);
        (v.trim().to_owned(), rest)
    }
}

/// What follows the next comma outside quotes and angle brackets, or `None` at the end.
fn skip_to_comma(s: &str) -> Option<&str> {
    let mut quoted = false;
    let mut escaped = false;
    let mut angle = false;
    for (i, c) in s.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if quoted => escaped = true,
            '"' if !angle => quoted = !quoted,
            '<' if !quoted => angle = true,
            '>' if !quoted => angle = false,
            ',' if !quoted && !angle => return s.get(i + 1..),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_header_shapes() {
        let links = parse_link_header(
            r#"<https://x/a?page=1>; rel="first", <https://x/a?page=3>;rel=next;title="a, \"b\"" , <https://x/a?p=9>; rel="LAST prev""#,
        );
        assert_eq!(links.len(), 3);
        assert_eq!(links[0].rels, ["first"]);
        assert_eq!(links[1].target, "https://x/a?page=3");
        assert_eq!(links[1].rels, ["next"]);
        assert_eq!(links[1].params, [("title".to_owned(), "a, \"b\"".to_owned())]);
        assert_eq!(links[2].rels, ["last", "prev"]);
    }

    #[test]
    fn link_header_garbage_is_skipped() {
        assert!(parse_link_header("").is_empty());
        assert!(parse_link_header("garbage").is_empty());
        assert!(parse_link_header("<unterminated; rel=next").is_empty());
        let l = parse_link_header(r#"junk, <b>; rel=next; rel=prev"#);
        assert_eq!(l.len(), 1);
        assert_eq!(l[0].rels, ["next"]);
        assert_eq!(l[0].params, [("rel".to_owned(), "prev".to_owned())]);
    }
}
