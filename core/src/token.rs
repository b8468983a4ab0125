//! The token endpoint: the request, the response, the OAuth errors.

/// An RFC 6749 §5.2 error response.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct OAuthError {
    /// `error`: `invalid_client`, `invalid_scope`, or an extension code.
    pub error: String,
    /// `error_description`.
    pub error_description: Option<String>,
    /// `error_uri`.
    pub error_uri: Option<String>,
}
