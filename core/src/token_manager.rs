//! The token lifecycle as a sans-IO state machine (quinn-proto / h11 style): the host passes the
//! time in, the manager answers what to do, the host performs the HTTP and feeds the outcome
//! back. No I/O, no threads, no clock, no ambient randomness.
//!
//! Time is **Unix milliseconds** (`now: i64`) everywhere in this module, so back-off and jitter
//! can be finer than a second. [`AccessToken`] keeps Unix *seconds* (its `issued_at` is
//! `now / 1000`, rounded down); [`TokenManager::assertion_time`] answers seconds too, because
//! the client assertion's `iat`/`exp` are seconds (RFC 7519 §2 NumericDate).
//!
//! What the manager does:
//!
//! - **one fetch in flight**, whatever the number of callers: [`TokenManager::poll`] hands out
//!   [`Action::FetchToken`] once, then [`Action::Wait`] (or the old token) until the answer;
//! - **early refresh**: after [`TokenManagerConfig::refresh_percent`] of the lifetime, or when
//!   less than [`TokenManagerConfig::refresh_floor_ms`] remains, minus a jitter drawn from the
//!   seed given at construction, so that many instances do not refresh together; the old token
//!   is served until [`TokenManagerConfig::expiry_margin_ms`] before its expiry;
//! - **failures**: `Retry-After` honoured (RFC 9110 §10.2.3, seconds or HTTP-date, capped),
//!   exponential back-off with jitter for 429, 5xx and transport failures, fail fast with a
//!   cool-down for the errors a retry cannot fix (`invalid_client`, …; see
//!   [`TokenManager::handle_response`]);
//! - **clock skew**: estimated from the token endpoint's `Date` header (RFC 9110 §6.6.1) and
//!   applied to the next assertions through [`TokenManager::assertion_time`];
//! - **invalidation** after an API's 401 `invalidAccessToken` / `expiredAccessToken`
//!   ([`TokenManager::invalidate`]), guarded against fetch storms.
//!
//! One manager per set of credentials and scopes. An agent (social secretariat) acting for many
//! employers needs one manager only: the employer's enterprise number travels in each API
//! request, not in the token.
//!
//! ```
//! use careerpro_fla::{Action, Handled, TokenManager, TokenManagerConfig, WaitReason};
//! use careerpro_fla::{HttpResponse, UnixTime};
//!
//! let mut manager = TokenManager::new(TokenManagerConfig::default(), 7).unwrap();
//! let now = UnixTime::from_millis(1_767_225_600_000);
//! let Action::FetchToken { ticket } = manager.poll(now) else { unreachable!() };
//! // Every other caller waits for that one fetch.
//! assert_eq!(
//!     manager.poll(now.add_millis(5)),
//!     Action::Wait { until: now.add_millis(30_000), reason: WaitReason::FetchInFlight }
//! );
//! // The host signs an assertion dated `manager.assertion_time(now)`, sends the token request,
//! // and feeds the answer back.
//! let body = br#"{"access_token":"t0k","token_type":"Bearer","expires_in":3600}"#.to_vec();
//! let answer = HttpResponse::new(200, vec![], body);
//! assert_eq!(manager.handle_response(ticket, now.add_millis(80), &answer).unwrap(), Handled::Stored);
//! let Action::UseToken(token) = manager.poll(now.add_millis(100)) else { unreachable!() };
//! assert_eq!(token.authorization(), "Bearer t0k");
//! assert_eq!(manager.token_expires_at(), Some(now.add_millis(3_600_000)));
//! ```

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::calendar::http_date_secs;
use crate::error::{Error, ErrorCode, Result};
use crate::http::HttpResponse;
use crate::retry::TransportErrorKind;
use crate::retry_after::retry_after_seconds;
use crate::time::UnixTime;
use crate::token::{parse_token_response, AccessToken};

