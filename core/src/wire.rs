//! How the core's shapes are written for the bindings: the conventions every serialised shape
//! follows, and the number rule every binding relies on.
//!
//! Absent values are left out (never `null`), and no integer past 2^53 − 1 is ever written:
//! JavaScript reads every JSON number as a double, so a larger one would arrive rounded. The
//! values that could exceed it (durations the server chose, totals it reported) saturate at
//! [`MAX_SAFE_INTEGER`] instead; 2^53 milliseconds are 285 000 years.
//!
//! ```
//! use careerpro_fla::{Problem};
//! let p = Problem::from_json(&serde_json::json!({"type": "urn:x", "status": 400, "extra": 1})).unwrap();
//! assert_eq!(
//!     serde_json::to_string(&p).unwrap(),
//!     r#"{"type":"urn:x","status":400,"issues":[],"extra":1}"#
//! );
//! ```

/// The largest integer every language reads exactly (JavaScript's `Number.MAX_SAFE_INTEGER`).
pub const MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;

/// `value`, saturated at [`MAX_SAFE_INTEGER`].
pub(crate) fn safe(value: u64) -> u64 {
    value.min(MAX_SAFE_INTEGER)
}
