//! Times what every token fetch costs the core: build and sign the client assertion, then build
//! the token request. One JSON line per case on stdout; `tests/interop/bench.py` runs this and
//! PyJWT + cryptography on the same keys in the same run and prints the comparison.
//!
//! Usage: bench_assertion [KEYS_DIR] [ITERATIONS]

#![allow(clippy::disallowed_methods)] // a host: it reads key files, the clock and the system RNG
#![allow(clippy::print_stdout, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use careerpro_fla::UnixTime;
use std::time::Instant;

use careerpro_fla::token_request;
use careerpro_fla::{Assertion, AssertionOptions};
use careerpro_fla::{SigningKey, SystemRandom};

const TOKEN_URL: &str = "https://services.socialsecurity.be/REST/oauth/v5/token";
const SCOPE: &str = "scope:sigedis:gestion:careerpro-federal-learning-account:employer";

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let dir = args.get(1).map_or("tests/keys", String::as_str);
    let iterations: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(300);
    let rng = SystemRandom::new();
    let opts = AssertionOptions::new("self_service_expeditor_12345", TOKEN_URL);
    for (case, file) in [
        ("RS256 RSA-2048", "rsa2048.pkcs8.pem"),
        ("RS256 RSA-4096", "rsa4096.pkcs8.pem"),
        ("ES384 P-384", "p384.pkcs8.pem"),
        ("ES512 P-521", "p521.pkcs8.pem"),
    ] {
        let pem = std::fs::read(format!("{dir}/{file}")).expect("key file");
        let key = SigningKey::parse(&pem, None, None, &rng).expect("key loads");
        let run = || {
            let now = 1_767_225_600;
            let a = Assertion::sign(&key, &opts, UnixTime::from_secs(now), None, &rng).unwrap();
            let r = token_request(TOKEN_URL, a.compact(), Some(SCOPE)).unwrap();
            std::hint::black_box(r);
        };
        for _ in 0..iterations / 10 + 5 {
            run();
        }
        let mut samples: Vec<f64> = (0..iterations)
            .map(|_| {
                let t = Instant::now();
                run();
                t.elapsed().as_secs_f64() * 1e6
            })
            .collect();
        samples.sort_by(f64::total_cmp);
        let median = samples[samples.len() / 2];
        println!(
            "{{\"case\":\"{case}\",\"key\":\"{file}\",\"median_us\":{median:.1},\"iterations\":{iterations}}}"
        );
    }
}
