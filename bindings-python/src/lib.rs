//! `careerpro_fla._native`: the core's bridge in Python terms (`bridge.rs`) and the host it
//! runs on: the clock and the CSPRNG. Everything else — the classes, the conversions, the
//! error mapping (`careerpro_fla/errors.py`) — is plain Python over the bridge.

// The exported `pub` items are reached through the FFI macros (pyo3, napi, wasm-bindgen), not
// through Rust paths, so `unreachable_pub` does not apply to this crate.
#![allow(unreachable_pub)]

mod bridge;

use pyo3::prelude::*;

#[pymodule(gil_used = false)]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("CHAMAN_RULES", careerpro_fla::CHAMAN_RULES.to_vec())?;
    m.add_function(wrap_pyfunction!(bridge::call, m)?)?;
    m.add_class::<bridge::Handle>()?;
    m.add("BridgeError", m.py().get_type::<bridge::BridgeError>())?;
    Ok(())
}

/// `now_ms` as given, or the host clock (Unix milliseconds).
// The core is sans-IO and bans the clock; the binding is the host that provides it.
#[allow(clippy::disallowed_methods)]
fn now_ms(given: Option<i64>) -> i64 {
    given.unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
            .unwrap_or(0)
    })
}

/// The operating system's CSPRNG (ring's `SystemRandom`: getrandom on Linux).
// The core takes randomness as an argument; the binding is the host that provides it.
#[allow(clippy::disallowed_methods)]
fn rng() -> careerpro_fla::SystemRandom {
    careerpro_fla::SystemRandom::new()
}
