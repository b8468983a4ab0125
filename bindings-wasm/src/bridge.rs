//! The core's bridge (`careerpro_fla::bridge`): every operation by name, JSON text in, the
//! envelope `{"ok": value}` / `{"error": payload}` out. The same two exports, with the same
//! names and signatures, as the Node binding's `bridge.rs`; the conformance suite
//! (`tests/conformance/`) drives both through `tests/conformance/runner.mjs`.
//!
//! Nothing is decided here: the binding supplies the host's clock (`Date.now()`, overridable
//! with `nowMs`, Unix milliseconds, so that tests fix time) and CSPRNG, and passes strings
//! through. Exported from the full and the slim build alike (the core's bridge has no feature
//! gates: every operation and object kind is in both).

use careerpro_fla::bridge::{self, Host, Object};
use careerpro_fla::{Error, ErrorCode};
use wasm_bindgen::prelude::*;

use crate::rng;

/// 2^53: instants (Unix ms) are within ±2^53, as the core reads an input's `now`.
const LIMIT: f64 = 9_007_199_254_740_992.0;

/// `nowMs` (Unix ms; a fraction is rounded down, as the core reads an input's `now`), else the
/// host clock (`Date.now()`); a value that is not a finite number within ±2^53 is an error
/// envelope (`invalid_argument`), as the Node binding answers.
fn now_ms(given: Option<f64>) -> Result<i64, String> {
    let n = given.unwrap_or_else(js_sys::Date::now);
    if n.is_finite() && n.abs() < LIMIT {
        // In range, checked just above.
        #[allow(clippy::cast_possible_truncation)]
        Ok(n.floor() as i64)
    } else {
        Err(bridge::error_envelope(&Error::new(
            ErrorCode::InvalidArgument,
            "nowMs must be Unix milliseconds, a finite number within ±2^53",
        )))
    }
}

/// Runs the stateless operation `op` with `input` (JSON text) and `data` (the binary argument;
/// absent: empty); answers the envelope `{"ok": …}` / `{"error": …}` as JSON text.
#[wasm_bindgen]
pub fn call(
    op: &str,
    input: &str,
    data: Option<Vec<u8>>,
    #[wasm_bindgen(js_name = "nowMs")] now_ms: Option<f64>,
) -> String {
    let now = match self::now_ms(now_ms) {
        Ok(now) => now,
        Err(envelope) => return envelope,
    };
    let rng = rng::host();
    bridge::call(op, input, data.as_deref().unwrap_or(&[]), &Host::new(now, &rng))
}

/// A stateful or secret thing of the core (`signing_key`, `external_key`, `token_manager`,
/// `poller`) behind an opaque handle: secrets stay in the core.
#[wasm_bindgen]
#[derive(Debug)]
pub struct Handle {
    inner: Object,
}

#[wasm_bindgen]
impl Handle {
    /// Opens an object of `kind` from `input` (JSON text) and `data`. On failure, throws an
    /// `Error` whose message is the error envelope (`{"error": payload}`) as JSON text.
    #[wasm_bindgen(constructor)]
    pub fn new(
        kind: &str,
        input: &str,
        data: Option<Vec<u8>>,
        #[wasm_bindgen(js_name = "nowMs")] now_ms: Option<f64>,
    ) -> Result<Handle, JsError> {
        let now = self::now_ms(now_ms).map_err(|e| JsError::new(&e))?;
        let rng = rng::host();
        Object::open(kind, input, data.as_deref().unwrap_or(&[]), &Host::new(now, &rng))
            .map(|inner| Handle { inner })
            .map_err(|e| JsError::new(&e))
    }

    /// Runs `op` on this object; answers the envelope as JSON text.
    pub fn call(
        &self,
        op: &str,
        input: &str,
        data: Option<Vec<u8>>,
        #[wasm_bindgen(js_name = "nowMs")] now_ms: Option<f64>,
    ) -> String {
        let now = match self::now_ms(now_ms) {
            Ok(now) => now,
            Err(envelope) => return envelope,
        };
        let rng = rng::host();
        self.inner.call(op, input, data.as_deref().unwrap_or(&[]), &Host::new(now, &rng))
    }

    /// The kind this object was opened as.
    #[wasm_bindgen(getter)]
    pub fn kind(&self) -> String {
        self.inner.kind().to_owned()
    }
}
