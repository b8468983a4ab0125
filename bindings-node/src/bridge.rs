//! The core's bridge (`careerpro_fla::bridge`): every operation by name, JSON text in, the
//! envelope `{"ok": value}` / `{"error": payload}` out. The same two exports, with the same
//! names and signatures, as the WASM binding's `bridge.rs`; the conformance suite
//! (`tests/conformance/`) drives both through `tests/conformance/runner.mjs`.
//!
//! Nothing is decided here: the binding supplies the host's clock (overridable with `nowMs`,
//! Unix milliseconds, so that tests fix time) and CSPRNG, and passes strings through. An
//! argument of the wrong type is an `invalid_argument` envelope in both bindings alike.

use careerpro_fla::bridge::{self, Host, Object};
use careerpro_fla::{Error, ErrorCode};
use napi::bindgen_prelude::{Either, Uint8Array, Unknown};
use napi_derive::napi;

/// 2^53: instants (Unix ms) are within ±2^53, as the core reads an input's `now`.
const LIMIT: f64 = 9_007_199_254_740_992.0;

/// A JS argument: the expected type, or anything else (answered `invalid_argument`).
type Arg<'a, T> = Either<T, Unknown<'a>>;

/// The `invalid_argument` envelope for an argument of the wrong type or value.
fn bad(message: &str) -> String {
    bridge::error_envelope(&Error::new(ErrorCode::InvalidArgument, message))
}

/// The arguments every bridge entry takes, checked as the WASM binding checks them: strings,
/// a `Uint8Array` (a `Buffer` is one) or nothing, a number or nothing. Anything else is an
/// `invalid_argument` envelope, never a napi conversion error.
struct Args {
    name: String,
    input: String,
    data: Option<Uint8Array>,
    now: i64,
}

impl Args {
    fn new(
        name: (Arg<'_, String>, &str),
        input: Arg<'_, String>,
        data: Option<Arg<'_, Uint8Array>>,
        now_ms: Option<Arg<'_, f64>>,
    ) -> Result<Args, String> {
        let Either::A(name_text) = name.0 else {
            return Err(bad(&format!("`{}` must be a string", name.1)));
        };
        let Either::A(input) = input else { return Err(bad("`input` must be a string")) };
        let data = match data {
            None => None,
            Some(Either::A(bytes)) => Some(bytes),
            Some(Either::B(other)) if is_nothing(&other) => None,
            Some(Either::B(_)) => return Err(bad("`data` must be a Uint8Array")),
        };
        let now = match now_ms {
            None => clock_ms(),
            Some(Either::A(n)) => self::now_ms(n)?,
            Some(Either::B(other)) if is_nothing(&other) => clock_ms(),
            Some(Either::B(_)) => return Err(bad("`nowMs` must be a number")),
        };
        Ok(Args { name: name_text, input, data, now })
    }

    fn bytes(&self) -> &[u8] {
        self.data.as_deref().unwrap_or(&[])
    }
}

/// `undefined` or `null` (napi gives `Option::None` for these already, but not inside `Either`).
fn is_nothing(value: &Unknown<'_>) -> bool {
    matches!(value.get_type(), Ok(napi::ValueType::Undefined | napi::ValueType::Null))
}

/// `nowMs` (Unix ms; a fraction is rounded down, as the core reads an input's `now`); a value
/// that is not a finite number within ±2^53 is an error envelope (`invalid_argument`), as the
/// WASM binding answers.
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
/// overrides the host clock (Unix ms).
#[napi(
    ts_args_type = "op: string, input: string, data?: Uint8Array | undefined | null, nowMs?: number | undefined | null"
)]
pub fn call(
    op: Arg<'_, String>,
    input: Arg<'_, String>,
    data: Option<Arg<'_, Uint8Array>>,
    now_ms: Option<Arg<'_, f64>>,
) -> String {
    match Args::new((op, "op"), input, data, now_ms) {
        Ok(a) => {
            let rng = rng();
            bridge::call(&a.name, &a.input, a.bytes(), &Host::new(a.now, &rng))
        }
        Err(envelope) => envelope,
    }
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
    #[napi(
        constructor,
        ts_args_type = "kind: string, input: string, data?: Uint8Array | undefined | null, nowMs?: number | undefined | null"
    )]
    pub fn new(
        kind: Arg<'_, String>,
        input: Arg<'_, String>,
        data: Option<Arg<'_, Uint8Array>>,
        now_ms: Option<Arg<'_, f64>>,
    ) -> napi::Result<Self> {
        let a = Args::new((kind, "kind"), input, data, now_ms).map_err(napi::Error::from_reason)?;
        let rng = rng();
        Object::open(&a.name, &a.input, a.bytes(), &Host::new(a.now, &rng))
            .map(|inner| Handle { inner })
            .map_err(napi::Error::from_reason)
    }

    /// Runs `op` on this object; answers the envelope as JSON text.
    #[napi(
        ts_args_type = "op: string, input: string, data?: Uint8Array | undefined | null, nowMs?: number | undefined | null"
    )]
    pub fn call(
        &self,
        op: Arg<'_, String>,
        input: Arg<'_, String>,
        data: Option<Arg<'_, Uint8Array>>,
        now_ms: Option<Arg<'_, f64>>,
    ) -> String {
        match Args::new((op, "op"), input, data, now_ms) {
            Ok(a) => {
                let rng = rng();
                self.inner.call(&a.name, &a.input, a.bytes(), &Host::new(a.now, &rng))
            }
            Err(envelope) => envelope,
        }
    }

    /// The kind this object was opened as.
    #[napi(getter)]
    pub fn kind(&self) -> String {
        self.inner.kind().to_owned()
    }
}

/// The host clock, Unix milliseconds (as `Date.now()`).
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
fn rng() -> careerpro_fla::SystemRandom {
    careerpro_fla::SystemRandom::new()
}
