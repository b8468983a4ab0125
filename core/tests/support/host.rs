//! A minimal Rust host for the sans-IO core, as the demo and the end-to-end test use it: the
//! host's clock, CSPRNG and (loopback) HTTP, and nothing else. All the protocol decisions —
//! when to fetch a token, what to sign, what a response means, whether to retry — come from the
//! core; this file only carries them out.

#![allow(clippy::disallowed_methods)] // the host supplies the clock and the system RNG

use careerpro_fla::UnixTime;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use careerpro_fla::token_request;
use careerpro_fla::{
    advise_retry as advise, Advice, Attempt, Outcome, RetryPolicy, TransportErrorKind,
};
use careerpro_fla::{parse_api_response as parse_response, ApiRequest, ApiResponse};
use careerpro_fla::{
    AccessToken, Error, HttpRequest, HttpResponse, Profile, SigningKey, SystemRandom,
};
use careerpro_fla::{
    Action, TokenManager, TokenManagerConfig, TransportErrorKind as TransportFailure,
};
use careerpro_fla::{Assertion, AssertionOptions};

use super::loopback_http;

/// Host clock in Unix milliseconds.
pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// One client: credentials, a profile, the core's token manager and retry policy.
pub struct Host {
    pub key: SigningKey,
    pub options: AssertionOptions,
    pub profile: Profile,
    pub manager: TokenManager,
    pub policy: RetryPolicy,
    pub rng: SystemRandom,
    /// Every request sent, in order (for the demo's narration and the tests' counts).
    pub sent: Vec<HttpRequest>,
}

impl Host {
    pub fn new(key: SigningKey, client_id: &str, profile: Profile) -> Result<Host, Error> {
        let rng = SystemRandom::new();
        let seed = careerpro_fla::random_u64(&rng)?;
        Ok(Host {
            options: AssertionOptions::new(client_id, profile.audience.clone()),
            key,
            profile,
            manager: TokenManager::new(TokenManagerConfig::default(), seed)?,
            policy: RetryPolicy::default(),
            rng,
            sent: Vec::new(),
        })
    }

    fn send(&mut self, request: &HttpRequest) -> std::io::Result<HttpResponse> {
        self.sent.push(request.clone());
        loopback_http::send(request)
    }

    /// A usable access token: from the cache, or fetched as the manager directs.
    pub fn token(&mut self) -> Result<AccessToken, Error> {
        loop {
            let now = now_ms();
            let ticket = match self.manager.poll(UnixTime::from_millis(now)) {
                Action::UseToken(token) => return Ok(token.clone()),
                Action::Fail(error) => return Err(error),
                Action::Wait { until, .. } => {
                    std::thread::sleep(Duration::from_millis(
                        u64::try_from(until.as_millis() - now).unwrap_or(0),
                    ));
                    continue;
                }
                Action::FetchToken { ticket } => ticket,
            };
            let iat = self.manager.assertion_time(UnixTime::from_millis(now));
            let assertion = Assertion::sign(
                &self.key,
                &self.options,
                UnixTime::from_secs((iat).as_secs()),
                None,
                &self.rng,
            )?;
            let request = token_request(
                &self.profile.token_url,
                assertion.compact(),
                self.profile.scope.as_deref(),
            )?;
            // The outcome is recorded by the manager; the next poll says what it means: a new
            // token, a wait (retryable failure, back-off) or a failure (permanent, cool-down).
            let _ = match self.send(&request) {
                Ok(response) => {
                    self.manager.handle_response(ticket, UnixTime::from_millis(now_ms()), &response)
                }
                Err(_) => self.manager.handle_transport_error(
                    ticket,
                    UnixTime::from_millis(now_ms()),
                    TransportFailure::Connect,
                ),
            };
        }
    }

    /// Sends an API request, following the core's retry advice (429/503 back-off, one token
    /// refresh after a 401).
    pub fn call(&mut self, request: &ApiRequest) -> Result<ApiResponse, Error> {
        let mut attempt = Attempt::first(request.method);
        attempt.idempotent = request.idempotent;
        loop {
            let token = self.token()?;
            let http = request.build(
                &careerpro_fla::BaseUrl::parse(&self.profile.api_base_url)?,
                token.secret(),
                &careerpro_fla::uuid_v4(&self.rng)?,
            )?;
            let result = self.send(&http);
            let now_s = now_ms() / 1000;
            let jitter =
                u32::try_from(careerpro_fla::random_u64(&self.rng)? & 0xffff_ffff).unwrap_or(0);
            let advice = match &result {
                Ok(response) => advise(
                    &self.policy,
                    &attempt,
                    Outcome::Response(response),
                    jitter,
                    UnixTime::from_secs(now_s),
                ),
                Err(_) => advise(
                    &self.policy,
                    &attempt,
                    Outcome::Transport(TransportErrorKind::Connect),
                    jitter,
                    UnixTime::from_secs(now_s),
                ),
            };
            match advice {
                Advice::Success => {
                    let response = result.map_err(|e| {
                        careerpro_fla::Error::new(
                            careerpro_fla::ErrorCode::TransportError,
                            e.to_string(),
                        )
                    })?;
                    return parse_response(
                        http.method,
                        &http.url,
                        &response,
                        UnixTime::from_secs(now_s),
                    );
                }
                Advice::RetryAfterMs(ms) => std::thread::sleep(Duration::from_millis(ms)),
                Advice::RefreshTokenAndRetry => {
                    self.manager.invalidate(UnixTime::from_millis(now_ms()));
                    attempt.token_refreshed = true;
                }
                Advice::GiveUp(error) => return Err(error),
            }
            attempt.number += 1;
        }
    }
}