/// Every number the manager uses; durations in milliseconds.
///
/// `u32` milliseconds reach 49 days, far beyond any sensible setting, and map to a plain number
/// in every binding. [`TokenManagerConfig::default`] gives the values documented per field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct TokenManagerConfig {
    /// Refresh once this percentage of the lifetime has passed. Default 80.
    pub refresh_percent: u32,
    /// … or once less than this remains, whichever comes first. Default 60 000 (60 s).
    pub refresh_floor_ms: u32,
    /// The refresh moment is brought forward by a random amount of up to this percentage of the
    /// lifetime, so that instances started together do not refresh together. Default 10.
    pub refresh_jitter_percent: u32,
    /// A token is handed out until this long before its expiry (requests take time to reach
    /// the API; clocks drift). Capped at half the lifetime for very short-lived tokens.
    /// Default 10 000 (10 s).
    pub expiry_margin_ms: u32,
    /// Lifetime assumed for a token answered without `expires_in`. Default 300 000 (5 min): the
    /// platform's token lifetime is not documented (PLATFORM.md §4, open), and five minutes is
    /// short enough that a token revoked or shortened by the server is not used for long, yet
    /// costs only one token request per four minutes.
    pub default_lifetime_ms: u32,
    /// A fetch without an answer after this long is abandoned (its ticket becomes stale) and a
    /// new one may start. Default 30 000 (30 s).
    pub fetch_timeout_ms: u32,
    /// First back-off after a retryable failure; doubled per consecutive failure, with "equal
    /// jitter" (the delay is drawn from its upper half). Default 1 000 (1 s).
    pub backoff_base_ms: u32,
    /// Longest back-off. Default 60 000 (60 s).
    pub backoff_cap_ms: u32,
    /// Longest wait a `Retry-After` may impose. Default 120 000 (120 s).
    pub retry_after_cap_ms: u32,
    /// After a failure a retry cannot fix (`invalid_client`, …), [`Action::Fail`] is answered
    /// for this long before one new fetch is allowed. Default 30 000 (30 s).
    pub failure_cooldown_ms: u32,
    /// No fetch starts sooner than this after a token was stored: bounds the fetch rate when
    /// the server hands out tokens that are already expired or when the host invalidates every
    /// new token. Default 1 000 (1 s).
    pub min_fetch_interval_ms: u32,
    /// A token invalidated younger than this counts as "young"; from the second consecutive
    /// young invalidation on, the next fetch waits an exponential back-off. Default 10 000.
    pub young_token_ms: u32,
    /// A `Date` offset within this is taken as no skew (the header has one-second resolution
    /// and the answer spent time in transit). Default 2 000 (2 s).
    pub skew_tolerance_ms: u32,
    /// A `Date` offset beyond this is ignored as implausible (a broken proxy). Default
    /// 86 400 000 (one day).
    pub skew_limit_ms: u32,
    /// From this skew on, an `invalid_client` error's message says how far off the host clock
    /// is. Default 30 000 (30 s).
    pub skew_hint_ms: u32,
}

impl Default for TokenManagerConfig {
    fn default() -> TokenManagerConfig {
        TokenManagerConfig {
            refresh_percent: 80,
            refresh_floor_ms: 60_000,
            refresh_jitter_percent: 10,
            expiry_margin_ms: 10_000,
            default_lifetime_ms: 300_000,
            fetch_timeout_ms: 30_000,
            backoff_base_ms: 1_000,
            backoff_cap_ms: 60_000,
            retry_after_cap_ms: 120_000,
            failure_cooldown_ms: 30_000,
            min_fetch_interval_ms: 1_000,
            young_token_ms: 10_000,
            skew_tolerance_ms: 2_000,
            skew_limit_ms: 86_400_000,
            skew_hint_ms: 30_000,
        }
    }
}

