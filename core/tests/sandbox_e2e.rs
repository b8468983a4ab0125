//! End to end: the core, driven by a small Rust host, against the local sandbox (an
//! oidc-provider token endpoint with the platform's rules, and the illustrative FLA stand-in).
//!
//! These tests need a running sandbox, so they are `#[ignore]`d in a plain `cargo test`;
//! `make test-e2e` starts one and runs them with `--ignored`, pointing
//! `CAREERPRO_SANDBOX_URLS` at its URL file.

#![allow(clippy::disallowed_methods)] // a host: files, clock, environment, system RNG
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)] // tests

mod support;

use std::time::Instant;

use careerpro_fla::ApiRequest;
use careerpro_fla::{EnterpriseNumber, ErrorCode, Method, SigningKey, Ssin, SystemRandom};
use careerpro_fla::{Environment, Profile, Quality};
use serde_json::json;
use support::host::Host;
use support::SandboxUrls;

const EMPLOYER: &str = "self_service_expeditor_sandbox_employer";
const EMPLOYER_EC: &str = "self_service_expeditor_sandbox_employer_ec";
const AGENT: &str = "self_service_expeditor_sandbox_agent";
const TRAINING_PROVIDER: &str = "self_service_expeditor_sandbox_training_provider";

fn urls() -> SandboxUrls {
    let path = std::env::var("CAREERPRO_SANDBOX_URLS")
        .expect("CAREERPRO_SANDBOX_URLS: run through `make test-e2e`, which starts the sandbox");
    let urls = SandboxUrls::load(&path).unwrap();
    // A clean slate: no faults, empty request log, no resources.
    let reset = urls.admin(Method::Post, "/reset", Some(json!({}))).unwrap();
    assert!(reset.status < 300, "sandbox reset: {}", reset.status);
    urls
}

fn key(file: &str) -> SigningKey {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/sandbox/clients/");
    let bytes = std::fs::read(format!("{path}{file}")).unwrap();
    SigningKey::parse(&bytes, None, None, &SystemRandom::new()).unwrap()
}

fn host(urls: &SandboxUrls, key_file: &str, client_id: &str, quality: Quality) -> Host {
    let profile = Profile::fla(&Environment::Custom(urls.base_url.clone()), quality);
    Host::new(key(key_file), client_id, profile).unwrap()
}

fn token_requests(host: &Host) -> usize {
    host.sent.iter().filter(|r| r.url == host.profile.token_url).count()
}

fn training(ssin: &str) -> serde_json::Value {
    json!({
        "ssin": Ssin::parse(ssin).unwrap().as_str(),
        "name": "Forklift safety",
        "startDate": "2026-03-02",
        "endDate": "2026-03-03",
        "durationHours": 14,
        "formal": true
    })
}

#[test]
#[ignore = "needs the sandbox: make test-e2e"]
fn employer_creates_reads_lists_and_deletes_a_training() {
    let urls = urls();
    let mut h = host(&urls, "employer.key.pem", EMPLOYER, Quality::Employer);
    assert_eq!(
        h.profile.token_url, urls.token_url,
        "the profile finds the sandbox's token endpoint"
    );
    let enterprise = EnterpriseNumber::parse("BE 0884.303.369").unwrap();

    let created = h
        .call(
            &ApiRequest::post("/employers")
                .segment(enterprise.as_str())
                .segment("trainings")
                .json(&training("85.07.30-033.28")),
        )
        .unwrap();
    assert_eq!(created.status, 201);
    let location = created.location.clone().expect("201 carries a Location");
    assert!(location.starts_with(&urls.api_url), "{location}");

    let read = h.call(&ApiRequest::get(location.clone())).unwrap();
    assert_eq!(read.status, 200);
    assert_eq!(read.json.as_ref().unwrap()["name"], "Forklift safety");

    let list =
        h.call(&ApiRequest::get(format!("/employers/{}/trainings", enterprise.as_str()))).unwrap();
    assert_eq!(careerpro_fla::page_items(&list).len(), 1);

    let deleted = h.call(&ApiRequest::delete(location.clone())).unwrap();
    assert_eq!(deleted.status, 204);
    let gone = h.call(&ApiRequest::get(location)).unwrap_err();
    assert_eq!(gone.code(), ErrorCode::ApiProblem);
    assert_eq!(gone.problem().unwrap().short_type(), "resourceNotFound");
    assert!(gone.trace_id().is_some());

    // Five calls, one token.
    assert_eq!(token_requests(&h), 1);
}

#[test]
#[ignore = "needs the sandbox: make test-e2e"]
fn bad_input_comes_back_as_problem_issues() {
    let urls = urls();
    let mut h = host(&urls, "employer.key.pem", EMPLOYER, Quality::Employer);
    let mut body = training("85073003328");
    body["ssin"] = json!("85073003329"); // wrong check digits, sent on purpose
    body["endDate"] = json!("2026-02-30");
    let err = h.call(&ApiRequest::post("/employers/0884303369/trainings").json(&body)).unwrap_err();
    assert_eq!(err.code(), ErrorCode::ApiProblem);
    assert_eq!(err.status(), Some(400));
    let problem = err.problem().unwrap();
    assert_eq!(problem.short_type(), "badRequest");
    let names: Vec<_> = problem.issues.iter().filter_map(|i| i.name.as_deref()).collect();
    assert!(names.contains(&"ssin") && names.contains(&"endDate"), "{names:?}");
    assert!(err.message().contains("ssin"), "{}", err.message());
}

