//! Requests out, responses in: the core's `HttpRequest` as a JS class with plain-data getters,
//! and responses taken back as plain objects `{status, headers, body}`.

use careerpro_fla::curl::to_curl;
use careerpro_fla::{HttpRequest as CoreRequest, HttpResponse as CoreResponse, Method};
use napi::bindgen_prelude::{Buffer, Either};
use napi::Env;
use napi_derive::napi;

use crate::error::{invalid_argument, OrThrow};

/// A request to send exactly as given: `method`, `url`, `headers` (`[name, value]` pairs in
/// order) and `body` (a string, or `null`). Read it like a plain object
/// (`const { method, url, headers, body } = request`); `util.inspect` and `toString()` redact
/// the `Authorization` header and the client assertion.
#[napi]
#[derive(Debug, Clone)]
pub struct HttpRequest {
    pub(crate) inner: CoreRequest,
}

#[napi]
impl HttpRequest {
    /// `GET`, `POST`, …
    #[napi(getter)]
    pub fn method(&self) -> &'static str {
        self.inner.method.as_str()
    }

    /// The absolute URL, query included.
    #[napi(getter)]
    pub fn url(&self) -> String {
        self.inner.url.clone()
    }

    /// Headers in the order to send them, as `[name, value]` pairs (what `fetch` accepts).
    #[napi(getter, ts_return_type = "Array<[string, string]>")]
    pub fn headers(&self) -> Vec<Vec<String>> {
        pairs_out(&self.inner.headers)
    }

    /// The body (JSON or form data), or `null`.
    #[napi(getter)]
    pub fn body(&self) -> Option<String> {
        self.inner.body.clone()
    }

    /// The first value of a header, matched case-insensitively.
    #[napi]
    pub fn header(&self, name: String) -> Option<String> {
        self.inner.header(&name).map(str::to_owned)
    }

    /// The request as a `curl` command line; secrets are replaced by placeholders unless
    /// `revealSecrets` is true.
    #[napi]
    pub fn to_curl(&self, reveal_secrets: Option<bool>) -> String {
        to_curl(&self.inner, reveal_secrets.unwrap_or(false))
    }

    /// The redacted description (`util.inspect` shows it too).
    #[napi]
    #[allow(clippy::inherent_to_string)] // JS's toString, not Rust's Display
    pub fn to_string(&self) -> String {
        format!("{:?}", self.inner)
    }
}

/// Name/value pairs as JS gives them: `[name, value]` arrays, or an object.
pub type Pairs = Either<Vec<Vec<String>>, std::collections::HashMap<String, String>>;

/// A response as received, given back to the core.
#[napi(object)]
#[allow(missing_debug_implementations)] // holds JS buffers (napi `Buffer` has no `Debug`); converted at once
pub struct HttpResponse {
    /// The status code.
    pub status: u32,
    /// The headers: `[name, value]` pairs, or an object of names to values (`fetch`'s
    /// `Headers` converts with `[...response.headers]`).
    #[napi(ts_type = "Array<[string, string]> | Record<string, string>")]
    pub headers: Option<Pairs>,
    /// The body: bytes or text (empty when absent).
    pub body: Option<Either<Buffer, String>>,
}

/// The core response for a JS one.
pub fn response_in(env: &Env, response: &HttpResponse) -> napi::Result<CoreResponse> {
    let status = u16::try_from(response.status)
        .ok()
        .filter(|s| (100..=999).contains(s))
        .ok_or_else(|| {
            invalid_argument(
                env,
                format!("the status {} is not an HTTP status code (100–999)", response.status),
            )
        })?;
    let headers = match &response.headers {
        None => Vec::new(),
        Some(h) => headers_in(env, h)?,
    };
    let body = match &response.body {
        None => Vec::new(),
        Some(Either::A(buffer)) => buffer.to_vec(),
        Some(Either::B(text)) => text.as_bytes().to_vec(),
    };
    Ok(CoreResponse::new(status, headers, body))
}

/// Header pairs from either JS shape.
pub fn headers_in(env: &Env, headers: &Pairs) -> napi::Result<Vec<(String, String)>> {
    match headers {
        Either::A(pairs) => pairs
            .iter()
            .map(|pair| match pair.as_slice() {
                [name, value] => Ok((name.clone(), value.clone())),
                _ => Err(invalid_argument(
                    env,
                    format!("a header must be a [name, value] pair, not {} strings", pair.len()),
                )),
            })
            .collect(),
        Either::B(map) => Ok(map.iter().map(|(k, v)| (k.clone(), v.clone())).collect()),
    }
}

/// Header pairs as JS arrays.
pub fn pairs_out(pairs: &[(String, String)]) -> Vec<Vec<String>> {
    pairs.iter().map(|(k, v)| vec![k.clone(), v.clone()]).collect()
}

/// A method from its name (case-insensitive).
pub fn method_in(env: &Env, name: &str) -> napi::Result<Method> {
    Method::parse(&name.to_ascii_uppercase()).ok_or_else(|| {
        invalid_argument(
            env,
            format!(
                "unknown HTTP method {:?}: use GET, POST, PUT, PATCH, DELETE or HEAD",
                name.chars().take(20).collect::<String>()
            ),
        )
    })
}

/// Seconds to wait for a `Retry-After` value (delta-seconds or HTTP-date, RFC 9110 §10.2.3) at
/// `now` (Unix seconds); throws `ResponseError` (`retry_after_invalid`) for anything else.
#[napi]
pub fn retry_after_seconds(env: Env, value: String, now: Option<i64>) -> napi::Result<i64> {
    careerpro_fla::http_date::retry_after_seconds(&value, crate::host::now_s(now))
        .map(crate::host::as_i64)
        .or_throw(&env)
}

/// An HTTP-date (RFC 9110 §5.6.7) as Unix seconds, or `null`.
#[napi]
pub fn parse_http_date(value: String) -> Option<i64> {
    careerpro_fla::http_date::parse_http_date(&value)
}

/// Unix seconds as an HTTP-date (`Thu, 01 Jan 2026 00:00:00 GMT`).
#[napi]
pub fn format_http_date(seconds: i64) -> String {
    careerpro_fla::http_date::format_http_date(seconds)
}