impl TokenManagerConfig {
    /// Checks that the numbers make sense together.
    pub fn validate(&self) -> Result<()> {
        let bad = |why: &str| Err(Error::new(ErrorCode::InvalidArgument, why.to_owned()));
        if !(1..=100).contains(&self.refresh_percent) {
            return bad("refresh_percent must be between 1 and 100");
        }
        if self.refresh_jitter_percent > 100 {
            return bad("refresh_jitter_percent must be between 0 and 100");
        }
        if self.default_lifetime_ms == 0 {
            return bad("default_lifetime_ms must be positive");
        }
        if self.fetch_timeout_ms == 0 {
            return bad("fetch_timeout_ms must be positive (a fetch cannot answer in no time)");
        }
        if self.backoff_base_ms == 0 || self.backoff_cap_ms < self.backoff_base_ms {
            return bad("backoff_base_ms must be positive and at most backoff_cap_ms");
        }
        if self.skew_limit_ms < self.skew_tolerance_ms {
            return bad("skew_limit_ms must be at least skew_tolerance_ms");
        }
        Ok(())
    }
}

/// What the caller of [`TokenManager::poll`] must do now.
#[derive(Clone, Debug, PartialEq)]
pub enum Action<'a> {
    /// Use this token (borrowed: the hot path allocates nothing; clone it to keep it).
    UseToken(&'a AccessToken),
    /// Sign an assertion dated [`TokenManager::assertion_time`], build the request with
    /// [`crate::token::token_request`], send it, and pass the outcome back with this ticket.
    FetchToken {
        /// Identifies this fetch in [`TokenManager::handle_response`].
        ticket: Ticket,
    },
    /// Nothing to do before `until` (always later than the `now` polled).
    Wait {
        /// When polling again may give another answer.
        until: UnixTime,
        /// Why.
        reason: WaitReason,
    },
    /// The last fetch failed in a way a retry cannot fix; answered during the cool-down.
    Fail(Error),
}

/// Why [`Action::Wait`] was answered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WaitReason {
    /// Another caller's fetch is running; its answer (or its timeout) comes by `until`.
    FetchInFlight,
    /// A retryable failure: back-off or the server's `Retry-After` runs until `until`.
    /// [`TokenManager::last_error`] tells what failed.
    BackingOff,
    /// Fetches are rate-limited (a token was just stored, or the host keeps invalidating
    /// fresh tokens).
    Throttled,
}

impl WaitReason {
    /// The snake_case name used in scenario vectors and bindings.
    pub const fn as_str(self) -> &'static str {
        match self {
            WaitReason::FetchInFlight => "fetch_in_flight",
            WaitReason::BackingOff => "backing_off",
            WaitReason::Throttled => "throttled",
        }
    }
}

/// Identifies one fetch. Answers carrying any other ticket than the live one are ignored.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Ticket(u64);

impl Ticket {
    /// The number (1 for a manager's first fetch, then counting up).
    pub const fn id(self) -> u64 {
        self.0
    }

    /// A ticket from its number (for bindings and scenario vectors).
    pub const fn from_id(id: u64) -> Ticket {
        Ticket(id)
    }
}

/// What became of an answer fed back (a failed fetch is the `Err` of the `handle_*` call).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Handled {
    /// A new token is cached.
    Stored,
    /// The ticket is not the live one (late, timed out, unknown): nothing changed.
    Ignored,
    /// The fetch was given up ([`TokenManager::abandon`]); a new one may start.
    Abandoned,
}

impl Handled {
    /// The snake_case name: `stored`, `ignored`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Handled::Stored => "stored",
            Handled::Ignored => "ignored",
            Handled::Abandoned => "abandoned",
        }
    }
}

/// The token cache and fetch scheduler for one client (credentials + scopes).
///
/// `Debug` shows the state, never the token (see [`AccessToken`]'s `Debug`).
#[derive(Debug)]
pub struct TokenManager {
    config: TokenManagerConfig,
    rng: SplitMix64,
    token: Option<Cached>,
    in_flight: Option<InFlight>,
    next_ticket: u64,
    /// No fetch starts before this (ms); `gate` says why.
    not_before: i64,
    gate: Gate,
    /// Consecutive retryable failures (back-off exponent).
    failures: u32,
    /// Consecutive invalidations of young tokens.
    young_invalidations: u32,
    last_error: Option<Error>,
    /// Server clock minus host clock, ms.
    skew_ms: Option<i64>,
}

