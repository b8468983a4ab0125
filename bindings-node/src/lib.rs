//! The native addon of the npm package `careerpro-fla`: the core's bridge (`call`, `Handle`,
//! `bridge.rs`) exposed to Node.js through napi-rs, with the host's clock and CSPRNG.
//!
//! Nothing else lives here: the public API (typed classes, errors, the fetch client) is one
//! TypeScript source (`js/src/` at the repository root) shared with `careerpro-fla-wasm`.

// The exported `pub` items are reached through the FFI macros (pyo3, napi, wasm-bindgen), not
// through Rust paths, so `unreachable_pub` does not apply to this crate.
#![allow(unreachable_pub)]
// napi-rs registers the exports only outside `cfg(test)`; under `clippy --all-targets` (which
// builds the lib's test target) nothing refers to them.
#![cfg_attr(test, allow(dead_code))]

mod bridge;
