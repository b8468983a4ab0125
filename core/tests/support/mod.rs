#![allow(unreachable_pub)] // helpers shared by several test crates, each using a part
//! The Rust host used by the demo (`core/examples/demo.rs`) and the end-to-end test: loopback
//! HTTP and the glue between the core's decisions and the host's clock.

pub mod host;
pub mod loopback_http;

use careerpro_fla::{HttpRequest, HttpResponse, Method};

/// The sandbox's URL file (`tests/sandbox/start.sh` writes it).
#[allow(dead_code)] // the demo and the tests each read a different part
#[derive(Debug, Clone)]
pub struct SandboxUrls {
    pub base_url: String,
    pub token_url: String,
    pub api_url: String,
    pub training_provider_api_url: String,
    pub admin_url: String,
}

impl SandboxUrls {
    #[allow(clippy::disallowed_methods)] // the host reads the file the sandbox wrote
    pub fn load(path: &str) -> Result<SandboxUrls, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
        let v: serde_json::Value =
            serde_json::from_str(&text).map_err(|e| format!("{path}: {e}"))?;
        let field = |k: &str| {
            v.get(k)
                .and_then(|x| x.as_str())
                .map(str::to_owned)
                .ok_or_else(|| format!("{path}: no {k}"))
        };
        Ok(SandboxUrls {
            base_url: field("base_url")?,
            token_url: field("token_url")?,
            api_url: field("api_url")?,
            training_provider_api_url: field("training_provider_api_url")?,
            admin_url: field("admin_url")?,
        })
    }

    /// Calls the sandbox's admin API (`POST /__admin/faults`, …).
    pub fn admin(
        &self,
        method: Method,
        path: &str,
        body: Option<serde_json::Value>,
    ) -> std::io::Result<HttpResponse> {
        let request = HttpRequest {
            method,
            url: format!("{}{path}", self.admin_url),
            headers: vec![("Content-Type".into(), "application/json".into())],
            body: body.map(|b| b.to_string()),
        };
        loopback_http::send(&request)
    }
}
