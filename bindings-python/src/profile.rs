//! Where to send what: `Profile.fla("acceptance", "employer")`, or any other service.

use careerpro_fla::profile::{self, Environment, Quality};
use pyo3::prelude::*;

use crate::error::OrRaise;

/// Token endpoint, audience, API base URL and scope for one service in one quality.
#[pyclass(module = "careerpro_fla._native", frozen, eq)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Profile(pub profile::Profile);

#[pymethods]
impl Profile {
    /// A profile for any service of the platform: audience = token URL, no scope.
    #[new]
    fn new(token_url: &str, api_base_url: &str) -> PyResult<Profile> {
        profile::Profile::new(token_url, api_base_url).or_raise().map(Profile)
    }

    /// The FLA profile: `environment` is `production`, `acceptance` or an origin such as
    /// `http://127.0.0.1:8080` (the sandbox); `quality` is `employer`, `agent` or
    /// `training_provider`.
    #[staticmethod]
    fn fla(environment: &str, quality: &str) -> PyResult<Profile> {
        let env = Environment::parse(environment).or_raise()?;
        let quality = Quality::parse(quality).or_raise()?;
        Ok(Profile(profile::Profile::fla(&env, quality)))
    }

    /// A profile from JSON (see the core's `Profile::from_json`).
    #[staticmethod]
    fn from_json(text: &str) -> PyResult<Profile> {
        profile::Profile::from_json(text).or_raise().map(Profile)
    }

    /// Token endpoint URL.
    #[getter]
    fn token_url(&self) -> &str {
        &self.0.token_url
    }

    /// The assertion's `aud`.
    #[getter]
    fn audience(&self) -> &str {
        &self.0.audience
    }

    /// The API base URL request paths are joined to.
    #[getter]
    fn api_base_url(&self) -> &str {
        &self.0.api_base_url
    }

    /// The scope requested; `None` asks for the account's defaults.
    #[getter]
    fn scope(&self) -> Option<&str> {
        self.0.scope.as_deref()
    }

    /// The same profile requesting `scope` (`None`: the account's defaults).
    #[pyo3(signature = (scope))]
    fn with_scope(&self, scope: Option<&str>) -> Profile {
        Profile(self.0.clone().with_scope(scope))
    }

    /// The same profile with another token URL (the audience follows unless overridden).
    fn with_token_url(&self, token_url: &str) -> PyResult<Profile> {
        self.0.clone().with_token_url(token_url).or_raise().map(Profile)
    }

    /// The same profile with another `aud`.
    fn with_audience(&self, audience: &str) -> PyResult<Profile> {
        self.0.clone().with_audience(audience).or_raise().map(Profile)
    }

    /// The same profile with another API base URL.
    fn with_api_base_url(&self, api_base_url: &str) -> PyResult<Profile> {
        self.0.clone().with_api_base_url(api_base_url).or_raise().map(Profile)
    }

    /// Checks the URLs and the audience.
    fn validate(&self) -> PyResult<()> {
        self.0.validate().or_raise()
    }

    fn __repr__(&self) -> String {
        use crate::host::{py_repr, py_repr_opt};
        format!(
            "Profile(token_url={}, audience={}, api_base_url={}, scope={})",
            py_repr(&self.0.token_url),
            py_repr(&self.0.audience),
            py_repr(&self.0.api_base_url),
            py_repr_opt(self.0.scope.as_deref())
        )
    }
}

/// The scope an employer requests.
pub const SCOPE_EMPLOYER: &str = profile::SCOPE_EMPLOYER;
/// The scope an agent (social secretariat, service provider) requests.
pub const SCOPE_AGENT: &str = profile::SCOPE_AGENT;
