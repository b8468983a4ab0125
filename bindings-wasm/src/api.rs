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
    self, from_js, headers, method_of, now_s, opt_bool, opt_int, opt_string, pairs_json, prop,
    request_json, set, to_js,
};
use crate::convert::{opt_str_arg, str_arg};
use crate::error::{bad_argument, js, js_error, JsResult};
use crate::rng;

/// Builds an API request against `baseUrl` with a bearer token. `request`: `method` (default
/// GET), `path` (relative to the base URL), `segments` (appended, percent-encoded), `query`
/// (`[[name, value]]` or an object), `json` (a value) or `body` (JSON text), `headers`,
/// `idempotent`, `traceId` (default a random UUID v4 for `BelGov-Trace-Id`).
#[wasm_bindgen(js_name = apiRequest, unchecked_return_type = "HttpRequest")]
pub fn api_request(
    #[wasm_bindgen(unchecked_param_type = "string")] base_url: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] access_token: JsValue,
    #[wasm_bindgen(unchecked_param_type = "ApiRequestSpec")] request: JsValue,
) -> JsResult<JsValue> {
    let base_url = &str_arg(&base_url, "baseUrl")?;
    let access_token = &str_arg(&access_token, "accessToken")?;
    let method = method_of(&opt_string(&request, "method")?.unwrap_or_else(|| "GET".into()))?;
    let mut r = ApiRequest::new(method, opt_string(&request, "path")?.unwrap_or_default());
    let segments = from_js(&prop(&request, "segments"), "segments")?;
    if let Value::Array(items) = segments {
        for s in items {
            match s {
                Value::String(s) => r = r.segment(s),
                // Integers only: formatting floats would pull core's float printer into the module.
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
    for (name, value) in headers(&prop(&request, "query"))? {
        r = r.query(name, value);
    }
    let json_body = prop(&request, "json");
    if !json_body.is_undefined() {
        r = r.json(&from_js(&json_body, "the JSON body")?);
    } else if let Some(text) = opt_string(&request, "body")? {
        r = js(r.json_text(text))?;
    }
    for (name, value) in headers(&prop(&request, "headers"))? {
        r = r.header(name, value);
    }
    if let Some(i) = opt_bool(&request, "idempotent")? {
        r = r.idempotent(i);
    }
    let built = match opt_string(&request, "traceId")? {
        Some(t) => r.build(base_url, access_token, &t),
        None => r.build_with_rng(base_url, access_token, &rng::host()),
    };
    Ok(to_js(&request_json(&js(built)?)))
}

/// A successful (2xx) API answer.
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

    /// The JSON body (`undefined` when empty or not JSON).
    #[wasm_bindgen(getter, unchecked_return_type = "any")]
    pub fn json(&self) -> JsValue {
        self.inner.json.as_ref().map_or(JsValue::UNDEFINED, to_js)
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

    /// The headers as received, `[[name, value]]`.
    #[wasm_bindgen(getter, unchecked_return_type = "[string, string][]")]
    pub fn headers(&self) -> JsValue {
        to_js(&pairs_json(&self.inner.headers))
    }

    /// The raw body.
    #[wasm_bindgen(getter)]
    pub fn body(&self) -> Vec<u8> {
        self.inner.body.clone()
    }

    /// The first value of a header, case-insensitive.
    pub fn header(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] name: JsValue,
    ) -> JsResult<Option<String>> {
        let name = &str_arg(&name, "name")?;
        Ok(self.inner.header(name).map(str::to_owned))
    }

    /// The collection's `items` (or the page itself when it is an array).
    #[wasm_bindgen(unchecked_return_type = "any[]")]
    pub fn items(&self) -> JsValue {
        to_js(&Value::Array(paging::items(&self.inner)))
    }

    /// The collection's `total`, if given.
    pub fn total(&self) -> Option<f64> {
        // Totals are counts far below 2^53.
        #[allow(clippy::cast_precision_loss)]
        paging::total(&self.inner).map(|t| t as f64)
    }

    /// The next page's URL (`next` in the body or a `Link: rel="next"` header).
    #[wasm_bindgen(js_name = nextLink)]
    pub fn next_link(&self) -> Option<String> {
        paging::next_link(&self.inner)
    }

    /// The request for the next page, or `undefined` on the last page. `accessToken` replaces
    /// the previous request's token when given; `traceId` defaults to a random UUID v4.
    #[wasm_bindgen(js_name = nextPageRequest, unchecked_return_type = "HttpRequest | undefined")]
    pub fn next_page_request(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] base_url: JsValue,
        #[wasm_bindgen(unchecked_param_type = "HttpRequest")] previous: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string | undefined")] access_token: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string | undefined")] trace_id: JsValue,
    ) -> JsResult<JsValue> {
        let base_url = &str_arg(&base_url, "baseUrl")?;
        let access_token = opt_str_arg(&access_token, "accessToken")?;
        let trace_id = opt_str_arg(&trace_id, "traceId")?;
        let previous = convert::request(&previous)?;
        let trace_id = match trace_id {
            Some(t) => t,
            None => js(careerpro_fla::random::uuid_v4(&rng::host()))?,
        };
        let next = js(paging::next_page_request(
            base_url,
            &previous,
            &self.inner,
            access_token.as_deref(),
            &trace_id,
        ))?;
        Ok(next.map_or(JsValue::UNDEFINED, |r| to_js(&request_json(&r))))
    }
}

/// Reads an API answer: a 2xx gives an `ApiResponse`, anything else throws a `CareerProError`
/// (`api_problem` with `.problem`, `api_error`, `response_malformed`). `requestUrl` resolves a
/// relative `Location`; `now` (Unix s) reads an HTTP-date `Retry-After`.
#[wasm_bindgen(js_name = parseApiResponse)]
pub fn parse_api_response(
    #[wasm_bindgen(unchecked_param_type = "string")] method: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] request_url: JsValue,
    #[wasm_bindgen(unchecked_param_type = "HttpResponseLike")] response: JsValue,
    now: Option<f64>,
) -> JsResult<ApiResponse> {
    let method = &str_arg(&method, "method")?;
    let request_url = &str_arg(&request_url, "requestUrl")?;
    let response = convert::response(&response)?;
    let inner = js(parse_response(method_of(method)?, request_url, &response, now_s(now)?))?;
    Ok(ApiResponse { inner })
}

/// The `CareerProError` an error answer stands for (returned, not thrown).
#[wasm_bindgen(js_name = errorFromResponse, unchecked_return_type = "CareerProError")]
pub fn error_from_response_js(
    #[wasm_bindgen(unchecked_param_type = "HttpResponseLike")] response: JsValue,
    now: Option<f64>,
) -> JsResult<JsValue> {
    let response = convert::response(&response)?;
    Ok(js_error(&error_from_response(&response, now_s(now)?)))
}

/// What to do after an attempt: `{advice: "success"}`, `{advice: "retry", delayMs}`,
/// `{advice: "refresh_token_and_retry"}` or `{advice: "give_up", error}`. `attempt`:
/// `{method, number (1 = first), idempotent?, tokenRefreshed?}`; `outcome`: the response, or
/// `{transportError: "timeout" | "connect" | "tls" | "other"}`; `policy`: `maxAttempts`,
/// `baseDelayMs`, `maxDelayMs`, `retryAfterCapS`, `retryPost`, `retryInternalError`.
#[wasm_bindgen(js_name = adviseRetry, unchecked_return_type = "RetryAdvice")]
pub fn advise_retry(
    #[wasm_bindgen(unchecked_param_type = "RetryAttempt")] attempt: JsValue,
    #[wasm_bindgen(unchecked_param_type = "HttpResponseLike | { transportError: string }")]
    outcome: JsValue,
    #[wasm_bindgen(unchecked_param_type = "RetryPolicy | undefined")] policy: JsValue,
    now: Option<f64>,
) -> JsResult<JsValue> {
    let method = method_of(&opt_string(&attempt, "method")?.unwrap_or_else(|| "GET".into()))?;
    let number = opt_int(&attempt, "number", 1, i64::from(u32::MAX))?.unwrap_or(1);
    let attempt_core = Attempt::new(
        method,
        opt_bool(&attempt, "idempotent")?,
        u32::try_from(number).unwrap_or(1),
        opt_bool(&attempt, "tokenRefreshed")?.unwrap_or(false),
    );
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
    let jitter = u32::try_from(rng::u64()? >> 32).unwrap_or(0);
    let now = now_s(now)?;
    let response;
    let outcome = match opt_string(&outcome, "transportError")? {
        Some(kind) => Outcome::Transport(match kind.as_str() {
            "timeout" => TransportErrorKind::Timeout,
            "connect" => TransportErrorKind::Connect,
            "tls" => TransportErrorKind::Tls,
            "other" => TransportErrorKind::Other,
            _ => return Err(bad_argument("transportError must be timeout, connect, tls or other")),
        }),
        None => {
            response = convert::response(&outcome)?;
            Outcome::Response(&response)
        }
    };
    Ok(match advise(&p, &attempt_core, outcome, jitter, now) {
        Advice::Success => to_js(&json!({"advice": "success"})),
        Advice::RetryAfterMs(ms) => to_js(&json!({"advice": "retry", "delayMs": ms})),
        Advice::RefreshTokenAndRetry => to_js(&json!({"advice": "refresh_token_and_retry"})),
        Advice::GiveUp(e) => {
            let out = to_js(&json!({"advice": "give_up"}));
            set(&out, "error", &js_error(&e));
            out
        }
    })
}

/// An RFC 8288 `Link` header as `[{target, rels, params}]`.
#[wasm_bindgen(js_name = parseLinkHeader, unchecked_return_type = "Link[]")]
pub fn parse_link_header(
    #[wasm_bindgen(unchecked_param_type = "string")] value: JsValue,
) -> JsResult<JsValue> {
    let value = &str_arg(&value, "value")?;
    let links: Vec<Value> = paging::parse_link_header(value)
        .into_iter()
        .map(|l| json!({"target": l.target, "rels": l.rels, "params": pairs_json(&l.params)}))
        .collect();
    Ok(to_js(&Value::Array(links)))
}

/// The request as a `curl` command line; secrets (bearer token, assertion) are masked unless
/// `revealSecrets`.
#[wasm_bindgen(js_name = toCurl)]
pub fn to_curl(
    #[wasm_bindgen(unchecked_param_type = "HttpRequest")] request: JsValue,
    reveal_secrets: Option<bool>,
) -> JsResult<String> {
    let r = convert::request(&request)?;
    Ok(careerpro_fla::curl::to_curl(&r, reveal_secrets.unwrap_or(false)))
}

/// Polls the `Location` of a `201`/`202` answer until the result is there.
#[wasm_bindgen]
#[derive(Debug)]
pub struct Poller {
    inner: CorePoller,
}

#[wasm_bindgen]
impl Poller {
    /// `plan`: `scheduleMs` (delays, the last repeating), `deadlineS`, `notFoundMeansPending`.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "string")] base_url: JsValue,
        accepted: &ApiResponse,
        #[wasm_bindgen(unchecked_param_type = "PollPlan | undefined")] plan: JsValue,
        now: Option<f64>,
    ) -> JsResult<Poller> {
        let base_url = &str_arg(&base_url, "baseUrl")?;
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
        Ok(Poller { inner: js(CorePoller::new(p, base_url, &accepted.inner, now_s(now)?))? })
    }

    /// The first step: `{step: "poll_at", atMs, afterMs, request}` (or `give_up`).
    #[wasm_bindgen(unchecked_return_type = "PollStep")]
    pub fn start(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "string")] access_token: JsValue,
        now: Option<f64>,
        #[wasm_bindgen(unchecked_param_type = "string | undefined")] trace_id: JsValue,
    ) -> JsResult<JsValue> {
        let access_token = &str_arg(&access_token, "accessToken")?;
        let trace_id = opt_str_arg(&trace_id, "traceId")?;
        let trace = trace_of(trace_id)?;
        Ok(step_js(self.inner.start(now_s(now)?, access_token, &trace)))
    }

    /// Takes the answer to the last poll: `{step: "done", response}`, `poll_at` or
    /// `{step: "give_up", error}`.
    #[wasm_bindgen(unchecked_return_type = "PollStep")]
    pub fn handle(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "HttpResponseLike")] response: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] access_token: JsValue,
        now: Option<f64>,
        #[wasm_bindgen(unchecked_param_type = "string | undefined")] trace_id: JsValue,
    ) -> JsResult<JsValue> {
        let access_token = &str_arg(&access_token, "accessToken")?;
        let trace_id = opt_str_arg(&trace_id, "traceId")?;
        let response = convert::response(&response)?;
        let trace = trace_of(trace_id)?;
        Ok(step_js(self.inner.handle(&response, now_s(now)?, access_token, &trace)))
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
            let out = to_js(&json!({"step": "done"}));
            set(&out, "response", &ApiResponse { inner: r }.into());
            out
        }
        PollStep::PollAt { at_ms, after_ms, request } => to_js(&json!({
            "step": "poll_at", "atMs": at_ms, "afterMs": after_ms, "request": request_json(&request)
        })),
        PollStep::GiveUp(e) => {
            let out = to_js(&json!({"step": "give_up"}));
            set(&out, "error", &js_error(&e));
            out
        }
    }
}
