//! API requests and responses (PLATFORM.md §5): build a request as data, read the answer,
//! advise on retries, follow pages, poll asynchronous results.

use careerpro_fla::api::{error_from_response, parse_response};
use careerpro_fla::paging;
use careerpro_fla::polling::{PollPlan, PollStep, Poller as CorePoller};
use careerpro_fla::retry::{advise, Advice, Attempt, Outcome, RetryPolicy, TransportErrorKind};
use careerpro_fla::ApiRequest;
use serde_json::{json, Value};
use wasm_bindgen::prelude::*;

use crate::convert::{
    self, from_js, headers, method_of, now_s, opt_bool, opt_int, opt_str_arg, opt_string,
    pairs_json, prop, request_js, set, str_arg, to_js,
};
use crate::error::{bad_argument, js, js_error, JsResult};
use crate::misc::number;
use crate::rng;

/// A request to send exactly as given: `method`, `url`, `headers` (`[name, value]` pairs in
/// order) and `body` (a string, or `null`). Read it like a plain object; `toString()` redacts the
/// `Authorization` header and the client assertion.
#[wasm_bindgen]
pub struct HttpRequest {
    pub(crate) inner: careerpro_fla::HttpRequest,
}

#[wasm_bindgen]
impl HttpRequest {
    /// `GET`, `POST`, …
    #[wasm_bindgen(getter)]
    pub fn method(&self) -> String {
        self.inner.method.as_str().to_owned()
    }

    /// The absolute URL, query included.
    #[wasm_bindgen(getter)]
    pub fn url(&self) -> String {
        self.inner.url.clone()
    }

    /// Headers in the order to send them, as `[name, value]` pairs (what `fetch` accepts).
    #[wasm_bindgen(getter, unchecked_return_type = "[string, string][]")]
    pub fn headers(&self) -> JsValue {
        to_js(&pairs_json(&self.inner.headers))
    }

    /// The body (JSON or form data), or `null`.
    #[wasm_bindgen(getter, unchecked_return_type = "string | null")]
    pub fn body(&self) -> JsValue {
        self.inner.body.as_deref().map_or(JsValue::NULL, JsValue::from_str)
    }

    /// The first value of a header, matched case-insensitively.
    pub fn header(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] name: JsValue,
    ) -> JsResult<Option<String>> {
        Ok(self.inner.header(&str_arg(&name, "name")?).map(str::to_owned))
    }

    /// The request as a `curl` command line; secrets are replaced by placeholders unless
    /// `revealSecrets` is true.
    #[wasm_bindgen(js_name = toCurl)]
    pub fn to_curl(&self, reveal_secrets: Option<bool>) -> String {
        careerpro_fla::curl::to_curl(&self.inner, reveal_secrets.unwrap_or(false))
    }

    /// The redacted description.
    #[wasm_bindgen(js_name = toString)]
    pub fn to_string_js(&self) -> String {
        format!("{:?}", self.inner)
    }
}
impl std::fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.inner.fmt(f)
    }
}

/// The request to send for an API call: `Authorization: Bearer`, `Accept`, `Content-Type` and
/// `BelGov-Trace-Id` (default: a fresh UUID) set. `spec`: `method` (default GET), `path`
/// (relative to `baseUrl`, or an absolute URL under it), `segments` (each percent-encoded),
/// `query`, `json` (a value) or `body` (JSON text), `headers`, `idempotent`.
#[wasm_bindgen(js_name = apiRequest, unchecked_return_type = "HttpRequest")]
pub fn api_request(
    #[wasm_bindgen(unchecked_param_type = "ApiRequestSpec")] spec: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] base_url: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] access_token: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string | undefined | null")] trace_id: JsValue,
) -> JsResult<JsValue> {
    let base_url = str_arg(&base_url, "baseUrl")?;
    let access_token = str_arg(&access_token, "accessToken")?;
    let r = spec_of(&spec)?;
    let built = match opt_str_arg(&trace_id, "traceId")? {
        Some(t) => r.build(&base_url, &access_token, &t),
        None => r.build_with_rng(&base_url, &access_token, &rng::host()),
    };
    Ok(request_js(&js(built)?))
}

