//! Where to send what: environment × quality → token endpoint, audience, API base URL and
//! default scope (PLATFORM.md §1–2, manual §6.1–6.3).
//!
//! A profile is plain data. The FLA's values are built in; another social security REST API
//! (Dimona, DmfA, the FLA's successor) is another [`Profile`], written in code or loaded from
//! JSON with [`Profile::from_json`], never a new code path.
//!
//! ```
//! use careerpro_fla::{Environment, Profile, Quality};
//! let p = Profile::fla(&Environment::Acceptance, Quality::Employer);
//! assert_eq!(p.token_url, "https://services-acpt.socialsecurity.be/REST/oauth/v5/token");
//! assert_eq!(p.audience, p.token_url);
//! assert_eq!(p.api_base_url, "https://services-acpt.socialsecurity.be/REST/federalLearningAccount/v1");
//! assert_eq!(p.scope.as_deref(), Some("scope:sigedis:gestion:careerpro-federal-learning-account:employer"));
//! // The training provider's scope is not published: none is sent unless the caller gives one.
//! assert_eq!(Profile::fla(&Environment::Production, Quality::TrainingProvider).scope, None);
//! ```

use std::fmt;

use serde_json::Value;

use crate::error::{Error, ErrorCode, Result};
use crate::url::check_url;

/// Production origin (manual §6.2).
pub const PRODUCTION_ORIGIN: &str = "https://services.socialsecurity.be";
/// Acceptance (test) origin (manual §6.3); access on request, separate Chaman account.
pub const ACCEPTANCE_ORIGIN: &str = "https://services-acpt.socialsecurity.be";
/// Token endpoint path, identical in both environments (manual §6.1).
pub(crate) const TOKEN_PATH: &str = "/REST/oauth/v5/token";
/// FLA API path for employers and agents (manual §6.2).
pub(crate) const FLA_PATH: &str = "/REST/federalLearningAccount/v1";
/// FLA API path for training providers (manual §6.2).
pub(crate) const FLA_TRAINING_PROVIDER_PATH: &str =
    "/REST/federalLearningAccount/trainingProvider/v1";
/// Employer scope (manual §6.1).
pub const SCOPE_EMPLOYER: &str =
    "scope:sigedis:gestion:careerpro-federal-learning-account:employer";
/// Agent (social secretariat, service provider) scope (manual §6.1).
pub const SCOPE_AGENT: &str = "scope:sigedis:gestion:careerpro-federal-learning-account:provider";

/// Which platform installation to talk to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Environment {
    /// `https://services.socialsecurity.be`.
    Production,
    /// `https://services-acpt.socialsecurity.be`.
    Acceptance,
    /// Another origin with the platform's paths: the local sandbox, a proxy.
    Custom(String),
}

impl Environment {
    /// The origin (`scheme://host[:port]`), without a trailing slash.
    pub fn origin(&self) -> &str {
        match self {
            Environment::Production => PRODUCTION_ORIGIN,
            Environment::Acceptance => ACCEPTANCE_ORIGIN,
            Environment::Custom(origin) => origin.trim_end_matches('/'),
        }
    }

    /// `production`, `acceptance`, or an origin URL for [`Environment::Custom`].
    pub fn parse(s: &str) -> Result<Environment> {
        match s.trim().to_ascii_lowercase().as_str() {
            "production" | "prod" => Ok(Environment::Production),
            "acceptance" | "acpt" | "test" => Ok(Environment::Acceptance),
            _ => {
                check_url(s.trim(), "environment origin").map_err(|_| {
                    Error::new(
                        ErrorCode::InvalidArgument,
                        format!(
                            "unknown environment {}: use production, acceptance, or an origin such as http://127.0.0.1:8080",
                            crate::url::quote(s)
                        ),
                    )
                })?;
                Ok(Environment::Custom(s.trim().trim_end_matches('/').to_owned()))
            }
        }
    }
}

/// The capacity a Chaman account acts in; it decides the scope and the API base URL.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Quality {
    /// An NSSO employer, sending for itself.
    Employer,
    /// A social secretariat or service provider, sending for employers under a Mahis mandate.
    Agent,
    /// A training provider, sending in its own name.
    TrainingProvider,
}

impl Quality {
    /// Every quality.
    pub const ALL: &'static [Quality] =
        &[Quality::Employer, Quality::Agent, Quality::TrainingProvider];

