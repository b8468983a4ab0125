//! The host's CSPRNG (`crypto.getRandomValues`, through ring's and getrandom's JS backends).

use careerpro_fla::SystemRandom;

/// The random source handed to the core.
// The binding is the host: supplying the platform CSPRNG is its job (banned in the core only).
#[allow(clippy::disallowed_methods)]
pub(crate) fn host() -> SystemRandom {
    SystemRandom::new()
}