/// Whether an API call may be repeated safely (its override, else its method).
#[wasm_bindgen(js_name = isIdempotent)]
pub fn is_idempotent(
    #[wasm_bindgen(unchecked_param_type = "ApiRequestSpec")] spec: JsValue,
) -> JsResult<bool> {
    Ok(spec_of(&spec)?.is_idempotent())
}

fn spec_of(spec: &JsValue) -> JsResult<ApiRequest> {
    if !spec.is_object() {
        return Err(bad_argument("the request spec must be an object {method?, path, …}"));
    }
    let method = method_of(&opt_string(spec, "method")?.unwrap_or_else(|| "GET".into()))?;
    let mut r = ApiRequest::new(method, opt_string(spec, "path")?.unwrap_or_default());
    if let Value::Array(items) = from_js(&prop(spec, "segments"), "segments")? {
        for s in items {
            match s {
                Value::String(s) => r = r.segment(s),
                // Integers only: formatting floats would pull core's float printer in.
                Value::Number(n) if n.is_i64() || n.is_u64() => {
                    let text = n
                        .as_i64()
                        .map_or_else(|| n.as_u64().unwrap_or(0).to_string(), |i| i.to_string());
                    r = r.segment(text);
                }
                _ => return Err(bad_argument("each segment must be a string or a whole number")),
            }
        }
    }
    for (name, value) in headers(&prop(spec, "query"))? {
        r = r.query(name, value);
    }
    let json_body = prop(spec, "json");
    if !json_body.is_undefined() {
        r = r.json(&from_js(&json_body, "the JSON body")?);
    } else if let Some(text) = opt_string(spec, "body")? {
        r = js(r.json_text(text))?;
    }
    for (name, value) in headers(&prop(spec, "headers"))? {
        r = r.header(name, value);
    }
    if let Some(i) = opt_bool(spec, "idempotent")? {
        r = r.idempotent(i);
    }
    Ok(r)
}

/// A successful (2xx) API response.
#[wasm_bindgen]
#[derive(Debug)]
pub struct ApiResponse {
    inner: careerpro_fla::ApiResponse,
}

#[wasm_bindgen]
impl ApiResponse {
    /// The status code.
    #[wasm_bindgen(getter)]
    pub fn status(&self) -> u16 {
        self.inner.status
    }

    /// The JSON body; `null` when empty, `HEAD`, or not JSON (see `body`).
    #[wasm_bindgen(getter, unchecked_return_type = "any")]
    pub fn json(&self) -> JsValue {
        self.inner.json.as_ref().map_or(JsValue::NULL, to_js)
    }

    /// `Location`, resolved against the request URL.
    #[wasm_bindgen(getter)]
    pub fn location(&self) -> Option<String> {
        self.inner.location.clone()
    }

    /// The server's `BelGov-Trace-Id`.
    #[wasm_bindgen(getter, js_name = traceId)]
    pub fn trace_id(&self) -> Option<String> {
        self.inner.trace_id.clone()
    }

    /// The headers as received, `[name, value]` pairs.
    #[wasm_bindgen(getter, unchecked_return_type = "[string, string][]")]
    pub fn headers(&self) -> JsValue {
        to_js(&pairs_json(&self.inner.headers))
    }

    /// The raw body.
    #[wasm_bindgen(getter)]
    pub fn body(&self) -> Vec<u8> {
        self.inner.body.clone()
    }

    /// The first value of a header, matched case-insensitively.
    pub fn header(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] name: JsValue,
    ) -> JsResult<Option<String>> {
        Ok(self.inner.header(&str_arg(&name, "name")?).map(str::to_owned))
    }

    /// The `items` of a collection page (or the page itself when it is an array).
    #[wasm_bindgen(unchecked_return_type = "any[]")]
    pub fn items(&self) -> JsValue {
        to_js(&Value::Array(paging::items(&self.inner)))
    }

    /// The page's `total`, when sent.
    #[wasm_bindgen(getter)]
    pub fn total(&self) -> Option<f64> {
        paging::total(&self.inner).map(|t| number(i64::try_from(t).unwrap_or(i64::MAX)))
    }

    /// The `next` link as written (body `next`, HAL `_links.next`, or `Link: rel="next"`).
    #[wasm_bindgen(getter, js_name = nextLink)]
    pub fn next_link(&self) -> Option<String> {
        paging::next_link(&self.inner)
    }

    /// `ApiResponse(status, …)` without the body bytes.
    #[wasm_bindgen(js_name = toString)]
    pub fn to_string_js(&self) -> String {
        format!("{:?}", self.inner)
    }
}

