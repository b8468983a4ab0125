//! RFC 9457 problem details, as the platform and the Belgif REST guide use them.
//!
//! [`Problem::from_json`] reads the standard members (RFC 9457 §3.1), the Belgif `issues`
//! and the older `invalidParams` (folded into [`Problem::issues`], `reason` becoming `detail`),
//! and keeps every other member in [`Problem::extensions`]. It is tolerant: a member of the
//! wrong type (`"status": "400"`, `"title": 5`) never makes it fail; what cannot be read is kept
//! in `extensions` under its own name.
//!
//! ```
//! use careerpro_fla::Problem;
//! let body = serde_json::json!({
//!     "type": "urn:problem-type:belgif:missingScope",
//!     "title": "Missing Scope",
//!     "status": 403,
//!     "requiredScopes": ["enterprise-read"]
//! });
//! let p = Problem::from_json(&body).unwrap();
//! assert_eq!(p.short_type(), "missingScope");
//! assert_eq!(p.status, Some(403));
//! assert_eq!(p.required_scopes(), vec!["enterprise-read".to_owned()]);
//! ```

use serde::ser::SerializeMap as _;
use serde_json::{Map, Value};

use crate::calendar;
use crate::http::HttpResponse;
use crate::time::UnixTime;

/// An RFC 9457 problem: the standard members, the Belgif `issues` (and the legacy
/// `invalidParams`, folded into `issues`), and every other member kept as it came.
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct Problem {
    /// `type`: a URI (`urn:problem-type:belgif:badRequest`); `about:blank` when absent.
    pub problem_type: String,
    /// `title`.
    pub title: Option<String>,
    /// `status`.
    pub status: Option<u16>,
    /// `detail` (for developers, not end users).
    pub detail: Option<String>,
    /// `instance`: what the service desk asks for.
    pub instance: Option<String>,
    /// `issues` (Belgif) and `invalidParams` (older APIs), in the order received.
    pub issues: Vec<Issue>,
    /// Every other member (`requiredScopes`, `retryAfter`, `limit`, …).
    pub extensions: Map<String, Value>,
}

/// One input problem of a `badRequest`.
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct Issue {
    /// `type`.
    pub issue_type: Option<String>,
    /// `title`.
    pub title: Option<String>,
    /// `detail`, or the legacy `reason`.
    pub detail: Option<String>,
    /// `in`: `path`, `query`, `header` or `body`.
    pub location: Option<String>,
    /// `name`: the parameter or JSON pointer.
    pub name: Option<String>,
    /// `value`: what was sent.
    pub value: Option<Value>,
    /// Every other member.
    pub extensions: Map<String, Value>,
}

/// The prefix of the standard Belgif problem types.
pub(crate) const BELGIF_PROBLEM_PREFIX: &str = "urn:problem-type:belgif:";

/// Error bodies larger than this are not parsed (a problem is a few hundred bytes).
const MAX_PROBLEM_BYTES: usize = 1 << 20;

impl Problem {
    /// Reads a problem from any JSON object; `None` for anything that is not an object.
    ///
    /// Members of the wrong type are kept in [`Problem::extensions`] rather than rejected.
    pub fn from_json(value: &Value) -> Option<Problem> {
        let object = value.as_object()?;
        let mut problem = Problem { problem_type: "about:blank".to_owned(), ..Problem::default() };
        for (name, member) in object {
            let understood = match name.as_str() {
                "type" => text(member).map(|t| problem.problem_type = t).is_some(),
                "title" => text(member).map(|t| problem.title = Some(t)).is_some(),
                "detail" => text(member).map(|t| problem.detail = Some(t)).is_some(),
                "instance" => text(member).map(|t| problem.instance = Some(t)).is_some(),
                "status" => status(member).map(|s| problem.status = Some(s)).is_some(),
                "issues" => push_issues(&mut problem.issues, member, false),
                "invalidParams" => push_issues(&mut problem.issues, member, true),
                _ => false,
            };
            if !understood {
                problem.extensions.insert(name.clone(), member.clone());
            }
        }
        Some(problem)
    }

    /// Reads a problem from a response: any JSON object when the media type is
    /// `application/problem+json`; otherwise (plain `application/json`, or no media type) only
    /// an object that looks like one (a string `type` or `title`, or a `status` with `detail`,
    /// `instance`, `issues` or `invalidParams`). Bodies over 1 MiB are not read.
    pub fn from_response(response: &HttpResponse) -> Option<Problem> {
        if response.body.is_empty() || response.body.len() > MAX_PROBLEM_BYTES {
            return None;
        }
        let media = response.media_type();
        let declared = media.as_deref() == Some("application/problem+json");
        let json_like = match media.as_deref() {
            None => true,
            Some(m) => m == "application/json" || m.ends_with("+json") || m == "text/plain",
        };
        if !declared && !json_like {
            return None;
        }
        let value: Value = serde_json::from_slice(&response.body).ok()?;
        if !declared && !looks_like_problem(&value) {
            return None;
        }
        Problem::from_json(&value)
    }

