//! The one surface every binding exposes: operations by name, JSON text in, JSON text out.
//!
//! Python, Node (napi), WASM, the JVM and the WebAssembly Component all wrap these same few
//! entry points instead of re-listing the core's functions and shapes one by one, so the same
//! input gives the same value or the same error code in every language by construction, and
//! data crosses each boundary as one string (cheap in every FFI, unlike building objects field
//! by field). The conformance suite (`tests/conformance/`) drives exactly this surface.
//!
//! - [`call`]`(op, input, bytes, host)`: a stateless operation ([`OPERATIONS`] lists them).
//! - [`Object::open`]`(kind, input, bytes, host)` and [`Object::call`]: the stateful or secret
//!   things — a signing key, an external key, a token manager, a poller — kept behind an opaque
//!   handle in the binding. Secrets never leave the core except through an operation whose
//!   purpose is to hand them out (`parse_token_response`'s `access_token`, a signed assertion).
//!
//! Every call answers an **envelope**: `{"ok": value}` or `{"error": payload}`, the payload
//! being [`crate::ErrorPayload`]. Bindings never raise from Rust: the host-language layer reads
//! the envelope and raises its typed exception from the payload, in one mapping file per
//! language. Binary inputs (key files, certificates, response bodies, signatures) travel in
//! `bytes`, never base64 inside the JSON; binary outputs are base64url strings.
//!
//! Conventions, the same for every operation: names are snake_case; instants are Unix
//! **milliseconds** (`now`, `at_ms`, `expires_at`) and durations carry their unit in their name
//! (`delay_ms`, `lifetime_s`) — except JWT claims, which are seconds by RFC 7519; absent values
//! are left out, never `null`; integers never exceed 2^53 − 1; unknown input members are an
//! error (`invalid_argument`), so a typo never passes silently. Time and randomness come from
//! [`Host`]: each binding supplies the host's clock and CSPRNG, and `now`/`jti`/`trace_id`
//! inputs override them (tests fix them).
//!
//! ```
//! use careerpro_fla::bridge::{call, Host};
//! let rng = careerpro_fla::SystemRandom::new();
//! let host = Host::new(1_700_000_000_000, &rng);
//! assert_eq!(
//!     call("parse_enterprise_number", r#"{"text": "BE 0884.303.369"}"#, b"", &host),
//!     r#"{"ok":{"value":"0884303369","formatted":"0884.303.369"}}"#
//! );
//! let answer = call("parse_ssin", r#"{"text": "85.07.30-033.29"}"#, b"", &host);
//! assert!(answer.starts_with(r#"{"error":{"code":"ssin_invalid""#));
//! ```

#[cfg(feature = "keys")]
mod keys;
mod objects;
mod ops;
mod shapes;

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::error::{Error, ErrorCode, Result};
use ring::rand::SecureRandom;

pub use objects::{Object, OBJECT_KINDS};
pub use ops::OPERATIONS;

/// What the host supplies to every call: its clock and its CSPRNG.
#[derive(Clone, Copy)]
pub struct Host<'a> {
    now_ms: i64,
    rng: &'a dyn SecureRandom,
}

impl std::fmt::Debug for Host<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Host").field("now_ms", &self.now_ms).finish_non_exhaustive()
    }
}

impl<'a> Host<'a> {
    /// The host's current time (Unix milliseconds) and random source.
    pub fn new(now_ms: i64, rng: &'a dyn SecureRandom) -> Host<'a> {
        Host { now_ms, rng }
    }

    /// `now` from the input when given, else the host's clock.
    pub(crate) fn now_ms(&self, given: Option<i64>) -> i64 {
        given.unwrap_or(self.now_ms)
    }

    /// The random source.
    pub(crate) fn rng(&self) -> &'a dyn SecureRandom {
        self.rng
    }
}

/// Runs the stateless operation `op` on `input` (JSON text) and `bytes`; answers the envelope.
pub fn call(op: &str, input: &str, bytes: &[u8], host: &Host<'_>) -> String {
    envelope(ops::run(op, input, bytes, host))
}

/// The envelope for a result: `{"ok": value}` or `{"error": payload}`.
pub(crate) fn envelope(result: Result<String>) -> String {
    match result {
        Ok(value) => {
            let mut out = String::with_capacity(value.len() + 7);
            out.push_str("{\"ok\":");
            out.push_str(&value);
            out.push('}');
            out
        }
        Err(error) => error_envelope(&error),
    }
}

/// `{"error": payload}` for `error`.
pub fn error_envelope(error: &Error) -> String {
    #[derive(Serialize)]
    struct Envelope<'a> {
        error: crate::error::ErrorPayload<'a>,
    }
    serde_json::to_string(&Envelope { error: error.payload() }).unwrap_or_else(|_| {
        // Serialising strings and numbers cannot fail; keep a valid envelope regardless.
        format!(
            "{{\"error\":{{\"code\":\"{}\",\"message\":\"the error could not be serialised\",\"retryable\":false}}}}",
            error.code().as_str()
        )
    })
}

