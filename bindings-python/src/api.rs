//! API calls: requests built under the base URL, responses parsed into data or typed errors,
//! retry advice, paging and polling. All protocol decisions are the core's.

use careerpro_fla::api::{self as core_api, ApiRequest};
use careerpro_fla::polling::{self, PollPlan, PollStep};
use careerpro_fla::retry::{self, Advice, Attempt, Outcome, RetryPolicy, TransportErrorKind};
use careerpro_fla::{paging, HttpRequest, Method};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyString};
use std::sync::Mutex;

use crate::error::{invalid_argument, to_py_err, OrRaise};
use crate::host::{self, py_repr, py_repr_opt, type_name};
use crate::http::{headers_arg, response_arg, Request};
use crate::json::{json_to_py, py_to_json};
use crate::profile::Profile;

/// A successful (2xx) API response.
#[pyclass(module = "careerpro_fla._native", frozen)]
#[derive(Debug, Clone)]
pub struct ApiResponse(pub core_api::ApiResponse);

#[pymethods]
impl ApiResponse {
    /// The status code.
    #[getter]
    fn status(&self) -> u16 {
        self.0.status
    }

    /// The JSON body, or `None` (empty body, `HEAD`, not JSON: see `body`).
    #[getter]
    fn json<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        match &self.0.json {
            Some(v) => json_to_py(py, v),
            None => Ok(py.None().into_bound(py)),
        }
    }

    /// `Location`, resolved against the request URL.
    #[getter]
    fn location(&self) -> Option<&str> {
        self.0.location.as_deref()
    }

    /// The server's `BelGov-Trace-Id`.
    #[getter]
    fn trace_id(&self) -> Option<&str> {
        self.0.trace_id.as_deref()
    }

    /// The response headers, as received.
    #[getter]
    fn headers(&self) -> Vec<(String, String)> {
        self.0.headers.clone()
    }

    /// The raw body.
    #[getter]
    fn body<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, &self.0.body)
    }

    /// The first value of a header, matched case-insensitively.
    fn header(&self, name: &str) -> Option<&str> {
        self.0.header(name)
    }

    /// The `items` of a collection page (or the page itself when it is a JSON array).
    fn items<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyAny>>> {
        paging::items(&self.0).iter().map(|v| json_to_py(py, v)).collect()
    }

    /// The `total` of a collection page, when the server sent one.
    fn total(&self) -> Option<u64> {
        paging::total(&self.0)
    }

    /// The `next` link as written (body `next`, HAL, or `Link: rel="next"`), if any.
    fn next_link(&self) -> Option<String> {
        paging::next_link(&self.0)
    }

    fn __repr__(&self) -> String {
        format!(
            "ApiResponse(status={}, location={}, trace_id={}, body=[{} bytes])",
            self.0.status,
            py_repr_opt(self.0.location.as_deref()),
            py_repr_opt(self.0.trace_id.as_deref()),
            self.0.body.len()
        )
    }
}

/// Builds an API request under `base_url` (or a `Profile`'s API base URL) with the bearer
/// token, `Accept`, `Content-Type` and a `BelGov-Trace-Id` (a fresh UUID v4 unless given).
/// Untrusted values (an SSIN, an id typed by a user) belong in `segments`: each is
/// percent-encoded entirely. `json` is any JSON-able value; `json_text` is sent byte for byte.
#[pyfunction]
#[pyo3(signature = (
    method, path, *, base_url, access_token, segments = None, query = None, json = None,
    json_text = None, headers = None, idempotent = None, trace_id = None
))]
#[allow(clippy::too_many_arguments)] // mirrors the keyword arguments Python callers see
pub fn api_request(
    method: &str,
    path: String,
    base_url: &Bound<'_, PyAny>,
    access_token: &Bound<'_, PyAny>,
    segments: Option<Vec<String>>,
    query: Option<&Bound<'_, PyAny>>,
    json: Option<&Bound<'_, PyAny>>,
    json_text: Option<String>,
    headers: Option<&Bound<'_, PyAny>>,
    idempotent: Option<bool>,
    trace_id: Option<String>,
) -> PyResult<Request> {
    let mut request = ApiRequest::new(method_arg(method)?, path);
    request.segments = segments.unwrap_or_default();
    if let Some(q) = query {
        request.query = query_arg(q)?;
    }
    if json.is_some() && json_text.is_some() {
        return Err(invalid_argument("give json or json_text, not both"));
    }
    if let Some(j) = json {
        request = request.json(&py_to_json(j, "the JSON body")?);
    }
    if let Some(t) = json_text {
        request = request.json_text(t).or_raise()?;
    }
    if let Some(h) = headers {
        request.headers = headers_arg(h)?;
    }
    request.idempotent = idempotent;
    let base = base_url_arg(base_url)?;
    let token = token_arg(access_token)?;
    build(&request, &base, &token, trace_id.as_deref()).map(Request)
}

