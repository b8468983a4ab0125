//! Token manager scenarios with a simulated clock and scripted answers (expectations written by
//! hand), a property test over random event sequences, and the replayer of the scenario vectors
//! in `tests/vectors/scenarios/`.

// Test code: panicking on a broken expectation is the point, and the replayer reads the vector
// files from disk.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::disallowed_methods
)]

use careerpro_fla::format_http_date;
use careerpro_fla::UnixTime;
use careerpro_fla::{
    Action, Handled, Ticket, TokenManager, TokenManagerConfig,
    TransportErrorKind as TransportFailure, WaitReason,
};
use careerpro_fla::{ErrorCode, HttpResponse};

/// 2026-01-01T00:00:00Z in ms.
const T0: i64 = 1_767_225_600_000;
const S: i64 = 1000;

fn manager() -> TokenManager {
    TokenManager::new(TokenManagerConfig::default(), 42).unwrap()
}

fn response(status: u16, headers: &[(&str, &str)], body: &str) -> HttpResponse {
    HttpResponse::new(
        status,
        headers.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect(),
        body.as_bytes().to_vec(),
    )
}

fn token_body(value: &str, expires_in: Option<u64>) -> String {
    match expires_in {
        Some(s) => {
            format!(r#"{{"access_token":"{value}","token_type":"Bearer","expires_in":{s}}}"#)
        }
        None => format!(r#"{{"access_token":"{value}","token_type":"Bearer"}}"#),
    }
}

fn fetch(m: &mut TokenManager, now: i64) -> Ticket {
    match m.poll(UnixTime::from_millis(now)) {
        Action::FetchToken { ticket } => ticket,
        other => panic!("expected FetchToken at {now}, got {other:?}"),
    }
}

fn used(m: &mut TokenManager, now: i64) -> String {
    match m.poll(UnixTime::from_millis(now)) {
        Action::UseToken(t) => t.secret().to_owned(),
        other => panic!("expected UseToken at {now}, got {other:?}"),
    }
}

fn wait(m: &mut TokenManager, now: i64) -> (i64, WaitReason) {
    match m.poll(UnixTime::from_millis(now)) {
        Action::Wait { until, reason } => ((until).as_millis(), reason),
        other => panic!("expected Wait at {now}, got {other:?}"),
    }
}

fn failed(m: &mut TokenManager, now: i64) -> ErrorCode {
    match m.poll(UnixTime::from_millis(now)) {
        Action::Fail(e) => e.code(),
        other => panic!("expected Fail at {now}, got {other:?}"),
    }
}

/// Fetches and stores a token `value` at `now`.
fn store(m: &mut TokenManager, now: i64, value: &str, expires_in: Option<u64>) {
    let ticket = fetch(m, now);
    let got = m.handle_response(
        ticket,
        UnixTime::from_millis(now),
        &response(200, &[], &token_body(value, expires_in)),
    );
    assert_eq!(got.unwrap(), Handled::Stored);
}

// --- scenarios ----------------------------------------------------------------------------

#[test]
fn first_fetch() {
    let mut m = manager();
    assert_eq!(m.current_token(UnixTime::from_millis(T0)), None);
    let ticket = fetch(&mut m, T0);
    assert_eq!(ticket.id(), 1);
    assert_eq!(m.in_flight(), Some(ticket));
    let got = m.handle_response(
        ticket,
        UnixTime::from_millis(T0 + 150),
        &response(200, &[], &token_body("A", Some(3600))),
    );
    assert_eq!(got.unwrap(), Handled::Stored);
    assert_eq!(m.in_flight(), None);
    assert_eq!(used(&mut m, T0 + 200), "A");
    // issued_at = T0 / 1000 (whole seconds), so the expiry is T0 + 3600 s.
    assert_eq!(m.token_expires_at(), Some(UnixTime::from_millis(T0 + 3600 * S)));
    assert_eq!(m.current_token(UnixTime::from_millis(T0 + 200)).unwrap().secret(), "A");
    assert_eq!(m.last_error(), None);
}

#[test]
fn cache_hit() {
    let mut m = manager();
    store(&mut m, T0, "A", Some(3600));
    // Refresh comes no earlier than 80 % − 10 % jitter = 2520 s: every poll before is a hit.
    let mut now = T0 + 1;
    while now < T0 + 2519 * S {
        assert_eq!(used(&mut m, now), "A");
        now += 7 * S + 13;
    }
    assert_eq!(m.in_flight(), None);
}

#[test]
fn early_refresh_serves_old_token_meanwhile() {
    let mut m = manager();
    store(&mut m, T0, "A", Some(3600));
    // The refresh starts somewhere in [2520 s, 2880 s] (80 % of 3600 s minus up to 10 %).
    let mut now = T0 + 2500 * S;
    let ticket = loop {
        match m.poll(UnixTime::from_millis(now)) {
            Action::UseToken(t) => assert_eq!(t.secret(), "A"),
            Action::FetchToken { ticket } => break ticket,
            other => panic!("{other:?}"),
        }
        now += S;
    };
    assert!((T0 + 2520 * S..=T0 + 2880 * S).contains(&now), "refresh at {}", now - T0);
    // Everyone else keeps the old token while the one fetch runs.
    for i in 0..50 {
        assert_eq!(used(&mut m, now + i), "A");
    }
    assert_eq!(m.in_flight(), Some(ticket));
    let got = m.handle_response(
        ticket,
        UnixTime::from_millis(now + 100),
        &response(200, &[], &token_body("B", Some(3600))),
    );
    assert_eq!(got.unwrap(), Handled::Stored);
    assert_eq!(used(&mut m, now + 101), "B");
}

#[test]
fn refresh_moments_are_jittered_by_seed() {
    let refresh_time = |seed: u64| {
        let mut m = TokenManager::new(TokenManagerConfig::default(), seed).unwrap();
        store(&mut m, T0, "A", Some(3600));
        let mut now = T0 + 2500 * S;
        while matches!(m.poll(UnixTime::from_millis(now)), Action::UseToken(_)) {
            now += S;
        }
        now
    };
    let times: std::collections::BTreeSet<i64> = (0..20).map(refresh_time).collect();
    assert!(times.len() > 10, "instances must not refresh together: {times:?}");
    assert_eq!(refresh_time(5), refresh_time(5), "deterministic for a seed");
}

#[test]
fn many_callers_one_fetch() {
    let mut m = manager();
    let ticket = fetch(&mut m, T0);
    for i in 1..=100 {
        assert_eq!(wait(&mut m, T0 + i), (T0 + 30 * S, WaitReason::FetchInFlight));
    }
    assert_eq!(m.in_flight(), Some(ticket));
    m.handle_response(
        ticket,
        UnixTime::from_millis(T0 + 500),
        &response(200, &[], &token_body("A", Some(600))),
    )
    .unwrap();
    for i in 0..100 {
        assert_eq!(used(&mut m, T0 + 501 + i), "A");
    }
}

#[test]
fn too_many_requests_with_retry_after_seconds() {
    let mut m = manager();
    let ticket = fetch(&mut m, T0);
    let e = m
        .handle_response(
            ticket,
            UnixTime::from_millis(T0),
            &response(429, &[("Retry-After", "7")], ""),
        )
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::TokenEndpointError);
    assert_eq!(e.retry_after(), Some(7));
    // 7 s exceeds the first back-off (≤ 1 s): the server's wish wins.
    assert_eq!(wait(&mut m, T0 + 1), (T0 + 7 * S, WaitReason::BackingOff));
    assert_eq!(wait(&mut m, T0 + 7 * S - 1), (T0 + 7 * S, WaitReason::BackingOff));
    assert_eq!(m.last_error().unwrap().code(), ErrorCode::TokenEndpointError);
    let ticket = fetch(&mut m, T0 + 7 * S);
    assert_eq!(ticket.id(), 2);
}

#[test]
fn too_many_requests_with_retry_after_date() {
    let mut m = manager();
    let ticket = fetch(&mut m, T0);
    let now_s = T0 / S;
    let date = format_http_date(UnixTime::from_secs(now_s));
    let later = format_http_date(UnixTime::from_secs(now_s + 20));
    m.handle_response(
        ticket,
        UnixTime::from_millis(T0),
        &response(429, &[("Date", &date), ("Retry-After", &later)], ""),
    )
    .unwrap_err();
    assert_eq!(wait(&mut m, T0), (T0 + 20 * S, WaitReason::BackingOff));

    // With the server's clock 5 minutes ahead, the HTTP-date is read against its own Date
    // header, not against the host clock (which would make it 320 s, capped to 120 s).
    let mut m = manager();
    let ticket = fetch(&mut m, T0);
    let date = format_http_date(UnixTime::from_secs(now_s + 300));
    let later = format_http_date(UnixTime::from_secs(now_s + 320));
    m.handle_response(
        ticket,
        UnixTime::from_millis(T0),
        &response(429, &[("Date", &date), ("Retry-After", &later)], ""),
    )
    .unwrap_err();
    assert_eq!(wait(&mut m, T0), (T0 + 20 * S, WaitReason::BackingOff));

    // An absurd Retry-After is capped at 120 s.
    let mut m = manager();
    let ticket = fetch(&mut m, T0);
    m.handle_response(
        ticket,
        UnixTime::from_millis(T0),
        &response(429, &[("Retry-After", "86400")], ""),
    )
    .unwrap_err();
    assert_eq!(wait(&mut m, T0), (T0 + 120 * S, WaitReason::BackingOff));
}

#[test]
fn service_unavailable_backs_off_exponentially() {
    let mut m = manager();
    let mut now = T0;
    for (n, d) in [(1, 1000), (2, 2000), (3, 4000), (4, 8000)] {
        let ticket = fetch(&mut m, now);
        let e = m
            .handle_response(
                ticket,
                UnixTime::from_millis(now),
                &response(503, &[], "<html>Service Unavailable</html>"),
            )
            .unwrap_err();
        assert_eq!(e.code(), ErrorCode::TokenEndpointError);
        let (until, reason) = wait(&mut m, now);
        assert_eq!(reason, WaitReason::BackingOff);
        assert!((now + d / 2..=now + d).contains(&until), "attempt {n}: {}", until - now);
        now = until;
    }
    // A success resets the back-off.
    store(&mut m, now, "A", Some(600));
    assert_eq!(m.last_error(), None);
}

#[test]
fn transport_timeout_backs_off() {
    let mut m = manager();
    let ticket = fetch(&mut m, T0);
    let e = m
        .handle_transport_error(
            ticket,
            UnixTime::from_millis(T0 + 10 * S),
            TransportFailure::Timeout,
        )
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::TransportError);
    assert!(e.message().contains("timeout"));
    let (until, reason) = wait(&mut m, T0 + 10 * S);
    assert_eq!(reason, WaitReason::BackingOff);
    assert!((T0 + 10 * S + 500..=T0 + 11 * S).contains(&until));
    assert_eq!(fetch(&mut m, until).id(), 2);
}

