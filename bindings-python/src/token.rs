//! The token endpoint: the request as data, the response parsed into an `AccessToken`.

use careerpro_fla::token;
use pyo3::prelude::*;

use crate::assertion::Assertion;
use crate::error::{invalid_argument, OrRaise};
use crate::host;
use crate::http::{response_arg, Request};

/// A bearer access token. `repr` and `str` never show it; `secret` does.
#[pyclass(module = "careerpro_fla._native", frozen)]
#[derive(Clone, Debug)]
pub struct AccessToken(pub token::AccessToken);

#[pymethods]
impl AccessToken {
    /// A token from its parts (obtained elsewhere, or for tests).
    #[new]
    #[pyo3(signature = (value, issued_at, expires_in = None, scope = None))]
    fn new(value: String, issued_at: i64, expires_in: Option<u64>, scope: Option<String>) -> Self {
        AccessToken(token::AccessToken::new(value, issued_at, expires_in, scope))
    }

    /// The token itself, for the `Authorization` header. Handle with care.
    #[getter]
    fn secret(&self) -> &str {
        self.0.secret()
    }

    /// `Bearer`.
    #[getter]
    fn token_type(&self) -> &str {
        self.0.token_type()
    }

    /// When the response was parsed (Unix seconds).
    #[getter]
    fn issued_at(&self) -> i64 {
        self.0.issued_at()
    }

    /// `expires_in` as the server sent it.
    #[getter]
    fn expires_in(&self) -> Option<u64> {
        self.0.expires_in()
    }

    /// Absolute expiry (Unix seconds).
    #[getter]
    fn expires_at(&self) -> Option<i64> {
        self.0.expires_at()
    }

    /// The granted scopes, if the server listed them.
    #[getter]
    fn scope(&self) -> Option<&str> {
        self.0.scope()
    }

    /// Whether the token has expired at `now` (default: the host clock).
    #[pyo3(signature = (now = None))]
    fn is_expired(&self, now: Option<i64>) -> bool {
        self.0.is_expired(host::now(now))
    }

    /// The `Authorization` header value: `Bearer <token>`.
    fn authorization(&self) -> String {
        self.0.authorization()
    }

    fn __repr__(&self) -> String {
        format!(
            "AccessToken({}, [redacted], expires_at={}, scope={})",
            self.0.token_type(),
            crate::host::py_num_opt(self.0.expires_at()),
            crate::host::py_repr_opt(self.0.scope())
        )
    }

    fn __str__(&self) -> String {
        self.__repr__()
    }
}

/// The token request: a form-encoded `POST` to `token_url` carrying the client assertion.
#[pyfunction]
#[pyo3(signature = (token_url, assertion, scope = None))]
pub fn token_request(
    token_url: &str,
    assertion: &Bound<'_, PyAny>,
    scope: Option<&str>,
) -> PyResult<Request> {
    let compact: String = if let Ok(a) = assertion.cast::<Assertion>() {
        a.get().compact.to_string()
    } else {
        assertion.extract().map_err(|_| {
            invalid_argument("the assertion must be an Assertion or its compact str")
        })?
    };
    token::token_request(token_url, &compact, scope).or_raise().map(Request)
}

/// Parses the token endpoint's answer at `now` (default: the host clock). 2xx gives the
/// token; anything else raises the typed error (`InvalidClient`, `TokenEndpointError`, …)
/// with the status, trace id and `Retry-After`.
#[pyfunction]
#[pyo3(signature = (status, headers, body, now = None))]
pub fn parse_token_response(
    status: i64,
    headers: &Bound<'_, PyAny>,
    body: &Bound<'_, PyAny>,
    now: Option<i64>,
) -> PyResult<AccessToken> {
    let response = response_arg(status, headers, body)?;
    token::parse_token_response(&response, host::now(now)).or_raise().map(AccessToken)
}
