//! The token lifecycle (the core's sans-IO state machine): poll → fetch / wait / use / fail,
//! answers fed back. Times here are Unix **milliseconds** (`Date.now()`), as in the core.

use careerpro_fla::token_manager::{
    Action, TokenManager as CoreManager, TokenManagerConfig as CoreConfig, TransportFailure,
};
use careerpro_fla::Ticket;
use napi::bindgen_prelude::{Object, Unknown};
use napi::Env;
use napi_derive::napi;

use crate::error::{error_value, invalid_argument, OrThrow};
use crate::host::{self, non_negative};
use crate::http::{response_in, HttpResponse};
use crate::token::AccessToken;

/// The token manager's numbers, all optional (defaults in brackets); durations in ms.
#[napi(object)]
#[derive(Debug, Clone, Default)]
pub struct TokenManagerConfig {
    /// Refresh once this percentage of the lifetime has passed [80].
    pub refresh_percent: Option<u32>,
    /// … or once less than this remains [60 000].
    pub refresh_floor_ms: Option<u32>,
    /// Random advance of the refresh, percent of the lifetime [10].
    pub refresh_jitter_percent: Option<u32>,
    /// A token is handed out until this long before its expiry [10 000].
    pub expiry_margin_ms: Option<u32>,
    /// Lifetime assumed without `expires_in` [300 000].
    pub default_lifetime_ms: Option<u32>,
    /// A fetch without an answer after this long is abandoned [30 000].
    pub fetch_timeout_ms: Option<u32>,
    /// First back-off after a retryable failure [1 000].
    pub backoff_base_ms: Option<u32>,
    /// Longest back-off [60 000].
    pub backoff_cap_ms: Option<u32>,
    /// Longest wait a `Retry-After` may impose [120 000].
    pub retry_after_cap_ms: Option<u32>,
    /// Cool-down after a failure a retry cannot fix [30 000].
    pub failure_cooldown_ms: Option<u32>,
    /// No fetch sooner than this after a token was stored [1 000].
    pub min_fetch_interval_ms: Option<u32>,
    /// Invalidations of tokens younger than this are throttled from the second on [10 000].
    pub young_token_ms: Option<u32>,
    /// A `Date` offset within this counts as no skew [2 000].
    pub skew_tolerance_ms: Option<u32>,
    /// A `Date` offset beyond this is ignored [86 400 000].
    pub skew_limit_ms: Option<u32>,
    /// From this skew on, `invalid_client` messages mention the clock [30 000].
    pub skew_hint_ms: Option<u32>,
}

fn config_in(c: &TokenManagerConfig) -> CoreConfig {
    let mut d = CoreConfig::default();
    let set = |field: &mut u32, value: Option<u32>| {
        if let Some(v) = value {
            *field = v;
        }
    };
    set(&mut d.refresh_percent, c.refresh_percent);
    set(&mut d.refresh_floor_ms, c.refresh_floor_ms);
    set(&mut d.refresh_jitter_percent, c.refresh_jitter_percent);
    set(&mut d.expiry_margin_ms, c.expiry_margin_ms);
    set(&mut d.default_lifetime_ms, c.default_lifetime_ms);
    set(&mut d.fetch_timeout_ms, c.fetch_timeout_ms);
    set(&mut d.backoff_base_ms, c.backoff_base_ms);
    set(&mut d.backoff_cap_ms, c.backoff_cap_ms);
    set(&mut d.retry_after_cap_ms, c.retry_after_cap_ms);
    set(&mut d.failure_cooldown_ms, c.failure_cooldown_ms);
    set(&mut d.min_fetch_interval_ms, c.min_fetch_interval_ms);
    set(&mut d.young_token_ms, c.young_token_ms);
    set(&mut d.skew_tolerance_ms, c.skew_tolerance_ms);
    set(&mut d.skew_limit_ms, c.skew_limit_ms);
    set(&mut d.skew_hint_ms, c.skew_hint_ms);
    d
}

/// The token cache and fetch scheduler for one client (credentials + scopes). One fetch is in
/// flight at a time however many callers poll; refreshes come early with jitter;
/// `Retry-After` and back-off are honoured; `invalid_client` is never retried in a loop.
#[napi]
#[derive(Debug)]
pub struct TokenManager {
    inner: CoreManager,
}

#[napi]
impl TokenManager {
    /// A manager; `seed` drives the refresh jitter (default: random).
    #[napi(constructor)]
    pub fn new(
        env: Env,
        config: Option<TokenManagerConfig>,
        seed: Option<i64>,
    ) -> napi::Result<TokenManager> {
        let seed = match seed {
            Some(s) => non_negative(s),
            None => careerpro_fla::random::u64(&host::rng()).or_throw(&env)?,
        };
        let config = config_in(&config.unwrap_or_default());
        CoreManager::new(config, seed).map(|inner| TokenManager { inner }).or_throw(&env)
    }