/// The `GET` for the page after `page` (the answer to `previous`), or `null` on the last page.
#[wasm_bindgen(js_name = nextPageRequest, unchecked_return_type = "HttpRequest | null")]
pub fn next_page_request(
    #[wasm_bindgen(unchecked_param_type = "string")] base_url: JsValue,
    #[wasm_bindgen(unchecked_param_type = "HttpRequest | HttpRequestLike")] previous: JsValue,
    page: &ApiResponse,
    #[wasm_bindgen(unchecked_param_type = "string | undefined | null")] access_token: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string | undefined | null")] trace_id: JsValue,
) -> JsResult<JsValue> {
    let base_url = str_arg(&base_url, "baseUrl")?;
    let previous = convert::request(&previous)?;
    let access_token = opt_str_arg(&access_token, "accessToken")?;
    let trace_id = trace_of(opt_str_arg(&trace_id, "traceId")?)?;
    let next = js(paging::next_page_request(
        &base_url,
        &previous,
        &page.inner,
        access_token.as_deref(),
        &trace_id,
    ))?;
    Ok(next.map_or(JsValue::NULL, |r| request_js(&r)))
}

/// Reads the answer to `request`: a 2xx becomes an `ApiResponse`; anything else throws the
/// typed error (`ProblemError` with the problem details, `ApiError` with a body excerpt).
/// `now` (Unix seconds) turns an HTTP-date `Retry-After` into seconds.
#[wasm_bindgen(js_name = parseApiResponse)]
pub fn parse_api_response(
    #[wasm_bindgen(unchecked_param_type = "HttpRequest | HttpRequestLike")] request: JsValue,
    #[wasm_bindgen(unchecked_param_type = "HttpResponse")] response: JsValue,
    now: Option<f64>,
) -> JsResult<ApiResponse> {
    let method = method_of(&opt_string(&request, "method")?.unwrap_or_else(|| "GET".into()))?;
    let url = opt_string(&request, "url")?.ok_or_else(|| bad_argument("the request has no url"))?;
    let response = convert::response(&response)?;
    let inner = js(parse_response(method, &url, &response, now_s(now)?))?;
    Ok(ApiResponse { inner })
}

/// The typed error a non-2xx response means (returned, not thrown).
#[wasm_bindgen(js_name = errorFromApiResponse, unchecked_return_type = "Error")]
pub fn error_from_api_response(
    #[wasm_bindgen(unchecked_param_type = "HttpResponse")] response: JsValue,
    now: Option<f64>,
) -> JsResult<JsValue> {
    let response = convert::response(&response)?;
    Ok(js_error(&error_from_response(&response, now_s(now)?)))
}

