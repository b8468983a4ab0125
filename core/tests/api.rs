//! API requests, responses, retry advice, paging and polling, end to end as plain data.

// Test helpers outside #[test] functions fail loudly too.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use careerpro_fla::to_curl;
use careerpro_fla::UnixTime;
use careerpro_fla::{
    advise_retry as advise, Advice, Attempt, Outcome, RetryPolicy, TransportErrorKind,
};
use careerpro_fla::{next_link, next_page_request, page_items as items, page_total as total};
use careerpro_fla::{parse_api_response as parse_response, ApiRequest, BaseUrl};
use careerpro_fla::{ErrorCode, HttpRequest, HttpResponse, Method};
use careerpro_fla::{PollPlan, PollStep, Poller};
use proptest::prelude::*;
use serde_json::json;

const BASE: &str = "https://services.socialsecurity.be/REST/federalLearningAccount/v1";

fn base() -> BaseUrl {
    BaseUrl::parse(BASE).unwrap()
}
const TOKEN: &str = "tok-123";
const TRACE: &str = "0b0d6a3c-5b7e-4f8e-9a51-2f4c1d3e6a7b";

fn build(path: &str) -> careerpro_fla::Result<HttpRequest> {
    ApiRequest::get(path).build(&base(), TOKEN, TRACE)
}

fn json_response(status: u16, body: &str) -> HttpResponse {
    HttpResponse::new(status, vec![("Content-Type".into(), "application/json".into())], body.into())
}

// --- building requests -------------------------------------------------------------------------

#[test]
fn request_has_the_platform_headers() {
    let r = ApiRequest::post("trainings")
        .json(&json!({"name": "Safety", "hours": 8}))
        .build(&base(), TOKEN, TRACE)
        .unwrap();
    assert_eq!(r.method, Method::Post);
    assert_eq!(r.url, format!("{BASE}/trainings"));
    assert_eq!(r.header("authorization"), Some("Bearer tok-123"));
    assert_eq!(r.header("accept"), Some("application/json, application/problem+json"));
    assert_eq!(r.header("content-type"), Some("application/json"));
    assert_eq!(r.header("belgov-trace-id"), Some(TRACE));
    let get = build("trainings").unwrap();
    assert_eq!(get.header("content-type"), None);
    assert_eq!(get.body, None);
    assert!(!format!("{r:?}").contains("tok-123"));
}

#[test]
fn paths_join_under_the_base() {
    for (path, want) in [
        ("trainings", "/trainings"),
        ("/trainings", "/trainings"),
        ("trainings/", "/trainings/"),
        ("trainings/123/participants", "/trainings/123/participants"),
        ("a b/é", "/a%20b/%C3%A9"),
        ("already%20encoded", "/already%20encoded"),
        ("100%", "/100%25"),
        ("employers/0884.303.369", "/employers/0884.303.369"),
        ("x;v=1/y:z@w", "/x;v=1/y:z@w"),
        ("trainings?page=2&size=10", "/trainings?page=2&size=10"),
        ("trainings?q=a b", "/trainings?q=a%20b"),
        ("", ""),
        ("..a/b..", "/..a/b.."),
    ] {
        assert_eq!(build(path).unwrap().url, format!("{BASE}{want}"), "{path}");
    }
}

#[test]
fn path_escapes_are_refused() {
    for path in [
        "../admin",
        "trainings/../../oauth",
        "./x",
        "x/.",
        "%2e%2e/admin",
        "%2E%2e/admin",
        ".%2e/admin",
        "%252e%252e/admin",
        "..%2fadmin",
        "..%5cadmin",
        "a/..%2F..%2Fb",
        "//evil.com/x",
        "https://evil.com/REST/federalLearningAccount/v1/x",
        "http://services.socialsecurity.be/REST/federalLearningAccount/v1/x",
        "https://services.socialsecurity.be/REST/other/v1/x",
        "https://services.socialsecurity.be/REST/federalLearningAccount/v10/x",
        "https://services.socialsecurity.be:8443/REST/federalLearningAccount/v1/x",
        "https://user@services.socialsecurity.be/REST/federalLearningAccount/v1/x",
        "https://services.socialsecurity.be/REST/federalLearningAccount/v1/../v2",
        "javascript:alert(1)",
        "mailto:x@y",
        "a\\b",
        "\\\\evil.com\\x",
        "a\0b",
        "a%00b",
        "a\r\nHost: evil",
        "a%0d%0aX: y",
        "a//b",
        "x#frag",
    ] {
        let e = build(path).unwrap_err();
        assert_eq!(e.code(), ErrorCode::PathInvalid, "{path:?}: {e}");
    }
}

#[test]
fn absolute_urls_under_the_base_are_accepted() {
    let u = build(
        "https://SERVICES.socialsecurity.be:443/REST/federalLearningAccount/v1/trainings?page=3",
    )
    .unwrap()
    .url;
    assert_eq!(u, format!("{BASE}/trainings?page=3"));
    assert_eq!(build(BASE).unwrap().url, BASE);
}

#[test]
fn segments_are_fully_encoded() {
    let r = ApiRequest::get("workers")
        .segment("85.07.30-033.28")
        .segment("a/b?c#d")
        .segment("..x")
        .query("from", "2024-01-01")
        .query("name", "Dupont & Fils")
        .query("name", "é")
        .build(&base(), TOKEN, TRACE)
        .unwrap();
    assert_eq!(
        r.url,
        format!("{BASE}/workers/85.07.30-033.28/a%2Fb%3Fc%23d/..x?from=2024-01-01&name=Dupont%20%26%20Fils&name=%C3%A9")
    );
    for bad in ["", ".", "..", "a\nb", "\0"] {
        let e = ApiRequest::get("w").segment(bad).build(&base(), TOKEN, TRACE).unwrap_err();
        assert_eq!(e.code(), ErrorCode::PathInvalid, "{bad:?}");
    }
}