    /// `employer`, `agent`, `training_provider`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Quality::Employer => "employer",
            Quality::Agent => "agent",
            Quality::TrainingProvider => "training_provider",
        }
    }

    /// Parses [`Quality::as_str`] (also `training-provider`, `provider` for agent).
    pub fn parse(s: &str) -> Result<Quality> {
        match s.trim().to_ascii_lowercase().replace('-', "_").as_str() {
            "employer" => Ok(Quality::Employer),
            "agent" | "provider" | "service_provider" | "social_secretariat" => Ok(Quality::Agent),
            "training_provider" | "trainingprovider" => Ok(Quality::TrainingProvider),
            _ => Err(Error::new(
                ErrorCode::InvalidArgument,
                format!(
                    "unknown quality {:?}: use employer, agent or training_provider",
                    s.chars().take(100).collect::<String>()
                ),
            )),
        }
    }

    /// The scope the manual gives for this quality; `None` for the training provider, whose
    /// scope the manual leaves blank in all four languages.
    pub const fn default_scope(self) -> Option<&'static str> {
        match self {
            Quality::Employer => Some(SCOPE_EMPLOYER),
            Quality::Agent => Some(SCOPE_AGENT),
            Quality::TrainingProvider => None,
        }
    }

    /// The FLA API path for this quality.
    pub const fn fla_path(self) -> &'static str {
        match self {
            Quality::Employer | Quality::Agent => FLA_PATH,
            Quality::TrainingProvider => FLA_TRAINING_PROVIDER_PATH,
        }
    }
}

impl fmt::Display for Quality {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Everything needed to reach one service in one quality: plain data, every field overridable.
/// Serialised as `{"token_url", "audience", "api_base_url", "scope"?}`; read from JSON with
/// [`Profile::from_json`], which also takes the FLA form `{"environment", "quality"}`.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Profile {
    /// Token endpoint URL.
    pub token_url: String,
    /// The assertion's `aud`: the token endpoint URL on this platform (manual §7.2).
    pub audience: String,
    /// The API base URL that request paths are joined to.
    pub api_base_url: String,
    /// The scope to request; `None` requests the account's default scopes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
}

impl Profile {
    /// The FLA profile for an environment and a quality.
    pub fn fla(environment: &Environment, quality: Quality) -> Profile {
        let origin = environment.origin();
        let token_url = format!("{origin}{TOKEN_PATH}");
        Profile {
            audience: token_url.clone(),
            token_url,
            api_base_url: format!("{origin}{}", quality.fla_path()),
            scope: quality.default_scope().map(str::to_owned),
        }
    }

    /// A profile for any service of the platform: audience = token URL, no scope.
    pub fn new(token_url: &str, api_base_url: &str) -> Result<Profile> {
        let p = Profile {
            token_url: token_url.to_owned(),
            audience: token_url.to_owned(),
            api_base_url: api_base_url.trim_end_matches('/').to_owned(),
            scope: None,
        };
        p.validate()?;
        Ok(p)
    }

