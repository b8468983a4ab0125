//! Where to send what: environment × quality → token URL, audience, API base URL, scope.
//! Profiles are plain objects; every field may be overridden.

use careerpro_fla::profile::{Environment, Profile as CoreProfile, Quality};
use napi::Env;
use napi_derive::napi;

use crate::error::OrThrow;

/// Everything needed to reach one service in one quality.
#[napi(object)]
#[derive(Debug, Clone)]
pub struct Profile {
    /// Token endpoint URL.
    pub token_url: String,
    /// The assertion's `aud` (the token endpoint URL on this platform).
    pub audience: String,
    /// The API base URL that request paths are joined to.
    pub api_base_url: String,
    /// The scope to request; absent or `null`: the account's default scopes.
    pub scope: Option<String>,
}

impl From<CoreProfile> for Profile {
    fn from(p: CoreProfile) -> Profile {
        Profile {
            token_url: p.token_url,
            audience: p.audience,
            api_base_url: p.api_base_url,
            scope: p.scope,
        }
    }
}

/// The core profile for a JS one, validated.
pub fn profile_in(env: &Env, p: &Profile) -> napi::Result<CoreProfile> {
    let core = CoreProfile::new(&p.token_url, &p.api_base_url)
        .and_then(|c| c.with_audience(&p.audience))
        .map(|c| c.with_scope(p.scope.as_deref()))
        .or_throw(env)?;
    Ok(core)
}

/// The FLA profile for an environment (`production`, `acceptance`, or an origin such as
/// `http://127.0.0.1:8080` for the sandbox) and a quality (`employer`, `agent`,
/// `training_provider`).
#[napi]
pub fn fla_profile(env: Env, environment: String, quality: String) -> napi::Result<Profile> {
    let environment = Environment::parse(&environment).or_throw(&env)?;
    let quality = Quality::parse(&quality).or_throw(&env)?;
    Ok(CoreProfile::fla(&environment, quality).into())
}

/// A profile for any service of the platform: audience = token URL, no scope.
#[napi]
pub fn custom_profile(env: Env, token_url: String, api_base_url: String) -> napi::Result<Profile> {
    CoreProfile::new(&token_url, &api_base_url).map(Profile::from).or_throw(&env)
}

/// Reads a profile from JSON: `{"environment", "quality", …overrides}` or
/// `{"token_url", "api_base_url", "audience"?, "scope"?}`.
#[napi]
pub fn profile_from_json(env: Env, text: String) -> napi::Result<Profile> {
    CoreProfile::from_json(&text).map(Profile::from).or_throw(&env)
}

/// Throws a `ValidationError` unless the URLs and the audience are usable.
#[napi]
pub fn validate_profile(env: Env, profile: Profile) -> napi::Result<()> {
    profile_in(&env, &profile).map(|_| ())
}
