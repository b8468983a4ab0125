//! Bad input for the parsers not covered by their own modules' property tests: token
//! responses, `Retry-After` and HTTP dates, PEM, compact JWS, profiles. Each must return a value
//! or a typed error for anything thrown at it, never panic, and never echo a secret.

#![allow(clippy::unwrap_used, clippy::indexing_slicing)] // tests

use careerpro_fla::parse_token_response;
use careerpro_fla::UnixTime;
use careerpro_fla::{decode_jws, parse_pem, ErrorCode, HttpResponse, Profile};
use careerpro_fla::{format_http_date, parse_http_date, retry_after_seconds};
use proptest::prelude::*;

fn header() -> impl Strategy<Value = (String, String)> {
    (
        prop_oneof![
            Just("Content-Type".to_owned()),
            Just("Retry-After".to_owned()),
            Just("BelGov-Trace-Id".to_owned()),
            Just("Date".to_owned()),
            "[A-Za-z-]{1,12}",
        ],
        ".{0,64}",
    )
}

fn json_like() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..512),
        ".{0,256}".prop_map(String::into_bytes),
        (
            prop_oneof![
                Just("access_token"),
                Just("token_type"),
                Just("expires_in"),
                Just("error"),
                Just("type")
            ],
            prop_oneof![
                Just("\"Bearer\"".to_owned()),
                Just("null".to_owned()),
                Just("-1".to_owned()),
                Just("1e400".to_owned()),
                Just("[]".to_owned()),
                Just("{}".to_owned()),
                "\"[^\"\\\\]{0,20}\"",
                any::<i64>().prop_map(|n| n.to_string()),
            ],
        )
            .prop_map(|(k, v)| format!(
                "{{\"{k}\":{v},\"token_type\":\"Bearer\",\"access_token\":\"s3cr3t-t0ken\"}}"
            )
            .into_bytes()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 500, ..ProptestConfig::default() })]

    #[test]
    fn token_responses_never_panic(
        status in prop_oneof![Just(200u16), Just(400), Just(401), Just(429), Just(503), 0u16..1000],
        headers in proptest::collection::vec(header(), 0..5),
        body in json_like(),
        now in any::<i64>(),
    ) {
        let response = HttpResponse::new(status, headers, body);
        match parse_token_response(&response, UnixTime::from_secs(now)) {
            Ok(token) => {
                prop_assert!(!token.secret().is_empty());
                let shown = format!("{:?}", token);
                prop_assert!(!shown.contains(token.secret()));
            }
            Err(e) => {
                prop_assert!(!e.message().contains("s3cr3t-t0ken"), "{}", e.message());
                let shown = format!("{:?}", e);
                prop_assert!(!shown.contains("s3cr3t-t0ken"));
            }
        }
    }

    #[test]
    fn retry_after_and_dates_never_panic(value in ".{0,80}", now in any::<i64>()) {
        let _ = parse_http_date(&value);
        if let Err(e) = retry_after_seconds(&value, UnixTime::from_secs(now)) {
            prop_assert_eq!(e.code(), ErrorCode::RetryAfterInvalid);
        }
    }

    #[test]
    fn http_dates_round_trip(t in -62_135_596_800i64..253_402_300_799) {
        prop_assert_eq!(parse_http_date(&format_http_date(UnixTime::from_secs(t))), Some(UnixTime::from_secs(t)));
    }

    #[test]
    fn pem_never_panics(text in ".{0,400}", bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let _ = parse_pem(text.as_bytes());
        let _ = parse_pem(&bytes);
        let framed = format!("-----BEGIN PRIVATE KEY-----\n{text}\n-----END PRIVATE KEY-----");
        let _ = parse_pem(framed.as_bytes());
    }

    #[test]
    fn jws_decode_never_panics(text in "[A-Za-z0-9_.=-]{0,200}") {
        let _ = decode_jws(&text);
    }

    #[test]
    fn profiles_from_json_never_panic(text in ".{0,200}") {
        let _ = Profile::from_json(&text);
        let _ = Profile::from_json(&format!("{{\"environment\":{text:?},\"quality\":\"agent\"}}"));
    }
}
