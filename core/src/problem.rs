//! RFC 9457 problem details, as the platform and the Belgif REST guide use them.

use serde_json::{Map, Value};

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
