//! API calls as data: requests built against the profile's base URL, responses parsed into
//! `ApiResponse` or a typed error; retry advice, paging and polling, all driven by the caller.

use careerpro_fla::api::{
    error_from_response, parse_response, ApiRequest, ApiResponse as CoreResponse,
};
use careerpro_fla::paging;
use careerpro_fla::polling::{PollPlan as CorePlan, PollStep, Poller as CorePoller};
use careerpro_fla::random;
use careerpro_fla::retry::{
    advise, Advice, Attempt, Outcome, RetryPolicy as CorePolicy, TransportErrorKind,
};
use napi::bindgen_prelude::{Buffer, Object, Unknown};
use napi::Env;
use napi_derive::napi;
use serde_json::Value;

use crate::error::{error_value, invalid_argument, OrThrow};
use crate::host;
use crate::http::{
    headers_in, method_in, pairs_out, response_in, HttpRequest, HttpResponse, Pairs,
};

/// An API call, described as data.
#[napi(object)]
#[derive(Debug)]
pub struct ApiRequestSpec {
    /// `GET` (default), `POST`, `PUT`, `PATCH`, `DELETE`, `HEAD`.
    pub method: Option<String>,
    /// Relative to the API base URL (`employers/0884303369/trainings`), or an absolute URL
    /// under it (a `next` or `Location` link). `..`, `//`, other hosts are refused.
    pub path: String,
    /// Untrusted values (an SSIN, an id typed by a user): each percent-encoded entirely and
    /// appended to the path.
    pub segments: Option<Vec<String>>,
    /// Query parameters, in order.
    #[napi(ts_type = "Array<[string, string]> | Record<string, string>")]
    pub query: Option<Pairs>,
    /// The JSON body as a value (serialised with `JSON.stringify`).
    #[napi(ts_type = "unknown")]
    pub json: Option<Value>,
    /// The JSON body as text, sent byte for byte (checked to be JSON).
    pub body: Option<String>,
    /// Extra headers; `Accept` and `Content-Type` replace the defaults; `Authorization`,
    /// `BelGov-Trace-Id` and hop-by-hop headers are refused.
    #[napi(ts_type = "Array<[string, string]> | Record<string, string>")]
    pub headers: Option<Pairs>,
    /// Whether the request may be repeated safely (default: by method; `POST`/`PATCH` not).
    pub idempotent: Option<bool>,
}

fn spec_in(env: &Env, spec: &ApiRequestSpec) -> napi::Result<ApiRequest> {
    let method = method_in(env, spec.method.as_deref().unwrap_or("GET"))?;
    let mut request = ApiRequest::new(method, spec.path.clone());
    for segment in spec.segments.iter().flatten() {
        request = request.segment(segment.clone());
    }
    if let Some(query) = &spec.query {
        for (name, value) in headers_in(env, query)? {
            request = request.query(name, value);
        }
    }
    if let Some(headers) = &spec.headers {
        for (name, value) in headers_in(env, headers)? {
            request = request.header(name, value);
        }
    }
    match (&spec.json, &spec.body) {
        (Some(_), Some(_)) => {
            return Err(invalid_argument(env, "give the body as json or as body text, not both"))
        }
        (Some(json), None) => request = request.json(json),
        (None, Some(text)) => request = request.json_text(text.clone()).or_throw(env)?,
        (None, None) => {}
    }
    if let Some(idempotent) = spec.idempotent {
        request = request.idempotent(idempotent);
    }
    Ok(request)
}

fn trace_id(env: &Env, given: Option<String>) -> napi::Result<String> {
    match given {
        Some(t) => Ok(t),
        None => random::uuid_v4(&host::rng()).or_throw(env),
    }
}

