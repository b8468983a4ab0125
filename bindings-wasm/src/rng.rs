//! The host's CSPRNG (`crypto.getRandomValues`, through ring's and getrandom's JS backends).

use careerpro_fla::{Error, ErrorCode, SystemRandom};

use crate::error::{js_error, JsResult};

/// The random source handed to the core.
// The binding is the host: supplying the platform CSPRNG is its job (banned in the core only).
#[allow(clippy::disallowed_methods)]
pub fn host() -> SystemRandom {
    SystemRandom::new()
}

/// A random `u64` (token manager seed, retry jitter).
pub fn u64() -> JsResult<u64> {
    let mut b = [0u8; 8];
    getrandom::fill(&mut b).map_err(|_| {
        js_error(&Error::new(
            ErrorCode::InvalidArgument,
            "the random source failed (crypto.getRandomValues)",
        ))
    })?;
    Ok(u64::from_le_bytes(b))
}