#[test]
fn base_url_is_checked() {
    for bad in [
        "http://services.socialsecurity.be/REST/x",
        "services.socialsecurity.be/REST/x",
        "https://host/x?a=b",
        "file:///etc/passwd",
    ] {
        assert_eq!(build_with_base(bad).unwrap_err().code(), ErrorCode::UrlInvalid, "{bad}");
    }
    for ok in ["http://127.0.0.1:8080/api", "http://localhost:3000", "http://[::1]/v1"] {
        assert!(build_with_base(ok).is_ok(), "{ok}");
    }
    assert_eq!(build_with_base("http://localhost:3000").unwrap().url, "http://localhost:3000/x");
}

fn build_with_base(base: &str) -> careerpro_fla::Result<HttpRequest> {
    BaseUrl::parse(base).and_then(|b| ApiRequest::get("x").build(&b, TOKEN, TRACE))
}

#[test]
fn headers_tokens_and_trace_ids_are_checked() {
    let header = |k: &str, v: &str| ApiRequest::get("x").header(k, v).build(&base(), TOKEN, TRACE);
    for (k, v) in [
        ("Authorization", "Bearer other"),
        ("authorization", "x"),
        ("BelGov-Trace-Id", "x"),
        ("Host", "evil"),
        ("Content-Length", "1"),
        ("X-Ok", "a\r\nInjected: 1"),
        ("X-Ok", "a\0"),
        ("Bad Name", "v"),
        ("", "v"),
        ("X:Y", "v"),
    ] {
        assert_eq!(header(k, v).unwrap_err().code(), ErrorCode::HeaderInvalid, "{k:?}: {v:?}");
    }
    assert!(header("X-Request-Source", "batch\tnightly").is_ok());
    let trace = |t: &str| ApiRequest::get("x").build(&base(), TOKEN, t);
    assert_eq!(trace("").unwrap_err().code(), ErrorCode::HeaderInvalid);
    assert_eq!(trace(&"a".repeat(37)).unwrap_err().code(), ErrorCode::HeaderInvalid);
    assert_eq!(trace("a b").unwrap_err().code(), ErrorCode::HeaderInvalid);
    assert!(trace(&"a".repeat(36)).is_ok());
    let token = |t: &str| ApiRequest::get("x").build(&base(), t, TRACE);
    assert_eq!(token("").unwrap_err().code(), ErrorCode::InvalidArgument);
    let e = token("Bearer leaked\r\n").unwrap_err();
    assert_eq!(e.code(), ErrorCode::HeaderInvalid);
    assert!(!e.message().contains("leaked"));
}

#[test]
fn json_text_is_validated() {
    assert_eq!(
        ApiRequest::post("x").json_text("{\"a\":").unwrap_err().code(),
        ErrorCode::JsonInvalid
    );
    assert_eq!(ApiRequest::post("x").json_text("").unwrap_err().code(), ErrorCode::JsonInvalid);
    let r = ApiRequest::post("x").json_text("{ \"n\": 1.000000000000000001 }").unwrap();
    // Sent byte for byte, not re-serialised.
    assert_eq!(
        r.build(&base(), TOKEN, TRACE).unwrap().body.as_deref(),
        Some("{ \"n\": 1.000000000000000001 }")
    );
}

#[test]
#[allow(clippy::disallowed_methods)] // Tests may use the system RNG to draw trace ids.
fn fresh_trace_ids_are_uuids() {
    let rng = careerpro_fla::SystemRandom::new();
    let a =
        ApiRequest::get("x").build(&base(), TOKEN, &careerpro_fla::uuid_v4(&rng).unwrap()).unwrap();
    let b =
        ApiRequest::get("x").build(&base(), TOKEN, &careerpro_fla::uuid_v4(&rng).unwrap()).unwrap();
    let (ta, tb) = (a.header("BelGov-Trace-Id").unwrap(), b.header("BelGov-Trace-Id").unwrap());
    assert_eq!(ta.len(), 36);
    assert_eq!(&ta[14..15], "4");
    assert_ne!(ta, tb);
}

#[test]
fn idempotency_follows_method_unless_overridden() {
    assert!(ApiRequest::get("x").is_idempotent());
    assert!(ApiRequest::put("x").is_idempotent());
    assert!(!ApiRequest::post("x").is_idempotent());
    assert!(!ApiRequest::patch("x").is_idempotent());
    assert!(ApiRequest::post("x").idempotent(true).is_idempotent());
    assert!(!ApiRequest::delete("x").idempotent(false).is_idempotent());
}

// --- responses ---------------------------------------------------------------------------------

#[test]
fn success_json_location_and_trace() {
    let r = HttpResponse::new(
        201,
        vec![
            ("content-type".into(), "application/json;charset=UTF-8".into()),
            ("Location".into(), "trainings/42".into()),
            ("BelGov-Trace-Id".into(), "srv-1".into()),
        ],
        br#"{"id":42}"#.to_vec(),
    );
    let url = format!("{BASE}/trainings");
    let a = parse_response(Method::Post, &url, &r, UnixTime::from_secs(0)).unwrap();
    assert_eq!(a.status, 201);
    assert_eq!(a.json, Some(json!({"id": 42})));
    // RFC 3986 §5.2.3: relative to the request URL's directory.
    assert_eq!(a.location, Some(format!("{BASE}/trainings/42")));
    assert_eq!(a.trace_id.as_deref(), Some("srv-1"));
}