impl TokenManager {
    /// A manager with `config`; `seed` drives the jitter (deterministic for a given seed, so
    /// give each instance a different one, e.g. from [`crate::random::u64`]).
    pub fn new(config: TokenManagerConfig, seed: u64) -> Result<TokenManager> {
        config.validate()?;
        Ok(TokenManager {
            config,
            rng: SplitMix64(seed),
            token: None,
            in_flight: None,
            next_ticket: 1,
            not_before: i64::MIN,
            gate: Gate::Open,
            failures: 0,
            young_invalidations: 0,
            last_error: None,
            skew_ms: None,
        })
    }

    /// What to do at `now` (Unix ms): use the cached token, fetch one, wait, or fail.
    ///
    /// On a fresh cached token this is a couple of comparisons and allocates nothing.
    pub fn poll(&mut self, now: UnixTime) -> Action<'_> {
        let now = now.as_millis();
        let fresh = matches!(&self.token, Some(c) if now < c.refresh_at && now < c.usable_until);
        if !fresh {
            if let Some(action) = self.poll_slow(now) {
                return action;
            }
        }
        match &self.token {
            Some(c) => Action::UseToken(&c.token),
            // `poll_slow` answers `None` only when a usable token is cached.
            None => Action::Fail(Error::new(
                ErrorCode::InvalidArgument,
                "the token manager lost its token (internal error; please report it)",
            )),
        }
    }

    /// A copy of the cached token if it may be used at `now` (for bindings; does not start a
    /// fetch).
    pub fn current_token(&self, now: UnixTime) -> Option<AccessToken> {
        let now = now.as_millis();
        self.token.as_ref().filter(|c| now < c.usable_until).map(|c| c.token.clone())
    }

    /// Feeds back the token endpoint's answer to the fetch `ticket`, received at `now`.
    ///
    /// `Ok(Stored)`: the new token is cached. `Ok(Ignored)`: the ticket is stale or unknown and
    /// nothing changed. `Err(error)`: the fetch failed; the same error is
    /// [`TokenManager::last_error`], and the next polls answer:
    ///
    /// - a retry cannot fix it — `invalid_client`, `unauthorized_client`, `invalid_scope`,
    ///   `unsupported_grant_type`, `invalid_request`, `invalid_grant` (for client credentials
    ///   each means a configuration or assertion problem), another OAuth code with a 4xx
    ///   status, any other 4xx, or a 2xx that is not a usable token (a proxy's login page, a
    ///   wrong URL): [`Action::Fail`] for [`TokenManagerConfig::failure_cooldown_ms`], then one
    ///   new fetch;
    /// - retryable — 408, 425, 429, 5xx, or the OAuth codes `temporarily_unavailable` and
    ///   `slow_down`: [`Action::Wait`] for the longer of the server's `Retry-After` (capped)
    ///   and the exponential back-off;
    ///
    /// and in both cases a still-usable old token keeps being answered as [`Action::UseToken`].
    pub fn handle_response(
        &mut self,
        ticket: Ticket,
        now: UnixTime,
        response: &HttpResponse,
    ) -> Result<Handled> {
        let now = now.as_millis();
        if !self.is_live(ticket) {
            return Ok(Handled::Ignored);
        }
        self.in_flight = None;
        let server_date = response.header("date").and_then(http_date_secs);
        if let Some(date) = server_date {
            self.observe_server_date(date, now);
        }
        let error = match parse_token_response(response, UnixTime::from_millis(now)) {
            Ok(token) => {
                self.store(token, now);
                return Ok(Handled::Stored);
            }
            Err(e) => self.with_skew_hint(e),
        };
        // An HTTP-date is the server's clock: compare it with the server's own `Date`, or
        // with our skew-corrected clock.
        let reference = server_date
            .unwrap_or_else(|| self.assertion_time(UnixTime::from_millis(now)).as_secs());
        let server_wait_s = response
            .header("retry-after")
            .and_then(|v| retry_after_seconds(v, UnixTime::from_secs(reference)).ok())
            .or_else(|| error.retry_after());
        Err(self.record_failure(error, now, server_wait_s))
    }

    /// Records a failed fetch: a cool-down when a retry cannot fix it, else a back-off (at
    /// least the server's `Retry-After`, capped).
    fn record_failure(&mut self, error: Error, now: i64, server_wait_s: Option<u64>) -> Error {
        if is_permanent(&error) {
            self.gate = Gate::CoolingDown(error.clone());
            self.not_before = now.saturating_add(i64::from(self.config.failure_cooldown_ms));
        } else {
            self.failures = self.failures.saturating_add(1);
            let server_wait_ms = server_wait_s.map_or(0, |s| {
                i64::try_from(s)
                    .unwrap_or(i64::MAX)
                    .saturating_mul(1000)
                    .min(i64::from(self.config.retry_after_cap_ms))
            });
            let delay = server_wait_ms.max(self.backoff(self.failures));
            self.gate = Gate::BackingOff;
            self.not_before = now.saturating_add(delay);
        }
        self.last_error = Some(error.clone());
        error
    }

    /// Feeds back that the fetch `ticket` got no HTTP answer. `Err` carries the
    /// [`ErrorCode::TransportError`] recorded (the next polls back off); `Ok(Ignored)` means
    /// the ticket was stale.
    pub fn handle_transport_error(
        &mut self,
        ticket: Ticket,
        now: UnixTime,
        kind: TransportErrorKind,
    ) -> Result<Handled> {
        let now = now.as_millis();
        if !self.is_live(ticket) {
            return Ok(Handled::Ignored);
        }
        self.in_flight = None;
        let error = Error::new(
            ErrorCode::TransportError,
            format!(
                "the token request failed ({}): the token endpoint could not be reached or did \
                 not answer",
                kind.as_str()
            ),
        )
        .with_transport(kind);
        Err(self.record_failure(error, now, None))
    }

    /// Gives up the fetch `ticket` without an answer to feed back: the host could not even
    /// send it (its signer failed, the process is shutting down). The next poll may start a
    /// new fetch at once: nothing reached the server, so there is nothing to back off from.
    /// Answers [`Handled::Ignored`] for a stale ticket, else [`Handled::Abandoned`].
    pub fn abandon(&mut self, ticket: Ticket) -> Handled {
        if !self.is_live(ticket) {
            return Handled::Ignored;
        }
        self.in_flight = None;
        Handled::Abandoned
    }

    /// Drops the cached token because an API refused it (401 `invalidAccessToken` or
    /// `expiredAccessToken`, PLATFORM.md §5): the next poll fetches a new one. Answers whether a
    /// token was dropped.
    ///
    /// Loop guard: besides "one fetch in flight" and
    /// [`TokenManagerConfig::min_fetch_interval_ms`], from the second consecutive invalidation
    /// of a token younger than [`TokenManagerConfig::young_token_ms`] on, the next fetch waits
    /// an exponential back-off ([`WaitReason::Throttled`]). Invalidating an older token resets
    /// the count. A token that arrives while a 401 for its predecessor is on its way may be
    /// dropped too: that costs one extra fetch, never a loop.
    pub fn invalidate(&mut self, now: UnixTime) -> bool {
        let now = now.as_millis();
        let Some(cached) = self.token.take() else {
            return false;
        };
        if now.saturating_sub(cached.received_at) < i64::from(self.config.young_token_ms) {
            self.young_invalidations = self.young_invalidations.saturating_add(1);
        } else {
            self.young_invalidations = 0;
        }
        if self.young_invalidations >= 2 {
            let until = now.saturating_add(self.backoff(self.young_invalidations - 1));
            if until > self.not_before {
                self.not_before = until;
                if !matches!(self.gate, Gate::CoolingDown(_)) {
                    self.gate = Gate::Throttled;
                }
            }
        }
        true
    }

    /// The time to put in the next client assertion's `iat` (and base `exp` on): `now`
    /// corrected by the clock-skew estimate.
    pub fn assertion_time(&self, now: UnixTime) -> UnixTime {
        now.add_millis(self.skew_ms.unwrap_or(0))
    }

    /// The token endpoint's clock minus the host's, in milliseconds (to the nearest second:
    /// `Date` has one-second resolution), from the last plausible `Date` header; `None` before
    /// any. Offsets within [`TokenManagerConfig::skew_tolerance_ms`] count as 0.
    pub fn clock_skew_ms(&self) -> Option<i64> {
        self.skew_ms.map(|ms| {
            let half = if ms < 0 { -500 } else { 500 };
            ms.saturating_add(half) / 1000 * 1000
        })
    }

    /// When the cached token expires (as the manager reckons: `expires_in`, or
    /// [`TokenManagerConfig::default_lifetime_ms`] without it); `None` without a token.
    pub fn token_expires_at(&self) -> Option<UnixTime> {
        self.token.as_ref().map(|c| UnixTime::from_millis(c.expires_at))
    }

    /// The ticket of the fetch in flight, if any.
    pub fn in_flight(&self) -> Option<Ticket> {
        self.in_flight.map(|f| f.ticket)
    }

    /// The last failure, until a token is stored (also while an old token is still served).
    pub fn last_error(&self) -> Option<&Error> {
        self.last_error.as_ref()
    }

    /// The configuration.
    pub fn config(&self) -> &TokenManagerConfig {
        &self.config
    }
}

