//! Writes the golden vectors in `tests/vectors/` from the fixed keys in `tests/keys/`, a fixed
//! `now` and fixed `jti`s. `make test-vectors` (part of `make test`) runs this, then fails on any
//! difference from the committed files (`git diff`, and `git status` for new files).
//!
//! RS* signatures are deterministic and pinned byte for byte. PS* and ES* signatures are
//! randomised: a committed one is kept while it still verifies over the same signing input,
//! so regenerating does not churn the files, and every binding checks them by verifying.

#![allow(clippy::disallowed_methods)] // a host: it reads files and uses the system RNG
#![allow(clippy::print_stdout, clippy::print_stderr, clippy::unwrap_used, clippy::expect_used)]
#![allow(clippy::indexing_slicing, clippy::panic)]
#![allow(clippy::type_complexity)] // tables of test cases read best as tuples

use careerpro_fla::UnixTime;
use std::path::{Path, PathBuf};

use careerpro_fla::retry_after_seconds;
use careerpro_fla::verify_signature as verify;
use careerpro_fla::{parse_token_response, token_request};
use careerpro_fla::{Algorithm, HttpResponse, SigningKey, SystemRandom};
use careerpro_fla::{Assertion, AssertionOptions};
use careerpro_fla::{Environment, Profile, Quality};
use serde_json::{json, Value};

/// 2026-01-01T00:00:00Z.
const NOW: i64 = 1_767_225_600;
const PASSWORD: &str = "correct horse battery staple";
const CLIENT_ID: &str = "self_service_expeditor_12345";

struct Case {
    name: &'static str,
    key: &'static str,
    password: bool,
    alias: Option<&'static str>,
    alg: Algorithm,
    env: &'static str,
    quality: Quality,
    certificate: &'static str,
    tweak: fn(&mut AssertionOptions),
}

fn none(_: &mut AssertionOptions) {}