/// Reads an API response to a request: 2xx gives an `ApiResponse`; anything else raises the
/// typed error (`ProblemError` with the problem details, `ApiError`) with status, trace id and
/// `Retry-After`. `request` (or its URL) resolves a relative `Location`.
#[pyfunction]
#[pyo3(signature = (request, status, headers, body, now = None))]
pub fn parse_api_response(
    request: &Request,
    status: i64,
    headers: &Bound<'_, PyAny>,
    body: &Bound<'_, PyAny>,
    now: Option<i64>,
) -> PyResult<ApiResponse> {
    let response = response_arg(status, headers, body)?;
    core_api::parse_response(request.0.method, &request.0.url, &response, host::now(now))
        .or_raise()
        .map(ApiResponse)
}

/// The typed error a non-2xx response means, without raising it (for logging, or to raise
/// later). Never fails, whatever the body.
#[pyfunction]
#[pyo3(signature = (status, headers, body, now = None))]
pub fn error_from_response(
    status: i64,
    headers: &Bound<'_, PyAny>,
    body: &Bound<'_, PyAny>,
    now: Option<i64>,
) -> PyResult<Py<PyAny>> {
    let response = response_arg(status, headers, body)?;
    let err = to_py_err(core_api::error_from_response(&response, host::now(now)));
    Python::attach(|py| Ok(err.into_value(py).into_any()))
}

/// The `GET` for the page after `response`, or `None` on the last page. The link must stay
/// under `base_url`; the request keeps `previous`'s headers with a fresh trace id and, if
/// given, a new access token.
#[pyfunction]
#[pyo3(signature = (base_url, previous, response, access_token = None, trace_id = None))]
pub fn next_page_request(
    base_url: &Bound<'_, PyAny>,
    previous: &Request,
    response: &ApiResponse,
    access_token: Option<&Bound<'_, PyAny>>,
    trace_id: Option<String>,
) -> PyResult<Option<Request>> {
    let base = base_url_arg(base_url)?;
    let token = access_token.map(token_arg).transpose()?;
    let trace = trace_or_new(trace_id)?;
    paging::next_page_request(
        &base,
        &previous.0,
        &response.0,
        token.as_ref().map(|t| t.as_str()),
        &trace,
    )
    .or_raise()
    .map(|r| r.map(Request))
}

/// A POSIX-shell `curl` command for the request; credentials are `[redacted]` unless
/// `reveal_secrets`.
#[pyfunction]
#[pyo3(signature = (request, reveal_secrets = false))]
pub fn to_curl(request: &Request, reveal_secrets: bool) -> String {
    careerpro_fla::curl::to_curl(&request.0, reveal_secrets)
}

/// How hard to retry API calls.
#[pyclass(module = "careerpro_fla._native", frozen)]
#[derive(Debug, Clone)]
pub struct RetryPolicyConfig(pub RetryPolicy);

