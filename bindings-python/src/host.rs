//! What the binding supplies as the host: the clock, the CSPRNG, and bytes from Python values.

use careerpro_fla::SystemRandom;
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyString};
use zeroize::Zeroizing;

use crate::error::invalid_argument;

/// `now` as given, or the host clock (Unix seconds).
// The core is sans-IO and bans the clock; the binding is the host that provides it.
#[allow(clippy::disallowed_methods)]
pub fn now(given: Option<i64>) -> i64 {
    given.unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
            .unwrap_or(0)
    })
}

/// The operating system's CSPRNG (ring's `SystemRandom`: getrandom on Linux).
// The core takes randomness as an argument; the binding is the host that provides it.
#[allow(clippy::disallowed_methods)]
pub fn rng() -> SystemRandom {
    SystemRandom::new()
}

/// The bytes of a `bytes`, `bytearray` or `str` (UTF-8) argument, wiped when dropped (key
/// material passes through here).
pub fn bytes_arg(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<Zeroizing<Vec<u8>>> {
    if let Ok(b) = obj.cast::<PyBytes>() {
        return Ok(Zeroizing::new(b.as_bytes().to_vec()));
    }
    if let Ok(b) = obj.cast::<PyByteArray>() {
        return Ok(Zeroizing::new(b.to_vec()));
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(Zeroizing::new(s.to_cow()?.as_bytes().to_vec()));
    }
    Err(invalid_argument(format!("{what} must be bytes or str, not {}", type_name(obj))))
}

/// A Python value's type name, for messages.
pub fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type().name().map(|n| n.to_string()).unwrap_or_else(|_| "object".to_owned())
}

/// A string as Python's `repr` shows it (`'text'`), for `__repr__` methods.
pub fn py_repr(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('\'');
    for c in s.chars() {
        match c {
            '\'' => out.push_str("\\'"),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\x{:02x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

/// An optional string as Python's `repr` shows it (`None` or `'text'`).
pub fn py_repr_opt(s: Option<&str>) -> String {
    s.map_or_else(|| "None".to_owned(), py_repr)
}

/// An optional number as Python shows it.
pub fn py_num_opt<T: std::fmt::Display>(n: Option<T>) -> String {
    n.map_or_else(|| "None".to_owned(), |n| n.to_string())
}

/// `now_ms` as given, or the host clock (Unix milliseconds, for the token manager).
// The core is sans-IO and bans the clock; the binding is the host that provides it.
#[allow(clippy::disallowed_methods)]
pub fn now_ms(given: Option<i64>) -> i64 {
    given.unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
            .unwrap_or(0)
    })
}