fn cases() -> Vec<Case> {
    use Algorithm::*;
    use Quality::*;
    let c = |name, key, password, alg, env, quality, certificate| Case {
        name,
        key,
        password,
        alias: None,
        alg,
        env,
        quality,
        certificate,
        tweak: none,
    };
    let mut v = vec![
        // Every algorithm and key size.
        c(
            "rs256-rsa2048-pkcs8-production-employer",
            "rsa2048.pkcs8.pem",
            false,
            Rs256,
            "production",
            Employer,
            "rsa2048.crt.pem",
        ),
        c(
            "rs384-rsa2048-production-agent",
            "rsa2048.pkcs8.pem",
            false,
            Rs384,
            "production",
            Agent,
            "rsa2048.crt.pem",
        ),
        c(
            "rs512-rsa2048-acceptance-employer",
            "rsa2048.pkcs8.pem",
            false,
            Rs512,
            "acceptance",
            Employer,
            "rsa2048.crt.pem",
        ),
        c(
            "ps256-rsa2048-production-employer",
            "rsa2048.pkcs8.pem",
            false,
            Ps256,
            "production",
            Employer,
            "rsa2048.crt.pem",
        ),
        c(
            "ps384-rsa3072-acceptance-agent",
            "rsa3072.pkcs8.pem",
            false,
            Ps384,
            "acceptance",
            Agent,
            "rsa3072.crt.pem",
        ),
        c(
            "ps512-rsa4096-production-training-provider",
            "rsa4096.pkcs8.pem",
            false,
            Ps512,
            "production",
            TrainingProvider,
            "rsa4096.crt.pem",
        ),
        c(
            "rs256-rsa3072-acceptance-training-provider",
            "rsa3072.pkcs8.pem",
            false,
            Rs256,
            "acceptance",
            TrainingProvider,
            "rsa3072.crt.pem",
        ),
        c(
            "rs256-rsa4096-production-agent",
            "rsa4096.pkcs8.pem",
            false,
            Rs256,
            "production",
            Agent,
            "rsa4096.crt.pem",
        ),
        c(
            "es256-p256-acceptance-employer",
            "p256.pkcs8.pem",
            false,
            Es256,
            "acceptance",
            Employer,
            "p256.crt.pem",
        ),
        c(
            "es384-p384-production-employer",
            "p384.pkcs8.pem",
            false,
            Es384,
            "production",
            Employer,
            "p384.crt.pem",
        ),
        c(
            "es512-p521-production-agent",
            "p521.pkcs8.pem",
            false,
            Es512,
            "production",
            Agent,
            "p521.crt.pem",
        ),
        // Every key format.
        c(
            "rs256-rsa2048-pkcs1-acceptance-agent",
            "rsa2048.pkcs1.pem",
            false,
            Rs256,
            "acceptance",
            Agent,
            "rsa2048.crt.pem",
        ),
        c(
            "rs256-rsa2048-der-production-training-provider",
            "rsa2048.pkcs8.der",
            false,
            Rs256,
            "production",
            TrainingProvider,
            "rsa2048.crt.pem",
        ),
        c(
            "rs256-rsa2048-encrypted-pkcs8-production-employer",
            "rsa2048.enc.pem",
            true,
            Rs256,
            "production",
            Employer,
            "rsa2048.crt.pem",
        ),
        c(
            "rs256-rsa2048-jwk-acceptance-employer",
            "rsa2048.jwk.json",
            false,
            Rs256,
            "acceptance",
            Employer,
            "rsa2048.crt.pem",
        ),
        c(
            "rs256-rsa2048-pkcs12-production-employer",
            "rsa2048.p12",
            true,
            Rs256,
            "production",
            Employer,
            "rsa2048.crt.pem",
        ),
        c(
            "rs256-rsa2048-pkcs12-legacy-acceptance-agent",
            "rsa2048.legacy.p12",
            true,
            Rs256,
            "acceptance",
            Agent,
            "rsa2048.crt.pem",
        ),
        c(
            "rs256-rsa2048-pkcs12-keytool-production-agent",
            "rsa2048.keytool.p12",
            true,
            Rs256,
            "production",
            Agent,
            "rsa2048.crt.pem",
        ),
        c(
            "es384-p384-sec1-acceptance-employer",
            "p384.sec1.pem",
            false,
            Es384,
            "acceptance",
            Employer,
            "p384.crt.pem",
        ),
        c(
            "es384-p384-encrypted-pkcs8-production-agent",
            "p384.enc.pem",
            true,
            Es384,
            "production",
            Agent,
            "p384.crt.pem",
        ),
        c(
            "es384-p384-jwk-production-training-provider",
            "p384.jwk.json",
            false,
            Es384,
            "production",
            TrainingProvider,
            "p384.crt.pem",
        ),
        c(
            "es384-p384-pkcs12-legacy-production-employer",
            "p384.legacy.p12",
            true,
            Es384,
            "production",
            Employer,
            "p384.crt.pem",
        ),
        c(
            "es384-p384-pkcs12-keytool-acceptance-employer",
            "p384.keytool.p12",
            true,
            Es384,
            "acceptance",
            Employer,
            "p384.crt.pem",
        ),
        c(
            "es512-p521-sec1-acceptance-training-provider",
            "p521.sec1.pem",
            false,
            Es512,
            "acceptance",
            TrainingProvider,
            "p521.crt.pem",
        ),
        c(
            "es512-p521-jwk-acceptance-agent",
            "p521.jwk.json",
            false,
            Es512,
            "acceptance",
            Agent,
            "p521.crt.pem",
        ),
        c(
            "es512-p521-pkcs12-production-employer",
            "p521.p12",
            true,
            Es512,
            "production",
            Employer,
            "p521.crt.pem",
        ),
    ];
    // Header and claim options.
    let mut x5 = c(
        "rs256-rsa2048-pkcs12-x5t-x5c-production-employer",
        "rsa2048.p12",
        true,
        Rs256,
        "production",
        Employer,
        "rsa2048.crt.pem",
    );
    x5.tweak = |o| {
        o.include_x5t = true;
        o.include_x5t_s256 = true;
        o.include_x5c = true;
    };
    let mut kid = c(
        "rs256-rsa2048-kid-nbf-short-lifetime-acceptance-employer",
        "rsa2048.pkcs8.pem",
        false,
        Rs256,
        "acceptance",
        Employer,
        "rsa2048.crt.pem",
    );
    kid.tweak = |o| {
        o.key_id = Some("chaman-2026".into());
        o.include_nbf = true;
        o.lifetime = 60;
    };
    let mut alias = c(
        "es384-two-entries-alias-second-production-employer",
        "two-entries.p12",
        true,
        Es384,
        "production",
        Employer,
        "p384.crt.pem",
    );
    alias.alias = Some("second");
    v.extend([x5, kid, alias]);
    v
}