#[test]
#[ignore = "needs the sandbox: make test-e2e"]
fn honours_429_retry_after() {
    let urls = urls();
    let mut h = host(&urls, "employer.key.pem", EMPLOYER, Quality::Employer);
    h.token().unwrap();
    let fault = json!({"path_prefix": "/REST/federalLearningAccount/v1", "status": 429, "retry_after": 1, "count": 1});
    assert_eq!(urls.admin(Method::Post, "/faults", Some(fault)).unwrap().status, 201);
    let started = Instant::now();
    let list = h.call(&ApiRequest::get("/employers/0884303369/trainings")).unwrap();
    assert_eq!(list.status, 200);
    assert!(started.elapsed().as_millis() >= 900, "Retry-After: 1 was not honoured");
    let api_calls = h.sent.iter().filter(|r| r.url.starts_with(&urls.api_url)).count();
    assert_eq!(api_calls, 2);
}

#[test]
#[ignore = "needs the sandbox: make test-e2e"]
fn recovers_from_an_expired_token() {
    let urls = urls();
    let mut h = host(&urls, "employer.key.pem", EMPLOYER, Quality::Employer);
    h.call(&ApiRequest::get("/employers/0884303369/trainings")).unwrap();
    urls.admin(Method::Post, "/expire-tokens", Some(json!({}))).unwrap();
    // 401 expiredAccessToken → invalidate → one new token → the retry succeeds.
    let list = h.call(&ApiRequest::get("/employers/0884303369/trainings")).unwrap();
    assert_eq!(list.status, 200);
    assert_eq!(token_requests(&h), 2);
}

#[test]
#[ignore = "needs the sandbox: make test-e2e"]
fn recovers_from_a_token_endpoint_outage() {
    let urls = urls();
    let mut h = host(&urls, "employer.key.pem", EMPLOYER, Quality::Employer);
    let fault = json!({"path_prefix": "/REST/oauth/v5/token", "status": 503, "count": 1});
    urls.admin(Method::Post, "/faults", Some(fault)).unwrap();
    h.token().unwrap();
    assert_eq!(token_requests(&h), 2);
}

#[test]
#[ignore = "needs the sandbox: make test-e2e"]
fn agent_sends_for_two_employers_with_one_token() {
    let urls = urls();
    let mut h = host(&urls, "agent.key.pem", AGENT, Quality::Agent);
    for enterprise in ["0884303369", "0202438604"] {
        let r = h
            .call(
                &ApiRequest::post(format!("/employers/{enterprise}/trainings"))
                    .json(&training("85073003328")),
            )
            .unwrap();
        assert_eq!(r.status, 201, "{enterprise}");
    }
    assert_eq!(token_requests(&h), 1);
    // No mandate for this one.
    let err = h.call(&ApiRequest::get("/employers/0403170305/trainings")).unwrap_err();
    assert_eq!(err.problem().unwrap().short_type(), "missingPermission");
}

#[test]
#[ignore = "needs the sandbox: make test-e2e"]
fn training_provider_uses_its_own_base_url_and_no_scope() {
    let urls = urls();
    let mut h =
        host(&urls, "training-provider.key.pem", TRAINING_PROVIDER, Quality::TrainingProvider);
    assert_eq!(h.profile.api_base_url, urls.training_provider_api_url);
    assert_eq!(h.profile.scope, None);
    let r = h.call(&ApiRequest::post("/trainings").json(&training("85073003328"))).unwrap();
    assert_eq!(r.status, 201);
    let token_body = h.sent[0].body.as_deref().unwrap();
    assert!(!token_body.contains("scope="), "no scope is sent for the training provider");
}

#[test]
#[ignore = "needs the sandbox: make test-e2e"]
fn es384_key_gets_a_token() {
    let urls = urls();
    let mut h = host(&urls, "employer-ec.key.pem", EMPLOYER_EC, Quality::Employer);
    assert_eq!(h.key.algorithm().as_str(), "ES384");
    let token = h.token().unwrap();
    assert!(token.expires_at().is_some());
}

#[test]
#[ignore = "needs the sandbox: make test-e2e"]
fn wrong_key_is_refused_and_not_retried() {
    let urls = urls();
    // The agent's key under the employer's client id: the signature cannot verify.
    let mut h = host(&urls, "agent.key.pem", EMPLOYER, Quality::Employer);
    let err = h.token().unwrap_err();
    assert_eq!(err.code(), ErrorCode::OAuthInvalidClient);
    assert_eq!(err.status(), Some(401));
    // Fail fast: the cool-down answers without another request.
    let again = h.token().unwrap_err();
    assert_eq!(again.code(), ErrorCode::OAuthInvalidClient);
    assert_eq!(token_requests(&h), 1);
}