    /// What to do at `now` (Unix ms, default `Date.now()`).
    #[napi(
        ts_return_type = "{ kind: 'use_token'; token: AccessToken } | { kind: 'fetch_token'; ticket: number } | { kind: 'wait'; until: number; reason: 'fetch_in_flight' | 'backing_off' | 'throttled' } | { kind: 'fail'; error: Error }"
    )]
    pub fn poll<'env>(&mut self, env: &'env Env, now: Option<i64>) -> napi::Result<Object<'env>> {
        let mut o = Object::new(env)?;
        match self.inner.poll(host::now_ms(now)) {
            Action::UseToken(token) => {
                o.set("kind", "use_token")?;
                o.set("token", AccessToken::from(token.clone()))?;
            }
            Action::FetchToken { ticket } => {
                o.set("kind", "fetch_token")?;
                o.set("ticket", host::as_i64(ticket.id()))?;
            }
            Action::Wait { until, reason } => {
                o.set("kind", "wait")?;
                o.set("until", until)?;
                o.set("reason", reason.as_str())?;
            }
            Action::Fail(error) => {
                o.set("kind", "fail")?;
                o.set("error", error_value(env, &error)?)?;
            }
        }
        Ok(o)
    }

    /// Feeds back the token endpoint's answer to fetch `ticket`: `'stored'` or `'ignored'`
    /// (stale ticket); a failed fetch throws its typed error.
    #[napi(ts_return_type = "'stored' | 'ignored'")]
    pub fn handle_response(
        &mut self,
        env: Env,
        ticket: i64,
        response: HttpResponse,
        now: Option<i64>,
    ) -> napi::Result<&'static str> {
        let response = response_in(&env, &response)?;
        self.inner
            .handle_response(Ticket::from_id(non_negative(ticket)), host::now_ms(now), &response)
            .map(|h| h.as_str())
            .or_throw(&env)
    }

    /// Feeds back that fetch `ticket` got no answer (`timeout`, `connect`, `tls`, `other`):
    /// throws the recorded `TransportError`, or answers `'ignored'` for a stale ticket.
    #[napi(
        ts_args_type = "ticket: number, kind: 'timeout' | 'connect' | 'tls' | 'other', now?: number | undefined | null",
        ts_return_type = "'stored' | 'ignored'"
    )]
    pub fn handle_transport_error(
        &mut self,
        env: Env,
        ticket: i64,
        kind: String,
        now: Option<i64>,
    ) -> napi::Result<&'static str> {
        let kind = TransportFailure::parse(&kind).ok_or_else(|| {
            invalid_argument(&env, "the transport failure kind is timeout, connect, tls or other")
        })?;
        self.inner
            .handle_transport_error(Ticket::from_id(non_negative(ticket)), host::now_ms(now), kind)
            .map(|h| h.as_str())
            .or_throw(&env)
    }

    /// Drops the cached token after an API refused it (401); answers whether one was dropped.
    #[napi]
    pub fn invalidate(&mut self, now: Option<i64>) -> bool {
        self.inner.invalidate(host::now_ms(now))
    }

    /// The `now` (Unix **seconds**) for the next assertion: the host clock corrected by the
    /// skew estimated from the token endpoint's `Date` header.
    #[napi]
    pub fn assertion_time(&self, now: Option<i64>) -> i64 {
        self.inner.assertion_time(host::now_ms(now))
    }

    /// The token endpoint's clock minus ours, seconds; `null` before any `Date` header.
    #[napi(getter)]
    pub fn clock_skew(&self) -> Option<i64> {
        self.inner.clock_skew()
    }

    /// When the cached token expires (Unix ms); `null` without a token.
    #[napi(getter)]
    pub fn token_expires_at(&self) -> Option<i64> {
        self.inner.token_expires_at()
    }

    /// The ticket of the fetch in flight, if any.
    #[napi(getter)]
    pub fn in_flight(&self) -> Option<i64> {
        self.inner.in_flight().map(|t| host::as_i64(t.id()))
    }

    /// The last failure, until a token is stored.
    #[napi(getter, ts_return_type = "Error | null")]
    pub fn last_error<'env>(&self, env: &'env Env) -> napi::Result<Option<Unknown<'env>>> {
        self.inner.last_error().map(|e| error_value(env, e)).transpose()
    }

    /// The cached token if usable at `now` (Unix ms); does not start a fetch.
    #[napi]
    pub fn current_token(&self, now: Option<i64>) -> Option<AccessToken> {
        self.inner.current_token(host::now_ms(now)).map(AccessToken::from)
    }

    /// The state, never the token.
    #[napi]
    #[allow(clippy::inherent_to_string)] // JS's toString, not Rust's Display
    pub fn to_string(&self) -> String {
        format!(
            "TokenManager(token expires at: {:?}, in flight: {:?}, clock skew: {:?})",
            self.inner.token_expires_at(),
            self.inner.in_flight().map(|t| t.id()),
            self.inner.clock_skew()
        )
    }
}