/// The request to send for an API call: `Authorization: Bearer`, `Accept`, `Content-Type`
/// and `BelGov-Trace-Id` (default: a fresh UUID) set.
#[napi]
pub fn api_request(
    env: Env,
    spec: ApiRequestSpec,
    base_url: String,
    access_token: String,
    trace_id: Option<String>,
) -> napi::Result<HttpRequest> {
    let request = spec_in(&env, &spec)?;
    let trace = self::trace_id(&env, trace_id)?;
    request
        .build(&base_url, &access_token, &trace)
        .map(|inner| HttpRequest { inner })
        .or_throw(&env)
}

/// Whether an API call may be repeated safely (its override, else its method).
#[napi]
pub fn is_idempotent(env: Env, spec: ApiRequestSpec) -> napi::Result<bool> {
    spec_in(&env, &spec).map(|r| r.is_idempotent())
}

/// A successful (2xx) API response.
#[napi]
#[derive(Debug, Clone)]
pub struct ApiResponse {
    pub(crate) inner: CoreResponse,
}

#[napi]
impl ApiResponse {
    /// The status code.
    #[napi(getter)]
    pub fn status(&self) -> u32 {
        u32::from(self.inner.status)
    }

    /// The JSON body; `null` when empty, `HEAD`, or not JSON (see `body`).
    #[napi(getter, ts_return_type = "any")]
    pub fn json(&self) -> Option<Value> {
        self.inner.json.clone()
    }

    /// `Location`, resolved against the request URL.
    #[napi(getter)]
    pub fn location(&self) -> Option<String> {
        self.inner.location.clone()
    }

    /// The server's `BelGov-Trace-Id`.
    #[napi(getter)]
    pub fn trace_id(&self) -> Option<String> {
        self.inner.trace_id.clone()
    }

    /// The headers as received, `[name, value]` pairs.
    #[napi(getter, ts_return_type = "Array<[string, string]>")]
    pub fn headers(&self) -> Vec<Vec<String>> {
        pairs_out(&self.inner.headers)
    }

    /// The raw body.
    #[napi(getter)]
    pub fn body(&self) -> Buffer {
        Buffer::from(self.inner.body.clone())
    }

    /// The first value of a header, matched case-insensitively.
    #[napi]
    pub fn header(&self, name: String) -> Option<String> {
        self.inner.header(&name).map(str::to_owned)
    }

    /// The `items` of a collection page (or the page itself when it is an array).
    #[napi(ts_return_type = "any[]")]
    pub fn items(&self) -> Vec<Value> {
        paging::items(&self.inner)
    }

    /// The page's `total`, when sent.
    #[napi(getter)]
    pub fn total(&self) -> Option<i64> {
        paging::total(&self.inner).map(host::as_i64)
    }

    /// The `next` link as written (body `next`, HAL `_links.next`, or `Link: rel="next"`).
    #[napi(getter)]
    pub fn next_link(&self) -> Option<String> {
        paging::next_link(&self.inner)
    }

    /// `ApiResponse(status, …)` without the body bytes.
    #[napi]
    #[allow(clippy::inherent_to_string)] // JS's toString, not Rust's Display
    pub fn to_string(&self) -> String {
        format!("{:?}", self.inner)
    }
}

/// Reads the answer to `request`: a 2xx becomes an `ApiResponse`; anything else throws the
/// typed error (`ProblemError` with the problem details, `ApiError` with a body excerpt).
/// `now` (Unix seconds) turns an HTTP-date `Retry-After` into seconds.
#[napi]
pub fn parse_api_response(
    env: Env,
    request: &HttpRequest,
    response: HttpResponse,
    now: Option<i64>,
) -> napi::Result<ApiResponse> {
    let response = response_in(&env, &response)?;
    parse_response(request.inner.method, &request.inner.url, &response, host::now_s(now))
        .map(|inner| ApiResponse { inner })
        .or_throw(&env)
}

/// The typed error a non-2xx response means (returned, not thrown).
#[napi(ts_return_type = "Error")]
pub fn error_from_api_response<'env>(
    env: &'env Env,
    response: HttpResponse,
    now: Option<i64>,
) -> napi::Result<Unknown<'env>> {
    let response = response_in(env, &response)?;
    error_value(env, &error_from_response(&response, host::now_s(now)))
}

