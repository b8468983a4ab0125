//! The token manager: the core's state machine behind a mutex, so one instance serves every
//! thread. The host (the Python client) performs the fetch it hands out.

use std::sync::{Mutex, MutexGuard};

use careerpro_fla::token_manager::{
    self as core_tm, Action, Handled, Ticket, TokenManagerConfig, TransportFailure,
};
use pyo3::prelude::*;

use crate::error::{invalid_argument, to_py_err, OrRaise};
use crate::host::{self, py_repr};
use crate::http::response_arg;
use crate::token::AccessToken;

/// Caches the access token and schedules fetches (times in Unix **milliseconds**): `poll`
/// answers `use` (a token), `fetch` (sign, send, feed the answer back with the ticket), `wait`
/// (until `until_ms`) or `fail`.
#[pyclass(module = "careerpro_fla._native", frozen)]
#[derive(Debug)]
pub struct TokenManager(Mutex<core_tm::TokenManager>);

/// What `TokenManager.poll` answered.
#[pyclass(module = "careerpro_fla._native", frozen)]
#[derive(Debug)]
pub struct TokenAction {
    action: &'static str,
    token: Option<AccessToken>,
    ticket: Option<u64>,
    until_ms: Option<i64>,
    reason: Option<&'static str>,
    error: Option<Py<PyAny>>,
}

#[pymethods]
impl TokenAction {
    /// `use`, `fetch`, `wait` or `fail`.
    #[getter]
    fn action(&self) -> &'static str {
        self.action
    }
    /// The token to use (`use`).
    #[getter]
    fn token(&self) -> Option<AccessToken> {
        self.token.clone()
    }
    /// The fetch's ticket (`fetch`).
    #[getter]
    fn ticket(&self) -> Option<u64> {
        self.ticket
    }
    /// Poll again at this time, Unix ms (`wait`).
    #[getter]
    fn until_ms(&self) -> Option<i64> {
        self.until_ms
    }
    /// `fetch_in_flight`, `backing_off` or `throttled` (`wait`).
    #[getter]
    fn reason(&self) -> Option<&'static str> {
        self.reason
    }
    /// The typed exception, not raised (`fail`).
    #[getter]
    fn error(&self, py: Python<'_>) -> Option<Py<PyAny>> {
        self.error.as_ref().map(|e| e.clone_ref(py))
    }
    fn __repr__(&self) -> String {
        format!(
            "TokenAction(action={}, ticket={}, until_ms={}, reason={})",
            py_repr(self.action),
            host::py_num_opt(self.ticket),
            host::py_num_opt(self.until_ms),
            host::py_repr_opt(self.reason)
        )
    }
}