#[pymethods]
impl RetryPolicyConfig {
    #[new]
    #[pyo3(signature = (
        *, max_attempts = None, base_delay_ms = None, max_delay_ms = None,
        retry_after_cap_s = None, retry_post = None, retry_internal_error = None
    ))]
    fn new(
        max_attempts: Option<u32>,
        base_delay_ms: Option<u64>,
        max_delay_ms: Option<u64>,
        retry_after_cap_s: Option<u64>,
        retry_post: Option<bool>,
        retry_internal_error: Option<bool>,
    ) -> RetryPolicyConfig {
        let mut p = RetryPolicy::default();
        p.max_attempts = max_attempts.unwrap_or(p.max_attempts);
        p.base_delay_ms = base_delay_ms.unwrap_or(p.base_delay_ms);
        p.max_delay_ms = max_delay_ms.unwrap_or(p.max_delay_ms);
        p.retry_after_cap_s = retry_after_cap_s.unwrap_or(p.retry_after_cap_s);
        p.retry_post = retry_post.unwrap_or(p.retry_post);
        p.retry_internal_error = retry_internal_error.unwrap_or(p.retry_internal_error);
        RetryPolicyConfig(p)
    }

    #[getter]
    fn max_attempts(&self) -> u32 {
        self.0.max_attempts
    }

    #[getter]
    fn base_delay_ms(&self) -> u64 {
        self.0.base_delay_ms
    }

    #[getter]
    fn max_delay_ms(&self) -> u64 {
        self.0.max_delay_ms
    }

    #[getter]
    fn retry_after_cap_s(&self) -> u64 {
        self.0.retry_after_cap_s
    }

    #[getter]
    fn retry_post(&self) -> bool {
        self.0.retry_post
    }

    #[getter]
    fn retry_internal_error(&self) -> bool {
        self.0.retry_internal_error
    }

    fn __repr__(&self) -> String {
        format!(
            "RetryPolicy(max_attempts={}, base_delay_ms={}, max_delay_ms={}, retry_after_cap_s={}, retry_post={}, retry_internal_error={})",
            self.0.max_attempts,
            self.0.base_delay_ms,
            self.0.max_delay_ms,
            self.0.retry_after_cap_s,
            py_bool(self.0.retry_post),
            py_bool(self.0.retry_internal_error)
        )
    }
}

/// What to do after an attempt: `action` is `success`, `retry` (after `delay_ms`),
/// `refresh_token` (get a new token, then retry once) or `give_up` (`error` says why).
#[pyclass(module = "careerpro_fla._native", frozen)]
#[derive(Debug)]
pub struct RetryAdvice {
    action: &'static str,
    delay_ms: Option<u64>,
    error: Option<Py<PyAny>>,
}

#[pymethods]
impl RetryAdvice {
    #[getter]
    fn action(&self) -> &'static str {
        self.action
    }

    #[getter]
    fn delay_ms(&self) -> Option<u64> {
        self.delay_ms
    }

    /// The typed exception (not raised) for `give_up`.
    #[getter]
    fn error(&self, py: Python<'_>) -> Option<Py<PyAny>> {
        self.error.as_ref().map(|e| e.clone_ref(py))
    }

    fn __repr__(&self) -> String {
        format!(
            "RetryAdvice(action={}, delay_ms={})",
            py_repr(self.action),
            host::py_num_opt(self.delay_ms)
        )
    }
}

/// Advises on the attempt that just ended: either a response (`status`, `headers`, `body`) or
/// a transport failure (`transport_error`: `timeout`, `connect`, `tls`, `other`). `attempt` is
/// 1 for the first try; `jitter` defaults to a random draw.
#[pyfunction]
#[pyo3(signature = (
    request, *, attempt = 1, token_refreshed = false, status = None, headers = None, body = None,
    transport_error = None, policy = None, idempotent = None, jitter = None, now = None
))]
#[allow(clippy::too_many_arguments)] // mirrors the keyword arguments Python callers see
pub fn advise_retry(
    py: Python<'_>,
    request: &Request,
    attempt: u32,
    token_refreshed: bool,
    status: Option<i64>,
    headers: Option<&Bound<'_, PyAny>>,
    body: Option<&Bound<'_, PyAny>>,
    transport_error: Option<&str>,
    policy: Option<&RetryPolicyConfig>,
    idempotent: Option<bool>,
    jitter: Option<u32>,
    now: Option<i64>,
) -> PyResult<RetryAdvice> {
    let default_policy = RetryPolicy::default();
    let policy = policy.map_or(&default_policy, |p| &p.0);
    let attempt = Attempt::new(request.0.method, idempotent, attempt.max(1), token_refreshed);
    let jitter = match jitter {
        Some(j) => j,
        None => {
            let r = careerpro_fla::random::u64(&host::rng()).or_raise()?;
            u32::try_from(r >> 32).unwrap_or(u32::MAX)
        }
    };
    let now = host::now(now);
    let advice = match (status, transport_error) {
        (Some(status), None) => {
            let none = py.None().into_bound(py);
            let empty = pyo3::types::PyList::empty(py).into_any();
            let response = response_arg(status, headers.unwrap_or(&empty), body.unwrap_or(&none))?;
            retry::advise(policy, &attempt, Outcome::Response(&response), jitter, now)
        }
        (None, Some(kind)) => {
            let kind = match kind {
                "timeout" => TransportErrorKind::Timeout,
                "connect" => TransportErrorKind::Connect,
                "tls" => TransportErrorKind::Tls,
                "other" => TransportErrorKind::Other,
                other => {
                    return Err(invalid_argument(format!(
                        "transport_error {other:?} is not one of timeout, connect, tls, other"
                    )))
                }
            };
            retry::advise(policy, &attempt, Outcome::Transport(kind), jitter, now)
        }
        _ => {
            return Err(invalid_argument(
                "give either status (with headers, body) or transport_error",
            ))
        }
    };
    Ok(match advice {
        Advice::Success => RetryAdvice { action: "success", delay_ms: None, error: None },
        Advice::RetryAfterMs(ms) => {
            RetryAdvice { action: "retry", delay_ms: Some(ms), error: None }
        }
        Advice::RefreshTokenAndRetry => {
            RetryAdvice { action: "refresh_token", delay_ms: None, error: None }
        }
        Advice::GiveUp(e) => RetryAdvice {
            action: "give_up",
            delay_ms: None,
            error: Some(to_py_err(e).into_value(py).into_any()),
        },
    })
}