impl TokenManager {
    /// Everything but the fresh-token case. `None` means "use the cached token".
    fn poll_slow(&mut self, now: i64) -> Option<Action<'static>> {
        let usable = self.token.as_ref().is_some_and(|c| now < c.usable_until);
        if let Some(fetch) = self.in_flight {
            if now < fetch.deadline {
                return if usable {
                    None
                } else {
                    Some(Action::Wait {
                        until: UnixTime::from_millis(fetch.deadline),
                        reason: WaitReason::FetchInFlight,
                    })
                };
            }
            // No answer in time: the ticket goes stale and a new fetch may start at once
            // (the timeout already spaced the attempts).
            self.in_flight = None;
            self.failures = self.failures.saturating_add(1);
            self.last_error = Some(Error::new(
                ErrorCode::TransportError,
                format!(
                    "the token endpoint gave no answer within {} ms; a new token request is sent",
                    self.config.fetch_timeout_ms
                ),
            ));
        }
        if now < self.not_before {
            if usable {
                return None;
            }
            return Some(match &self.gate {
                Gate::CoolingDown(error) => Action::Fail(error.clone()),
                Gate::BackingOff => Action::Wait {
                    until: UnixTime::from_millis(self.not_before),
                    reason: WaitReason::BackingOff,
                },
                Gate::Throttled | Gate::Open => Action::Wait {
                    until: UnixTime::from_millis(self.not_before),
                    reason: WaitReason::Throttled,
                },
            });
        }
        let ticket = Ticket(self.next_ticket);
        self.next_ticket = self.next_ticket.saturating_add(1);
        let deadline = now.saturating_add(i64::from(self.config.fetch_timeout_ms));
        self.in_flight = Some(InFlight { ticket, deadline });
        Some(Action::FetchToken { ticket })
    }

    fn is_live(&self, ticket: Ticket) -> bool {
        self.in_flight.is_some_and(|f| f.ticket == ticket)
    }

    fn store(&mut self, token: AccessToken, now: i64) {
        let c = &self.config;
        // `expires_at` counts from `now / 1000` rounded down: never later than the truth.
        let expires_at = match token.expires_at() {
            Some(at) => at.as_millis(),
            None => now.saturating_add(i64::from(c.default_lifetime_ms)),
        };
        let lifetime = expires_at.saturating_sub(now).max(0);
        let margin = i64::from(c.expiry_margin_ms).min(lifetime / 2);
        let usable_until = expires_at.saturating_sub(margin);
        let early = percent_of(lifetime, c.refresh_percent)
            .min(lifetime.saturating_sub(i64::from(c.refresh_floor_ms)));
        let max_jitter = percent_of(lifetime, c.refresh_jitter_percent);
        let jitter = self.rng.up_to(max_jitter);
        // Never refresh in the first half of the lifetime (at most two fetches per lifetime),
        // and never later than the token stays usable.
        let refresh_at = now
            .saturating_add(early.saturating_sub(jitter))
            .max(now.saturating_add(lifetime / 2))
            .min(usable_until);
        self.token = Some(Cached { token, received_at: now, expires_at, usable_until, refresh_at });
        self.failures = 0;
        self.last_error = None;
        self.gate = Gate::Throttled;
        self.not_before = now.saturating_add(i64::from(self.config.min_fetch_interval_ms));
    }

    fn observe_server_date(&mut self, date: i64, now: i64) {
        // The header has one-second resolution: the server's clock read somewhere in
        // [date, date + 1 s) when it answered, hence the half second.
        let offset = date.saturating_mul(1000).saturating_add(500).saturating_sub(now);
        let size = offset.unsigned_abs();
        if size > u64::from(self.config.skew_limit_ms) {
            return;
        }
        self.skew_ms =
            Some(if size <= u64::from(self.config.skew_tolerance_ms) { 0 } else { offset });
    }

    /// `invalid_client` with a badly skewed clock: say so, since an assertion dated by a wrong
    /// clock is the likeliest cause.
    fn with_skew_hint(&self, error: Error) -> Error {
        let Some(skew) = self.clock_skew_ms().map(|ms| ms / 1000) else {
            return error;
        };
        let hint_s = i64::from(self.config.skew_hint_ms / 1000);
        if error.code() != ErrorCode::OAuthInvalidClient || skew.abs() < hint_s.max(1) {
            return error;
        }
        let direction = if skew > 0 { "behind" } else { "ahead of" };
        let message = format!(
            "{}; your clock is {} s off: it is {} s {direction} the token endpoint's clock (its \
             Date header). Fix the host clock (NTP); the next client assertions are already dated \
             by the server's clock",
            error.message(),
            skew.abs(),
            skew.abs()
        );
        let hinted = Error::new(error.code(), message);
        match error.http() {
            Some(http) => hinted.with_http(http.clone()),
            None => hinted,
        }
    }

    /// Exponential back-off for the `n`-th consecutive failure (n ≥ 1), with "equal jitter":
    /// uniformly in [d/2, d] where d = min(base · 2^(n−1), cap).
    fn backoff(&mut self, n: u32) -> i64 {
        let exponent = n.saturating_sub(1).min(40);
        let d = i64::from(self.config.backoff_base_ms)
            .saturating_mul(1_i64 << exponent)
            .min(i64::from(self.config.backoff_cap_ms));
        d.saturating_sub(self.rng.up_to(d / 2))
    }
}