fn main() {
    // `--check` is gone: `make test-vectors` regenerates and diffs. Refuse it (and any argument)
    // rather than silently rewriting the files a caller meant to check.
    if let Some(arg) = std::env::args().nth(1) {
        eprintln!("vectors: unexpected argument {arg:?}; it takes none (to check the committed files: make test-vectors)");
        std::process::exit(2);
    }
    let root = repo_root();
    let vectors_dir = root.join("tests/vectors");
    let keys_dir = root.join("tests/keys");
    let rng = SystemRandom::new();

    let committed = std::fs::read_to_string(vectors_dir.join("assertions.json"))
        .ok()
        .and_then(|t| serde_json::from_str::<Value>(&t).ok());
    let files = [
        ("assertions.json", assertion_vectors(&keys_dir, committed.as_ref(), &rng)),
        ("errors.json", error_vectors(&keys_dir, &rng)),
        ("token_responses.json", token_response_vectors()),
    ];
    for (name, value) in files {
        let text = serde_json::to_string_pretty(&value).unwrap() + "\n";
        let path = vectors_dir.join(name);
        std::fs::write(&path, text).unwrap();
        println!("wrote {}", path.display());
    }
}

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

fn jti(i: usize) -> String {
    format!("00000000-0000-4000-8000-{:012}", i + 1)
}

fn assertion_vectors(keys_dir: &Path, committed: Option<&Value>, rng: &SystemRandom) -> Value {
    let mut out = Vec::new();
    for (i, case) in cases().iter().enumerate() {
        let bytes =
            std::fs::read(keys_dir.join(case.key)).unwrap_or_else(|e| panic!("{}: {e}", case.key));
        let key = SigningKey::parse(&bytes, case.password.then_some(PASSWORD), case.alias, rng)
            .unwrap_or_else(|e| panic!("{}: {e}", case.key))
            .with_algorithm(case.alg)
            .unwrap();
        let env = Environment::parse(case.env).unwrap();
        let profile = Profile::fla(&env, case.quality);
        let mut opts = AssertionOptions::new(CLIENT_ID, profile.audience.clone());
        (case.tweak)(&mut opts);
        let jti = jti(i);
        let assertion =
            Assertion::sign(&key, &opts, UnixTime::from_secs(NOW), Some(&jti), rng).unwrap();
        let mut compact = assertion.compact().to_owned();
        let deterministic = case.alg.as_str().starts_with("RS");
        if !deterministic {
            // Keep the committed randomised signature while it still verifies over the same input.
            if let Some(old) = committed
                .and_then(|c| c["vectors"].as_array())
                .and_then(|vs| vs.iter().find(|v| v["name"] == case.name))
                .and_then(|v| v["assertion"].as_str())
            {
                let old_parts = careerpro_fla::decode_jws(old).ok();
                let new_parts = careerpro_fla::decode_jws(assertion.compact()).unwrap();
                if let Some(p) = old_parts.filter(|p| p.signing_input == new_parts.signing_input) {
                    if verify(key.public_key(), case.alg, p.signing_input.as_bytes(), &p.signature)
                        .is_ok()
                    {
                        compact = old.to_owned();
                    }
                }
            }
        }
        let parts = careerpro_fla::decode_jws(&compact).unwrap();
        verify(key.public_key(), case.alg, parts.signing_input.as_bytes(), &parts.signature)
            .unwrap_or_else(|e| panic!("{}: own signature does not verify: {e}", case.name));
        let req = token_request(&profile.token_url, &compact, profile.scope.as_deref()).unwrap();
        out.push(json!({
            "name": case.name,
            "key": case.key,
            "password": case.password.then_some(PASSWORD),
            "alias": case.alias,
            "certificate": case.certificate,
            "alg": case.alg.as_str(),
            "deterministic": deterministic,
            "environment": case.env,
            "quality": case.quality.as_str(),
            "client_id": CLIENT_ID,
            "audience": profile.audience,
            "scope": profile.scope,
            "now": NOW,
            "jti": jti,
            "lifetime": opts.lifetime,
            "options": {
                "include_nbf": opts.include_nbf,
                "include_typ": opts.include_typ,
                "key_id": opts.key_id,
                "include_x5t": opts.include_x5t,
                "include_x5t_s256": opts.include_x5t_s256,
                "include_x5c": opts.include_x5c,
            },
            "header": parts.header,
            "claims": parts.payload,
            "signing_input": parts.signing_input,
            "assertion": compact,
            "token_request": {
                "method": req.method.as_str(),
                "url": req.url,
                "headers": req.headers.iter().map(|(k, v)| json!([k, v])).collect::<Vec<_>>(),
                "body": req.body,
            },
        }));
    }
    json!({
        "description": "Client assertions and token requests (RFC 7523 §2.2) for fixed keys, now and jti. See README.md.",
        "vectors": out,
    })
}