/// The `GET` for the page after `page` (the answer to `previous`), or `null` on the last page.
/// The link must stay under `baseUrl`; a fresh trace id is used, and `accessToken` when given.
#[napi]
pub fn next_page_request(
    env: Env,
    base_url: String,
    previous: &HttpRequest,
    page: &ApiResponse,
    access_token: Option<String>,
    trace_id: Option<String>,
) -> napi::Result<Option<HttpRequest>> {
    let trace = self::trace_id(&env, trace_id)?;
    paging::next_page_request(
        &base_url,
        &previous.inner,
        &page.inner,
        access_token.as_deref(),
        &trace,
    )
    .map(|r| r.map(|inner| HttpRequest { inner }))
    .or_throw(&env)
}

/// One link of an RFC 8288 `Link` header.
#[napi(object)]
#[derive(Debug)]
pub struct Link {
    /// The target URI reference as written.
    pub target: String,
    /// Relation types, lowercased.
    pub rels: Vec<String>,
    /// Other parameters, `[name, value]`.
    #[napi(ts_type = "Array<[string, string]>")]
    pub params: Vec<Vec<String>>,
}

/// Parses a `Link` header value (RFC 8288 §3); malformed links are skipped.
#[napi]
pub fn parse_link_header(value: String) -> Vec<Link> {
    paging::parse_link_header(&value)
        .into_iter()
        .map(|l| Link { target: l.target, rels: l.rels, params: pairs_out(&l.params) })
        .collect()
}

// --- retry advice ------------------------------------------------------------------------

/// How hard to retry (all optional; defaults in brackets).
#[napi(object)]
#[derive(Debug, Clone, Default)]
pub struct RetryPolicy {
    /// Attempts in all, the first included [3].
    pub max_attempts: Option<u32>,
    /// Back-off before the second attempt, doubled each time [500].
    pub base_delay_ms: Option<i64>,
    /// Longest back-off [30 000].
    pub max_delay_ms: Option<i64>,
    /// Longest `Retry-After` waited for, seconds [120]; longer gives up.
    pub retry_after_cap_s: Option<i64>,
    /// Repeat `POST`/`PATCH` too [false].
    pub retry_post: Option<bool>,
    /// Repeat after a 500 [false].
    pub retry_internal_error: Option<bool>,
}

fn policy_in(p: &RetryPolicy) -> CorePolicy {
    let mut c = CorePolicy::default();
    if let Some(v) = p.max_attempts {
        c.max_attempts = v;
    }
    if let Some(v) = p.base_delay_ms {
        c.base_delay_ms = host::non_negative(v);
    }
    if let Some(v) = p.max_delay_ms {
        c.max_delay_ms = host::non_negative(v);
    }
    if let Some(v) = p.retry_after_cap_s {
        c.retry_after_cap_s = host::non_negative(v);
    }
    c.retry_post = p.retry_post.unwrap_or(c.retry_post);
    c.retry_internal_error = p.retry_internal_error.unwrap_or(c.retry_internal_error);
    c
}

/// The attempt that just ended.
#[napi(object)]
#[derive(Debug)]
pub struct RetryAttempt {
    /// The request's method.
    pub method: String,
    /// The call's idempotency override.
    pub idempotent: Option<bool>,
    /// 1 for the first attempt [1].
    pub number: Option<u32>,
    /// Whether the token was already refreshed for this call [false].
    pub token_refreshed: Option<bool>,
}

/// What the attempt produced: a response, or a transport failure.
#[napi(object)]
#[allow(missing_debug_implementations)] // holds JS buffers (napi `Buffer` has no `Debug`)
pub struct RetryOutcome {
    /// The response, when one came back.
    pub response: Option<HttpResponse>,
    /// How the transport failed, when no response came back.
    #[napi(ts_type = "'timeout' | 'connect' | 'tls' | 'other'")]
    pub transport: Option<String>,
}

