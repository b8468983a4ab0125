//! Retry advice for API calls (`PLATFORM.md` §5): after each attempt, [`advise`] says whether
//! the call succeeded, should be repeated after a delay, needs a fresh token first, or failed
//! for good. It is a pure function: the caller passes the clock (`now`) and a random `jitter`
//! it drew from its own RNG, so the same inputs give the same advice.
//!
//! The rules:
//!
//! - `POST` and `PATCH` are never repeated unless the request is marked idempotent
//!   ([`Attempt::idempotent`]) or [`RetryPolicy::retry_post`] is set: the first try may have
//!   been processed even when its answer was lost.
//! - Idempotent requests are repeated on 429, 502, 503, 504 (and 500 when
//!   [`RetryPolicy::retry_internal_error`]) and on timeouts and connection failures, at most
//!   [`RetryPolicy::max_attempts`] attempts in all. TLS failures are not repeated: a
//!   certificate or proxy problem does not fix itself.
//! - `Retry-After` (delta-seconds or HTTP-date, RFC 9110 §10.2.3; else the problem's
//!   `retryAfterSec`/`retryAfter`) is honoured; a wait longer than
//!   [`RetryPolicy::retry_after_cap_s`] is not slept through: the advice is to give up, with the
//!   wait in [`Error::retry_after`] so the caller can reschedule the work.
//! - Otherwise the delay is exponential back-off with full jitter: uniform in
//!   `[0, min(max_delay_ms, base_delay_ms × 2^(attempt−1))]`.
//! - A 401 saying the token is missing, invalid or expired (Belgif `noAccessToken`,
//!   `invalidAccessToken`, `expiredAccessToken`, or `WWW-Authenticate: Bearer
//!   error="invalid_token"`, RFC 6750 §3.1) asks for one token refresh and retry, for any method
//!   (the server did not process the request); a second such 401 gives up.
//! - Any other status gives up with the typed error of [`crate::api::error_from_response`].
//!
//! ```
//! use careerpro_fla::{advise_retry as advise, Advice, Attempt, Outcome, RetryPolicy};
//! use careerpro_fla::{HttpResponse, Method, UnixTime};
//! let policy = RetryPolicy::default();
//! let busy = HttpResponse::new(503, vec![("Retry-After".into(), "2".into())], vec![]);
//! let get = Attempt::first(Method::Get);
//! assert_eq!(advise(&policy, &get, Outcome::Response(&busy), 0, UnixTime::EPOCH), Advice::RetryAfterMs(2000));
//! let post = Attempt::first(Method::Post);
//! assert!(matches!(advise(&policy, &post, Outcome::Response(&busy), 0, UnixTime::EPOCH), Advice::GiveUp(_)));
//! ```

use crate::api::error_from_response;
use crate::error::{Error, ErrorCode, HttpContext};
use crate::http::{HttpResponse, Method};
use crate::time::UnixTime;
use serde::ser::SerializeMap as _;

/// How hard to retry. The defaults: 3 attempts, 500 ms base delay, 30 s maximum delay,
/// `Retry-After` honoured up to 120 s, `POST`/`PATCH` and 500 not retried.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct RetryPolicy {
    /// Attempts in all, the first included (default 3).
    pub max_attempts: u32,
    /// The back-off before the second attempt, doubled for each later one (default 500 ms).
    pub base_delay_ms: u64,
    /// The longest back-off (default 30 000 ms).
    pub max_delay_ms: u64,
    /// The longest `Retry-After` waited for (default 120 s); a longer one gives up.
    pub retry_after_cap_s: u64,
    /// Repeat `POST` and `PATCH` too (default false: they may have been processed).
    pub retry_post: bool,
    /// Repeat after a 500 Internal Server Error (default false: usually a bug, not load).
    pub retry_internal_error: bool,
}

impl Default for RetryPolicy {
    fn default() -> RetryPolicy {
        RetryPolicy {
            max_attempts: 3,
            base_delay_ms: 500,
            max_delay_ms: 30_000,
            retry_after_cap_s: 120,
            retry_post: false,
            retry_internal_error: false,
        }
    }
}