/// Polls the `Location` of a `201`/`202` until the result is there.
#[pyclass(module = "careerpro_fla._native", frozen)]
#[derive(Debug)]
pub struct Poller(Mutex<polling::Poller>);

/// One step of a `Poller`: `done` (with `response`), `poll` (send `request` after
/// `after_ms`), or `give_up` (`error`).
#[pyclass(module = "careerpro_fla._native", frozen)]
#[derive(Debug)]
pub struct PollStepInfo {
    action: &'static str,
    response: Option<ApiResponse>,
    request: Option<Request>,
    after_ms: Option<u64>,
    error: Option<Py<PyAny>>,
}

#[pymethods]
impl PollStepInfo {
    #[getter]
    fn action(&self) -> &'static str {
        self.action
    }
    #[getter]
    fn response(&self) -> Option<ApiResponse> {
        self.response.clone()
    }
    #[getter]
    fn request(&self) -> Option<Request> {
        self.request.clone()
    }
    #[getter]
    fn after_ms(&self) -> Option<u64> {
        self.after_ms
    }
    #[getter]
    fn error(&self, py: Python<'_>) -> Option<Py<PyAny>> {
        self.error.as_ref().map(|e| e.clone_ref(py))
    }
    fn __repr__(&self) -> String {
        format!(
            "PollStep(action={}, after_ms={})",
            py_repr(self.action),
            host::py_num_opt(self.after_ms)
        )
    }
}

#[pymethods]
impl Poller {
    /// Starts polling the `Location` of `accepted` (a 201/202 `ApiResponse`).
    #[new]
    #[pyo3(signature = (base_url, accepted, *, schedule_ms = None, deadline_s = None, not_found_means_pending = false, now = None))]
    fn new(
        base_url: &Bound<'_, PyAny>,
        accepted: &ApiResponse,
        schedule_ms: Option<Vec<u64>>,
        deadline_s: Option<u64>,
        not_found_means_pending: bool,
        now: Option<i64>,
    ) -> PyResult<Poller> {
        let mut plan = PollPlan::default();
        if let Some(s) = schedule_ms {
            plan.schedule_ms = s;
        }
        plan.deadline_s = deadline_s.unwrap_or(plan.deadline_s);
        plan.not_found_means_pending = not_found_means_pending;
        let base = base_url_arg(base_url)?;
        polling::Poller::new(plan, &base, &accepted.0, host::now(now))
            .or_raise()
            .map(|p| Poller(Mutex::new(p)))
    }

    /// The URL polled.
    #[getter]
    fn url(&self) -> PyResult<String> {
        Ok(self.lock()?.url.clone())
    }

    /// The first step.
    #[pyo3(signature = (access_token, *, now = None, trace_id = None))]
    fn start(
        &self,
        py: Python<'_>,
        access_token: &Bound<'_, PyAny>,
        now: Option<i64>,
        trace_id: Option<String>,
    ) -> PyResult<PollStepInfo> {
        let token = token_arg(access_token)?;
        let trace = trace_or_new(trace_id)?;
        let step = self.lock()?.start(host::now(now), &token, &trace);
        Ok(step_info(py, step))
    }