    /// The same profile requesting `scope` (`None`: the account's defaults).
    #[must_use]
    pub fn with_scope(mut self, scope: Option<&str>) -> Profile {
        self.scope = scope.map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned);
        self
    }

    /// The same profile with another token URL; the audience follows unless it was overridden.
    pub fn with_token_url(mut self, token_url: &str) -> Result<Profile> {
        check_url(token_url, "token endpoint")?;
        if self.audience == self.token_url {
            self.audience = token_url.to_owned();
        }
        self.token_url = token_url.to_owned();
        Ok(self)
    }

    /// The same profile with another `aud` value.
    pub fn with_audience(mut self, audience: &str) -> Result<Profile> {
        if audience.trim().is_empty() {
            return Err(Error::new(ErrorCode::InvalidArgument, "the audience is empty"));
        }
        self.audience = audience.to_owned();
        Ok(self)
    }

    /// The same profile with another API base URL.
    pub fn with_api_base_url(mut self, api_base_url: &str) -> Result<Profile> {
        check_url(api_base_url, "API base")?;
        self.api_base_url = api_base_url.trim_end_matches('/').to_owned();
        Ok(self)
    }

    /// Checks the URLs and the audience.
    pub fn validate(&self) -> Result<()> {
        check_url(&self.token_url, "token endpoint")?;
        check_url(&self.api_base_url, "API base")?;
        if self.audience.trim().is_empty() {
            return Err(Error::new(ErrorCode::InvalidArgument, "the audience is empty"));
        }
        Ok(())
    }

    /// Reads a profile from JSON: either an FLA profile
    /// `{"environment": "acceptance", "quality": "agent", "scope"?: …, …overrides}` or a profile
    /// for another service `{"token_url": …, "api_base_url": …, "audience"?: …, "scope"?: …}`.
    pub fn from_json(text: &str) -> Result<Profile> {
        let bad =
            |why: String| Error::new(ErrorCode::InvalidArgument, format!("profile JSON: {why}"));
        if text.len() > 64 * 1024 {
            return Err(Error::new(ErrorCode::InputTooLarge, "profile JSON is larger than 64 KiB"));
        }
        let json: Value = serde_json::from_str(text).map_err(|e| bad(format!("not JSON ({e})")))?;
        let obj = json.as_object().ok_or_else(|| bad("expected an object".to_owned()))?;
        let text_field = |k: &str| -> Result<Option<&str>> {
            match obj.get(k) {
                None | Some(Value::Null) => Ok(None),
                Some(Value::String(s)) => Ok(Some(s.as_str())),
                Some(_) => Err(bad(format!("{k} must be a string"))),
            }
        };
        for k in obj.keys() {
            if !["environment", "quality", "token_url", "audience", "api_base_url", "scope"]
                .contains(&k.as_str())
            {
                return Err(bad(format!("unknown member {k:?}")));
            }
        }
        let mut profile = match (text_field("environment")?, text_field("quality")?) {
            (Some(env), Some(q)) => Profile::fla(&Environment::parse(env)?, Quality::parse(q)?),
            (None, None) => {
                let token_url = text_field("token_url")?
                    .ok_or_else(|| bad("token_url is missing".to_owned()))?;
                let api = text_field("api_base_url")?
                    .ok_or_else(|| bad("api_base_url is missing".to_owned()))?;
                Profile::new(token_url, api)?
            }
            _ => return Err(bad("give both environment and quality, or neither".to_owned())),
        };
        if obj.contains_key("scope") {
            profile = profile.with_scope(text_field("scope")?);
        }
        if let Some(u) = text_field("token_url")? {
            profile = profile.with_token_url(u)?;
        }
        if let Some(a) = text_field("audience")? {
            profile = profile.with_audience(a)?;
        }
        if let Some(u) = text_field("api_base_url")? {
            profile = profile.with_api_base_url(u)?;
        }
        Ok(profile)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fla_table() {
        let p = Profile::fla(&Environment::Production, Quality::Agent);
        assert_eq!(p.token_url, "https://services.socialsecurity.be/REST/oauth/v5/token");
        assert_eq!(
            p.api_base_url,
            "https://services.socialsecurity.be/REST/federalLearningAccount/v1"
        );
        assert_eq!(p.scope.as_deref(), Some(SCOPE_AGENT));
        let p = Profile::fla(&Environment::Acceptance, Quality::TrainingProvider);
        assert_eq!(
            p.api_base_url,
            "https://services-acpt.socialsecurity.be/REST/federalLearningAccount/trainingProvider/v1"
        );
        for q in Quality::ALL {
            assert_eq!(Quality::parse(q.as_str()).unwrap(), *q);
            for env in [Environment::Production, Environment::Acceptance] {
                Profile::fla(&env, *q).validate().unwrap();
            }
        }
    }

    #[test]
    fn overrides() {
        let p =
            Profile::fla(&Environment::parse("http://127.0.0.1:9/").unwrap(), Quality::Employer)
                .with_scope(None);
        assert_eq!(p.token_url, "http://127.0.0.1:9/REST/oauth/v5/token");
        assert_eq!(p.scope, None);
        let p = p.with_token_url("https://proxy/token").unwrap();
        assert_eq!(p.audience, "https://proxy/token");
        let p =
            p.with_audience("https://aud").unwrap().with_token_url("https://other/token").unwrap();
        assert_eq!(p.audience, "https://aud");
        assert_eq!(
            p.with_api_base_url("http://evil.example/x").unwrap_err().code(),
            ErrorCode::UrlInvalid
        );
    }

    #[test]
    fn json_profiles() {
        let p = Profile::from_json(
            r#"{"environment":"acceptance","quality":"training_provider","scope":"s1 s2"}"#,
        )
        .unwrap();
        assert_eq!(p.scope.as_deref(), Some("s1 s2"));
        let dimona = Profile::from_json(
            r#"{"token_url":"https://services.socialsecurity.be/REST/oauth/v5/token","api_base_url":"https://services.socialsecurity.be/REST/dimona/v2/","scope":"scope:dimona"}"#,
        )
        .unwrap();
        assert_eq!(dimona.api_base_url, "https://services.socialsecurity.be/REST/dimona/v2");
        assert_eq!(dimona.audience, dimona.token_url);
        for bad in [
            "",
            "[]",
            r#"{"quality":"employer"}"#,
            r#"{"environment":"mars","quality":"employer"}"#,
            r#"{"token_url":1}"#,
            r#"{"x":1}"#,
        ] {
            assert!(Profile::from_json(bad).is_err(), "{bad}");
        }
    }
}
