//! `TokenManager::poll` on a cached token: the call on every API request's path. Prints
//! nanoseconds per call over ten million calls.
//!
//! `cargo bench -p careerpro-fla --bench poll`

// A benchmark measures wall time and reports it: the core's sans-IO rules do not apply here.
#![allow(clippy::disallowed_methods, clippy::print_stdout, clippy::unwrap_used)]

use careerpro_fla::UnixTime;
use std::hint::black_box;
use std::time::Instant;

use careerpro_fla::HttpResponse;
use careerpro_fla::{Action, TokenManager, TokenManagerConfig};

const N: i64 = 10_000_000;
const T0: i64 = 1_767_225_600_000;

fn main() {
    let mut manager = TokenManager::new(TokenManagerConfig::default(), 1).unwrap();
    let Action::FetchToken { ticket } = manager.poll(UnixTime::from_millis(T0)) else {
        unreachable!("a new manager fetches first")
    };
    let body = br#"{"access_token":"bench-token","token_type":"Bearer","expires_in":3600}"#;
    let response = HttpResponse::new(200, Vec::new(), body.to_vec());
    manager.handle_response(ticket, UnixTime::from_millis(T0), &response).unwrap();

    let mut hits = 0_u64;
    let start = Instant::now();
    for i in 0..N {
        // The clock advances 1 ms every 10 000 calls (one second over the run), well inside
        // the token's fresh period, so every call takes the cached-token path.
        let now = black_box(T0 + i / 10_000);
        if let Action::UseToken(token) = manager.poll(UnixTime::from_millis(now)) {
            hits += u64::from(!black_box(token).secret().is_empty());
        }
    }
    let elapsed = start.elapsed();
    assert_eq!(hits, u64::try_from(N).unwrap(), "every poll must hit the cache");
    let ns = elapsed.as_secs_f64() * 1e9 / N as f64;
    println!("poll on a cached token: {ns:.2} ns/op ({N} calls in {elapsed:?})");
}
