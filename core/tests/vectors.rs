//! Replays the golden vectors in `tests/vectors/` the way every binding does: from the inputs
//! recorded in each vector, the core must produce the recorded outputs.

#![allow(clippy::disallowed_methods)] // tests read files and use the system RNG, as a host would
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)] // test helpers

use careerpro_fla::UnixTime;
use std::path::PathBuf;

use careerpro_fla::retry_after_seconds;
use careerpro_fla::verify_signature as verify;
use careerpro_fla::{parse_token_response, token_request};
use careerpro_fla::{Algorithm, HttpResponse, SigningKey, SystemRandom};
use careerpro_fla::{Assertion, AssertionOptions};
use careerpro_fla::{Environment, Profile, Quality};
use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

fn load(name: &str) -> Value {
    let text = std::fs::read_to_string(root().join("tests/vectors").join(name)).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn s(v: &Value) -> Option<&str> {
    v.as_str()
}

#[test]
fn assertion_vectors_replay() {
    let rng = SystemRandom::new();
    let doc = load("assertions.json");
    let vectors = doc["vectors"].as_array().unwrap();
    assert!(vectors.len() >= 20);
    for v in vectors {
        let name = v["name"].as_str().unwrap();
        let bytes =
            std::fs::read(root().join("tests/keys").join(v["key"].as_str().unwrap())).unwrap();
        let alg = Algorithm::parse(v["alg"].as_str().unwrap()).unwrap();
        let key = SigningKey::parse(&bytes, s(&v["password"]), s(&v["alias"]), &rng)
            .unwrap_or_else(|e| panic!("{name}: {e}"))
            .with_algorithm(alg)
            .unwrap();
        let env = Environment::parse(v["environment"].as_str().unwrap()).unwrap();
        let profile = Profile::fla(&env, Quality::parse(v["quality"].as_str().unwrap()).unwrap());
        assert_eq!(profile.audience, v["audience"], "{name}");
        assert_eq!(profile.scope.as_deref(), s(&v["scope"]), "{name}");

        let o = &v["options"];
        let mut opts =
            AssertionOptions::new(v["client_id"].as_str().unwrap(), profile.audience.clone());
        opts.lifetime = v["lifetime"].as_u64().unwrap();
        opts.include_nbf = o["include_nbf"].as_bool().unwrap();
        opts.include_typ = o["include_typ"].as_bool().unwrap();
        opts.key_id = s(&o["key_id"]).map(str::to_owned);
        opts.include_x5t = o["include_x5t"].as_bool().unwrap();
        opts.include_x5t_s256 = o["include_x5t_s256"].as_bool().unwrap();
        opts.include_x5c = o["include_x5c"].as_bool().unwrap();

        let now = v["now"].as_i64().unwrap();
        let a = Assertion::sign(&key, &opts, UnixTime::from_secs(now), s(&v["jti"]), &rng).unwrap();
        let ours = careerpro_fla::decode_jws(a.compact()).unwrap();
        assert_eq!(ours.signing_input, v["signing_input"], "{name}");
        assert_eq!(ours.header, v["header"], "{name}");
        assert_eq!(ours.payload, v["claims"], "{name}");

        let expected = v["assertion"].as_str().unwrap();
        if v["deterministic"].as_bool().unwrap() {
            assert_eq!(a.compact(), expected, "{name}");
        } else {
            let theirs = careerpro_fla::decode_jws(expected).unwrap();
            verify(key.public_key(), alg, theirs.signing_input.as_bytes(), &theirs.signature)
                .unwrap_or_else(|e| panic!("{name}: {e}"));
            verify(key.public_key(), alg, ours.signing_input.as_bytes(), &ours.signature).unwrap();
        }

        let req = token_request(&profile.token_url, expected, profile.scope.as_deref()).unwrap();
        let t = &v["token_request"];
        assert_eq!(req.method.as_str(), t["method"], "{name}");
        assert_eq!(req.url, t["url"], "{name}");
        assert_eq!(req.body.as_deref(), s(&t["body"]), "{name}");
        let headers: Vec<Value> =
            req.headers.iter().map(|(k, v)| serde_json::json!([k, v])).collect();
        assert_eq!(Value::from(headers), t["headers"], "{name}");
    }
}

#[test]
fn error_vectors_replay() {
    let rng = SystemRandom::new();
    let doc = load("errors.json");
    for v in doc["keys"].as_array().unwrap() {
        let input = v["input"].as_str().unwrap();
        let bytes = match input.strip_prefix("inline:") {
            Some(t) => t.as_bytes().to_vec(),
            None => std::fs::read(root().join("tests/keys").join(input)).unwrap(),
        };
        let err = SigningKey::parse(&bytes, s(&v["password"]), s(&v["alias"]), &rng).unwrap_err();
        assert_eq!(err.code().as_str(), v["code"], "{input}");
        if let Some(pw) = s(&v["password"]) {
            assert!(!err.message().contains(pw), "{input}: the password leaked into the message");
        }
    }
    for v in doc["algorithms"].as_array().unwrap() {
        let bytes =
            std::fs::read(root().join("tests/keys").join(v["key"].as_str().unwrap())).unwrap();
        let key = SigningKey::parse(&bytes, None, None, &rng).unwrap();
        let err =
            key.with_algorithm(Algorithm::parse(v["alg"].as_str().unwrap()).unwrap()).unwrap_err();
        assert_eq!(err.code().as_str(), v["code"]);
    }
    for v in doc["assertion_options"].as_array().unwrap() {
        let mut o = AssertionOptions::new(
            v["client_id"].as_str().unwrap(),
            v["audience"].as_str().unwrap(),
        );
        o.lifetime = v["lifetime"].as_u64().unwrap();
        let err = Assertion::prepare(Algorithm::Rs256, &o, UnixTime::from_secs(0), Some("j"), None)
            .unwrap_err();
        assert_eq!(err.code().as_str(), v["code"]);
    }
    for v in doc["retry_after"].as_array().unwrap() {
        let got = retry_after_seconds(
            v["value"].as_str().unwrap(),
            UnixTime::from_secs(v["now"].as_i64().unwrap()),
        );
        match (got, v.get("seconds")) {
            (Ok(secs), Some(want)) => assert_eq!(Value::from(secs), *want),
            (Err(e), None) => assert_eq!(e.code().as_str(), v["code"]),
            (got, _) => panic!("{v}: got {got:?}"),
        }
    }
    for v in doc["token_urls"].as_array().unwrap() {
        let err = token_request(v["token_url"].as_str().unwrap(), "a.b.c", None).unwrap_err();
        assert_eq!(err.code().as_str(), v["code"]);
    }
}

#[test]
fn token_response_vectors_replay() {
    let doc = load("token_responses.json");
    for v in doc["vectors"].as_array().unwrap() {
        let r = &v["response"];
        let headers = r["headers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| (h[0].as_str().unwrap().to_owned(), h[1].as_str().unwrap().to_owned()))
            .collect();
        let resp = HttpResponse::new(
            u16::try_from(r["status"].as_u64().unwrap()).unwrap(),
            headers,
            r["body"].as_str().unwrap().as_bytes().to_vec(),
        );
        let e = &v["expected"];
        match parse_token_response(&resp, UnixTime::from_secs(v["now"].as_i64().unwrap())) {
            Ok(t) => {
                assert_eq!(t.secret(), e["access_token"], "{}", v["name"]);
                assert_eq!(Value::from(t.expires_at().map(UnixTime::as_secs)), e["expires_at"]);
                assert_eq!(t.scope(), s(&e["scope"]));
            }
            Err(err) => {
                assert_eq!(err.code().as_str(), e["code"], "{}", v["name"]);
                assert_eq!(Value::from(err.status()), e["status"]);
                assert_eq!(Value::from(err.retry_after()), e["retry_after"]);
                assert_eq!(err.is_retryable(), e["retryable"]);
                assert_eq!(err.trace_id(), s(&e["trace_id"]));
            }
        }
    }
}
