//! `make demo`: the main job against the local sandbox, narrated. Load a key as Chaman users have
//! it (a password-protected .p12), check its certificate against Chaman's rules, get a token,
//! send an FLA request, show the answer, and show how errors come back.
//!
//! Usage: demo URLS_JSON CREDENTIALS_DIR (the Makefile passes both).

#![allow(clippy::disallowed_methods)] // a host: files, clock, system RNG
#![allow(clippy::print_stdout, clippy::print_stderr)] // it is a demo: it prints

#[path = "../tests/support/mod.rs"]
mod support;

use careerpro_fla::to_curl;
use careerpro_fla::ApiRequest;
use careerpro_fla::UnixTime;
use careerpro_fla::{Certificate, EnterpriseNumber, Error, Method, SigningKey, Ssin, SystemRandom};
use careerpro_fla::{Environment, Profile, Quality};
use serde_json::json;
use support::host::{now_ms, Host};
use support::SandboxUrls;

fn main() {
    if let Err(e) = run() {
        eprintln!("demo failed: {e}");
        std::process::exit(1);
    }
}

fn step(n: u32, title: &str) {
    println!("\n── {n}. {title}");
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(urls_file), Some(dir)) = (args.get(1), args.get(2)) else {
        return Err("usage: demo URLS_JSON CREDENTIALS_DIR".into());
    };
    let urls = SandboxUrls::load(urls_file)?;
    println!("careerpro-fla demo against the local sandbox at {}", urls.base_url);
    println!("(the sandbox stands in for services.socialsecurity.be; its FLA resources are illustrative)");

    step(1, "Load the key and certificate (PKCS#12, as exported for Chaman)");
    let rng = SystemRandom::new();
    let p12 = std::fs::read(format!("{dir}/demo.p12"))?;
    let key = SigningKey::parse(&p12, Some("demo-password"), None, &rng)?;
    println!("key:         {key:?}");
    let cert =
        Certificate::from_der(key.certificate_der().ok_or("the .p12 holds no certificate")?)?;
    println!("certificate: {}", cert.subject());
    println!("             x5t#S256 {}", cert.x5t_s256());
    cert.check_key(&key)?;
    let findings = cert.check_chaman(UnixTime::from_secs(now_ms() / 1000));
    if findings.is_empty() {
        println!("Chaman's rules: all met (RSA 2048, SHA-256, digitalSignature, valid now)");
    }
    for f in &findings {
        println!("Chaman's rules: {:?} {}: {}", f.severity, f.rule, f.message);
    }

    step(2, "Get a token (client assertion, RFC 7523, signed RS256)");
    let profile = Profile::fla(&Environment::Custom(urls.base_url.clone()), Quality::Employer);
    let mut host = Host::new(key, "self_service_expeditor_demo", profile)?;
    let token = host.token()?;
    let token_request = host.sent.last().ok_or("no token request was sent")?;
    println!("sent (secrets redacted):\n{}", indent(&to_curl(token_request, false)));
    println!("got:  {token:?}");

    step(3, "Send an FLA request: register a training (illustrative resource)");
    let ssin = Ssin::parse("85.07.30-033.28")?;
    let employer = EnterpriseNumber::parse("BE 0884.303.369")?;
    println!(
        "validated locally: SSIN {} → {}, enterprise {} → {}",
        ssin.formatted(),
        ssin.as_str(),
        employer.formatted(),
        employer.as_str()
    );
    let create =
        ApiRequest::post(format!("/employers/{}/trainings", employer.as_str())).json(&json!({
            "ssin": ssin.as_str(),
            "name": "Forklift safety",
            "startDate": "2026-03-02",
            "endDate": "2026-03-03",
            "durationHours": 14,
            "formal": true
        }));
    let created = host.call(&create)?;
    println!("{} {}", created.status, careerpro_fla::reason_phrase(created.status));
    println!("Location:       {}", created.location.as_deref().unwrap_or("-"));
    println!("BelGov-Trace-Id {}", created.trace_id.as_deref().unwrap_or("-"));
    let location = created.location.ok_or("201 without Location")?;
    let read = host.call(&ApiRequest::get(location))?;
    println!("GET it back:\n{}", indent(&serde_json::to_string_pretty(&read.json)?));
    println!(
        "token requests so far: {} (the token is cached by the core's token manager)",
        count_token_requests(&host)
    );

    step(4, "Handled errors");
    // a) caught before sending: the core validates Belgian identifiers.
    let typo = refused(Ssin::parse("85.07.30-033.29"))?;
    println!(
        "a) a typo in an SSIN never leaves the machine:\n   {} — {}",
        typo.code(),
        typo.message()
    );
    // b) the platform answers a problem (RFC 9457) with issues.
    let bad = ApiRequest::post(format!("/employers/{}/trainings", employer.as_str()))
        .json(&json!({"ssin": "85073003328", "name": "x", "startDate": "2026-03-04", "endDate": "2026-03-01", "durationHours": 0, "formal": true}));
    if let Err(e) = host.call(&bad) {
        show_error("b) the server refuses the input", e);
    }
    // c) throttling: the sandbox answers 429 once; the core's retry advice waits and retries.
    urls.admin(Method::Post, "/faults", Some(json!({"path_prefix": "/REST/federalLearningAccount", "status": 429, "retry_after": 1, "count": 1})))?;
    let started = std::time::Instant::now();
    let list =
        host.call(&ApiRequest::get(format!("/employers/{}/trainings", employer.as_str())))?;
    println!(
        "c) 429 Too Many Requests, Retry-After: 1 → waited {} ms, retried: {} {} items",
        started.elapsed().as_millis(),
        list.status,
        careerpro_fla::page_items(&list).len()
    );
    // d) an expired token: 401 expiredAccessToken → one new token → the call goes through.
    urls.admin(Method::Post, "/expire-tokens", Some(json!({})))?;
    let again =
        host.call(&ApiRequest::get(format!("/employers/{}/trainings", employer.as_str())))?;
    println!(
        "d) 401 expiredAccessToken → new token, retried: {} (token requests: {})",
        again.status,
        count_token_requests(&host)
    );
    // e) a mandate that does not exist: 403 missingPermission.
    show_error(
        "e) another employer's data",
        refused(host.call(&ApiRequest::get("/employers/0202438604/trainings")))?,
    );

    println!("\ndone: {} HTTP requests, all built and interpreted by the core; this host only sent bytes.", host.sent.len());
    Ok(())
}

fn show_error(title: &str, e: Error) {
    println!("{title}: {} (HTTP {})", e.code(), e.status().map_or("-".into(), |s| s.to_string()));
    println!("   {}", e.message());
    if let Some(p) = e.problem() {
        for issue in &p.issues {
            println!(
                "   issue: in {} {}: {}",
                issue.location.as_deref().unwrap_or("?"),
                issue.name.as_deref().unwrap_or("?"),
                issue.detail.as_deref().unwrap_or("")
            );
        }
    }
}

/// The error of a call the demo expects to be refused.
fn refused<T>(result: Result<T, Error>) -> Result<Error, String> {
    match result {
        Ok(_) => Err("the sandbox accepted what it should have refused".into()),
        Err(e) => Ok(e),
    }
}

fn count_token_requests(host: &Host) -> usize {
    host.sent.iter().filter(|r| r.url == host.profile.token_url).count()
}

fn indent(text: &str) -> String {
    text.lines().map(|l| format!("   {l}")).collect::<Vec<_>>().join("\n")
}