/// Clock and randomness for `adviseRetry` (default: the host's).
#[napi(object)]
#[derive(Debug, Default)]
pub struct AdviceOptions {
    /// The policy.
    pub policy: Option<RetryPolicy>,
    /// A uniform random 32-bit integer for the back-off jitter.
    pub jitter: Option<u32>,
    /// Unix seconds, for HTTP-date `Retry-After`.
    pub now: Option<i64>,
}

fn transport_in(env: &Env, kind: &str) -> napi::Result<TransportErrorKind> {
    Ok(match kind {
        "timeout" => TransportErrorKind::Timeout,
        "connect" => TransportErrorKind::Connect,
        "tls" => TransportErrorKind::Tls,
        "other" => TransportErrorKind::Other,
        _ => {
            return Err(invalid_argument(
                env,
                "the transport failure kind is timeout, connect, tls or other",
            ))
        }
    })
}

fn jitter(env: &Env, given: Option<u32>) -> napi::Result<u32> {
    match given {
        Some(j) => Ok(j),
        None => {
            let r = random::u64(&host::rng()).or_throw(env)?;
            Ok(u32::try_from(r >> 32).unwrap_or(u32::MAX))
        }
    }
}

/// What to do after an attempt: `success`, `retry` after `delayMs`, `refresh_token` and retry
/// once, or `give_up` with the typed error.
#[napi(
    ts_return_type = "{ kind: 'success' } | { kind: 'retry'; delayMs: number } | { kind: 'refresh_token' } | { kind: 'give_up'; error: Error }"
)]
pub fn advise_retry<'env>(
    env: &'env Env,
    attempt: RetryAttempt,
    outcome: RetryOutcome,
    options: Option<AdviceOptions>,
) -> napi::Result<Object<'env>> {
    let options = options.unwrap_or_default();
    let policy = policy_in(&options.policy.unwrap_or_default());
    let core_attempt = Attempt::new(
        method_in(env, &attempt.method)?,
        attempt.idempotent,
        attempt.number.unwrap_or(1).max(1),
        attempt.token_refreshed.unwrap_or(false),
    );
    let jitter = jitter(env, options.jitter)?;
    let now = host::now_s(options.now);
    let advice = match (&outcome.response, &outcome.transport) {
        (Some(r), None) => {
            let response = response_in(env, r)?;
            advise(&policy, &core_attempt, Outcome::Response(&response), jitter, now)
        }
        (None, Some(kind)) => advise(
            &policy,
            &core_attempt,
            Outcome::Transport(transport_in(env, kind)?),
            jitter,
            now,
        ),
        _ => {
            return Err(invalid_argument(
                env,
                "the outcome is either { response } or { transport }, exactly one of them",
            ))
        }
    };
    let mut o = Object::new(env)?;
    match advice {
        Advice::Success => o.set("kind", "success")?,
        Advice::RetryAfterMs(ms) => {
            o.set("kind", "retry")?;
            o.set("delayMs", host::as_i64(ms))?;
        }
        Advice::RefreshTokenAndRetry => o.set("kind", "refresh_token")?,
        Advice::GiveUp(error) => {
            o.set("kind", "give_up")?;
            o.set("error", error_value(env, &error)?)?;
        }
    }
    Ok(o)
}

// --- polling -----------------------------------------------------------------------------

/// When to poll and for how long (all optional).
#[napi(object)]
#[derive(Debug, Clone, Default)]
pub struct PollPlan {
    /// Delays before each poll, ms; the last repeats [1000, 2000, 4000, 8000, 15000, 30000].
    pub schedule_ms: Option<Vec<i64>>,
    /// How long to keep polling, seconds [300].
    pub deadline_s: Option<i64>,
    /// Whether 404 means "not ready yet" [false].
    pub not_found_means_pending: Option<bool>,
}

