//! The native addon of the npm package `careerpro-fla`: the careerpro-fla core, exposed to
//! Node.js through napi-rs.
//!
//! Thin by design: conversions between JS values and the core's plain data, the host's clock
//! (`Date.now()`-equivalent) and CSPRNG as defaults, and errors handed to the JS error factory
//! (`lib/errors.cjs`, the one place that maps codes to classes). No protocol logic lives here;
//! the fetch-based client is JavaScript (`lib/client.cjs`).
//!
//! Units follow the core: `now` is Unix **seconds** everywhere except the token manager, whose
//! times are Unix **milliseconds** (as `Date.now()`).

// napi-rs registers the exports only outside `cfg(test)`; under `clippy --all-targets` (which
// builds the lib's test target) nothing refers to them.
#![cfg_attr(test, allow(dead_code))]

mod api;
mod assertion;
mod bridge;
mod certificate;
mod error;
mod host;
mod http;
mod ids;
mod key;
mod profile;
mod token;
mod token_manager;