/// What to do after an attempt: `success`, `retry` after `delayMs`, `refresh_token` and retry
/// once, or `give_up` with the typed error. `outcome`: `{response}` or `{transport}`;
/// `options`: `policy`, `jitter` (a random 32-bit integer), `now` (Unix seconds).
#[wasm_bindgen(js_name = adviseRetry, unchecked_return_type = "RetryAdvice")]
pub fn advise_retry(
    #[wasm_bindgen(unchecked_param_type = "RetryAttempt")] attempt: JsValue,
    #[wasm_bindgen(unchecked_param_type = "RetryOutcome")] outcome: JsValue,
    #[wasm_bindgen(unchecked_param_type = "AdviceOptions | undefined | null")] options: JsValue,
) -> JsResult<JsValue> {
    if !attempt.is_object() {
        return Err(bad_argument("the attempt must be an object {method, number?, …}"));
    }
    let method = method_of(&opt_string(&attempt, "method")?.unwrap_or_else(|| "GET".into()))?;
    let number_ = opt_int(&attempt, "number", 1, i64::from(u32::MAX))?.unwrap_or(1);
    let attempt_core = Attempt::new(
        method,
        opt_bool(&attempt, "idempotent")?,
        u32::try_from(number_).unwrap_or(1),
        opt_bool(&attempt, "tokenRefreshed")?.unwrap_or(false),
    );
    let policy = prop(&options, "policy");
    let mut p = RetryPolicy::default();
    let u = |name: &str, max: i64| opt_int(&policy, name, 0, max);
    if let Some(v) = u("maxAttempts", i64::from(u32::MAX))? {
        p.max_attempts = u32::try_from(v).unwrap_or(0);
    }
    if let Some(v) = u("baseDelayMs", 1 << 40)? {
        p.base_delay_ms = u64::try_from(v).unwrap_or(0);
    }
    if let Some(v) = u("maxDelayMs", 1 << 40)? {
        p.max_delay_ms = u64::try_from(v).unwrap_or(0);
    }
    if let Some(v) = u("retryAfterCapS", 1 << 40)? {
        p.retry_after_cap_s = u64::try_from(v).unwrap_or(0);
    }
    if let Some(v) = opt_bool(&policy, "retryPost")? {
        p.retry_post = v;
    }
    if let Some(v) = opt_bool(&policy, "retryInternalError")? {
        p.retry_internal_error = v;
    }
    let jitter = match opt_int(&options, "jitter", 0, u32::MAX.into())? {
        Some(j) => u32::try_from(j).unwrap_or(0),
        None => u32::try_from(rng::u64()? >> 32).unwrap_or(0),
    };
    let now = match opt_int(&options, "now", -(1 << 40), 1 << 40)? {
        Some(n) => n,
        None => now_s(None)?,
    };
    let response_js = prop(&outcome, "response");
    let transport = opt_string(&outcome, "transport")?;
    let response;
    let outcome = match (response_js.is_undefined() || response_js.is_null(), transport) {
        (true, Some(kind)) => Outcome::Transport(match kind.as_str() {
            "timeout" => TransportErrorKind::Timeout,
            "connect" => TransportErrorKind::Connect,
            "tls" => TransportErrorKind::Tls,
            "other" => TransportErrorKind::Other,
            _ => return Err(bad_argument("transport must be timeout, connect, tls or other")),
        }),
        (false, None) => {
            response = convert::response(&response_js)?;
            Outcome::Response(&response)
        }
        _ => {
            return Err(bad_argument(
                "the outcome is either { response } or { transport }, exactly one of them",
            ))
        }
    };
    Ok(match advise(&p, &attempt_core, outcome, jitter, now) {
        Advice::Success => to_js(&json!({"kind": "success"})),
        Advice::RetryAfterMs(ms) => to_js(&json!({"kind": "retry", "delayMs": ms})),
        Advice::RefreshTokenAndRetry => to_js(&json!({"kind": "refresh_token"})),
        Advice::GiveUp(e) => {
            let out = to_js(&json!({"kind": "give_up"}));
            set(&out, "error", &js_error(&e));
            out
        }
    })
}

/// Parses a `Link` header value (RFC 8288 §3); malformed links are skipped.
#[wasm_bindgen(js_name = parseLinkHeader, unchecked_return_type = "Link[]")]
pub fn parse_link_header(
    #[wasm_bindgen(unchecked_param_type = "string")] value: JsValue,
) -> JsResult<JsValue> {
    let links: Vec<Value> = paging::parse_link_header(&str_arg(&value, "value")?)
        .into_iter()
        .map(|l| json!({"target": l.target, "rels": l.rels, "params": pairs_json(&l.params)}))
        .collect();
    Ok(to_js(&Value::Array(links)))
}

/// The request as a `curl` command line; secrets are replaced by placeholders unless
/// `revealSecrets` is true (the Node binding's `HttpRequest.toCurl`).
#[wasm_bindgen(js_name = toCurl)]
pub fn to_curl(
    #[wasm_bindgen(unchecked_param_type = "HttpRequest | HttpRequestLike")] request: JsValue,
    reveal_secrets: Option<bool>,
) -> JsResult<String> {
    let r = convert::request(&request)?;
    Ok(careerpro_fla::curl::to_curl(&r, reveal_secrets.unwrap_or(false)))
}