/// The attempt that just ended.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Attempt {
    /// The request's method.
    pub method: Method,
    /// The caller's idempotency override ([`crate::api::ApiRequest::idempotent`]).
    pub idempotent: Option<bool>,
    /// 1 for the first attempt, 2 for the first retry, …
    pub number: u32,
    /// Whether the token was already refreshed for this call (after a 401).
    pub token_refreshed: bool,
}

impl Attempt {
    /// The first attempt of a call with this method.
    pub fn first(method: Method) -> Attempt {
        Attempt { method, idempotent: None, number: 1, token_refreshed: false }
    }

    /// An attempt with every field given.
    pub fn new(
        method: Method,
        idempotent: Option<bool>,
        number: u32,
        token_refreshed: bool,
    ) -> Attempt {
        Attempt { method, idempotent, number, token_refreshed }
    }
}

pub(crate) use crate::transport::TransportErrorKind;

/// The error for a request that got no answer: names the method, the URL (without any
/// `user:password@`) and the kind, so the message alone says what to check.
pub fn transport_error(method: Method, url: &str, kind: TransportErrorKind, detail: &str) -> Error {
    let url = crate::url::quote(url);
    let mut message = format!("{method} {url} failed ({}): {}", kind.as_str(), kind.hint());
    let detail = detail.trim();
    if !detail.is_empty() {
        let detail: String = detail.chars().filter(|c| !c.is_control()).take(200).collect();
        message.push_str(&format!(" [{detail}]"));
    }
    Error::new(ErrorCode::TransportError, message).with_transport(kind)
}

/// What an attempt produced.
#[derive(Clone, Copy, Debug)]
pub enum Outcome<'a> {
    /// A response came back.
    Response(&'a HttpResponse),
    /// The transport failed.
    Transport(TransportErrorKind),
}

/// What to do next. Serialised with a `kind` tag: `{"kind": "success"}`,
/// `{"kind": "retry", "delay_ms"}`, `{"kind": "refresh_token"}`, `{"kind": "give_up", "error"}`.
#[derive(Clone, Debug, PartialEq)]
pub enum Advice {
    /// A 2xx: read it with [`crate::api::parse_response`].
    Success,
    /// Send the same request again after this many milliseconds (with a fresh trace id).
    RetryAfterMs(u64),
    /// Get a new access token, then send the request again (once).
    RefreshTokenAndRetry,
    /// Stop: the error says why (typed, with the problem details when there were any).
    GiveUp(Error),
}

/// Advises on the attempt that just ended; see the module documentation for the rules.
/// `jitter` is a uniform random `u32` the caller draws (e.g. with [`crate::random::u64`]);
/// `now` is Unix seconds (for HTTP-date `Retry-After`).
pub fn advise(
    policy: &RetryPolicy,
    attempt: &Attempt,
    outcome: Outcome<'_>,
    jitter: u32,
    now: UnixTime,
) -> Advice {
    let now = now.as_secs();
    let repeatable = attempt.idempotent.unwrap_or(
        attempt.method.is_idempotent()
            || (policy.retry_post && matches!(attempt.method, Method::Post | Method::Patch)),
    );
    let attempts_left = attempt.number < policy.max_attempts;
    let response = match outcome {
        Outcome::Response(r) => r,
        Outcome::Transport(kind) => {
            let error = |why: &str| {
                Error::new(
                    ErrorCode::TransportError,
                    format!("the {} request failed ({}): {why}", attempt.method, kind.as_str()),
                )
                .with_transport(kind)
            };
            // A request that never reached the server may be repeated whatever its method.
            let repeatable = repeatable || !kind.may_have_been_processed();
            return if kind == TransportErrorKind::Tls {
                Advice::GiveUp(error(kind.hint()))
            } else if !repeatable {
                Advice::GiveUp(error(&not_repeatable(attempt.method)))
            } else if !attempts_left {
                Advice::GiveUp(error(&format!("gave up after {} attempts", attempt.number)))
            } else {
                Advice::RetryAfterMs(backoff_ms(policy, attempt.number, jitter))
            };
        }
    };
    if (200..300).contains(&response.status) {
        return Advice::Success;
    }
    let error = error_from_response(response, UnixTime::from_secs(now));
    if response.status == 401 {
        return if asks_for_new_token(response, &error) && !attempt.token_refreshed {
            Advice::RefreshTokenAndRetry
        } else {
            Advice::GiveUp(error)
        };
    }
    // The library's one rule (`Error::is_retryable`), with the policy's say on 500.
    let transient = error.is_retryable() && (response.status != 500 || policy.retry_internal_error);
    if !transient {
        return Advice::GiveUp(error);
    }
    if !repeatable {
        return Advice::GiveUp(amend(&error, &not_repeatable(attempt.method)));
    }
    if !attempts_left {
        return Advice::GiveUp(amend(
            &error,
            &format!("gave up after {} attempts", attempt.number),
        ));
    }
    match error.retry_after() {
        Some(s) if s > policy.retry_after_cap_s => Advice::GiveUp(amend(
            &error,
            &format!(
                "the server asks to wait {s} s, longer than the {} s this client waits; \
                 retry later",
                policy.retry_after_cap_s
            ),
        )),
        Some(s) => Advice::RetryAfterMs(s.saturating_mul(1000)),
        None => Advice::RetryAfterMs(backoff_ms(policy, attempt.number, jitter)),
    }
}

