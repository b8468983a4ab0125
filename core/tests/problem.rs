//! Problem details as the Belgif REST guide shows them, older shapes, and hostile bodies.

// Test helpers outside #[test] functions fail loudly too.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use careerpro_fla::error_from_response;
use careerpro_fla::UnixTime;
use careerpro_fla::{ErrorCode, HttpResponse, Problem};
use proptest::prelude::*;
use serde_json::json;

fn problem_response(status: u16, headers: &[(&str, &str)], body: &str) -> HttpResponse {
    let mut h: Vec<(String, String)> =
        vec![("Content-Type".into(), "application/problem+json".into())];
    h.extend(headers.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    HttpResponse::new(status, h, body.as_bytes().to_vec())
}

/// The `badRequest` example of the Belgif REST guide (problems/badRequest).
const BAD_REQUEST: &str = r#"{
  "type": "urn:problem-type:belgif:badRequest",
  "href": "https://www.belgif.be/specification/rest/api-guide/problems/badRequest.html",
  "title": "Bad Request",
  "status": 400,
  "detail": "The input message is incorrect",
  "instance": "urn:uuid:123456-1234-1235-4567489798",
  "issues": [
    {
      "type": "urn:problem-type:belgif:input-validation:schemaViolation",
      "title": "Input isn't valid with respect to schema",
      "detail": "enterpriseNumber abc should be numeric",
      "in": "path",
      "name": "enterpriseNumber",
      "value": "abc"
    },
    {
      "type": "urn:problem-type:cbss:input-validation:replacedSsin",
      "href": "https://example.cbss.be/problems/replacedSsin",
      "title": "SSIN has been replaced. Use new SSIN.",
      "detail": "SSIN 12345678901 has been replaced by 23456789012",
      "in": "body",
      "name": "boardMembers[0].ssin",
      "value": "12345678901",
      "replacedBy": "23456789012"
    },
    {
      "type": "urn:problem-type:cbss:input-validation:invalidPeriod",
      "title": "Period is invalid",
      "detail": "endDate should be after startDate",
      "in": "body",
      "name": "boardMembers[0].period",
      "value": {"startDate": "2020-12-31", "endDate": "2020-01-01"}
    }
  ]
}"#;

#[test]
fn belgif_bad_request_with_issues() {
    let r = problem_response(400, &[("BelGov-Trace-Id", "srv-trace-1")], BAD_REQUEST);
    let p = Problem::from_response(&r).unwrap();
    assert_eq!(p.short_type(), "badRequest");
    assert_eq!(p.status, Some(400));
    assert_eq!(p.instance.as_deref(), Some("urn:uuid:123456-1234-1235-4567489798"));
    assert_eq!(p.issues.len(), 3);
    let i = &p.issues[1];
    assert_eq!(i.location.as_deref(), Some("body"));
    assert_eq!(i.name.as_deref(), Some("boardMembers[0].ssin"));
    assert_eq!(i.value, Some(json!("12345678901")));
    assert_eq!(i.extensions.get("replacedBy"), Some(&json!("23456789012")));
    assert_eq!(p.issues[2].value.as_ref().unwrap()["endDate"], "2020-01-01");
    assert!(p.extensions.contains_key("href"));

    let e = error_from_response(&r, UnixTime::from_secs(0));
    assert_eq!(e.code(), ErrorCode::ApiProblem);
    assert_eq!(e.status(), Some(400));
    assert_eq!(e.trace_id(), Some("srv-trace-1"));
    let m = e.message();
    for want in [
        "HTTP 400 Bad Request",
        "urn:problem-type:belgif:badRequest (Bad Request)",
        "The input message is incorrect",
        "in path enterpriseNumber: enterpriseNumber abc should be numeric",
        "in body boardMembers[0].ssin: SSIN 12345678901 has been replaced",
        "BelGov-Trace-Id srv-trace-1",
        "urn:uuid:123456-1234-1235-4567489798",
        "service desk",
    ] {
        assert!(m.contains(want), "{want:?} missing from {m}");
    }
    assert!(!e.is_retryable());
}

#[test]
fn belgif_missing_scope() {
    let r = problem_response(
        403,
        &[],
        r#"{"type":"urn:problem-type:belgif:missingScope",
            "href":"https://www.belgif.be/specification/rest/api-guide/problems/missingScope.html",
            "status":403,"title":"Missing Scope",
            "detail":"Forbidden to consult the enterprise resource",
            "requiredScopes":["enterprise-read"]}"#,
    );
    let e = error_from_response(&r, UnixTime::from_secs(0));
    assert_eq!(e.code(), ErrorCode::ApiProblem);
    let p = e.problem().unwrap();
    assert_eq!(p.required_scopes(), ["enterprise-read"]);
    assert!(!p.is_token_problem());
    assert!(e.message().contains("required scopes: enterprise-read"), "{}", e.message());
}