#[test]
fn location_forms_resolve_against_the_request_url() {
    let req = "https://api.example.be/v1/trainings?x=1";
    let loc = |l: &str| {
        let r = HttpResponse::new(201, vec![("Location".into(), l.into())], vec![]);
        parse_response(Method::Post, req, &r, UnixTime::from_secs(0)).unwrap().location
    };
    assert_eq!(
        loc("https://api.example.be/v1/trainings/7").as_deref(),
        Some("https://api.example.be/v1/trainings/7")
    );
    assert_eq!(loc("/v1/trainings/7").as_deref(), Some("https://api.example.be/v1/trainings/7"));
    assert_eq!(loc("trainings/7").as_deref(), Some("https://api.example.be/v1/trainings/7"));
    assert_eq!(loc("./7").as_deref(), Some("https://api.example.be/v1/7"));
    assert_eq!(loc("../x").as_deref(), Some("https://api.example.be/x"));
    assert_eq!(loc("?page=2").as_deref(), Some("https://api.example.be/v1/trainings?page=2"));
    assert_eq!(loc("").as_deref(), None);
    assert_eq!(loc("a\u{1}b").as_deref(), None);
}

#[test]
fn success_body_forms() {
    let url = format!("{BASE}/x");
    let parse = |r: &HttpResponse| parse_response(Method::Get, &url, r, UnixTime::from_secs(0));
    assert_eq!(parse(&HttpResponse::new(204, vec![], vec![])).unwrap().json, None);
    assert_eq!(parse(&json_response(200, "")).unwrap().json, None);
    let e = parse(&json_response(200, "{not json")).unwrap_err();
    assert_eq!(e.code(), ErrorCode::ResponseMalformed);
    assert_eq!(e.status(), Some(200));
    let problem_json = HttpResponse::new(
        200,
        vec![("Content-Type".into(), "application/hal+json".into())],
        b"[1]".to_vec(),
    );
    assert_eq!(parse(&problem_json).unwrap().json, Some(json!([1])));
    let pdf = HttpResponse::new(
        200,
        vec![("Content-Type".into(), "application/pdf".into())],
        b"%PDF-1.7".to_vec(),
    );
    let a = parse(&pdf).unwrap();
    assert_eq!((a.json, a.body), (None, b"%PDF-1.7".to_vec()));
    let untyped = HttpResponse::new(200, vec![], b"{\"a\":1}".to_vec());
    assert_eq!(parse(&untyped).unwrap().json, Some(json!({"a": 1})));
    let head =
        parse_response(Method::Head, &url, &json_response(200, "{bad"), UnixTime::from_secs(0))
            .unwrap();
    assert_eq!(head.json, None);
}

#[test]
fn error_statuses_become_typed_errors() {
    let url = format!("{BASE}/x");
    let e = parse_response(
        Method::Get,
        &url,
        &HttpResponse::new(302, vec![("Location".into(), "https://login".into())], vec![]),
        UnixTime::from_secs(0),
    )
    .unwrap_err();
    assert_eq!(e.code(), ErrorCode::ApiError);
    assert_eq!(e.status(), Some(302));
    let e = parse_response(
        Method::Get,
        &url,
        &HttpResponse::new(
            401,
            vec![("Content-Type".into(), "application/problem+json".into())],
            br#"{"type":"urn:problem-type:belgif:expiredAccessToken","status":401,"title":"Expired Access Token"}"#.to_vec(),
        ),
        UnixTime::from_secs(0),
    )
    .unwrap_err();
    assert_eq!(e.code(), ErrorCode::ApiProblem);
    assert!(e.problem().unwrap().is_token_problem());
}

// --- curl --------------------------------------------------------------------------------------