#[test]
fn invalid_client_fails_fast_then_cools_down() {
    let mut m = manager();
    let ticket = fetch(&mut m, T0);
    let body = r#"{"error":"invalid_client","error_description":"bad signature"}"#;
    let e = m
        .handle_response(
            ticket,
            UnixTime::from_millis(T0),
            &response(401, &[("BelGov-Trace-Id", "t-1")], body),
        )
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::OAuthInvalidClient);
    // During the 30 s cool-down every caller gets the same error, no fetch.
    for now in [T0, T0 + 1, T0 + 15 * S, T0 + 30 * S - 1] {
        match m.poll(UnixTime::from_millis(now)) {
            Action::Fail(f) => {
                assert_eq!(f, e);
                assert_eq!(f.trace_id(), Some("t-1"));
            }
            other => panic!("{other:?}"),
        }
    }
    // Then exactly one new fetch.
    let ticket = fetch(&mut m, T0 + 30 * S);
    assert_eq!(wait(&mut m, T0 + 30 * S), (T0 + 60 * S, WaitReason::FetchInFlight));
    // Failing again starts a new cool-down.
    m.handle_response(ticket, UnixTime::from_millis(T0 + 31 * S), &response(401, &[], body))
        .unwrap_err();
    assert_eq!(failed(&mut m, T0 + 60 * S), ErrorCode::OAuthInvalidClient);
    assert_eq!(fetch(&mut m, T0 + 61 * S).id(), 3);
}