fn error_vectors(keys_dir: &Path, rng: &SystemRandom) -> Value {
    let mut keys = Vec::new();
    let key_cases: &[(&str, Option<&str>, Option<&str>, Option<&str>)] = &[
        // (file or inline:<text>, password, alias, note)
        ("rsa2048.enc.pem", None, None, Some("encrypted PKCS#8 without a password")),
        ("rsa2048.enc.pem", Some("wrong password"), None, None),
        ("rsa2048.p12", Some("wrong password"), None, None),
        ("rsa2048.legacy.p12", None, None, None),
        ("two-entries.p12", Some(PASSWORD), None, Some("two keys, no alias")),
        ("two-entries.p12", Some(PASSWORD), Some("third"), None),
        ("rsa1024.pkcs8.pem", None, None, None),
        ("ed25519.pkcs8.pem", None, None, None),
        ("inline:hello, I am not a key", None, None, None),
        ("inline:-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n", None, None, Some("truncated")),
        ("inline:{\"kty\":\"RSA\",\"n\":\"AQAB\",\"e\":\"AQAB\"}", None, None, Some("public JWK")),
        ("inline:{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"AA\",\"d\":\"AA\"}", None, None, None),
    ];
    for (input, password, alias, note) in key_cases {
        let bytes = match input.strip_prefix("inline:") {
            Some(text) => text.as_bytes().to_vec(),
            None => std::fs::read(keys_dir.join(input)).unwrap_or_else(|e| panic!("{input}: {e}")),
        };
        let err = SigningKey::parse(&bytes, *password, *alias, rng)
            .expect_err(&format!("{input} must fail"));
        keys.push(json!({
            "input": input,
            "password": password,
            "alias": alias,
            "note": note,
            "code": err.code().as_str(),
        }));
    }

    let mut algorithms = Vec::new();
    for (file, alg) in
        [("rsa2048.pkcs8.pem", "ES384"), ("p384.pkcs8.pem", "RS256"), ("p384.pkcs8.pem", "ES512")]
    {
        let bytes = std::fs::read(keys_dir.join(file)).unwrap();
        let key = SigningKey::parse(&bytes, None, None, rng).unwrap();
        let err = key.with_algorithm(Algorithm::parse(alg).unwrap()).unwrap_err();
        algorithms.push(json!({"key": file, "alg": alg, "code": err.code().as_str()}));
    }

    let mut assertions = Vec::new();
    for (client_id, audience, lifetime, code_note) in [
        ("", "https://services.socialsecurity.be/REST/oauth/v5/token", 300, "empty client id"),
        (CLIENT_ID, "", 300, "empty audience"),
        (CLIENT_ID, "https://services.socialsecurity.be/REST/oauth/v5/token", 0, "zero lifetime"),
        (
            CLIENT_ID,
            "https://services.socialsecurity.be/REST/oauth/v5/token",
            301,
            "lifetime above 300 s",
        ),
    ] {
        let mut o = AssertionOptions::new(client_id, audience);
        o.lifetime = lifetime;
        let err =
            Assertion::prepare(Algorithm::Rs256, &o, UnixTime::from_secs(NOW), Some("j"), None)
                .unwrap_err();
        assertions.push(json!({
            "client_id": client_id, "audience": audience, "lifetime": lifetime,
            "note": code_note, "code": err.code().as_str(),
        }));
    }

    let mut retry_after = Vec::new();
    for value in [
        "120",
        " 7 ",
        "0",
        "Thu, 01 Jan 2026 00:01:00 GMT",
        "Thursday, 01-Jan-26 00:02:00 GMT",
        "Thu Jan  1 00:03:00 2026",
        "Wed, 31 Dec 2025 23:00:00 GMT",
        "soon",
        "-1",
        "1.5",
        "",
    ] {
        retry_after.push(match retry_after_seconds(value, UnixTime::from_secs(NOW)) {
            Ok(s) => json!({"value": value, "now": NOW, "seconds": s}),
            Err(e) => json!({"value": value, "now": NOW, "code": e.code().as_str()}),
        });
    }

    let mut urls = Vec::new();
    for url in [
        "ftp://services.socialsecurity.be/token",
        "http://services.socialsecurity.be/REST/oauth/v5/token",
        "services.socialsecurity.be/REST/oauth/v5/token",
        "https://user:pw@services.socialsecurity.be/t",
    ] {
        let err = token_request(url, "a.b.c", None).unwrap_err();
        urls.push(json!({"token_url": url, "code": err.code().as_str()}));
    }

    json!({
        "description": "Inputs the core must refuse, with the stable error code. See README.md.",
        "keys": keys,
        "algorithms": algorithms,
        "assertion_options": assertions,
        "retry_after": retry_after,
        "token_urls": urls,
    })
}

