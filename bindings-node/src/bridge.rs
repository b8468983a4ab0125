//! The core's bridge (`careerpro_fla::bridge`): every operation by name, JSON text in, the
//! envelope `{"ok": value}` / `{"error": payload}` out. The same two exports, with the same
//! names and signatures, as the WASM binding's `bridge.rs`; the conformance suite
//! (`tests/conformance/`) drives both through `tests/conformance/runner.mjs`.
//!
//! Nothing is decided here: the binding supplies the host's clock (overridable with `nowMs`,
//! Unix milliseconds, so that tests fix time) and CSPRNG, and passes strings through.

use careerpro_fla::bridge::{self, Host, Object};
use careerpro_fla::{Error, ErrorCode};
use napi::bindgen_prelude::Uint8Array;
use napi_derive::napi;

use crate::host;

/// 2^53: instants (Unix ms) are within ±2^53, as the core reads an input's `now`.
const LIMIT: f64 = 9_007_199_254_740_992.0;

/// `nowMs` (Unix ms; a fraction is rounded down, as the core reads an input's `now`), else the
/// host clock; a value that is not a finite number within ±2^53 is an error envelope
/// (`invalid_argument`), as the WASM binding answers.
fn now_ms(given: Option<f64>) -> Result<i64, String> {
    match given {
        None => Ok(host::now_ms(None)),
        Some(n) if n.is_finite() && n.abs() < LIMIT => {
            // In range, checked just above.
            #[allow(clippy::cast_possible_truncation)]
            Ok(n.floor() as i64)
        }
        Some(_) => Err(bridge::error_envelope(&Error::new(
            ErrorCode::InvalidArgument,
            "nowMs must be Unix milliseconds, a finite number within ±2^53",
        ))),
    }
}

/// Runs the stateless operation `op` with `input` (JSON text) and `data` (the binary argument;
/// absent: empty); answers the envelope `{"ok": …}` / `{"error": …}` as JSON text.
#[napi]
pub fn call(op: String, input: String, data: Option<Uint8Array>, now_ms: Option<f64>) -> String {
    let now = match self::now_ms(now_ms) {
        Ok(now) => now,
        Err(envelope) => return envelope,
    };
    let rng = host::rng();
    let bytes: &[u8] = data.as_deref().unwrap_or(&[]);
    bridge::call(&op, &input, bytes, &Host::new(now, &rng))
}

/// A stateful or secret thing of the core (`signing_key`, `external_key`, `token_manager`,
/// `poller`) behind an opaque handle: secrets stay in the core.
#[napi]
#[derive(Debug)]
pub struct Handle {
    inner: Object,
}

#[napi]
impl Handle {
    /// Opens an object of `kind` from `input` (JSON text) and `data`. On failure, throws an
    /// `Error` whose message is the error envelope (`{"error": payload}`) as JSON text.
    #[napi(constructor)]
    pub fn new(
        kind: String,
        input: String,
        data: Option<Uint8Array>,
        now_ms: Option<f64>,
    ) -> napi::Result<Self> {
        let now = self::now_ms(now_ms).map_err(napi::Error::from_reason)?;
        let rng = host::rng();
        let bytes: &[u8] = data.as_deref().unwrap_or(&[]);
        Object::open(&kind, &input, bytes, &Host::new(now, &rng))
            .map(|inner| Handle { inner })
            .map_err(napi::Error::from_reason)
    }

    /// Runs `op` on this object; answers the envelope as JSON text.
    #[napi]
    pub fn call(
        &self,
        op: String,
        input: String,
        data: Option<Uint8Array>,
        now_ms: Option<f64>,
    ) -> String {
        let now = match self::now_ms(now_ms) {
            Ok(now) => now,
            Err(envelope) => return envelope,
        };
        let rng = host::rng();
        let bytes: &[u8] = data.as_deref().unwrap_or(&[]);
        self.inner.call(&op, &input, bytes, &Host::new(now, &rng))
    }

    /// The kind this object was opened as.
    #[napi(getter)]
    pub fn kind(&self) -> String {
        self.inner.kind().to_owned()
    }
}