#[test]
fn other_permanent_failures_fail_fast() {
    for (status, body, code) in [
        (400, r#"{"error":"unauthorized_client"}"#, ErrorCode::OAuthUnauthorizedClient),
        (400, r#"{"error":"invalid_scope"}"#, ErrorCode::OAuthInvalidScope),
        (400, r#"{"error":"unsupported_grant_type"}"#, ErrorCode::OAuthUnsupportedGrantType),
        (400, r#"{"error":"invalid_request"}"#, ErrorCode::OAuthInvalidRequest),
        (400, r#"{"error":"invalid_grant"}"#, ErrorCode::OAuthInvalidGrant),
        (400, r#"{"error":"vendor_specific"}"#, ErrorCode::OAuthOther),
        (404, "<html>Not Found</html>", ErrorCode::TokenEndpointError),
        (200, "<html>Login</html>", ErrorCode::TokenResponseMalformed),
        (200, r#"{"access_token":"x","token_type":"DPoP"}"#, ErrorCode::TokenTypeUnsupported),
    ] {
        let mut m = manager();
        let ticket = fetch(&mut m, T0);
        let e = m
            .handle_response(ticket, UnixTime::from_millis(T0), &response(status, &[], body))
            .unwrap_err();
        assert_eq!(e.code(), code, "{body}");
        assert_eq!(failed(&mut m, T0 + 29 * S), code, "{body}");
        fetch(&mut m, T0 + 30 * S);
    }
    // Retryable OAuth codes back off instead.
    let mut m = manager();
    let ticket = fetch(&mut m, T0);
    m.handle_response(
        ticket,
        UnixTime::from_millis(T0),
        &response(400, &[], r#"{"error":"temporarily_unavailable"}"#),
    )
    .unwrap_err();
    assert_eq!(wait(&mut m, T0).1, WaitReason::BackingOff);
}

#[test]
fn refresh_failure_keeps_serving_the_old_token() {
    let mut m = manager();
    store(&mut m, T0, "A", Some(300));
    // 300 s lifetime: refresh in [210 s, 240 s], usable until 290 s.
    let ticket = fetch(&mut m, T0 + 240 * S);
    m.handle_response(ticket, UnixTime::from_millis(T0 + 240 * S), &response(503, &[], ""))
        .unwrap_err();
    assert_eq!(used(&mut m, T0 + 240 * S), "A");
    assert_eq!(m.last_error().unwrap().code(), ErrorCode::TokenEndpointError);
    let ticket = fetch(&mut m, T0 + 270 * S);
    m.handle_response(
        ticket,
        UnixTime::from_millis(T0 + 270 * S),
        &response(401, &[], r#"{"error":"invalid_client"}"#),
    )
    .unwrap_err();
    assert_eq!(used(&mut m, T0 + 289 * S), "A");
    // Once the old token is no longer usable, the failure reaches the callers.
    assert_eq!(failed(&mut m, T0 + 290 * S), ErrorCode::OAuthInvalidClient);
    assert_eq!(m.current_token(UnixTime::from_millis(T0 + 290 * S)), None);
}

#[test]
fn skewed_server_clock() {
    let mut m = manager();
    assert_eq!(m.assertion_time(UnixTime::from_millis(T0 + 500)).as_secs(), T0 / S);
    assert_eq!(m.clock_skew_ms().map(|ms| ms / 1000), None);
    // The host clock is 120 s behind: the server says T0 + 120 s when the host reads T0.
    let now = T0 + 500;
    let ticket = fetch(&mut m, now);
    let date = format_http_date(UnixTime::from_secs((now + 120 * S) / S));
    let body = r#"{"error":"invalid_client","error_description":"assertion expired"}"#;
    let e = m
        .handle_response(
            ticket,
            UnixTime::from_millis(now),
            &response(400, &[("Date", &date)], body),
        )
        .unwrap_err();
    assert_eq!(m.clock_skew_ms().map(|ms| ms / 1000), Some(120));
    assert_eq!(m.assertion_time(UnixTime::from_millis(now)).as_secs(), T0 / S + 120);
    assert_eq!(e.code(), ErrorCode::OAuthInvalidClient);
    assert!(e.message().contains("assertion expired"), "{}", e.message());
    assert!(e.message().contains("your clock is 120 s off"), "{}", e.message());
    assert!(e.message().contains("behind"), "{}", e.message());
    assert_eq!(e.status(), Some(400));
    assert_eq!(e.oauth().unwrap().error, "invalid_client");

    // Ahead of the server, small skew and implausible skew.
    for (offset_s, want) in [(-45, Some(-45)), (1, Some(0)), (-2, Some(0)), (2 * 86_400, None)] {
        let mut m = manager();
        let ticket = fetch(&mut m, now);
        let date = format_http_date(UnixTime::from_secs((now + offset_s * S) / S));
        let got = m.handle_response(
            ticket,
            UnixTime::from_millis(now),
            &response(401, &[("Date", &date)], r#"{"error":"invalid_client"}"#),
        );
        assert_eq!(m.clock_skew_ms().map(|ms| ms / 1000), want, "{offset_s}");
        let message = got.unwrap_err().message().to_owned();
        assert_eq!(message.contains("your clock is"), offset_s == -45, "{message}");
        if offset_s == -45 {
            assert!(message.contains("45 s ahead of"), "{message}");
            assert_eq!(m.assertion_time(UnixTime::from_millis(now)).as_secs(), T0 / S - 45);
        }
    }

    // A success's Date header counts too; other errors get no hint.
    let mut m = manager();
    let ticket = fetch(&mut m, now);
    let date = format_http_date(UnixTime::from_secs((now + 600 * S) / S));
    m.handle_response(
        ticket,
        UnixTime::from_millis(now),
        &response(200, &[("Date", &date)], &token_body("A", Some(60))),
    )
    .unwrap();
    assert_eq!(m.clock_skew_ms().map(|ms| ms / 1000), Some(600));
}

#[test]
fn invalidate_fetches_a_new_token() {
    let mut m = manager();
    store(&mut m, T0, "A", Some(3600));
    assert!(m.invalidate(UnixTime::from_millis(T0 + 100 * S)));
    assert!(!m.invalidate(UnixTime::from_millis(T0 + 100 * S)), "nothing left to drop");
    let ticket = fetch(&mut m, T0 + 100 * S);
    m.handle_response(
        ticket,
        UnixTime::from_millis(T0 + 101 * S),
        &response(200, &[], &token_body("B", Some(3600))),
    )
    .unwrap();
    assert_eq!(used(&mut m, T0 + 101 * S), "B");
}

#[test]
fn invalidating_fresh_tokens_does_not_storm() {
    let mut m = manager();
    store(&mut m, T0, "A", Some(3600));
    // A host that invalidates every new token at once (an API that refuses them all).
    let mut now = T0 + 100 * S;
    let mut fetches = 0;
    let mut throttled = 0;
    while now < T0 + 160 * S {
        m.invalidate(UnixTime::from_millis(now));
        match m.poll(UnixTime::from_millis(now)) {
            Action::FetchToken { ticket } => {
                fetches += 1;
                m.handle_response(
                    ticket,
                    UnixTime::from_millis(now),
                    &response(200, &[], &token_body("X", Some(3600))),
                )
                .unwrap();
            }
            Action::Wait { until, reason: WaitReason::Throttled } => {
                throttled += 1;
                assert!(until > UnixTime::from_millis(now));
            }
            other => panic!("{other:?}"),
        }
        now += 100;
    }
    // 600 attempts in 60 s; back-off 1, 2, 4, 8, 16, 32 s (jittered) allows a handful.
    assert!((3..=12).contains(&fetches), "{fetches} fetches");
    assert!(throttled > 500);
    // Invalidating an old token is not throttled (beyond the 1 s spacing after a store).
    let mut m = manager();
    store(&mut m, T0, "A", Some(3600));
    m.invalidate(UnixTime::from_millis(T0 + 500));
    assert_eq!(wait(&mut m, T0 + 500), (T0 + S, WaitReason::Throttled));
    store(&mut m, T0 + S, "B", Some(3600));
    m.invalidate(UnixTime::from_millis(T0 + 20 * S));
    fetch(&mut m, T0 + 20 * S);
}

#[test]
fn token_without_expires_in_gets_default_lifetime() {
    let mut m = manager();
    store(&mut m, T0, "A", None);
    assert_eq!(m.token_expires_at(), Some(UnixTime::from_millis(T0 + 300 * S)));
    assert_eq!(m.current_token(UnixTime::from_millis(T0)).unwrap().expires_in(), None);
    // Usable until 290 s; refreshed in [210 s, 240 s].
    assert_eq!(used(&mut m, T0 + 209 * S), "A");
    let mut now = T0 + 209 * S;
    while matches!(m.poll(UnixTime::from_millis(now)), Action::UseToken(_)) {
        now += S;
    }
    assert!((T0 + 210 * S..=T0 + 240 * S).contains(&now));
    assert_eq!(used(&mut m, now + 29 * S), "A");
    assert_eq!(m.current_token(UnixTime::from_millis(T0 + 290 * S - 1)).unwrap().secret(), "A");
    assert_eq!(m.current_token(UnixTime::from_millis(T0 + 290 * S)), None);
}

#[test]
fn late_or_unknown_tickets_are_ignored() {
    let mut m = manager();
    let ticket = fetch(&mut m, T0);
    let ok = response(200, &[], &token_body("Z", Some(600)));
    assert_eq!(
        m.handle_response(Ticket::from_id(99), UnixTime::from_millis(T0), &ok).unwrap(),
        Handled::Ignored
    );
    assert_eq!(
        m.handle_transport_error(
            Ticket::from_id(0),
            UnixTime::from_millis(T0),
            TransportFailure::Tls
        )
        .unwrap(),
        Handled::Ignored
    );
    assert_eq!(m.in_flight(), Some(ticket));
    // The fetch times out; a new one starts; the old ticket's late answer is ignored.
    let second = fetch(&mut m, T0 + 30 * S);
    assert_eq!(
        m.handle_response(ticket, UnixTime::from_millis(T0 + 31 * S), &ok).unwrap(),
        Handled::Ignored
    );
    assert_eq!(m.current_token(UnixTime::from_millis(T0 + 31 * S)), None);
    m.handle_response(
        second,
        UnixTime::from_millis(T0 + 32 * S),
        &response(200, &[], &token_body("A", Some(600))),
    )
    .unwrap();
    // Answering the same ticket twice: the second is ignored.
    assert_eq!(
        m.handle_response(second, UnixTime::from_millis(T0 + 33 * S), &ok).unwrap(),
        Handled::Ignored
    );
    assert_eq!(used(&mut m, T0 + 33 * S), "A");
}

#[test]
fn fetch_timeout_allows_a_new_fetch() {
    let mut m = manager();
    let first = fetch(&mut m, T0);
    assert_eq!(wait(&mut m, T0 + 30 * S - 1), (T0 + 30 * S, WaitReason::FetchInFlight));
    let second = fetch(&mut m, T0 + 30 * S);
    assert_ne!(first, second);
    assert_eq!(m.last_error().unwrap().code(), ErrorCode::TransportError);
    assert_eq!(m.in_flight(), Some(second));
}

#[test]
fn expired_on_arrival_tokens_are_rate_limited() {
    let mut m = manager();
    store(&mut m, T0, "A", Some(0));
    assert_eq!(wait(&mut m, T0), (T0 + S, WaitReason::Throttled));
    fetch(&mut m, T0 + S);
}

#[test]
fn debug_never_shows_the_token() {
    let mut m = manager();
    store(&mut m, T0, "s3cr3t-token-value", Some(600));
    let action = format!("{:?}", m.poll(UnixTime::from_millis(T0)));
    let state = format!("{m:?}");
    for text in [action, state] {
        assert!(!text.contains("s3cr3t"), "{text}");
        assert!(text.contains("[redacted]"), "{text}");
    }
}

#[test]
fn custom_config() {
    let mut config = TokenManagerConfig::default();
    config.fetch_timeout_ms = 5_000;
    config.refresh_jitter_percent = 0;
    let mut m = TokenManager::new(config, 0).unwrap();
    fetch(&mut m, T0);
    assert_eq!(wait(&mut m, T0), (T0 + 5 * S, WaitReason::FetchInFlight));
    let json = serde_json::to_string(m.config()).unwrap();
    let back: TokenManagerConfig = serde_json::from_str(&json).unwrap();
    assert_eq!(&back, m.config());
    let partial: TokenManagerConfig = serde_json::from_str(r#"{"fetch_timeout_ms":1}"#).unwrap();
    assert_eq!(partial.refresh_percent, 80);
    assert!(serde_json::from_str::<TokenManagerConfig>(r#"{"nope":1}"#).is_err());
}

// --- property test ------------------------------------------------------------------------

mod properties {
    use super::*;
    use proptest::prelude::*;

    #[derive(Clone, Debug)]
    enum Op {
        Poll,
        Advance(i64),
        JumpBack(i64),
        Success {
            expires_in: Option<u64>,
            date_offset_s: Option<i64>,
        },
        Failure {
            status: u16,
            body: usize,
            retry_after: Option<u64>,
        },
        Transport(usize),
        Invalidate,
        Stale(u64),
        /// Jump to an interesting moment: a `Wait.until`, a token's expiry, a fetch deadline.
        Boundary(usize, i64),
    }

    const BODIES: [&str; 6] = [
        r#"{"error":"invalid_client"}"#,
        r#"{"error":"invalid_scope"}"#,
        r#"{"error":"temporarily_unavailable"}"#,
        "<html>down</html>",
        "",
        r#"{"type":"urn:problem-type:belgif:tooManyRequests","retryAfterSec":3}"#,
    ];
    const KINDS: [TransportFailure; 4] = [
        TransportFailure::Timeout,
        TransportFailure::Connect,
        TransportFailure::Tls,
        TransportFailure::Other,
    ];

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            4 => Just(Op::Poll),
            3 => (0_i64..5_000).prop_map(Op::Advance),
            2 => (0_i64..400_000).prop_map(Op::Advance),
            1 => (0_i64..3_000).prop_map(Op::JumpBack),
            2 => (
                prop::option::of(0_u64..5_000),
                prop::option::of(-200_000_i64..200_000)
            )
                .prop_map(|(expires_in, date_offset_s)| Op::Success { expires_in, date_offset_s }),
            2 => (
                prop::sample::select(vec![200_u16, 400, 401, 404, 408, 429, 500, 503]),
                0..BODIES.len(),
                prop::option::of(0_u64..400)
            )
                .prop_map(|(status, body, retry_after)| Op::Failure { status, body, retry_after }),
            1 => (0..KINDS.len()).prop_map(Op::Transport),
            1 => Just(Op::Invalidate),
            1 => (0_u64..20).prop_map(Op::Stale),
            3 => (0_usize..3, -1_i64..=1).prop_map(|(k, d)| Op::Boundary(k, d)),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]

        #[test]
        fn invariants_hold(seed in any::<u64>(), ops in prop::collection::vec(op(), 1..200)) {
            let mut m = TokenManager::new(TokenManagerConfig::default(), seed).unwrap();
            let mut now = T0;
            // The live ticket per the actions seen, and when it was handed out.
            let mut live: Option<(Ticket, i64)> = None;
            let mut last_ticket = 0;
            let mut last_wait = now;
            for op in ops {
                match op {
                    Op::Poll => match m.poll(UnixTime::from_millis(now)) {
                        Action::UseToken(token) => {
                            if let Some(at) = token.expires_at() {
                                prop_assert!(now < at.as_millis(), "token handed out past expiry");
                            }
                            prop_assert!(now < (m.token_expires_at().unwrap()).as_millis());
                        }
                        Action::FetchToken { ticket } => {
                            if let Some((_, issued)) = live {
                                prop_assert!(
                                    now >= issued + 30_000,
                                    "second fetch while one is in flight"
                                );
                            }
                            prop_assert!(ticket.id() > last_ticket);
                            last_ticket = ticket.id();
                            live = Some((ticket, now));
                        }
                        Action::Wait { until, .. } => {
                            prop_assert!(until > UnixTime::from_millis(now), "busy loop");
                            last_wait = (until).as_millis();
                        }
                        Action::Fail(e) => prop_assert!(!e.is_retryable()),
                    },
                    Op::Advance(ms) => now += ms,
                    Op::JumpBack(ms) => now -= ms,
                    Op::Success { expires_in, date_offset_s } => {
                        if let Some((ticket, _)) = live.take() {
                            let mut headers = Vec::new();
                            if let Some(off) = date_offset_s {
                                headers.push((
                                    "Date".to_owned(),
                                    format_http_date(UnixTime::from_secs(now / 1000 + off)),
                                ));
                            }
                            let body = token_body("tok", expires_in);
                            let r = HttpResponse::new(200, headers, body.into_bytes());
                            prop_assert_eq!(m.handle_response(ticket, UnixTime::from_millis(now), &r).unwrap(), Handled::Stored);
                        }
                    }
                    Op::Failure { status, body, retry_after } => {
                        if let Some((ticket, _)) = live.take() {
                            let mut headers = Vec::new();
                            if let Some(ra) = retry_after {
                                headers.push(("Retry-After".to_owned(), ra.to_string()));
                            }
                            let r = HttpResponse::new(status, headers, BODIES[body].as_bytes().to_vec());
                            let _ = m.handle_response(ticket, UnixTime::from_millis(now), &r);
                        }
                    }
                    Op::Transport(kind) => {
                        if let Some((ticket, _)) = live.take() {
                            let _ = m.handle_transport_error(ticket, UnixTime::from_millis(now), KINDS[kind]);
                        }
                    }
                    Op::Invalidate => {
                        m.invalidate(UnixTime::from_millis(now));
                    }
                    Op::Boundary(k, delta) => {
                        let target = match k {
                            0 => Some(last_wait),
                            1 => (m.token_expires_at()).map(UnixTime::as_millis),
                            _ => live.map(|(_, issued)| issued + 30_000),
                        };
                        if let Some(t) = target.map(|t| t + delta).filter(|t| *t >= now - 3_000) {
                            now = t;
                        }
                    }
                    Op::Stale(id) => {
                        let is_live = m.in_flight() == Some(Ticket::from_id(id));
                        let r = HttpResponse::new(200, vec![], token_body("stale", Some(60)).into_bytes());
                        let got = m.handle_response(Ticket::from_id(id), UnixTime::from_millis(now), &r);
                        if !is_live {
                            prop_assert_eq!(got.unwrap(), Handled::Ignored);
                        } else {
                            live = None;
                        }
                    }
                }
                // At most one live ticket, and it is the last one handed out.
                if let Some(t) = m.in_flight() {
                    prop_assert_eq!(t.id(), last_ticket);
                }
                if m.in_flight().is_none() {
                    live = None;
                }
                let _ = m.assertion_time(UnixTime::from_millis(now));
            }
        }
    }
}

// --- scenario vectors ---------------------------------------------------------------------

mod vectors {
    //! Replays `tests/vectors/scenarios/*.json` (schema in that folder's README.md) exactly as a
    //! binding would: only the JSON, no knowledge of how it was generated.

    use super::*;
    use serde_json::{json, Value};

    fn observed_action(m: &mut TokenManager, now: i64) -> Value {
        match m.poll(UnixTime::from_millis(now)) {
            Action::UseToken(t) => json!({
                "action": "use_token",
                "token": t.secret(),
                "expires_at": m.token_expires_at(),
            }),
            Action::FetchToken { ticket } => {
                json!({"action": "fetch_token", "ticket": ticket.id()})
            }
            Action::Wait { until, reason } => {
                json!({"action": "wait", "until": until, "reason": reason.as_str()})
            }
            Action::Fail(e) => json!({"action": "fail", "code": e.code().as_str()}),
        }
    }

    fn check_outcome(got: careerpro_fla::Result<Handled>, expect: &Value, where_: &str) {
        match got {
            Ok(h) => assert_eq!(expect, &json!({"result": h.as_str()}), "{where_}"),
            Err(e) => {
                assert_eq!(expect["result"], "error", "{where_}");
                assert_eq!(expect["code"], e.code().as_str(), "{where_}");
                if let Some(part) = expect.get("message_contains").and_then(Value::as_str) {
                    assert!(e.message().contains(part), "{where_}: {}", e.message());
                }
            }
        }
    }

    fn replay(name: &str, v: &Value) -> usize {
        let config: TokenManagerConfig = serde_json::from_value(v["config"].clone()).unwrap();
        let mut m = TokenManager::new(config, v["seed"].as_u64().unwrap()).unwrap();
        let events = v["events"].as_array().unwrap();
        for (i, e) in events.iter().enumerate() {
            let where_ = format!("{name} event {i}: {e}");
            let now = e["now"].as_i64().unwrap_or(0);
            let expect = &e["expect"];
            match e["event"].as_str().unwrap() {
                "poll" => {
                    let mut got = observed_action(&mut m, now);
                    if got["action"] == "fail" {
                        // `message_contains` is optional; codes are always compared.
                        got["message_contains"] = expect["message_contains"].clone();
                        if expect.get("message_contains").is_none() {
                            got.as_object_mut().unwrap().remove("message_contains");
                        }
                    }
                    assert_eq!(&got, expect, "{where_}");
                }
                "respond" => {
                    let headers = e["headers"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|h| {
                            (h[0].as_str().unwrap().to_owned(), h[1].as_str().unwrap().to_owned())
                        })
                        .collect();
                    let r = HttpResponse::new(
                        u16::try_from(e["status"].as_u64().unwrap()).unwrap(),
                        headers,
                        e["body"].as_str().unwrap().as_bytes().to_vec(),
                    );
                    let ticket = Ticket::from_id(e["ticket"].as_u64().unwrap());
                    check_outcome(
                        m.handle_response(ticket, UnixTime::from_millis(now), &r),
                        expect,
                        &where_,
                    );
                }
                "transport_error" => {
                    let kind = TransportFailure::parse(e["kind"].as_str().unwrap()).unwrap();
                    let ticket = Ticket::from_id(e["ticket"].as_u64().unwrap());
                    check_outcome(
                        m.handle_transport_error(ticket, UnixTime::from_millis(now), kind),
                        expect,
                        &where_,
                    );
                }
                "invalidate" => {
                    assert_eq!(
                        expect,
                        &json!({"invalidated": m.invalidate(UnixTime::from_millis(now))}),
                        "{where_}"
                    );
                }
                "assertion_time" => {
                    let got = json!({"seconds": m.assertion_time(UnixTime::from_millis(now)).as_secs(), "clock_skew": m.clock_skew_ms().map(|ms| ms / 1000)});
                    assert_eq!(&got, expect, "{where_}");
                }
                other => panic!("{where_}: unknown event {other}"),
            }
        }
        events.len()
    }

    #[test]
    fn replay_all_scenario_vectors() {
        let dir =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors/scenarios");
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        files.sort();
        assert!(files.len() >= 10, "expected the scenario vectors in {}", dir.display());
        for path in files {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let v: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
            assert_eq!(v["name"].as_str(), Some(name.trim_end_matches(".json")), "{name}");
            assert!(replay(&name, &v) > 0, "{name} has no events");
        }
    }
}