/// Full-jitter exponential back-off: uniform in `[0, min(max, base × 2^(attempt−1))]`, the
/// position within it given by `jitter / u32::MAX`.
pub fn backoff_ms(policy: &RetryPolicy, attempt: u32, jitter: u32) -> u64 {
    let exponent = attempt.saturating_sub(1).min(63);
    let ceiling = policy.base_delay_ms.saturating_mul(1u64 << exponent).min(policy.max_delay_ms);
    let scaled = u128::from(ceiling) * u128::from(jitter) / u128::from(u32::MAX);
    u64::try_from(scaled).unwrap_or(ceiling)
}

/// Whether a 401 says to get a new token: a Belgif token problem, or RFC 6750 §3.1
/// `error="invalid_token"` in a Bearer challenge.
fn asks_for_new_token(response: &HttpResponse, error: &Error) -> bool {
    if error.problem().is_some_and(|p| p.is_token_problem()) {
        return true;
    }
    response.headers.iter().filter(|(k, _)| k.eq_ignore_ascii_case("www-authenticate")).any(
        |(_, v)| {
            let v = v.to_ascii_lowercase();
            v.trim_start().starts_with("bearer")
                && (v.contains("error=\"invalid_token\"") || v.contains("error=invalid_token"))
        },
    )
}

fn not_repeatable(method: Method) -> String {
    format!(
        "not retried automatically because {method} is not idempotent and may have been \
         processed; mark the request idempotent if the API allows repeating it"
    )
}

/// The same error with a note appended to its message.
fn amend(error: &Error, note: &str) -> Error {
    let amended = Error::new(error.code(), format!("{}; {note}", error.message()));
    match error.http() {
        Some(http) => amended.with_http(HttpContext::clone(http)),
        None => amended,
    }
}

impl serde::Serialize for Advice {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        match self {
            Advice::Success => m.serialize_entry("kind", "success")?,
            Advice::RetryAfterMs(ms) => {
                m.serialize_entry("kind", "retry")?;
                m.serialize_entry("delay_ms", &crate::wire::safe(*ms))?;
            }
            Advice::RefreshTokenAndRetry => m.serialize_entry("kind", "refresh_token")?,
            Advice::GiveUp(error) => {
                m.serialize_entry("kind", "give_up")?;
                m.serialize_entry("error", &error.payload())?;
            }
        }
        m.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_is_bounded_and_grows() {
        let p = RetryPolicy::default();
        assert_eq!(backoff_ms(&p, 1, u32::MAX), 500);
        assert_eq!(backoff_ms(&p, 2, u32::MAX), 1000);
        assert_eq!(backoff_ms(&p, 3, u32::MAX / 2), 999);
        assert_eq!(backoff_ms(&p, 40, u32::MAX), 30_000);
        assert_eq!(backoff_ms(&p, u32::MAX, u32::MAX), 30_000);
        assert_eq!(backoff_ms(&p, 5, 0), 0);
    }

    #[test]
    fn tls_is_never_retried() {
        let a = advise(
            &RetryPolicy::default(),
            &Attempt::first(Method::Get),
            Outcome::Transport(TransportErrorKind::Tls),
            1,
            UnixTime::from_secs(0),
        );
        match a {
            Advice::GiveUp(e) => assert_eq!(e.code(), ErrorCode::TransportError),
            other => panic!("{other:?}"),
        }
    }
}