/// Polls the `Location` of a `201`/`202` until the result is there, the deadline passes, or
/// the server answers an error. The caller sleeps, sends and feeds answers back.
#[napi]
#[derive(Debug)]
pub struct Poller {
    inner: CorePoller,
}

fn step_out<'env>(env: &'env Env, step: PollStep) -> napi::Result<Object<'env>> {
    let mut o = Object::new(env)?;
    match step {
        PollStep::Done(inner) => {
            o.set("kind", "done")?;
            o.set("response", ApiResponse { inner })?;
        }
        PollStep::PollAt { at_ms, after_ms, request } => {
            o.set("kind", "poll_at")?;
            o.set("atMs", at_ms)?;
            o.set("afterMs", host::as_i64(after_ms))?;
            o.set("request", HttpRequest { inner: request })?;
        }
        PollStep::GiveUp(error) => {
            o.set("kind", "give_up")?;
            o.set("error", error_value(env, &error)?)?;
        }
    }
    Ok(o)
}

#[napi]
impl Poller {
    /// Starts polling the `Location` of `accepted` (a `201`/`202` `ApiResponse`), which must
    /// stay under `baseUrl`; `now` in Unix seconds.
    #[napi(constructor)]
    pub fn new(
        env: Env,
        base_url: String,
        accepted: &ApiResponse,
        plan: Option<PollPlan>,
        now: Option<i64>,
    ) -> napi::Result<Poller> {
        let plan = plan.unwrap_or_default();
        let mut core = CorePlan::default();
        if let Some(s) = plan.schedule_ms {
            core.schedule_ms = s.into_iter().map(host::non_negative).collect();
        }
        if let Some(d) = plan.deadline_s {
            core.deadline_s = host::non_negative(d);
        }
        core.not_found_means_pending =
            plan.not_found_means_pending.unwrap_or(core.not_found_means_pending);
        CorePoller::new(core, &base_url, &accepted.inner, host::now_s(now))
            .map(|inner| Poller { inner })
            .or_throw(&env)
    }

    /// The first poll.
    #[napi(
        ts_return_type = "{ kind: 'done'; response: ApiResponse } | { kind: 'poll_at'; atMs: number; afterMs: number; request: HttpRequest } | { kind: 'give_up'; error: Error }"
    )]
    pub fn start<'env>(
        &mut self,
        env: &'env Env,
        access_token: String,
        trace_id: Option<String>,
        now: Option<i64>,
    ) -> napi::Result<Object<'env>> {
        let trace = self::trace_id(env, trace_id)?;
        let step = self.inner.start(host::now_s(now), &access_token, &trace);
        step_out(env, step)
    }

    /// Takes the answer to the last poll.
    #[napi(
        ts_return_type = "{ kind: 'done'; response: ApiResponse } | { kind: 'poll_at'; atMs: number; afterMs: number; request: HttpRequest } | { kind: 'give_up'; error: Error }"
    )]
    pub fn handle<'env>(
        &mut self,
        env: &'env Env,
        response: HttpResponse,
        access_token: String,
        trace_id: Option<String>,
        now: Option<i64>,
    ) -> napi::Result<Object<'env>> {
        let response = response_in(env, &response)?;
        let trace = self::trace_id(env, trace_id)?;
        let step = self.inner.handle(&response, host::now_s(now), &access_token, &trace);
        step_out(env, step)
    }

    /// The `GET` of the polled URL (to resend it with a refreshed token).
    #[napi]
    pub fn request(
        &self,
        env: Env,
        access_token: String,
        trace_id: Option<String>,
    ) -> napi::Result<HttpRequest> {
        let trace = self::trace_id(&env, trace_id)?;
        self.inner.request(&access_token, &trace).map(|inner| HttpRequest { inner }).or_throw(&env)
    }

    /// The absolute URL polled.
    #[napi(getter)]
    pub fn url(&self) -> String {
        self.inner.url.clone()
    }

    /// Polls planned so far.
    #[napi(getter)]
    pub fn polls(&self) -> u32 {
        self.inner.polls
    }
}
