//! The token endpoint: the request as data, the response parsed into an access token or a
//! typed error.

use careerpro_fla::token::{parse_token_response as core_parse, token_request as core_request};
use careerpro_fla::AccessToken as CoreToken;
use napi::Env;
use napi_derive::napi;

use crate::error::OrThrow;
use crate::host::{self, as_i64, non_negative};
use crate::http::{response_in, HttpRequest, HttpResponse};

/// Builds the token request: a form-encoded `POST` with the client assertion (the compact
/// JWS) and the scope (`null`: the account's default scopes).
#[napi]
pub fn token_request(
    env: Env,
    token_url: String,
    assertion: String,
    scope: Option<String>,
) -> napi::Result<HttpRequest> {
    core_request(&token_url, &assertion, scope.as_deref())
        .map(|inner| HttpRequest { inner })
        .or_throw(&env)
}

/// Reads the token endpoint's answer at `now` (Unix seconds, default the host clock): the
/// token, or a typed error (`InvalidClientError`, `TokenEndpointError`, …).
#[napi]
pub fn parse_token_response(
    env: Env,
    response: HttpResponse,
    now: Option<i64>,
) -> napi::Result<AccessToken> {
    let response = response_in(&env, &response)?;
    core_parse(&response, host::now_s(now)).map(AccessToken::from).or_throw(&env)
}

/// A bearer access token. The value is only readable through `secret` and `authorization`;
/// `toString()` and `util.inspect` redact it.
#[napi]
#[derive(Debug)]
pub struct AccessToken {
    pub(crate) inner: CoreToken,
}

impl From<CoreToken> for AccessToken {
    fn from(inner: CoreToken) -> AccessToken {
        AccessToken { inner }
    }
}

#[napi]
impl AccessToken {
    /// A token obtained elsewhere: its value, when it was received (Unix seconds), its
    /// `expires_in` and scope.
    #[napi(constructor)]
    pub fn new(
        value: String,
        issued_at: i64,
        expires_in: Option<i64>,
        scope: Option<String>,
    ) -> AccessToken {
        AccessToken { inner: CoreToken::new(value, issued_at, expires_in.map(non_negative), scope) }
    }

    /// The token itself. Handle with care.
    #[napi(getter)]
    pub fn secret(&self) -> String {
        self.inner.secret().to_owned()
    }

    /// The `Authorization` header value: `Bearer <token>`.
    #[napi(getter)]
    pub fn authorization(&self) -> String {
        self.inner.authorization()
    }

    /// `Bearer`.
    #[napi(getter)]
    pub fn token_type(&self) -> String {
        self.inner.token_type().to_owned()
    }

    /// When the response was parsed (Unix seconds).
    #[napi(getter)]
    pub fn issued_at(&self) -> i64 {
        self.inner.issued_at()
    }

    /// `expires_in` as the server sent it.
    #[napi(getter)]
    pub fn expires_in(&self) -> Option<i64> {
        self.inner.expires_in().map(as_i64)
    }

    /// Absolute expiry (Unix seconds).
    #[napi(getter)]
    pub fn expires_at(&self) -> Option<i64> {
        self.inner.expires_at()
    }

    /// The granted scopes, if listed.
    #[napi(getter)]
    pub fn scope(&self) -> Option<String> {
        self.inner.scope().map(str::to_owned)
    }

    /// Whether the token has expired at `now` (Unix seconds, default the host clock).
    #[napi]
    pub fn is_expired(&self, now: Option<i64>) -> bool {
        self.inner.is_expired(host::now_s(now))
    }

    /// `AccessToken(Bearer, [redacted], expires_at: …, scope: …)`.
    #[napi]
    #[allow(clippy::inherent_to_string)] // JS's toString, not Rust's Display
    pub fn to_string(&self) -> String {
        format!("{:?}", self.inner)
    }
}
