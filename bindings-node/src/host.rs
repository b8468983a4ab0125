//! What the binding supplies as the host: the clock, the CSPRNG, and bytes from JS values.

use careerpro_fla::SystemRandom;
use napi::bindgen_prelude::{Buffer, Either};
use zeroize::Zeroizing;

/// `now` as given, or the host clock in Unix seconds.
pub fn now_s(given: Option<i64>) -> i64 {
    given.unwrap_or_else(|| clock_ms().div_euclid(1000))
}

/// `now` as given, or the host clock in Unix milliseconds (as `Date.now()`).
pub fn now_ms(given: Option<i64>) -> i64 {
    given.unwrap_or_else(clock_ms)
}

// The core is sans-IO and bans the clock; the binding is the host that provides it.
#[allow(clippy::disallowed_methods)]
fn clock_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// The operating system's CSPRNG (ring's `SystemRandom`: getrandom on Linux).
// The core takes randomness as an argument; the binding is the host that provides it.
#[allow(clippy::disallowed_methods)]
pub fn rng() -> SystemRandom {
    SystemRandom::new()
}

/// The bytes of a `Buffer`/`Uint8Array` or `string` (UTF-8) argument, wiped when dropped (key
/// material passes through here).
pub fn bytes_of(data: &Either<Buffer, String>) -> Zeroizing<Vec<u8>> {
    match data {
        Either::A(buffer) => Zeroizing::new(buffer.to_vec()),
        Either::B(text) => Zeroizing::new(text.as_bytes().to_vec()),
    }
}

/// A JS number that must be a non-negative integer, as `u64`.
pub fn non_negative(value: i64) -> u64 {
    u64::try_from(value).unwrap_or(0)
}

/// A `u64` as a JS-safe integer (clamped to `i64`).
pub fn as_i64(value: u64) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}
