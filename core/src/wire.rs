//! How the core's shapes are written for the bindings: the serde representations that are not
//! plain derives, and the number rule every binding relies on.
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
//!     r#"{"type":"urn:x","status":400,"issues":[],"extensions":{"extra":1}}"#
//! );
//! ```

use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;

use crate::problem::{Issue, Problem};
use crate::retry::Advice;

/// The largest integer every language reads exactly (JavaScript's `Number.MAX_SAFE_INTEGER`).
pub const MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;

/// `value`, saturated at [`MAX_SAFE_INTEGER`].
pub(crate) fn safe(value: u64) -> u64 {
    value.min(MAX_SAFE_INTEGER)
}

impl Serialize for Problem {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("type", &self.problem_type)?;
        if let Some(v) = &self.title {
            m.serialize_entry("title", v)?;
        }
        if let Some(v) = &self.status {
            m.serialize_entry("status", v)?;
        }
        if let Some(v) = &self.detail {
            m.serialize_entry("detail", v)?;
        }
        if let Some(v) = &self.instance {
            m.serialize_entry("instance", v)?;
        }
        m.serialize_entry("issues", &self.issues)?;
        m.serialize_entry("extensions", &self.extensions)?;
        m.end()
    }
}

impl Serialize for Issue {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        let members = [
            ("type", &self.issue_type),
            ("title", &self.title),
            ("detail", &self.detail),
            ("in", &self.location),
            ("name", &self.name),
        ];
        for (name, value) in members {
            if let Some(v) = value {
                m.serialize_entry(name, v)?;
            }
        }
        if let Some(v) = &self.value {
            m.serialize_entry("value", v)?;
        }
        m.serialize_entry("extensions", &self.extensions)?;
        m.end()
    }
}

impl Serialize for Advice {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        match self {
            Advice::Success => m.serialize_entry("kind", "success")?,
            Advice::RetryAfterMs(ms) => {
                m.serialize_entry("kind", "retry")?;
                m.serialize_entry("delay_ms", &safe(*ms))?;
            }
            Advice::RefreshTokenAndRetry => m.serialize_entry("kind", "refresh_token")?,
            Advice::GiveUp(error) => {
                m.serialize_entry("kind", "give_up")?;
                m.serialize_entry("error", &error.payload())?;
            }
        }
        m.end()
    }
}