/// Reads an operation's input: JSON text into its typed shape. Any mismatch — not JSON, a
/// missing member, a member of the wrong type or out of range, an unknown member — is
/// `invalid_argument` with serde's account of where.
pub(crate) fn input<T: DeserializeOwned>(op: &str, text: &str) -> Result<T> {
    const MAX_INPUT: usize = 64 << 20;
    if text.len() > MAX_INPUT {
        return Err(Error::new(
            ErrorCode::InputTooLarge,
            format!("the input of {op} is larger than {} MiB", MAX_INPUT >> 20),
        ));
    }
    let text = if text.trim().is_empty() { "{}" } else { text };
    serde_json::from_str(text).map_err(|e| {
        Error::new(ErrorCode::InvalidArgument, format!("{op}: {}", without_values(&e.to_string())))
    })
}

/// serde's message without the offending value: `invalid type: string "hunter2", expected u16`
/// becomes `invalid type: string, expected u16`. The value may be a secret given in the wrong
/// place (a password as a number, a token in a typo'd member), and no secret enters a message.
fn without_values(message: &str) -> String {
    for prefix in ["invalid type: ", "invalid value: ", "invalid length "] {
        if let Some(rest) = message.strip_prefix(prefix) {
            if let Some((unexpected, expected)) = rest.split_once(", expected") {
                let kind = unexpected.split([' ', '`', '"']).next().unwrap_or("");
                return format!("{prefix}{kind}, expected{expected}");
            }
        }
    }
    message.to_owned()
}

/// Reads an instant (Unix ms): an integer, or a number with a fraction (what `time.time() *
/// 1000` and `performance.timeOrigin + performance.now()` give), rounded down.
pub(crate) fn instant<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> std::result::Result<Option<i64>, D::Error> {
    let n = <Option<serde_json::Number> as serde::Deserialize>::deserialize(d)?;
    let Some(n) = n else { return Ok(None) };
    if let Some(i) = n.as_i64() {
        return Ok(Some(i));
    }
    match n.as_f64() {
        // ±2^53 ms is ±285 000 years: any instant a host can mean; beyond, it is a unit mistake.
        Some(f) if f.is_finite() && f.abs() < 9_007_199_254_740_992.0 => {
            #[allow(clippy::cast_possible_truncation)] // in range, checked just above
            Ok(Some(f.floor() as i64))
        }
        _ => Err(serde::de::Error::custom(format!(
            "now must be Unix milliseconds, a number within ±2^53, not {n}"
        ))),
    }
}

/// Writes an operation's output as JSON text.
pub(crate) fn output<T: Serialize + ?Sized>(value: &T) -> Result<String> {
    serde_json::to_string(value).map_err(|e| {
        Error::new(ErrorCode::InvalidArgument, format!("the result could not be serialised: {e}"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[allow(clippy::disallowed_methods)] // a test may use the OS CSPRNG; the core never does
    fn every_listed_operation_and_kind_is_answered() {
        let rng = ring::rand::SystemRandom::new();
        let host = Host::new(0, &rng);
        for op in OPERATIONS {
            let out = call(op, "{}", b"", &host);
            assert!(!out.contains("no operation"), "{op}: {out}");
        }
        for kind in OBJECT_KINDS {
            if let Err(e) = Object::open(kind, "{}", b"", &host) {
                assert!(!e.contains("no object kind"), "{kind}: {e}");
            }
        }
    }

    #[test]
    fn objects_can_be_shared_between_threads() {
        fn shared<T: Send + Sync>() {}
        shared::<Object>();
    }

    #[test]
    #[allow(clippy::disallowed_methods)] // a test may use the OS CSPRNG; the core never does
    fn unknown_operations_and_bad_input_are_typed_errors() {
        let rng = ring::rand::SystemRandom::new();
        let host = Host::new(0, &rng);
        let out = call("no_such_op", "{}", b"", &host);
        assert!(out.starts_with(r#"{"error":{"code":"invalid_argument""#), "{out}");
        let out = call("parse_ssin", "{\"text\": 5}", b"", &host);
        assert!(out.starts_with(r#"{"error":{"code":"invalid_argument""#), "{out}");
        // The offending value never reaches the message (it may be a misplaced secret).
        let out = call("token_request", r#"{"token_url": 8675309, "assertion": "x"}"#, b"", &host);
        assert!(
            out.contains("invalid type: integer, expected") && !out.contains("8675309"),
            "{out}"
        );
        let out = call("parse_ssin", "{\"txt\": \"x\"}", b"", &host);
        assert!(out.contains("unknown field"), "{out}");
        let out = call("parse_ssin", "not json", b"", &host);
        assert!(out.starts_with(r#"{"error":{"code":"invalid_argument""#), "{out}");
    }
}