    /// The type without its namespace: `badRequest` for `urn:problem-type:belgif:badRequest`,
    /// the last `:` part of other URNs, the last path segment of a URL; the type itself when
    /// none of these apply (`about:blank`).
    pub fn short_type(&self) -> &str {
        let t = self.problem_type.as_str();
        if let Some(rest) = t.strip_prefix(BELGIF_PROBLEM_PREFIX) {
            return rest;
        }
        if t.len() > 4 && t.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("urn:")) {
            return t.rsplit(':').next().filter(|s| !s.is_empty()).unwrap_or(t);
        }
        if let Some((_, after_scheme)) = t.split_once("://") {
            let path = after_scheme.split(['?', '#']).next().unwrap_or("");
            let last = path.trim_end_matches('/').rsplit('/').next().unwrap_or("");
            if !last.is_empty() && path.contains('/') {
                return last;
            }
        }
        t
    }

    /// `requiredScopes` of a `missingScope` problem (an array of strings, or one
    /// space-separated string); empty when absent.
    pub fn required_scopes(&self) -> Vec<String> {
        match self.extensions.get("requiredScopes") {
            Some(Value::Array(items)) => items.iter().filter_map(text).collect(),
            Some(Value::String(s)) => s.split_whitespace().map(str::to_owned).collect(),
            _ => Vec::new(),
        }
    }

    /// Whether the problem says the access token is missing, invalid or expired (Belgif
    /// `noAccessToken`, `invalidAccessToken`, `expiredAccessToken`): get a new token.
    pub fn is_token_problem(&self) -> bool {
        matches!(self.short_type(), "noAccessToken" | "invalidAccessToken" | "expiredAccessToken")
    }

    /// Seconds to wait per the problem body: `retryAfterSec` (a number, or digits in a string),
    /// else `retryAfter` (an RFC 3339 date-time, or an HTTP-date), counted from `now`.
    pub fn retry_after_seconds(&self, now: UnixTime) -> Option<u64> {
        let now = now.as_secs();
        if let Some(v) = self.extensions.get("retryAfterSec") {
            let secs = match v {
                Value::Number(n) => {
                    n.as_u64().or_else(|| n.as_f64().filter(|f| *f >= 0.0).map(float_to_secs))
                }
                Value::String(s) => s.trim().parse::<u64>().ok(),
                _ => None,
            };
            if secs.is_some() {
                return secs;
            }
        }
        let at = match self.extensions.get("retryAfter")? {
            Value::String(s) => {
                calendar::parse_rfc3339(s).or_else(|| calendar::http_date_secs(s))?
            }
            Value::Number(n) => return n.as_u64(),
            _ => return None,
        };
        Some(u64::try_from(at.saturating_sub(now)).unwrap_or(0))
    }
}

/// Whether a JSON value that did not arrive as `application/problem+json` is a problem anyway.
fn looks_like_problem(value: &Value) -> bool {
    let Some(o) = value.as_object() else { return false };
    let is_str = |k: &str| o.get(k).is_some_and(Value::is_string);
    is_str("type")
        || is_str("title")
        || (o.get("status").and_then(status).is_some()
            && ["detail", "instance", "issues", "invalidParams"].iter().any(|k| o.contains_key(*k)))
}

/// A string member; numbers and booleans are accepted as their text.
fn text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// An HTTP status from a number, a whole float or digits in a string.
fn status(v: &Value) -> Option<u16> {
    match v {
        Value::Number(n) => n
            .as_u64()
            .or_else(|| n.as_f64().filter(|f| f.fract() == 0.0 && *f >= 0.0).map(float_to_secs))
            .and_then(|n| u16::try_from(n).ok()),
        Value::String(s) => s.trim().parse::<u16>().ok(),
        _ => None,
    }
    .filter(|s| (100..=999).contains(s))
}

/// A non-negative float as whole seconds, rounded up, saturating.
fn float_to_secs(f: f64) -> u64 {
    // The value is checked non-negative by the callers; `as` saturates on overflow and NaN.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let secs = f.ceil() as u64;
    secs
}

/// Appends the entries of `issues` (or legacy `invalidParams`) to `out`; false when the
/// member is not an array, so the caller keeps it in the extensions.
fn push_issues(out: &mut Vec<Issue>, member: &Value, legacy: bool) -> bool {
    let Some(items) = member.as_array() else { return false };
    out.extend(items.iter().map(|item| Issue::from_json(item, legacy)));
    true
}

