//! # careerpro-fla-wasm
//!
//! The WebAssembly engine of the npm package `careerpro-fla-wasm` (and the fallback engine of
//! `careerpro-fla`): the core's bridge (`call`, `Handle`, [`bridge`]) with the host's clock
//! (`Date.now()`) and CSPRNG (`crypto.getRandomValues`, [`rng`]).
//!
//! Nothing else lives here: the public API (typed classes, errors, the fetch client, the
//! WebCrypto signer) is one TypeScript source (`js/src/` at the repository root) shared with
//! the napi package. Built without the `in-wasm-keys` feature (the slim build), the core has no
//! key loaders nor X.509: keys are WebCrypto `CryptoKey`s signing through an external key.

// The exported `pub` items are reached through the FFI macros (pyo3, napi, wasm-bindgen), not
// through Rust paths, so `unreachable_pub` does not apply to this crate.
#![allow(unreachable_pub)]

// Only here for its feature (`wasm_js`: getrandom on `crypto.getRandomValues`), set in Cargo.toml.
use getrandom as _;
// Likewise for ring (`wasm32_unknown_unknown_js`).
use ring as _;

mod bridge;
mod rng;