#[pymethods]
impl TokenManager {
    /// A manager; every setting defaults to the core's value (see `TokenManagerConfig` in the
    /// core docs). `seed` drives the refresh jitter (default: random).
    #[new]
    #[pyo3(signature = (
        *, seed = None, refresh_percent = None, refresh_floor_ms = None,
        refresh_jitter_percent = None, expiry_margin_ms = None, default_lifetime_ms = None,
        fetch_timeout_ms = None, backoff_base_ms = None, backoff_cap_ms = None,
        retry_after_cap_ms = None, failure_cooldown_ms = None, min_fetch_interval_ms = None,
        young_token_ms = None, skew_tolerance_ms = None, skew_limit_ms = None, skew_hint_ms = None
    ))]
    #[allow(clippy::too_many_arguments)] // mirrors the keyword arguments Python callers see
    fn new(
        seed: Option<u64>,
        refresh_percent: Option<u32>,
        refresh_floor_ms: Option<u32>,
        refresh_jitter_percent: Option<u32>,
        expiry_margin_ms: Option<u32>,
        default_lifetime_ms: Option<u32>,
        fetch_timeout_ms: Option<u32>,
        backoff_base_ms: Option<u32>,
        backoff_cap_ms: Option<u32>,
        retry_after_cap_ms: Option<u32>,
        failure_cooldown_ms: Option<u32>,
        min_fetch_interval_ms: Option<u32>,
        young_token_ms: Option<u32>,
        skew_tolerance_ms: Option<u32>,
        skew_limit_ms: Option<u32>,
        skew_hint_ms: Option<u32>,
    ) -> PyResult<TokenManager> {
        let mut c = TokenManagerConfig::default();
        let set = |field: &mut u32, v: Option<u32>| {
            if let Some(v) = v {
                *field = v;
            }
        };
        set(&mut c.refresh_percent, refresh_percent);
        set(&mut c.refresh_floor_ms, refresh_floor_ms);
        set(&mut c.refresh_jitter_percent, refresh_jitter_percent);
        set(&mut c.expiry_margin_ms, expiry_margin_ms);
        set(&mut c.default_lifetime_ms, default_lifetime_ms);
        set(&mut c.fetch_timeout_ms, fetch_timeout_ms);
        set(&mut c.backoff_base_ms, backoff_base_ms);
        set(&mut c.backoff_cap_ms, backoff_cap_ms);
        set(&mut c.retry_after_cap_ms, retry_after_cap_ms);
        set(&mut c.failure_cooldown_ms, failure_cooldown_ms);
        set(&mut c.min_fetch_interval_ms, min_fetch_interval_ms);
        set(&mut c.young_token_ms, young_token_ms);
        set(&mut c.skew_tolerance_ms, skew_tolerance_ms);
        set(&mut c.skew_limit_ms, skew_limit_ms);
        set(&mut c.skew_hint_ms, skew_hint_ms);
        let seed = match seed {
            Some(s) => s,
            None => careerpro_fla::random::u64(&host::rng()).or_raise()?,
        };
        core_tm::TokenManager::new(c, seed).or_raise().map(|m| TokenManager(Mutex::new(m)))
    }

    /// What to do now.
    #[pyo3(signature = (now_ms = None))]
    fn poll(&self, py: Python<'_>, now_ms: Option<i64>) -> PyResult<TokenAction> {
        let blank = TokenAction {
            action: "fail",
            token: None,
            ticket: None,
            until_ms: None,
            reason: None,
            error: None,
        };
        let mut m = self.lock()?;
        Ok(match m.poll(host::now_ms(now_ms)) {
            Action::UseToken(t) => {
                TokenAction { action: "use", token: Some(AccessToken(t.clone())), ..blank }
            }
            Action::FetchToken { ticket } => {
                TokenAction { action: "fetch", ticket: Some(ticket.id()), ..blank }
            }
            Action::Wait { until, reason } => TokenAction {
                action: "wait",
                until_ms: Some(until),
                reason: Some(reason.as_str()),
                ..blank
            },
            Action::Fail(e) => {
                TokenAction { error: Some(to_py_err(e).into_value(py).into_any()), ..blank }
            }
        })
    }

    /// Feeds back the token endpoint's answer to fetch `ticket`: `stored`, `ignored` (stale
    /// ticket), or raises the typed error (`InvalidClient`, `TokenEndpointError`, …).
    #[pyo3(signature = (ticket, status, headers, body, now_ms = None))]
    fn handle_response(
        &self,
        ticket: u64,
        status: i64,
        headers: &Bound<'_, PyAny>,
        body: &Bound<'_, PyAny>,
        now_ms: Option<i64>,
    ) -> PyResult<&'static str> {
        let response = response_arg(status, headers, body)?;
        let handled =
            self.lock()?.handle_response(Ticket::from_id(ticket), host::now_ms(now_ms), &response);
        handled.or_raise().map(handled_str)
    }

    /// Feeds back that fetch `ticket` got no answer (`timeout`, `connect`, `tls`, `other`):
    /// raises `TransportError` (the next polls back off) or answers `ignored`.
    #[pyo3(signature = (ticket, kind, now_ms = None))]
    fn handle_transport_error(
        &self,
        ticket: u64,
        kind: &str,
        now_ms: Option<i64>,
    ) -> PyResult<&'static str> {
        let kind = TransportFailure::parse(kind).ok_or_else(|| {
            invalid_argument(format!("kind {kind:?} is not one of timeout, connect, tls, other"))
        })?;
        let handled = self.lock()?.handle_transport_error(
            Ticket::from_id(ticket),
            host::now_ms(now_ms),
            kind,
        );
        handled.or_raise().map(handled_str)
    }

    /// Drops the cached token after an API refused it (401); answers whether one was dropped.
    #[pyo3(signature = (now_ms = None))]
    fn invalidate(&self, now_ms: Option<i64>) -> PyResult<bool> {
        Ok(self.lock()?.invalidate(host::now_ms(now_ms)))
    }

    /// The `iat` for the next assertion, Unix **seconds**, corrected for clock skew.
    #[pyo3(signature = (now_ms = None))]
    fn assertion_time(&self, now_ms: Option<i64>) -> PyResult<i64> {
        Ok(self.lock()?.assertion_time(host::now_ms(now_ms)))
    }

    /// A copy of the cached token if usable now (starts no fetch).
    #[pyo3(signature = (now_ms = None))]
    fn current_token(&self, now_ms: Option<i64>) -> PyResult<Option<AccessToken>> {
        Ok(self.lock()?.current_token(host::now_ms(now_ms)).map(AccessToken))
    }

    /// Token endpoint clock minus host clock, seconds; `None` before any `Date` header.
    #[getter]
    fn clock_skew(&self) -> PyResult<Option<i64>> {
        Ok(self.lock()?.clock_skew())
    }

    /// When the cached token expires, Unix ms.
    #[getter]
    fn token_expires_at(&self) -> PyResult<Option<i64>> {
        Ok(self.lock()?.token_expires_at())
    }

    /// The ticket of the fetch in flight.
    #[getter]
    fn in_flight(&self) -> PyResult<Option<u64>> {
        Ok(self.lock()?.in_flight().map(Ticket::id))
    }

    /// The last failure (not raised), until a token is stored.
    #[getter]
    fn last_error(&self, py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
        let e = self.lock()?.last_error().cloned();
        Ok(e.map(|e| to_py_err(e).into_value(py).into_any()))
    }

    fn __repr__(&self) -> String {
        "TokenManager([token redacted])".to_owned()
    }
}

impl TokenManager {
    fn lock(&self) -> PyResult<MutexGuard<'_, core_tm::TokenManager>> {
        self.0.lock().map_err(|_| invalid_argument("the token manager is unusable after a panic"))
    }
}

fn handled_str(h: Handled) -> &'static str {
    h.as_str()
}