/// Whether a token endpoint failure is one a retry cannot fix.
fn is_permanent(error: &Error) -> bool {
    // One rule for "retryable" across the library: `Error::is_retryable`.
    !error.is_retryable()
}

/// `pct` percent of a non-negative `value`, without overflow.
fn percent_of(value: i64, pct: u32) -> i64 {
    i64::try_from(i128::from(value) * i128::from(pct) / 100).unwrap_or(i64::MAX)
}

#[derive(Debug)]
struct Cached {
    token: AccessToken,
    received_at: i64,
    expires_at: i64,
    usable_until: i64,
    refresh_at: i64,
}

#[derive(Clone, Copy, Debug)]
struct InFlight {
    ticket: Ticket,
    deadline: i64,
}

#[derive(Debug)]
enum Gate {
    /// Nothing holds fetches back.
    Open,
    /// Retryable failure.
    BackingOff,
    /// Permanent failure: answer `Fail` until `not_before`.
    CoolingDown(Error),
    /// Rate limit after a store or young invalidations.
    Throttled,
}

/// SplitMix64 (Steele, Lea, Flood 2014): a tiny deterministic generator for jitter only, never
/// for anything secret.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, max] (modulo bias is irrelevant for jitter); 0 when `max` ≤ 0.
    fn up_to(&mut self, max: i64) -> i64 {
        let Ok(max) = u64::try_from(max) else {
            return 0;
        };
        let span = max.saturating_add(1);
        i64::try_from(self.next() % span).unwrap_or(0)
    }
}