/// Polls the `Location` of a `201`/`202` until the result is there, the deadline passes, or
/// the server answers an error. The caller sleeps, sends and feeds answers back.
#[wasm_bindgen]
#[derive(Debug)]
pub struct Poller {
    inner: CorePoller,
}

#[wasm_bindgen]
impl Poller {
    /// Starts polling the `Location` of `accepted` (a `201`/`202` `ApiResponse`), which must
    /// stay under `baseUrl`; `now` in Unix seconds.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "string")] base_url: JsValue,
        accepted: &ApiResponse,
        #[wasm_bindgen(unchecked_param_type = "PollPlan | undefined | null")] plan: JsValue,
        now: Option<f64>,
    ) -> JsResult<Poller> {
        let base_url = str_arg(&base_url, "baseUrl")?;
        let mut p = PollPlan::default();
        if let Value::Array(s) = from_js(&prop(&plan, "scheduleMs"), "scheduleMs")? {
            p.schedule_ms = s
                .iter()
                .map(|v| v.as_u64().ok_or_else(|| bad_argument("scheduleMs: whole numbers")))
                .collect::<JsResult<_>>()?;
        }
        if let Some(d) = opt_int(&plan, "deadlineS", 0, 1 << 40)? {
            p.deadline_s = u64::try_from(d).unwrap_or(0);
        }
        if let Some(b) = opt_bool(&plan, "notFoundMeansPending")? {
            p.not_found_means_pending = b;
        }
        Ok(Poller { inner: js(CorePoller::new(p, &base_url, &accepted.inner, now_s(now)?))? })
    }

    /// The first poll.
    #[wasm_bindgen(unchecked_return_type = "PollStep")]
    pub fn start(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "string")] access_token: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string | undefined | null")] trace_id: JsValue,
        now: Option<f64>,
    ) -> JsResult<JsValue> {
        let token = str_arg(&access_token, "accessToken")?;
        let trace = trace_of(opt_str_arg(&trace_id, "traceId")?)?;
        Ok(step_js(self.inner.start(now_s(now)?, &token, &trace)))
    }

    /// Takes the answer to the last poll.
    #[wasm_bindgen(unchecked_return_type = "PollStep")]
    pub fn handle(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "HttpResponse")] response: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] access_token: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string | undefined | null")] trace_id: JsValue,
        now: Option<f64>,
    ) -> JsResult<JsValue> {
        let response = convert::response(&response)?;
        let token = str_arg(&access_token, "accessToken")?;
        let trace = trace_of(opt_str_arg(&trace_id, "traceId")?)?;
        Ok(step_js(self.inner.handle(&response, now_s(now)?, &token, &trace)))
    }

    /// The `GET` of the polled URL (to resend it with a refreshed token).
    #[wasm_bindgen(unchecked_return_type = "HttpRequest")]
    pub fn request(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] access_token: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string | undefined | null")] trace_id: JsValue,
    ) -> JsResult<JsValue> {
        let token = str_arg(&access_token, "accessToken")?;
        let trace = trace_of(opt_str_arg(&trace_id, "traceId")?)?;
        Ok(request_js(&js(self.inner.request(&token, &trace))?))
    }

    /// The absolute URL polled.
    #[wasm_bindgen(getter)]
    pub fn url(&self) -> String {
        self.inner.url.clone()
    }

    /// Polls planned so far.
    #[wasm_bindgen(getter)]
    pub fn polls(&self) -> u32 {
        self.inner.polls
    }
}

fn trace_of(t: Option<String>) -> JsResult<String> {
    match t {
        Some(t) => Ok(t),
        None => js(careerpro_fla::random::uuid_v4(&rng::host())),
    }
}

fn step_js(step: PollStep) -> JsValue {
    match step {
        PollStep::Done(r) => {
            let out = to_js(&json!({"kind": "done"}));
            set(&out, "response", &ApiResponse { inner: r }.into());
            out
        }
        PollStep::PollAt { at_ms, after_ms, request } => {
            let out = to_js(&json!({"kind": "poll_at", "atMs": at_ms, "afterMs": after_ms}));
            set(&out, "request", &request_js(&request));
            out
        }
        PollStep::GiveUp(e) => {
            let out = to_js(&json!({"kind": "give_up"}));
            set(&out, "error", &js_error(&e));
            out
        }
    }
}