    /// The step after the answer to the last poll.
    #[pyo3(signature = (status, headers, body, access_token, *, now = None, trace_id = None))]
    #[allow(clippy::too_many_arguments)] // mirrors the keyword arguments Python callers see
    fn handle(
        &self,
        py: Python<'_>,
        status: i64,
        headers: &Bound<'_, PyAny>,
        body: &Bound<'_, PyAny>,
        access_token: &Bound<'_, PyAny>,
        now: Option<i64>,
        trace_id: Option<String>,
    ) -> PyResult<PollStepInfo> {
        let response = response_arg(status, headers, body)?;
        let token = token_arg(access_token)?;
        let trace = trace_or_new(trace_id)?;
        let step = self.lock()?.handle(&response, host::now(now), &token, &trace);
        Ok(step_info(py, step))
    }
}

impl Poller {
    fn lock(&self) -> PyResult<std::sync::MutexGuard<'_, polling::Poller>> {
        self.0.lock().map_err(|_| invalid_argument("the poller is unusable after a panic"))
    }
}

fn step_info(py: Python<'_>, step: PollStep) -> PollStepInfo {
    let blank = PollStepInfo {
        action: "give_up",
        response: None,
        request: None,
        after_ms: None,
        error: None,
    };
    match step {
        PollStep::Done(r) => {
            PollStepInfo { action: "done", response: Some(ApiResponse(r)), ..blank }
        }
        PollStep::PollAt { after_ms, request, .. } => PollStepInfo {
            action: "poll",
            request: Some(Request(request)),
            after_ms: Some(after_ms),
            ..blank
        },
        PollStep::GiveUp(e) => {
            PollStepInfo { error: Some(to_py_err(e).into_value(py).into_any()), ..blank }
        }
    }
}

/// Builds with the given or a fresh trace id.
pub fn build(
    request: &ApiRequest,
    base_url: &str,
    access_token: &str,
    trace_id: Option<&str>,
) -> PyResult<HttpRequest> {
    match trace_id {
        Some(t) => request.build(base_url, access_token, t).or_raise(),
        None => request.build_with_rng(base_url, access_token, &host::rng()).or_raise(),
    }
}

/// A method name.
pub fn method_arg(method: &str) -> PyResult<Method> {
    Method::parse(method).ok_or_else(|| {
        invalid_argument(format!(
            "unknown HTTP method {:?}: use GET, POST, PUT, PATCH, DELETE or HEAD",
            method.chars().take(20).collect::<String>()
        ))
    })
}

/// A base URL given as text or as a `Profile` (its API base URL).
pub fn base_url_arg(obj: &Bound<'_, PyAny>) -> PyResult<String> {
    if let Ok(p) = obj.cast::<Profile>() {
        return Ok(p.get().0.api_base_url.clone());
    }
    obj.extract::<String>().map_err(|_| {
        invalid_argument(format!("base_url must be a str or a Profile, not {}", type_name(obj)))
    })
}

/// An access token given as text or as an `AccessToken`.
pub fn token_arg(obj: &Bound<'_, PyAny>) -> PyResult<zeroize::Zeroizing<String>> {
    if let Ok(t) = obj.cast::<crate::token::AccessToken>() {
        return Ok(zeroize::Zeroizing::new(t.get().0.secret().to_owned()));
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(zeroize::Zeroizing::new(s.to_cow()?.into_owned()));
    }
    Err(invalid_argument(format!(
        "access_token must be a str or an AccessToken, not {}",
        type_name(obj)
    )))
}

/// Query parameters from a mapping or `(name, value)` pairs; values may be str, int or bool.
fn query_arg(obj: &Bound<'_, PyAny>) -> PyResult<Vec<(String, String)>> {
    let pairs = if let Ok(d) = obj.cast::<PyDict>() { d.items().into_any() } else { obj.clone() };
    let mut out = Vec::new();
    for item in pairs.try_iter()? {
        let (k, v): (String, Bound<'_, PyAny>) = item?
            .extract()
            .map_err(|_| invalid_argument("query must be a mapping or (name, value) pairs"))?;
        let v = if let Ok(b) = v.extract::<bool>() {
            b.to_string()
        } else {
            v.str()?.to_cow()?.into_owned()
        };
        out.push((k, v));
    }
    Ok(out)
}

fn trace_or_new(trace_id: Option<String>) -> PyResult<String> {
    match trace_id {
        Some(t) => Ok(t),
        None => careerpro_fla::random::uuid_v4(&host::rng()).or_raise(),
    }
}

fn py_bool(b: bool) -> &'static str {
    if b {
        "True"
    } else {
        "False"
    }
}
