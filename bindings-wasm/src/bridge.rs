//! The core's bridge (`careerpro_fla::bridge`): every operation by name, JSON text in, the
//! envelope `{"ok": value}` / `{"error": payload}` out. The same two exports, with the same
//! names and signatures, as the Node binding's `bridge.rs`; the conformance suite
//! (`tests/conformance/`) drives both through `tests/conformance/runner.mjs`.
//!
//! Nothing is decided here: the binding supplies the host's clock (`Date.now()`, overridable
//! with `nowMs`, Unix milliseconds, so that tests fix time) and CSPRNG, and passes strings
//! through. An argument of the wrong type is an `invalid_argument` envelope in both bindings.
//! Exported from the full and the slim build alike (the core's bridge has no feature gates:
//! every operation and object kind is in both).

use careerpro_fla::bridge::{self, Host, Object};
use careerpro_fla::{Error, ErrorCode};
use js_sys::Uint8Array;
use wasm_bindgen::prelude::*;

use crate::rng;

/// 2^53: instants (Unix ms) are within ±2^53, as the core reads an input's `now`.
const LIMIT: f64 = 9_007_199_254_740_992.0;

/// The `invalid_argument` envelope for an argument of the wrong type or value.
fn bad(message: &str) -> String {
    bridge::error_envelope(&Error::new(ErrorCode::InvalidArgument, message))
}

/// The arguments every bridge entry takes, checked here rather than by wasm-bindgen's glue
/// (which, in a release build, does not check types: a number for a string traps the module):
/// strings, a `Uint8Array` (a `Buffer` is one) or nothing, a number or nothing. Anything else is
/// an `invalid_argument` envelope, as the Node binding answers.
struct Args {
    name: String,
    input: String,
    data: Vec<u8>,
    now: i64,
}

impl Args {
    fn new(
        name: (&JsValue, &str),
        input: &JsValue,
        data: &JsValue,
        now_ms: &JsValue,
    ) -> Result<Args, String> {
        let name_text =
            name.0.as_string().ok_or_else(|| bad(&format!("`{}` must be a string", name.1)))?;
        let input = input.as_string().ok_or_else(|| bad("`input` must be a string"))?;
        let data = if data.is_undefined() || data.is_null() {
            Vec::new()
        } else {
            data.dyn_ref::<Uint8Array>()
                .map(Uint8Array::to_vec)
                .ok_or_else(|| bad("`data` must be a Uint8Array"))?
        };
        let now = if now_ms.is_undefined() || now_ms.is_null() {
            self::now_ms(js_sys::Date::now())?
        } else {
            self::now_ms(now_ms.as_f64().ok_or_else(|| bad("`nowMs` must be a number"))?)?
        };
        Ok(Args { name: name_text, input, data, now })
    }
}

/// `nowMs` (Unix ms; a fraction is rounded down, as the core reads an input's `now`); a value
/// that is not a finite number within ±2^53 is an error envelope (`invalid_argument`), as the
/// Node binding answers.
fn now_ms(n: f64) -> Result<i64, String> {
    if n.is_finite() && n.abs() < LIMIT {
        // In range, checked just above.
        #[allow(clippy::cast_possible_truncation)]
        Ok(n.floor() as i64)
    } else {
        Err(bad("nowMs must be Unix milliseconds, a finite number within ±2^53"))
    }
}

/// Runs the stateless operation `op` with `input` (JSON text) and `data` (the binary argument;
/// absent: empty); answers the envelope `{"ok": …}` / `{"error": …}` as JSON text. `nowMs`
/// overrides the host clock (Unix ms, `Date.now()`).
#[wasm_bindgen]
pub fn call(
    #[wasm_bindgen(unchecked_param_type = "string")] op: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] input: &JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Uint8Array | undefined | null")] data: &JsValue,
    #[wasm_bindgen(js_name = "nowMs", unchecked_optional_param_type = "number | undefined | null")]
    now_ms: &JsValue,
) -> String {
    match Args::new((op, "op"), input, data, now_ms) {
        Ok(a) => {
            let rng = rng::host();
            bridge::call(&a.name, &a.input, &a.data, &Host::new(a.now, &rng))
        }
        Err(envelope) => envelope,
    }
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
        #[wasm_bindgen(unchecked_param_type = "string")] kind: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] input: &JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "Uint8Array | undefined | null")]
        data: &JsValue,
        #[wasm_bindgen(
            js_name = "nowMs",
            unchecked_optional_param_type = "number | undefined | null"
        )]
        now_ms: &JsValue,
    ) -> Result<Handle, JsError> {
        let a = Args::new((kind, "kind"), input, data, now_ms).map_err(|e| JsError::new(&e))?;
        let rng = rng::host();
        Object::open(&a.name, &a.input, &a.data, &Host::new(a.now, &rng))
            .map(|inner| Handle { inner })
            .map_err(|e| JsError::new(&e))
    }

    /// Runs `op` on this object; answers the envelope as JSON text.
    pub fn call(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] op: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] input: &JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "Uint8Array | undefined | null")]
        data: &JsValue,
        #[wasm_bindgen(
            js_name = "nowMs",
            unchecked_optional_param_type = "number | undefined | null"
        )]
        now_ms: &JsValue,
    ) -> String {
        match Args::new((op, "op"), input, data, now_ms) {
            Ok(a) => {
                let rng = rng::host();
                self.inner.call(&a.name, &a.input, &a.data, &Host::new(a.now, &rng))
            }
            Err(envelope) => envelope,
        }
    }

    /// The kind this object was opened as.
    #[wasm_bindgen(getter)]
    pub fn kind(&self) -> String {
        self.inner.kind().to_owned()
    }
}