fn token_response_vectors() -> Value {
    let cases: Vec<(&str, u16, Vec<(&str, &str)>, &str)> = vec![
        (
            "bearer with expiry and scope",
            200,
            vec![("Content-Type", "application/json"), ("Date", "Thu, 01 Jan 2026 00:00:00 GMT")],
            r#"{"access_token":"sandbox-token-1","token_type":"Bearer","expires_in":600,"scope":"scope:sigedis:gestion:careerpro-federal-learning-account:employer"}"#,
        ),
        (
            "lowercase bearer, expires_in as string",
            200,
            vec![("Content-Type", "application/json;charset=UTF-8")],
            r#"{"access_token":"t","token_type":"bearer","expires_in":"3600"}"#,
        ),
        ("no expires_in", 200, vec![], r#"{"access_token":"t","token_type":"Bearer"}"#),
        ("not json", 200, vec![("Content-Type", "text/html")], "<html>login</html>"),
        ("missing access_token", 200, vec![], r#"{"token_type":"Bearer"}"#),
        ("dpop token type", 200, vec![], r#"{"access_token":"t","token_type":"DPoP"}"#),
        (
            "negative expires_in",
            200,
            vec![],
            r#"{"access_token":"t","token_type":"Bearer","expires_in":-1}"#,
        ),
        (
            "invalid_client",
            401,
            vec![
                ("Content-Type", "application/json"),
                ("BelGov-Trace-Id", "3f2c9a5e-1111-4c4c-8888-000000000001"),
            ],
            r#"{"error":"invalid_client","error_description":"client authentication failed"}"#,
        ),
        (
            "invalid_scope",
            400,
            vec![("Content-Type", "application/json")],
            r#"{"error":"invalid_scope"}"#,
        ),
        (
            "invalid_request",
            400,
            vec![],
            r#"{"error":"invalid_request","error_description":"missing client_assertion"}"#,
        ),
        ("invalid_grant", 400, vec![], r#"{"error":"invalid_grant"}"#),
        ("unauthorized_client", 400, vec![], r#"{"error":"unauthorized_client"}"#),
        ("unsupported_grant_type", 400, vec![], r#"{"error":"unsupported_grant_type"}"#),
        ("extension error code", 400, vec![], r#"{"error":"temporarily_unavailable"}"#),
        (
            "problem details 429 with Retry-After date",
            429,
            vec![
                ("Content-Type", "application/problem+json"),
                ("Retry-After", "Thu, 01 Jan 2026 00:00:30 GMT"),
            ],
            r#"{"type":"urn:problem-type:belgif:tooManyRequests","title":"Too Many Requests","status":429}"#,
        ),
        (
            "html 503 with Retry-After seconds",
            503,
            vec![("Content-Type", "text/html"), ("Retry-After", "20")],
            "<html><body><h1>503 Service Unavailable</h1></body></html>",
        ),
        ("plain text 500", 500, vec![("Content-Type", "text/plain")], "Internal error"),
        ("empty 502", 502, vec![], ""),
    ];
    let mut out = Vec::new();
    for (name, status, headers, body) in cases {
        let resp = HttpResponse::new(
            status,
            headers.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect(),
            body.as_bytes().to_vec(),
        );
        let expected = match parse_token_response(&resp, UnixTime::from_secs(NOW)) {
            Ok(t) => json!({
                "access_token": t.secret(),
                "token_type": t.token_type(),
                "expires_in": t.expires_in(),
                "expires_at": t.expires_at().map(UnixTime::as_secs),
                "scope": t.scope(),
            }),
            Err(e) => json!({
                "code": e.code().as_str(),
                "status": e.status(),
                "retryable": e.is_retryable(),
                "retry_after": e.retry_after(),
                "trace_id": e.trace_id(),
                "oauth_error": e.oauth().map(|o| o.error.clone()),
                "problem_type": e.problem().map(|p| p.problem_type.clone()),
            }),
        };
        out.push(json!({
            "name": name,
            "now": NOW,
            "response": {"status": status, "headers": headers.iter().map(|(k, v)| json!([k, v])).collect::<Vec<_>>(), "body": body},
            "expected": expected,
        }));
    }
    json!({
        "description": "Token endpoint responses (RFC 6749 §5.1, §5.2) and what the core makes of them at `now`. See README.md.",
        "vectors": out,
    })
}
