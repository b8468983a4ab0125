//! The RFC 6749 §5.2 error body, as plain data: a leaf module, so that the error type can carry
//! it without depending on the token module that parses it.

/// An RFC 6749 §5.2 error response.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
pub struct OAuthError {
    /// `error`: `invalid_client`, `invalid_scope`, or an extension code.
    pub error: String,
    /// `error_description`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_description: Option<String>,
    /// `error_uri`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_uri: Option<String>,
}