impl fmt::Debug for SplitMix64 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SplitMix64")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitmix_reference_values() {
        // First outputs for seed 0, as published with the algorithm (Vigna's splitmix64.c).
        let mut r = SplitMix64(0);
        assert_eq!(r.next(), 0xE220_A839_7B1D_CDAF);
        assert_eq!(r.next(), 0x6E78_9E6A_A1B9_65F4);
        for _ in 0..1000 {
            assert!((0..=7).contains(&r.up_to(7)));
        }
        assert_eq!(r.up_to(0), 0);
        assert_eq!(r.up_to(-5), 0);
    }

    #[test]
    fn backoff_doubles_within_cap() {
        let mut m = TokenManager::new(TokenManagerConfig::default(), 1).unwrap();
        for (n, d) in [(1, 1_000), (2, 2_000), (3, 4_000), (7, 60_000), (100, 60_000)] {
            for _ in 0..50 {
                let b = m.backoff(n);
                assert!((d / 2..=d).contains(&b), "n={n}: {b}");
            }
        }
    }

    #[test]
    fn permanence() {
        let resp = |status: u16, body: &str| {
            parse_token_response(
                &HttpResponse::new(status, vec![], body.as_bytes().to_vec()),
                UnixTime::from_millis(0),
            )
            .unwrap_err()
        };
        assert!(is_permanent(&resp(400, r#"{"error":"invalid_client"}"#)));
        assert!(is_permanent(&resp(503, r#"{"error":"invalid_scope"}"#)));
        assert!(is_permanent(&resp(400, r#"{"error":"custom"}"#)));
        assert!(!is_permanent(&resp(400, r#"{"error":"temporarily_unavailable"}"#)));
        assert!(!is_permanent(&resp(503, r#"{"error":"custom"}"#)));
        assert!(!is_permanent(&resp(429, "")));
        assert!(!is_permanent(&resp(502, "<html>")));
        assert!(is_permanent(&resp(404, "<html>")));
        assert!(is_permanent(&resp(200, "<html>")));
        assert!(!is_permanent(&Error::new(ErrorCode::TransportError, "x")));
    }

    #[test]
    fn config_validation() {
        assert!(TokenManagerConfig::default().validate().is_ok());
        for broken in [
            TokenManagerConfig { refresh_percent: 0, ..TokenManagerConfig::default() },
            TokenManagerConfig { refresh_percent: 101, ..TokenManagerConfig::default() },
            TokenManagerConfig { refresh_jitter_percent: 101, ..TokenManagerConfig::default() },
            TokenManagerConfig { default_lifetime_ms: 0, ..TokenManagerConfig::default() },
            TokenManagerConfig { fetch_timeout_ms: 0, ..TokenManagerConfig::default() },
            TokenManagerConfig { backoff_base_ms: 0, ..TokenManagerConfig::default() },
            TokenManagerConfig { backoff_cap_ms: 10, ..TokenManagerConfig::default() },
            TokenManagerConfig { skew_limit_ms: 1, ..TokenManagerConfig::default() },
        ] {
            assert_eq!(
                TokenManager::new(broken, 0).unwrap_err().code(),
                ErrorCode::InvalidArgument
            );
        }
    }
}