#[test]
fn curl_of_a_built_request() {
    let r = ApiRequest::post("trainings")
        .json(&json!({"name": "it's"}))
        .build(&base(), TOKEN, TRACE)
        .unwrap();
    let c = to_curl(&r, false);
    assert!(c.starts_with(&format!("curl -X POST '{BASE}/trainings'")), "{c}");
    assert!(c.contains("-H 'Authorization: Bearer [redacted]'"), "{c}");
    assert!(!c.contains(TOKEN));
    assert!(c.contains(r#"--data-raw '{"name":"it'\''s"}'"#), "{c}");
    assert!(to_curl(&r, true).contains("Bearer tok-123"));
}

// --- retry advice ------------------------------------------------------------------------------

fn resp(status: u16, headers: &[(&str, &str)], body: &str) -> HttpResponse {
    HttpResponse::new(
        status,
        headers.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
        body.as_bytes().to_vec(),
    )
}

fn give_up_code(a: Advice) -> ErrorCode {
    match a {
        Advice::GiveUp(e) => e.code(),
        other => panic!("expected GiveUp, got {other:?}"),
    }
}

#[test]
fn retry_after_both_forms_and_cap() {
    let p = RetryPolicy::default();
    let get = Attempt::first(Method::Get);
    let now = 784_111_777; // Sun, 06 Nov 1994 08:49:37 GMT
    let a = |r: &HttpResponse| advise(&p, &get, Outcome::Response(r), 0, UnixTime::from_secs(now));
    assert_eq!(a(&resp(429, &[("Retry-After", "3")], "")), Advice::RetryAfterMs(3000));
    assert_eq!(
        a(&resp(503, &[("Retry-After", "Sun, 06 Nov 1994 08:50:37 GMT")], "")),
        Advice::RetryAfterMs(60_000)
    );
    assert_eq!(
        a(&resp(503, &[("Retry-After", "Sun, 06 Nov 1994 08:00:00 GMT")], "")),
        Advice::RetryAfterMs(0)
    );
    // Longer than the cap: give up, and say how long.
    match a(&resp(429, &[("Retry-After", "3600")], "")) {
        Advice::GiveUp(e) => {
            assert_eq!(e.retry_after(), Some(3600));
            assert!(e.message().contains("3600 s"), "{}", e.message());
        }
        other => panic!("{other:?}"),
    }
    // The problem body's retryAfterSec when there is no header.
    let body = r#"{"type":"urn:problem-type:belgif:tooManyRequests","retryAfterSec":4}"#;
    assert_eq!(
        a(&resp(429, &[("Content-Type", "application/problem+json")], body)),
        Advice::RetryAfterMs(4000)
    );
}

#[test]
fn post_is_never_retried_without_consent() {
    let p = RetryPolicy::default();
    for status in [429, 502, 503, 504] {
        let r = resp(status, &[("Retry-After", "1")], "");
        for m in [Method::Post, Method::Patch] {
            let a =
                advise(&p, &Attempt::first(m), Outcome::Response(&r), 0, UnixTime::from_secs(0));
            match a {
                Advice::GiveUp(e) => {
                    assert!(e.message().contains("not idempotent"), "{}", e.message());
                    assert_eq!(e.status(), Some(status));
                }
                other => panic!("{m} {status}: {other:?}"),
            }
        }
        let marked = Attempt::new(Method::Post, Some(true), 1, false);
        assert_eq!(
            advise(&p, &marked, Outcome::Response(&r), 0, UnixTime::from_secs(0)),
            Advice::RetryAfterMs(1000)
        );
        let policy = {
            let mut policy = RetryPolicy::default();
            policy.retry_post = true;
            policy
        };
        assert_eq!(
            advise(
                &policy,
                &Attempt::first(Method::Post),
                Outcome::Response(&r),
                0,
                UnixTime::from_secs(0)
            ),
            Advice::RetryAfterMs(1000)
        );
    }
    for kind in
        [TransportErrorKind::Timeout, TransportErrorKind::Connect, TransportErrorKind::Other]
    {
        let a = advise(
            &p,
            &Attempt::first(Method::Post),
            Outcome::Transport(kind),
            0,
            UnixTime::from_secs(0),
        );
        assert_eq!(give_up_code(a), ErrorCode::TransportError);
        let a = advise(
            &p,
            &Attempt::first(Method::Get),
            Outcome::Transport(kind),
            u32::MAX,
            UnixTime::from_secs(0),
        );
        assert_eq!(a, Advice::RetryAfterMs(500));
    }
    // A GET marked non-idempotent is not retried either.
    let a = advise(
        &p,
        &Attempt::new(Method::Get, Some(false), 1, false),
        Outcome::Response(&resp(503, &[], "")),
        0,
        UnixTime::from_secs(0),
    );
    assert_eq!(give_up_code(a), ErrorCode::ApiError);
}

#[test]
fn token_refresh_only_once() {
    let p = RetryPolicy::default();
    let expired = resp(
        401,
        &[("Content-Type", "application/problem+json")],
        r#"{"type":"urn:problem-type:belgif:expiredAccessToken","status":401}"#,
    );
    let challenge =
        resp(401, &[("WWW-Authenticate", r#"Bearer realm="x", error="invalid_token""#)], "");
    for r in [&expired, &challenge] {
        // Even for a POST: a 401 means the request was not processed.
        for m in [Method::Get, Method::Post] {
            assert_eq!(
                advise(&p, &Attempt::first(m), Outcome::Response(r), 0, UnixTime::from_secs(0)),
                Advice::RefreshTokenAndRetry
            );
            let again = Attempt::new(m, None, 2, true);
            assert_eq!(
                give_up_code(advise(&p, &again, Outcome::Response(r), 0, UnixTime::from_secs(0))),
                if r == &expired { ErrorCode::ApiProblem } else { ErrorCode::ApiError }
            );
        }
    }
    // A 401 that does not blame the token is final.
    let other = resp(401, &[("WWW-Authenticate", "Basic realm=x")], "no");
    assert_eq!(
        give_up_code(advise(
            &p,
            &Attempt::first(Method::Get),
            Outcome::Response(&other),
            0,
            UnixTime::from_secs(0)
        )),
        ErrorCode::ApiError
    );
}

#[test]
fn attempts_backoff_and_final_statuses() {
    let p = RetryPolicy::default();
    let busy = resp(503, &[], "");
    let at = |n: u32, jitter: u32| {
        advise(
            &p,
            &Attempt::new(Method::Get, None, n, false),
            Outcome::Response(&busy),
            jitter,
            UnixTime::from_secs(0),
        )
    };
    assert_eq!(at(1, u32::MAX), Advice::RetryAfterMs(500));
    assert_eq!(at(2, u32::MAX), Advice::RetryAfterMs(1000));
    assert_eq!(at(2, 0), Advice::RetryAfterMs(0));
    assert_eq!(at(2, 1 << 31), Advice::RetryAfterMs(500));
    match at(3, 0) {
        Advice::GiveUp(e) => assert!(e.message().contains("after 3 attempts"), "{}", e.message()),
        other => panic!("{other:?}"),
    }
    // Deterministic: the same inputs give the same advice.
    assert_eq!(at(2, 12345), at(2, 12345));
    let get = Attempt::first(Method::Get);
    assert_eq!(
        advise(&p, &get, Outcome::Response(&resp(200, &[], "")), 0, UnixTime::from_secs(0)),
        Advice::Success
    );
    assert_eq!(
        advise(&p, &get, Outcome::Response(&resp(204, &[], "")), 0, UnixTime::from_secs(0)),
        Advice::Success
    );
    for status in [400, 403, 404, 409, 413, 422, 500, 501] {
        assert!(
            matches!(
                advise(
                    &p,
                    &get,
                    Outcome::Response(&resp(status, &[], "")),
                    0,
                    UnixTime::from_secs(0)
                ),
                Advice::GiveUp(_)
            ),
            "{status}"
        );
    }
    let retry_500 = {
        let mut retry_500 = RetryPolicy::default();
        retry_500.retry_internal_error = true;
        retry_500
    };
    assert_eq!(
        advise(
            &retry_500,
            &get,
            Outcome::Response(&resp(500, &[], "")),
            u32::MAX,
            UnixTime::from_secs(0)
        ),
        Advice::RetryAfterMs(500)
    );
    let bad = resp(
        400,
        &[("Content-Type", "application/problem+json")],
        r#"{"type":"urn:problem-type:belgif:badRequest","issues":[{"in":"body","name":"/ssin","detail":"bad check digits"}]}"#,
    );
    match advise(&p, &get, Outcome::Response(&bad), 0, UnixTime::from_secs(0)) {
        Advice::GiveUp(e) => {
            assert_eq!(e.code(), ErrorCode::ApiProblem);
            assert_eq!(e.problem().unwrap().issues[0].name.as_deref(), Some("/ssin"));
            assert!(e.message().contains("in body /ssin: bad check digits"), "{}", e.message());
        }
        other => panic!("{other:?}"),
    }
}

// --- paging ------------------------------------------------------------------------------------

#[test]
fn paging_via_the_body() {
    let first = build("trainings?pageSize=2").unwrap();
    let page1 = json_response(
        200,
        &format!(
            r#"{{"items":[{{"id":1}},{{"id":2}}],"total":3,"self":"{BASE}/trainings?pageSize=2","next":"{BASE}/trainings?pageSize=2&page=2"}}"#
        ),
    );
    let page1 = parse_response(Method::Get, &first.url, &page1, UnixTime::from_secs(0)).unwrap();
    assert_eq!(items(&page1).len(), 2);
    assert_eq!(total(&page1), Some(3));
    let second = next_page_request(BASE, &first, &page1, None, "trace-2").unwrap().unwrap();
    assert_eq!(second.url, format!("{BASE}/trainings?pageSize=2&page=2"));
    assert_eq!(second.method, Method::Get);
    assert_eq!(second.header("Authorization"), Some("Bearer tok-123"));
    assert_eq!(second.header("BelGov-Trace-Id"), Some("trace-2"));
    assert_eq!(
        second.headers.iter().filter(|(k, _)| k.eq_ignore_ascii_case("belgov-trace-id")).count(),
        1
    );
    // A refreshed token replaces the old one.
    let fresh =
        next_page_request(BASE, &first, &page1, Some("tok-new"), "trace-3").unwrap().unwrap();
    assert_eq!(fresh.header("Authorization"), Some("Bearer tok-new"));

    let page2 = json_response(200, r#"{"items":[{"id":3}],"prev":"trainings?pageSize=2"}"#);
    let page2 = parse_response(Method::Get, &second.url, &page2, UnixTime::from_secs(0)).unwrap();
    assert_eq!(next_page_request(BASE, &second, &page2, None, "t").unwrap(), None);
    // `{"href": …}` and HAL shapes.
    let href = parse_response(
        Method::Get,
        &first.url,
        &json_response(200, r#"{"items":[],"next":{"href":"trainings?page=9"}}"#),
        UnixTime::from_secs(0),
    )
    .unwrap();
    assert_eq!(next_link(&href).as_deref(), Some("trainings?page=9"));
    let hal = parse_response(
        Method::Get,
        &first.url,
        &json_response(200, r#"{"_links":{"next":{"href":"/x"}}}"#),
        UnixTime::from_secs(0),
    )
    .unwrap();
    assert_eq!(next_link(&hal).as_deref(), Some("/x"));
}

#[test]
fn paging_via_the_link_header() {
    let first = build("trainings").unwrap();
    let r = HttpResponse::new(
        200,
        vec![
            ("Content-Type".into(), "application/json".into()),
            ("Link".into(), format!(r#"<{BASE}/trainings?page=1>; rel="first""#)),
            ("link".into(), r#"</REST/federalLearningAccount/v1/trainings?page=2>; rel="next last", <x>; rel=self"#.into()),
        ],
        b"[{\"id\":1}]".to_vec(),
    );
    let page = parse_response(Method::Get, &first.url, &r, UnixTime::from_secs(0)).unwrap();
    assert_eq!(items(&page).len(), 1);
    let next = next_page_request(BASE, &first, &page, None, "t2").unwrap().unwrap();
    assert_eq!(next.url, format!("{BASE}/trainings?page=2"));
}

#[test]
fn paging_refuses_to_leave_the_base_or_loop() {
    let first = build("trainings").unwrap();
    for next in [
        "https://evil.com/trainings?page=2",
        "//evil.com/x",
        "/REST/other/v1/x",
        "../../oauth/v5/token",
    ] {
        let page = parse_response(
            Method::Get,
            &first.url,
            &json_response(200, &format!(r#"{{"next":"{next}"}}"#)),
            UnixTime::from_secs(0),
        )
        .unwrap();
        let e = next_page_request(BASE, &first, &page, None, "t").unwrap_err();
        assert_eq!(e.code(), ErrorCode::PathInvalid, "{next}");
    }
    let same = parse_response(
        Method::Get,
        &first.url,
        &json_response(200, &format!(r#"{{"next":"{}"}}"#, first.url)),
        UnixTime::from_secs(0),
    )
    .unwrap();
    assert_eq!(
        next_page_request(BASE, &first, &same, None, "t").unwrap_err().code(),
        ErrorCode::ResponseMalformed
    );
}

// --- polling -----------------------------------------------------------------------------------

fn accepted(headers: &[(&str, &str)]) -> careerpro_fla::ApiResponse {
    let post = format!("{BASE}/trainings");
    parse_response(Method::Post, &post, &resp(202, headers, ""), UnixTime::from_secs(0)).unwrap()
}

fn poll_at(step: PollStep) -> (i64, u64, HttpRequest) {
    match step {
        PollStep::PollAt { at, after_ms, request } => (at.as_millis(), after_ms, request),
        other => panic!("expected PollAt, got {other:?}"),
    }
}

#[test]
fn polling_follows_the_schedule_until_done() {
    let mut p = Poller::new(
        PollPlan::default(),
        BASE,
        &accepted(&[("Location", "trainings/7/status")]),
        UnixTime::from_secs(100),
    )
    .unwrap();
    let (at, after, req) = poll_at(p.start(UnixTime::from_secs(100), TOKEN, "t1"));
    assert_eq!((at, after), (101_000, 1000));
    assert_eq!(req.url, format!("{BASE}/trainings/7/status"));
    assert_eq!(req.method, Method::Get);
    let pending = resp(202, &[], "");
    let (_, after, _) = poll_at(p.handle(&pending, UnixTime::from_secs(101), TOKEN, "t2"));
    assert_eq!(after, 2000);
    let (_, after, _) = poll_at(p.handle(&pending, UnixTime::from_secs(103), TOKEN, "t3"));
    assert_eq!(after, 4000);
    // Retry-After wins over the schedule, on 202, 429 and 503.
    let (_, after, _) = poll_at(p.handle(
        &resp(202, &[("Retry-After", "9")], ""),
        UnixTime::from_secs(107),
        TOKEN,
        "t4",
    ));
    assert_eq!(after, 9000);
    let (_, after, _) = poll_at(p.handle(
        &resp(429, &[("Retry-After", "5")], ""),
        UnixTime::from_secs(116),
        TOKEN,
        "t5",
    ));
    assert_eq!(after, 5000);
    let (_, after, _) = poll_at(p.handle(
        &resp(503, &[("Retry-After", "6")], ""),
        UnixTime::from_secs(121),
        TOKEN,
        "t6",
    ));
    assert_eq!(after, 6000);
    match p.handle(
        &json_response(200, r#"{"state":"done"}"#),
        UnixTime::from_secs(127),
        TOKEN,
        "t7",
    ) {
        PollStep::Done(r) => assert_eq!(r.json, Some(json!({"state": "done"}))),
        other => panic!("{other:?}"),
    }
}

#[test]
fn polling_gives_up_at_the_deadline() {
    let plan = {
        let mut plan = PollPlan::default();
        plan.schedule_ms = vec![20_000];
        plan.deadline_s = 30;
        plan
    };
    let mut p =
        Poller::new(plan, BASE, &accepted(&[("Location", "jobs/1")]), UnixTime::from_secs(0))
            .unwrap();
    let (at, _, _) = poll_at(p.start(UnixTime::from_secs(0), TOKEN, "t"));
    assert_eq!(at, 20_000);
    // The next scheduled poll (at 40 s) is moved to the deadline (30 s).
    let (at, after, _) =
        poll_at(p.handle(&resp(202, &[], ""), UnixTime::from_secs(20), TOKEN, "t"));
    assert_eq!((at, after), (30_000, 10_000));
    match p.handle(&resp(202, &[], ""), UnixTime::from_secs(30), TOKEN, "t") {
        PollStep::GiveUp(e) => {
            assert_eq!(e.code(), ErrorCode::PollTimeout);
            assert!(e.message().contains("jobs/1"), "{}", e.message());
        }
        other => panic!("{other:?}"),
    }
    // A Retry-After beyond the deadline gives up at once.
    let plan = {
        let mut plan = PollPlan::default();
        plan.deadline_s = 30;
        plan
    };
    let mut p =
        Poller::new(plan, BASE, &accepted(&[("Location", "jobs/1")]), UnixTime::from_secs(0))
            .unwrap();
    poll_at(p.start(UnixTime::from_secs(0), TOKEN, "t"));
    let step =
        p.handle(&resp(503, &[("Retry-After", "600")], ""), UnixTime::from_secs(1), TOKEN, "t");
    assert!(
        matches!(step, PollStep::GiveUp(ref e) if e.code() == ErrorCode::PollTimeout),
        "{step:?}"
    );
}

#[test]
fn polling_404_and_errors() {
    let loc = accepted(&[("Location", "jobs/2")]);
    let mut strict = Poller::new(PollPlan::default(), BASE, &loc, UnixTime::from_secs(0)).unwrap();
    poll_at(strict.start(UnixTime::from_secs(0), TOKEN, "t"));
    assert!(
        matches!(strict.handle(&resp(404, &[], ""), UnixTime::from_secs(1), TOKEN, "t"), PollStep::GiveUp(ref e) if e.status() == Some(404))
    );
    let plan = {
        let mut plan = PollPlan::default();
        plan.not_found_means_pending = true;
        plan
    };
    let mut lenient = Poller::new(plan, BASE, &loc, UnixTime::from_secs(0)).unwrap();
    poll_at(lenient.start(UnixTime::from_secs(0), TOKEN, "t"));
    let (_, after, _) =
        poll_at(lenient.handle(&resp(404, &[], ""), UnixTime::from_secs(1), TOKEN, "t"));
    assert_eq!(after, 2000);
    let bad = resp(
        400,
        &[("Content-Type", "application/problem+json")],
        r#"{"type":"urn:problem-type:belgif:badRequest"}"#,
    );
    assert!(
        matches!(lenient.handle(&bad, UnixTime::from_secs(2), TOKEN, "t"), PollStep::GiveUp(ref e) if e.code() == ErrorCode::ApiProblem)
    );
}

#[test]
fn polling_needs_a_location_under_the_base_and_follows_see_other() {
    assert_eq!(
        Poller::new(PollPlan::default(), BASE, &accepted(&[]), UnixTime::from_secs(0))
            .unwrap_err()
            .code(),
        ErrorCode::LocationMissing
    );
    let far = accepted(&[("Location", "https://evil.com/x")]);
    assert_eq!(
        Poller::new(PollPlan::default(), BASE, &far, UnixTime::from_secs(0)).unwrap_err().code(),
        ErrorCode::PathInvalid
    );
    let empty = {
        let mut empty = PollPlan::default();
        empty.schedule_ms = vec![];
        empty
    };
    assert_eq!(
        Poller::new(empty, BASE, &accepted(&[("Location", "x")]), UnixTime::from_secs(0))
            .unwrap_err()
            .code(),
        ErrorCode::InvalidArgument
    );
    // The first delay honours the 202's Retry-After.
    let mut p = Poller::new(
        PollPlan::default(),
        BASE,
        &accepted(&[("Location", "jobs/3"), ("Retry-After", "3")]),
        UnixTime::from_secs(0),
    )
    .unwrap();
    let (_, after, _) = poll_at(p.start(UnixTime::from_secs(0), TOKEN, "t"));
    assert_eq!(after, 3000);
    let (_, after, req) = poll_at(p.handle(
        &resp(303, &[("Location", "../trainings/99")], ""),
        UnixTime::from_secs(3),
        TOKEN,
        "t",
    ));
    assert_eq!((after, req.url.as_str()), (0, format!("{BASE}/trainings/99").as_str()));
    assert!(
        matches!(p.handle(&resp(303, &[("Location", "https://evil.com/")], ""), UnixTime::from_secs(4), TOKEN, "t"), PollStep::GiveUp(ref e) if e.code() == ErrorCode::PathInvalid)
    );
    // The poll request can be rebuilt with a refreshed token.
    assert_eq!(p.request("tok-new", "t9").unwrap().header("Authorization"), Some("Bearer tok-new"));
}

// --- properties --------------------------------------------------------------------------------

/// The base URL's path (`BASE` without its origin).
const BASE_PATH: &str = "/REST/federalLearningAccount/v1";

/// An absolute URL made of parts that are each, most of the time, the base's own (or an
/// equivalent spelling: scheme and host in capitals, an explicit or empty default port), and
/// otherwise a near miss (plain http, a look-alike host, user info, another port, a path in
/// other capitals or beside the base path). Also the URL the request must get when the parts
/// put it under the base — worked out here from the parts, not by the core — or `None`.
fn absolute_url() -> impl Strategy<Value = (String, Option<String>)> {
    let scheme = prop_oneof![
        5 => prop_oneof![Just("https"), Just("HTTPS"), Just("Https")].prop_map(|s| (s, true)),
        1 => prop_oneof![Just("http"), Just("ftp"), Just("wss")].prop_map(|s| (s, false)),
    ];
    let host = prop_oneof![
        5 => prop_oneof![
            Just("services.socialsecurity.be"),
            Just("SERVICES.socialsecurity.be"),
            Just("Services.SocialSecurity.BE"),
        ]
        .prop_map(|h| (h.to_owned(), true)),
        1 => prop_oneof![
            Just("services.socialsecurity.be.evil.com".to_owned()),
            Just("evil.services.socialsecurity.be".to_owned()),
            Just("socialsecurity.be".to_owned()),
            Just("services.socialsecurity.bee".to_owned()),
            Just("services-socialsecurity.be".to_owned()),
            Just("services.socialsecurity.be.".to_owned()),
            Just("services.socialsecurity.be@evil.com".to_owned()),
            Just("user@services.socialsecurity.be".to_owned()),
            Just("user:pw@services.socialsecurity.be".to_owned()),
            Just("evil.com@services.socialsecurity.be".to_owned()),
            "[a-z]{1,8}(\\.[a-z]{2,3})?",
        ]
        .prop_map(|h| (h, false)),
    ];
    let port = prop_oneof![
        5 => prop_oneof![Just(""), Just(":443"), Just(":")].prop_map(|p| (p, true)),
        1 => prop_oneof![Just(":8443"), Just(":80"), Just(":4430"), Just(":44"), Just(":x")]
            .prop_map(|p| (p, false)),
    ];
    let prefix = prop_oneof![
        5 => Just(BASE_PATH),
        1 => prop_oneof![
            Just("/rest/federalLearningAccount/v1"),
            Just("/REST/FederalLearningAccount/v1"),
            Just("/REST/federalLearningAccount/v10"),
            Just("/REST/federalLearningAccount/v1x"),
            Just("/REST/federalLearningAccount"),
            Just("/REST/other/v1"),
            Just(""),
        ],
    ];
    let segments = proptest::collection::vec("[a-z0-9]{1,6}", 0..3);
    let query = proptest::option::of("[a-z]{1,4}=[0-9]{1,3}");
    (scheme, host, port, prefix, segments, any::<bool>(), query).prop_map(
        |(
            (scheme, scheme_ok),
            (host, host_ok),
            (port, port_ok),
            prefix,
            segments,
            slash,
            query,
        )| {
            let mut path = prefix.to_owned();
            for segment in &segments {
                path.push('/');
                path.push_str(segment);
            }
            if slash {
                path.push('/');
            }
            let query = query.map(|q| format!("?{q}")).unwrap_or_default();
            let url = format!("{scheme}://{host}{port}{path}{query}");
            // Under the base: the base path itself or below it, at a segment boundary.
            let below = path.strip_prefix(BASE_PATH).filter(|b| b.is_empty() || b.starts_with('/'));
            let expected = match below {
                Some(below) if scheme_ok && host_ok && port_ok => {
                    let below = if below == "/" { "" } else { below };
                    Some(format!("{BASE}{below}{query}"))
                }
                _ => None,
            };
            (url, expected)
        },
    )
}

/// An absolute URL is accepted exactly when it is under the base, and then maps onto `BASE`;
/// any other is refused as `PathInvalid`. The counts prove both branches ran, in a good share.
#[test]
fn absolute_urls_are_accepted_only_under_the_base() {
    use proptest::test_runner::{Config, TestRunner};
    use std::cell::Cell;

    let cases = 512;
    let (accepted, refused) = (Cell::new(0u32), Cell::new(0u32));
    let mut runner =
        TestRunner::new(Config { cases, failure_persistence: None, ..Config::default() });
    let base = BaseUrl::parse(BASE).unwrap();
    let result = runner.run(&absolute_url(), |(url, expected)| {
        match (build(&url), expected) {
            (Ok(req), Some(want)) => {
                accepted.set(accepted.get() + 1);
                prop_assert_eq!(&req.url, &want, "{}", url);
                prop_assert!(base.contains(&req.url), "{} -> {}", url, req.url);
            }
            (Err(e), None) => {
                refused.set(refused.get() + 1);
                prop_assert_eq!(e.code(), ErrorCode::PathInvalid, "{}: {}", url, e);
            }
            (Ok(req), None) => {
                prop_assert!(false, "{} is not under the base, yet -> {}", url, req.url)
            }
            (Err(e), Some(_)) => {
                prop_assert!(false, "{} is under the base, yet refused: {}", url, e)
            }
        }
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
    let (accepted, refused) = (accepted.get(), refused.get());
    assert!(
        accepted >= cases / 4 && refused >= cases / 4,
        "accepted {accepted}, refused {refused}"
    );
}

/// A page body: `items`, a `next` link (plain or `{"href"}`, or HAL `_links.next.href`) and a
/// `total`, with arbitrary values.
fn page_body() -> impl Strategy<Value = Vec<u8>> {
    (proptest::option::of("\\PC{0,30}"), 0usize..3, any::<i64>(), 0u8..3).prop_map(
        |(next, n, total, shape)| {
            let items = vec![json!({"id": 1}); n];
            let body = match shape {
                0 => json!({"items": items, "next": next, "total": total}),
                1 => json!({"items": items, "next": {"href": next}}),
                _ => json!({"items": items, "_links": {"next": {"href": next}}}),
            };
            serde_json::to_vec(&body).unwrap()
        },
    )
}

proptest! {
    #[test]
    fn built_urls_never_leave_the_base(path in "\\PC{0,40}|[./%2eE5cCfF\\\\a:?#@]{0,24}", segs in proptest::collection::vec("\\PC{0,8}", 0..3)) {
        let mut r = ApiRequest::get(path.clone());
        r.segments = segs;
        if let Ok(req) = r.build(&base(), TOKEN, TRACE) {
            let rest = req.url.strip_prefix(BASE).expect("URL under the base");
            prop_assert!(rest.is_empty() || rest.starts_with('/') || rest.starts_with('?'), "{}", req.url);
            let path_part = rest.split('?').next().unwrap();
            for seg in path_part.split('/').skip(1) {
                let lower = seg.to_ascii_lowercase();
                prop_assert!(seg != "." && seg != ".." && lower != "%2e" && lower != "%2e%2e" && !lower.contains("%2e%2e"), "{}", req.url);
            }
            prop_assert!(!req.url.bytes().any(|b| b <= b' ' || b == 0x7f || b == b'\\' || b == b'#'), "{}", req.url);
            prop_assert!(BaseUrl::parse(BASE).unwrap().contains(&req.url));
        }
    }

    #[test]
    fn parse_response_never_panics(
        // Half 2xx, so that the paging and polling helpers below see parsed pages.
        status in prop_oneof![200u16..300, any::<u16>()],
        headers in proptest::collection::vec(("(?i)content-type|location|retry-after|belgov-trace-id|link|[a-z]{1,6}", "(?s).{0,40}"), 0..5),
        body in prop_oneof![proptest::collection::vec(any::<u8>(), 0..300), page_body()],
        now in any::<i64>(),
        jitter in any::<u32>(),
        attempt in any::<u32>(),
    ) {
        let r = HttpResponse::new(status, headers, body);
        if let Ok(page) = parse_response(Method::Get, &format!("{BASE}/x"), &r, UnixTime::from_secs(now)) {
            let prev = build("x").unwrap();
            let _ = next_page_request(BASE, &prev, &page, None, "t");
            let _ = items(&page);
            let _ = Poller::new(PollPlan::default(), BASE, &page, UnixTime::from_secs(now));
        }
        let _ = advise(&RetryPolicy::default(), &Attempt::new(Method::Get, None, attempt, false), Outcome::Response(&r), jitter, UnixTime::from_secs(now));
    }
}

proptest! {
    /// PLATFORM.md §5: a POST (or PATCH) is never sent again without the caller's consent,
    /// whatever came back and however many attempts were made; and the advice never asks for
    /// an unbounded number of attempts.
    #[test]
    fn post_is_never_retried_without_consent_for_any_outcome(
        status in 100u16..600,
        retry_after in proptest::option::of("[0-9]{1,4}|Thu, 01 Jan 2026 00:0[0-9]:00 GMT"),
        transport in proptest::option::of(0u8..4),
        attempt in 1u32..10,
        jitter in any::<u32>(),
        patch in any::<bool>(),
    ) {
        let method = if patch { Method::Patch } else { Method::Post };
        let headers = retry_after.map(|v| vec![("Retry-After".to_owned(), v)]).unwrap_or_default();
        let r = HttpResponse::new(status, headers, Vec::new());
        let outcome = match transport {
            Some(k) => Outcome::Transport(match k {
                0 => TransportErrorKind::Timeout,
                1 => TransportErrorKind::Connect,
                2 => TransportErrorKind::Tls,
                _ => TransportErrorKind::Other,
            }),
            None => Outcome::Response(&r),
        };
        let policy = RetryPolicy::default();
        let advice = advise(&policy, &Attempt::new(method, None, attempt, false), outcome, jitter, UnixTime::from_secs(1_767_225_600));
        prop_assert!(!matches!(advice, Advice::RetryAfterMs(_)), "{:?}", advice);
        // With consent, retries stop once the attempts are spent.
        let consented = advise(&policy, &Attempt::new(method, Some(true), policy.max_attempts, false), outcome, jitter, UnixTime::from_secs(1_767_225_600));
        prop_assert!(!matches!(consented, Advice::RetryAfterMs(_)), "{:?}", consented);
    }
}