#[test]
fn belgif_too_many_requests_with_both_retry_forms() {
    let now = 1_628_159_340; // 2021-08-05T10:29:00Z
                             // HTTP-date header wins over the body.
    let r = problem_response(
        429,
        &[("Retry-After", "Thu, 05 Aug 2021 10:30:00 GMT")],
        r#"{"type":"urn:problem-type:belgif:tooManyRequests","status":429,
            "title":"Too Many Requests","limit":200,
            "retryAfter":"2021-10-30T10:30:00Z","retryAfterSec":60}"#,
    );
    let e = error_from_response(&r, UnixTime::from_secs(now));
    assert_eq!(e.retry_after(), Some(60));
    assert!(e.is_retryable());
    assert_eq!(e.problem().unwrap().extensions["limit"], 200);
    // Delta-seconds header.
    let r = problem_response(429, &[("Retry-After", "17")], r#"{"type":"x","status":429}"#);
    assert_eq!(error_from_response(&r, UnixTime::from_secs(now)).retry_after(), Some(17));
    // No header: the body's retryAfterSec, then retryAfter.
    let r = problem_response(429, &[], r#"{"type":"x","retryAfterSec":"30"}"#);
    assert_eq!(error_from_response(&r, UnixTime::from_secs(now)).retry_after(), Some(30));
    let r = problem_response(429, &[], r#"{"type":"x","retryAfter":"2021-08-05T10:30:00Z"}"#);
    assert_eq!(error_from_response(&r, UnixTime::from_secs(now)).retry_after(), Some(60));
    // A garbage header falls back to the body.
    let r = problem_response(429, &[("Retry-After", "soon")], r#"{"type":"x","retryAfterSec":5}"#);
    assert_eq!(error_from_response(&r, UnixTime::from_secs(now)).retry_after(), Some(5));
}

#[test]
fn legacy_invalid_params_fold_into_issues() {
    let r = problem_response(
        400,
        &[],
        r#"{"type":"urn:problem-type:belgif:badRequest","status":400,"title":"Bad Request",
            "invalidParams":[{"in":"body","name":"ssin","reason":"check digits do not match","value":"85073003329"},
                             {"name":"startDate","reason":"not a date","detail":"expected yyyy-MM-dd"}]}"#,
    );
    let p = Problem::from_response(&r).unwrap();
    assert_eq!(p.issues.len(), 2);
    assert_eq!(p.issues[0].detail.as_deref(), Some("check digits do not match"));
    assert_eq!(p.issues[0].location.as_deref(), Some("body"));
    assert_eq!(p.issues[1].detail.as_deref(), Some("expected yyyy-MM-dd"));
    assert_eq!(p.issues[1].extensions["reason"], "not a date");
    assert!(!p.extensions.contains_key("invalidParams"));
    let m = error_from_response(&r, UnixTime::from_secs(0)).message().to_owned();
    assert!(m.contains("in body ssin: check digits do not match"), "{m}");
}

#[test]
fn token_problems() {
    for t in ["noAccessToken", "invalidAccessToken", "expiredAccessToken"] {
        let p =
            Problem::from_json(&json!({"type": format!("urn:problem-type:belgif:{t}")})).unwrap();
        assert!(p.is_token_problem(), "{t}");
    }
    let p =
        Problem::from_json(&json!({"type": "urn:problem-type:belgif:missingPermission"})).unwrap();
    assert!(!p.is_token_problem());
}

#[test]
fn problem_detected_in_plain_json_but_not_everywhere() {
    let json_problem = HttpResponse::new(
        404,
        vec![("Content-Type".into(), "application/json; charset=utf-8".into())],
        br#"{"type":"urn:problem-type:belgif:resourceNotFound","title":"Resource Not Found","status":404}"#.to_vec(),
    );
    assert_eq!(Problem::from_response(&json_problem).unwrap().short_type(), "resourceNotFound");
    let untyped =
        HttpResponse::new(404, vec![], br#"{"status":404,"detail":"no such employer"}"#.to_vec());
    assert_eq!(
        Problem::from_response(&untyped).unwrap().detail.as_deref(),
        Some("no such employer")
    );
    let status_message = HttpResponse::new(
        500,
        vec![("Content-Type".into(), "application/json".into())],
        br#"{"status":"ERROR","message":"Employer not found"}"#.to_vec(),
    );
    assert!(Problem::from_response(&status_message).is_none());
    let e = error_from_response(&status_message, UnixTime::from_secs(0));
    assert_eq!(e.code(), ErrorCode::ApiError);
    assert!(e.message().contains("Employer not found"), "{}", e.message());
    let html = HttpResponse::new(
        400,
        vec![("Content-Type".into(), "text/html".into())],
        br#"{"type":"x"}"#.to_vec(),
    );
    assert!(Problem::from_response(&html).is_none());
}

#[test]
fn unexpected_bodies_still_give_a_useful_error() {
    let cases: Vec<(HttpResponse, &str)> = vec![
        (
            HttpResponse::new(
                502,
                vec![
                    ("Content-Type".into(), "text/html".into()),
                    ("BelGov-Trace-Id".into(), "t-9".into()),
                ],
                b"<html><head><title>502 Proxy Error</title></head><body>upstream</body></html>"
                    .to_vec(),
            ),
            "502 Proxy Error",
        ),
        (
            HttpResponse::new(
                503,
                vec![("Content-Type".into(), "text/plain".into())],
                b"maintenance until 18:00\r\n".to_vec(),
            ),
            "maintenance until 18:00",
        ),
        (HttpResponse::new(500, vec![], vec![]), "with an empty body"),
        (HttpResponse::new(500, vec![], vec![0xff, 0xfe, b'o', b'k', 0xc3]), "ok"),
        (
            HttpResponse::new(
                400,
                vec![("Content-Type".into(), "application/json".into())],
                br#"[{"name":"ssin","reason":"invalid"},{"field":"date","message":"missing"}]"#
                    .to_vec(),
            ),
            "invalid input: ssin: invalid; date: missing",
        ),
    ];
    for (r, want) in cases {
        let e = error_from_response(&r, UnixTime::from_secs(0));
        assert_eq!(e.code(), ErrorCode::ApiError, "{want}");
        assert!(e.message().contains(want), "{want:?} missing from {}", e.message());
        assert!(e.message().chars().all(|c| !c.is_control()), "{}", e.message());
        if let Some(x) = &e.http().unwrap().excerpt {
            assert!(x.chars().count() <= 201 && x.chars().all(|c| !c.is_control()), "{x}");
        }
    }
    let e = error_from_response(
        &HttpResponse::new(502, vec![("BelGov-Trace-Id".into(), "t-9".into())], b"x".to_vec()),
        UnixTime::from_secs(0),
    );
    assert!(e.message().contains("BelGov-Trace-Id t-9"), "{}", e.message());
}

#[test]
fn huge_bodies_are_capped() {
    let mut body = br#"{"type":"urn:problem-type:belgif:badRequest","detail":""#.to_vec();
    body.extend(std::iter::repeat_n(b'a', 3 << 20));
    body.extend(br#""}"#);
    let r = HttpResponse::new(
        400,
        vec![("Content-Type".into(), "application/problem+json".into())],
        body,
    );
    let e = error_from_response(&r, UnixTime::from_secs(0));
    assert_eq!(e.code(), ErrorCode::ApiError);
    assert!(e.message().contains("only the first 1048576 read"), "{}", &e.message()[..200]);
    assert!(e.message().len() < 1000);
}

#[test]
fn echoed_credentials_never_reach_the_error() {
    let r = HttpResponse::new(
        401,
        vec![("Content-Type".into(), "text/plain".into())],
        b"rejected header Authorization: Bearer eyJhbGciOi.secretpart.sig for client".to_vec(),
    );
    let e = error_from_response(&r, UnixTime::from_secs(0));
    let shown = format!("{e} {e:?}");
    assert!(!shown.contains("secretpart"), "{shown}");
}

proptest! {
    #[test]
    fn never_panics_on_arbitrary_input(
        status in any::<u16>(),
        headers in proptest::collection::vec(("[A-Za-z-]{0,20}", "(?s).{0,40}"), 0..6),
        body in proptest::collection::vec(any::<u8>(), 0..600),
        now in any::<i64>(),
    ) {
        let r = HttpResponse::new(status, headers, body);
        let _ = Problem::from_response(&r);
        let e = error_from_response(&r, UnixTime::from_secs(now));
        prop_assert!(e.message().chars().all(|c| !c.is_control()));
        let _ = careerpro_fla::parse_api_response(careerpro_fla::Method::Get, "https://x/v1/a", &r, UnixTime::from_secs(now));
    }

    #[test]
    fn never_panics_on_json_shaped_input(
        value in proptest_json(),
        status in 100u16..600,
    ) {
        let _ = Problem::from_json(&value);
        let body = serde_json::to_vec(&value).unwrap();
        let r = HttpResponse::new(status, vec![("Content-Type".into(), "application/problem+json".into())], body);
        let _ = error_from_response(&r, UnixTime::from_secs(0));
    }
}

/// Arbitrary JSON with problem-like member names, so the typed paths are exercised.
fn proptest_json() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        any::<i64>().prop_map(serde_json::Value::from),
        any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(serde_json::Value::from),
        "\\PC{0,20}".prop_map(serde_json::Value::from),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        let key = prop_oneof![
            Just("type".to_owned()),
            Just("title".to_owned()),
            Just("status".to_owned()),
            Just("detail".to_owned()),
            Just("instance".to_owned()),
            Just("issues".to_owned()),
            Just("invalidParams".to_owned()),
            Just("retryAfter".to_owned()),
            Just("retryAfterSec".to_owned()),
            Just("requiredScopes".to_owned()),
            Just("in".to_owned()),
            Just("name".to_owned()),
            Just("reason".to_owned()),
            Just("value".to_owned()),
            "[a-z]{1,6}",
        ];
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..5).prop_map(serde_json::Value::Array),
            proptest::collection::btree_map(key, inner, 0..6)
                .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}