impl Issue {
    /// One element of `issues` (or `invalidParams` when `legacy`, where `reason` is the
    /// detail). A bare string becomes the detail; any other non-object becomes the value.
    fn from_json(value: &Value, legacy: bool) -> Issue {
        let object = match value {
            Value::Object(o) => o,
            Value::String(s) => return Issue { detail: Some(s.clone()), ..Issue::default() },
            other => return Issue { value: Some(other.clone()), ..Issue::default() },
        };
        let mut issue = Issue::default();
        let mut reason = None;
        for (name, member) in object {
            let understood = match name.as_str() {
                "type" => text(member).map(|t| issue.issue_type = Some(t)).is_some(),
                "title" => text(member).map(|t| issue.title = Some(t)).is_some(),
                "detail" => text(member).map(|t| issue.detail = Some(t)).is_some(),
                "reason" if legacy => text(member).map(|t| reason = Some(t)).is_some(),
                "in" => text(member).map(|t| issue.location = Some(t)).is_some(),
                "name" => text(member).map(|t| issue.name = Some(t)).is_some(),
                "value" => {
                    issue.value = Some(member.clone());
                    true
                }
                _ => false,
            };
            if !understood {
                issue.extensions.insert(name.clone(), member.clone());
            }
        }
        // The legacy `reason` is the detail, unless the entry has both.
        match (reason, &issue.detail) {
            (Some(r), None) => issue.detail = Some(r),
            (Some(r), Some(_)) => {
                issue.extensions.insert("reason".to_owned(), Value::String(r));
            }
            (None, _) => {}
        }
        issue
    }
}

// Serialised for the bindings as the server wrote it: the RFC 9457 member names (`type`, `in`),
// absent members left out, extension members beside the standard ones (a standard member
// always wins over an extension of the same name).
impl serde::Serialize for Problem {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
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
        for (k, v) in &self.extensions {
            let shadowed = match k.as_str() {
                "title" => self.title.is_some(),
                "status" => self.status.is_some(),
                "detail" => self.detail.is_some(),
                "instance" => self.instance.is_some(),
                "type" | "issues" => true,
                _ => false,
            };
            if !shadowed {
                m.serialize_entry(k, v)?;
            }
        }
        m.end()
    }
}

impl serde::Serialize for Issue {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
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
        for (k, v) in &self.extensions {
            let standard = match k.as_str() {
                "type" => self.issue_type.is_some(),
                "title" => self.title.is_some(),
                "detail" => self.detail.is_some(),
                "in" => self.location.is_some(),
                "name" => self.name.is_some(),
                "value" => self.value.is_some(),
                _ => false,
            };
            if !standard {
                m.serialize_entry(k, v)?;
            }
        }
        m.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn wrong_member_types_are_kept_not_fatal() {
        let p = Problem::from_json(&json!({"status": "404", "title": {"x": 1}, "issues": "no"}))
            .unwrap();
        assert_eq!(p.status, Some(404));
        assert_eq!(p.title, None);
        assert_eq!(p.problem_type, "about:blank");
        assert_eq!(p.extensions.get("title"), Some(&json!({"x": 1})));
        assert_eq!(p.extensions.get("issues"), Some(&json!("no")));
        assert!(Problem::from_json(&json!([1, 2])).is_none());
        assert_eq!(Problem::from_json(&json!({"status": 400.0})).unwrap().status, Some(400));
        assert_eq!(Problem::from_json(&json!({"status": 70000})).unwrap().status, None);
    }

    #[test]
    fn short_types() {
        let t = |s: &str| Problem { problem_type: s.into(), ..Problem::default() };
        assert_eq!(t("urn:problem-type:belgif:badRequest").short_type(), "badRequest");
        assert_eq!(
            t("urn:problem-type:cbss:input-validation:replacedSsin").short_type(),
            "replacedSsin"
        );
        assert_eq!(t("https://example.com/problems/out-of-credit/").short_type(), "out-of-credit");
        assert_eq!(t("about:blank").short_type(), "about:blank");
        assert_eq!(t("").short_type(), "");
    }

    #[test]
    fn retry_after_members() {
        let p = |v: Value| Problem::from_json(&v).unwrap();
        assert_eq!(
            p(json!({"retryAfterSec": 60})).retry_after_seconds(UnixTime::from_secs(0)),
            Some(60)
        );
        assert_eq!(
            p(json!({"retryAfterSec": "7"})).retry_after_seconds(UnixTime::from_secs(0)),
            Some(7)
        );
        assert_eq!(
            p(json!({"retryAfterSec": 1.5})).retry_after_seconds(UnixTime::from_secs(0)),
            Some(2)
        );
        assert_eq!(
            p(json!({"retryAfter": "1994-11-06T08:50:37Z"}))
                .retry_after_seconds(UnixTime::from_secs(784_111_777)),
            Some(60)
        );
        assert_eq!(
            p(json!({"retryAfter": "garbage"})).retry_after_seconds(UnixTime::from_secs(0)),
            None
        );
        assert_eq!(p(json!({})).retry_after_seconds(UnixTime::from_secs(0)), None);
    }
}
