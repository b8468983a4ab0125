//! Bulk building: many records, one call, a per-row error report. Expected values are worked
//! out from the rules (check digits by hand, conversions from the documented table), not
//! copied from the code's output.

// The host's CSPRNG is what the bindings pass; tests use it too (trace ids are checked by
// shape and uniqueness, not by value).
#![allow(clippy::disallowed_methods)]
// Test helpers outside #[test] functions fail loudly too.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use std::cell::{Cell, RefCell};
use std::collections::BTreeSet;

use careerpro_fla::{
    build_bulk as build, default_bulk_fields as default_fields, read_bulk_row as read_row,
    BulkSpec, FieldKind, DEFAULT_BULK_FIELDS as DEFAULT_FIELDS,
};
use careerpro_fla::{ErrorCode, Method, SystemRandom};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde_json::{json, Map, Value};

const BASE: &str = "http://127.0.0.1:1/REST/federalLearningAccount/v1";

// 85073003328: 97 − (850730033 mod 97) = 97 − 69 = 28.
const SSIN: &str = "85073003328";
// 0884303369: 97 − (08843033 mod 97) = 97 − 28 = 69.
const CBE: &str = "0884303369";

fn rows(value: Value) -> Vec<Map<String, Value>> {
    serde_json::from_value(value).unwrap()
}

fn spec(value: Value) -> BulkSpec {
    serde_json::from_value(value).unwrap()
}

fn body(request: &careerpro_fla::HttpRequest) -> Value {
    serde_json::from_str(request.body.as_deref().unwrap()).unwrap()
}

fn report(errors: &[careerpro_fla::RowError]) -> BTreeSet<(usize, Option<String>, ErrorCode)> {
    errors.iter().map(|e| (e.row, e.field.clone(), e.code)).collect()
}

fn field(name: &str) -> Option<String> {
    Some(name.to_owned())
}

// --- the Python binding's cases ----------------------------------------------------------------

#[test]
fn good_and_bad_rows_together() {
    let input = json!([
        {"enterpriseNumber": "0884.303.369", "ssin": "85.07.30-033.28",
         "startDate": "2025-03-03T00:00:00", "endDate": "2025-03-04", "name": "Forklift",
         "durationHours": 14, "formal": true},
        // Check digits one off; 30 February.
        {"enterpriseNumber": CBE, "ssin": "85073003329", "startDate": "2025-02-30", "name": "x"},
        // The path field is null.
        {"enterpriseNumber": null, "ssin": SSIN, "name": "y"},
        // An empty cell (pandas' NaN, sent as null) where nothing needs a value.
        {"enterpriseNumber": CBE, "ssin": SSIN, "name": "z", "endDate": null},
        "not an object",
    ]);
    let Value::Array(values) = input else { unreachable!() };
    let read = values.into_iter().enumerate().map(|(i, v)| read_row(i, v)).collect();
    let compiled = BulkSpec::new("/employers/{enterpriseNumber}/trainings").compile().unwrap();
    let out = compiled.build_read(read, BASE, "tok", &SystemRandom::new()).unwrap();

    assert_eq!(out.rows, [0, 3]);
    assert_eq!(out.requests.len(), 2);
    assert!(!out.is_ok());
    let first = &out.requests[0];
    assert_eq!(first.method, Method::Post);
    assert_eq!(first.url, format!("{BASE}/employers/{CBE}/trainings"));
    assert_eq!(
        body(first),
        json!({"ssin": SSIN, "startDate": "2025-03-03", "endDate": "2025-03-04",
               "name": "Forklift", "durationHours": 14, "formal": true})
    );
    assert_eq!(body(&out.requests[1])["endDate"], Value::Null);
    assert_eq!(
        report(&out.errors),
        BTreeSet::from([
            (1, field("ssin"), ErrorCode::SsinInvalid),
            (1, field("startDate"), ErrorCode::DateInvalid),
            (2, field("enterpriseNumber"), ErrorCode::InvalidArgument),
            (4, None, ErrorCode::InvalidArgument),
        ])
    );
    let as_json = serde_json::to_value(&out.errors[0]).unwrap();
    let keys: Vec<&str> = as_json.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys.len(), 4);
    for key in ["row", "field", "code", "message"] {
        assert!(keys.contains(&key), "{key}");
    }
    assert!(as_json["code"].is_string());
    // Personal data stays out of the report.
    for e in &out.errors {
        assert!(!e.message.contains("85073003329"), "{}", e.message);
    }
}

#[test]
fn custom_mapping_required_and_csv_text() {
    let s = spec(json!({
        "path": "things/{id}", "method": "PUT", "fields": {"when": "date", "n": "integer"},
        "required": ["when"], "keep_path_fields": true,
    }));
    let out = build(
        &s,
        rows(json!([{"id": "A/1", "when": "2024-01-01", "n": "3"}, {"id": "B", "n": 4}])),
        BASE,
        "tok",
        &SystemRandom::new(),
    )
    .unwrap();
    // The Python binding refused "3" for an integer; the core reads CSV text.
    assert_eq!(out.rows, [0]);
    assert_eq!(out.requests[0].method, Method::Put);
    assert_eq!(out.requests[0].url, format!("{BASE}/things/A%2F1"));
    assert_eq!(body(&out.requests[0]), json!({"id": "A/1", "when": "2024-01-01", "n": 3}));
    assert_eq!(
        report(&out.errors),
        BTreeSet::from([(1, field("when"), ErrorCode::InvalidArgument)])
    );

    let ok = build(
        &spec(json!({"path": "things/{id}", "fields": {"n": "integer"}})),
        rows(json!([{"id": "A/1", "n": 3}])),
        BASE,
        "tok",
        &SystemRandom::new(),
    )
    .unwrap();
    assert_eq!(ok.requests[0].url, format!("{BASE}/things/A%2F1"));
    assert_eq!(ok.requests[0].body.as_deref(), Some(r#"{"n":3}"#));
}

#[test]
fn default_mapping_is_documented() {
    let d = default_fields();
    assert_eq!(d["ssin"], FieldKind::Ssin);
    assert_eq!(d["startDate"], FieldKind::Date);
    assert_eq!(d["employerId"], FieldKind::NssoNumber);
    assert_eq!(d.len(), DEFAULT_FIELDS.len());
    // None in a spec means these.
    let c = BulkSpec::new("x").compile().unwrap();
    assert_eq!(c.kind("enterpriseNumber"), FieldKind::EnterpriseNumber);
    assert_eq!(c.kind("anythingElse"), FieldKind::Any);
}

#[test]
fn twenty_thousand_rows_get_distinct_trace_ids() {
    let n = 20_000;
    let input: Vec<Map<String, Value>> = (0..n)
        .map(|i| {
            rows(
                json!([{"enterpriseNumber": CBE, "ssin": SSIN, "startDate": "2025-03-03", "i": i}]),
            )
            .remove(0)
        })
        .collect();
    let out = build(
        &BulkSpec::new("/employers/{enterpriseNumber}/trainings"),
        input,
        BASE,
        "tok",
        &SystemRandom::new(),
    )
    .unwrap();
    assert!(out.is_ok());
    assert_eq!(out.requests.len(), n);
    assert_eq!(out.rows, (0..n).collect::<Vec<_>>());
    let mut traces = BTreeSet::new();
    for r in &out.requests {
        let t = r.header("BelGov-Trace-Id").unwrap();
        // RFC 9562 §5.4: version 4, variant 10xx.
        let b = t.as_bytes();
        assert_eq!(t.len(), 36);
        assert_eq!(b[14], b'4', "{t}");
        assert!(matches!(b[19], b'8' | b'9' | b'a' | b'b'), "{t}");
        traces.insert(t.to_owned());
    }
    assert_eq!(traces.len(), n);
    assert_eq!(body(&out.requests[7])["i"], 7);
}

// --- conversions -------------------------------------------------------------------------------

#[test]
fn conversions_follow_the_table() {
    use FieldKind as K;
    let ok: &[(K, Value, Value)] = &[
        // Identifiers: typed forms and whole numbers from a spreadsheet column.
        (K::Ssin, json!("85.07.30-033.28"), json!(SSIN)),
        (K::Ssin, json!(85_073_003_328u64), json!(SSIN)),
        (K::Ssin, json!(85_073_003_328.0), json!(SSIN)),
        (K::EnterpriseNumber, json!("BE 0884.303.369"), json!(CBE)),
        (K::EnterpriseNumber, json!(884_303_369), json!(CBE)),
        (K::NssoNumber, json!("123-4567-89"), json!(123_456_789)),
        (K::NssoNumber, json!(5_123_456_789u64), json!(5_123_456_789u64)),
        (K::NssoNumber, json!(123_456_789.0), json!(123_456_789)),
        // Dates, also with a midnight time from timestamps and spreadsheet exports.
        (K::Date, json!("2024-02-29"), json!("2024-02-29")),
        (K::Date, json!(" 2025-03-03T00:00:00 "), json!("2025-03-03")),
        (K::Date, json!("2025-03-03 00:00:00"), json!("2025-03-03")),
        // Integers.
        (K::Integer, json!("12"), json!(12)),
        (K::Integer, json!(" -7 "), json!(-7)),
        (K::Integer, json!("+5"), json!(5)),
        (K::Integer, json!("18446744073709551615"), json!(u64::MAX)),
        (K::Integer, json!(14.0), json!(14)),
        (K::Integer, json!(-3), json!(-3)),
        // Numbers: integers stay integers.
        (K::Number, json!("1.5"), json!(1.5)),
        (K::Number, json!("12"), json!(12)),
        (K::Number, json!("-2e3"), json!(-2000.0)),
        (K::Number, json!(0.25), json!(0.25)),
        // Booleans.
        (K::Boolean, json!("true"), json!(true)),
        (K::Boolean, json!("FALSE"), json!(false)),
        (K::Boolean, json!("1"), json!(true)),
        (K::Boolean, json!("0"), json!(false)),
        (K::Boolean, json!(" Yes "), json!(true)),
        (K::Boolean, json!("no"), json!(false)),
        (K::Boolean, json!(1), json!(true)),
        (K::Boolean, json!(0.0), json!(false)),
        (K::Boolean, json!(true), json!(true)),
        // Text and anything: as given, blank included.
        (K::String, json!(""), json!("")),
        (K::String, json!(" 0012 "), json!(" 0012 ")),
        (K::Any, json!(""), json!("")),
        (K::Any, json!([1, {"a": null}]), json!([1, {"a": null}])),
    ];
    for (kind, input, want) in ok {
        assert_eq!(&kind.convert(input.clone()).unwrap(), want, "{kind} {input}");
    }
    // Null, and blank text where the kind converts text: an empty cell.
    for kind in FieldKind::ALL {
        assert_eq!(kind.convert(Value::Null).unwrap(), Value::Null, "{kind}");
        let blank = kind.convert(json!("  ")).unwrap();
        if matches!(kind, K::String | K::Any) {
            assert_eq!(blank, json!("  "), "{kind}");
        } else {
            assert_eq!(blank, Value::Null, "{kind}");
            assert_eq!(kind.convert(json!("")).unwrap(), Value::Null, "{kind}");
        }
    }

    let bad: &[(K, Value, ErrorCode)] = &[
        (K::Ssin, json!("85073003329"), ErrorCode::SsinInvalid),
        (K::Ssin, json!(8_507_300_332.5), ErrorCode::InvalidArgument),
        (K::Ssin, json!(true), ErrorCode::InvalidArgument),
        (K::EnterpriseNumber, json!("0884303370"), ErrorCode::EnterpriseNumberInvalid),
        (K::NssoNumber, json!(-5), ErrorCode::InvalidArgument),
        (K::NssoNumber, json!(12), ErrorCode::NssoNumberInvalid),
        (K::NssoNumber, json!([1]), ErrorCode::InvalidArgument),
        (K::Date, json!("2025-02-30"), ErrorCode::DateInvalid),
        (K::Date, json!("2025-03-03T10:00:00"), ErrorCode::DateInvalid),
        (K::Date, json!("03/03/2025"), ErrorCode::DateInvalid),
        (K::Date, json!(20_250_303), ErrorCode::InvalidArgument),
        (K::Integer, json!("1.5"), ErrorCode::InvalidArgument),
        (K::Integer, json!("12.0"), ErrorCode::InvalidArgument),
        (K::Integer, json!("1_000"), ErrorCode::InvalidArgument),
        (K::Integer, json!("18446744073709551616"), ErrorCode::InvalidArgument),
        (K::Integer, json!(1.5), ErrorCode::InvalidArgument),
        (K::Integer, json!(1e300), ErrorCode::InvalidArgument),
        (K::Integer, json!(true), ErrorCode::InvalidArgument),
        (K::Number, json!("1,5"), ErrorCode::InvalidArgument),
        (K::Number, json!("NaN"), ErrorCode::InvalidArgument),
        (K::Number, json!("inf"), ErrorCode::InvalidArgument),
        (K::Number, json!("1e400"), ErrorCode::InvalidArgument),
        (K::Number, json!("abc"), ErrorCode::InvalidArgument),
        (K::Number, json!(false), ErrorCode::InvalidArgument),
        (K::Boolean, json!("y"), ErrorCode::InvalidArgument),
        (K::Boolean, json!(2), ErrorCode::InvalidArgument),
        (K::Boolean, json!({}), ErrorCode::InvalidArgument),
        (K::String, json!(12), ErrorCode::InvalidArgument),
        (K::String, json!(false), ErrorCode::InvalidArgument),
    ];
    for (kind, input, code) in bad {
        assert_eq!(kind.convert(input.clone()).unwrap_err().code(), *code, "{kind} {input}");
    }
    let e = K::Number.convert(json!("1,5")).unwrap_err();
    assert!(e.message().contains("decimal separator"), "{}", e.message());
}

#[test]
fn empty_cells_are_null_and_fail_only_where_a_value_is_needed() {
    let s = spec(json!({
        "path": "t", "fields": {"start": "date", "hours": "integer", "note": "string"},
        "required": ["title"],
    }));
    let out = build(
        &s,
        rows(json!([
            {"title": "a", "start": "", "hours": " ", "note": ""},
            {"title": "", "start": "2025-01-01"},
            {"title": "   "},
            {"title": null},
            {},
        ])),
        BASE,
        "tok",
        &SystemRandom::new(),
    )
    .unwrap();
    assert_eq!(out.rows, [0]);
    assert_eq!(
        body(&out.requests[0]),
        json!({"title": "a", "start": null, "hours": null, "note": ""})
    );
    assert_eq!(
        report(&out.errors),
        (1..=4).map(|row| (row, field("title"), ErrorCode::InvalidArgument)).collect()
    );
    // A blank value in a converted kind counts as missing when required.
    let s = spec(json!({"path": "t", "fields": {"n": "integer"}, "required": ["n"]}));
    let c = s.compile().unwrap();
    let errs = c.validate_row(9, rows(json!([{"n": ""}])).remove(0)).unwrap_err();
    assert_eq!(report(&errs), BTreeSet::from([(9, field("n"), ErrorCode::InvalidArgument)]));
}

#[test]
fn every_bad_value_of_a_row_is_reported() {
    let s = spec(json!({
        "path": "e/{enterpriseNumber}", "required": ["ssin", "name"],
        "fields": {"enterpriseNumber": "enterprise_number", "ssin": "ssin", "startDate": "date",
                   "hours": "integer", "formal": "boolean"},
    }));
    let c = s.compile().unwrap();
    let row = rows(json!([{"enterpriseNumber": "0884303370", "ssin": "x", "startDate": "tomorrow",
                           "hours": "many", "formal": "perhaps"}]))
    .remove(0);
    let errs = c.validate_row(3, row).unwrap_err();
    assert_eq!(
        report(&errs),
        BTreeSet::from([
            (3, field("name"), ErrorCode::InvalidArgument),
            (3, field("enterpriseNumber"), ErrorCode::EnterpriseNumberInvalid),
            (3, field("ssin"), ErrorCode::SsinInvalid),
            (3, field("startDate"), ErrorCode::DateInvalid),
            (3, field("hours"), ErrorCode::InvalidArgument),
            (3, field("formal"), ErrorCode::InvalidArgument),
        ])
    );
    assert_eq!(errs.len(), 6, "one error per bad value: {errs:?}");
}

#[test]
fn a_required_path_field_is_reported_once() {
    let c = spec(json!({"path": "a/{id}/b/{id}", "required": ["id", "id"]})).compile().unwrap();
    let errs = c.validate_row(0, Map::new()).unwrap_err();
    assert_eq!(errs.len(), 1, "{errs:?}");
    let ok = c.validate_row(0, rows(json!([{"id": "x y", "k": 1}])).remove(0)).unwrap();
    assert_eq!(ok.path, "a/x%20y/b/x%20y");
    assert_eq!(ok.body, rows(json!([{"k": 1}])).remove(0));
}

// --- the path ----------------------------------------------------------------------------------

#[test]
fn path_fields_are_converted_encoded_and_checked() {
    let c = spec(json!({
        "path": "/employers/{enterpriseNumber}/workers/{ssin}/items/{n}/{flag}",
        // Given fields replace the defaults, so the identifiers are named again.
        "fields": {"enterpriseNumber": "enterprise_number", "ssin": "ssin", "n": "integer",
                   "flag": "any"},
        "keep_path_fields": true,
    }))
    .compile()
    .unwrap();
    let good = c
        .validate_row(
            0,
            rows(json!([{"enterpriseNumber": "0884.303.369", "ssin": "85.07.30-033.28",
                         "n": " 12 ", "flag": false}]))
            .remove(0),
        )
        .unwrap();
    assert_eq!(good.path, format!("/employers/{CBE}/workers/{SSIN}/items/12/false"));
    // Kept in the body, in wire form.
    assert_eq!(good.body["ssin"], json!(SSIN));
    assert_eq!(good.body["n"], json!(12));

    let c = BulkSpec::new("things/{id}").compile().unwrap();
    for (value, code) in [
        (json!("."), ErrorCode::PathInvalid),
        (json!(".."), ErrorCode::PathInvalid),
        (json!("%2e%2E"), ErrorCode::PathInvalid),
        (json!("%252E%252E"), ErrorCode::PathInvalid),
        // Servers that decode %2F would see a `..` segment.
        (json!("a/../b"), ErrorCode::PathInvalid),
        (json!("a\\..\\b"), ErrorCode::PathInvalid),
        (json!("a\\b"), ErrorCode::PathInvalid),
        (json!("a\u{7f}"), ErrorCode::PathInvalid),
        (json!("a\u{1}b"), ErrorCode::PathInvalid),
        (json!(["a"]), ErrorCode::InvalidArgument),
        (json!({"a": 1}), ErrorCode::InvalidArgument),
        (json!(""), ErrorCode::InvalidArgument),
    ] {
        let mut row = Map::new();
        row.insert("id".into(), value.clone());
        let errs = c.validate_row(5, row).unwrap_err();
        assert_eq!(report(&errs), BTreeSet::from([(5, field("id"), code)]), "{value}");
    }
    for (value, segment) in [
        (json!("a.b"), "a.b"),
        (json!("..."), "..."),
        (json!(1.5), "1.5"),
        (json!("100%"), "100%25"),
        (json!("é"), "%C3%A9"),
    ] {
        let mut row = Map::new();
        row.insert("id".into(), value.clone());
        let valid = c.validate_row(0, row).unwrap();
        assert_eq!(valid.path, format!("things/{segment}"), "{value}");
        assert!(valid.body.is_empty());
    }
}

#[test]
fn a_query_placeholder_may_hold_a_dot() {
    let out = build(
        &BulkSpec::new("search?name={name}"),
        rows(json!([{"name": "."}, {"name": "a b&c"}])),
        BASE,
        "tok",
        &SystemRandom::new(),
    )
    .unwrap();
    assert_eq!(out.rows, [0, 1]);
    assert_eq!(out.requests[0].url, format!("{BASE}/search?name=."));
    assert_eq!(out.requests[1].url, format!("{BASE}/search?name=a%20b%26c"));
}

#[test]
fn segments_refused_only_together_are_reported_in_row_order() {
    // "%2" and "E%2E" are harmless alone; encoded side by side they decode, twice, to "..".
    let out = build(
        &BulkSpec::new("x/{a}{b}"),
        rows(json!([{"a": "%2", "b": "E%2E"}, {"a": "p", "b": "q"}, {"a": null, "b": "q"}])),
        BASE,
        "tok",
        &SystemRandom::new(),
    )
    .unwrap();
    assert_eq!(out.rows, [1]);
    assert_eq!(out.requests[0].url, format!("{BASE}/x/pq"));
    assert_eq!(
        out.errors.iter().map(|e| (e.row, e.field.clone(), e.code)).collect::<Vec<_>>(),
        [(0, None, ErrorCode::PathInvalid), (2, field("a"), ErrorCode::InvalidArgument)]
    );
}

#[test]
fn methods_without_a_body_only_fill_the_path() {
    for method in ["GET", "delete", "Head"] {
        let out = build(
            &spec(json!({"path": "things/{id}", "method": method})),
            rows(json!([{"id": 7, "ignored": true}])),
            BASE,
            "tok",
            &SystemRandom::new(),
        )
        .unwrap();
        assert_eq!(out.requests[0].url, format!("{BASE}/things/7"));
        assert_eq!(out.requests[0].body, None, "{method}");
        assert_eq!(out.requests[0].header("Content-Type"), None);
    }
    let r = &build(
        &spec(json!({"path": "t", "method": "patch"})),
        rows(json!([{}])),
        BASE,
        "tok",
        &SystemRandom::new(),
    )
    .unwrap()
    .requests[0];
    assert_eq!(r.method, Method::Patch);
    assert_eq!(r.body.as_deref(), Some("{}"));
    assert_eq!(r.header("Authorization"), Some("Bearer tok"));
    assert_eq!(r.header("Content-Type"), Some("application/json"));
}

#[test]
fn templates_are_checked_once() {
    for (path, code) in [
        ("a/{", ErrorCode::InvalidArgument),
        ("a/{x", ErrorCode::InvalidArgument),
        ("a}/b", ErrorCode::InvalidArgument),
        ("a/{x}}", ErrorCode::InvalidArgument),
        ("a/{}", ErrorCode::InvalidArgument),
        ("a/{x{y}}", ErrorCode::InvalidArgument),
        ("../{x}", ErrorCode::PathInvalid),
        ("a//{x}", ErrorCode::PathInvalid),
        ("a/{x}#f", ErrorCode::PathInvalid),
        ("a\\{x}", ErrorCode::PathInvalid),
        ("javascript:{x}", ErrorCode::PathInvalid),
    ] {
        assert_eq!(BulkSpec::new(path).compile().unwrap_err().code(), code, "{path}");
    }
    let mut s = BulkSpec::new("x");
    s.method = "FETCH".into();
    let e = s.compile().unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidArgument);
    assert!(e.message().contains("PATCH"), "{}", e.message());

    // An absolute template is judged against the base URL when building.
    let inside = BulkSpec::new(format!("{BASE}/employers/{{e}}"));
    let out = build(&inside, rows(json!([{"e": "1"}])), BASE, "tok", &SystemRandom::new()).unwrap();
    assert_eq!(out.requests[0].url, format!("{BASE}/employers/1"));
    let outside = BulkSpec::new("https://elsewhere.example/employers/{e}");
    let e = build(&outside, rows(json!([{"e": "1"}])), BASE, "tok", &SystemRandom::new());
    assert_eq!(e.unwrap_err().code(), ErrorCode::PathInvalid);
}

#[test]
fn batch_errors_are_one_error_not_one_per_row() {
    let s = BulkSpec::new("t");
    let many = || rows(json!([{}, {}, {}]));
    let rng = SystemRandom::new();
    for (base, token, code) in [
        ("https://", "tok", ErrorCode::UrlInvalid),
        ("http://example.com/x", "tok", ErrorCode::UrlInvalid),
        (BASE, "", ErrorCode::InvalidArgument),
        (BASE, "Bearer tok", ErrorCode::HeaderInvalid),
    ] {
        assert_eq!(
            build(&s, many(), base, token, &rng).unwrap_err().code(),
            code,
            "{base} {token}"
        );
        // Even with no rows: the arguments are wrong either way.
        assert_eq!(build(&s, Vec::new(), base, token, &rng).unwrap_err().code(), code);
    }
    let empty = build(&s, Vec::new(), BASE, "tok", &rng).unwrap();
    assert!(empty.is_ok() && empty.requests.is_empty() && empty.rows.is_empty());
}

// --- the spec as data --------------------------------------------------------------------------

#[test]
fn spec_deserialises_with_defaults_and_refuses_unknown_members() {
    let s = spec(json!({"path": "p"}));
    assert_eq!(s, BulkSpec::new("p"));
    assert_eq!(s.method, "POST");
    // Null is absent, as Python's None and JavaScript's null.
    let s = spec(json!({"path": "p", "method": null, "fields": null, "required": null,
                        "keep_path_fields": null}));
    assert_eq!(s, BulkSpec::new("p"));
    let s = spec(json!({"path": "p", "fields": {"a": "enterprise_number", "b": "nsso_number"},
                        "required": ["a"], "keep_path_fields": true, "method": "put"}));
    assert_eq!(s.fields.as_ref().unwrap()["a"], FieldKind::EnterpriseNumber);
    assert_eq!(s.compile().unwrap().method(), Method::Put);
    for bad in [
        json!({"path": "p", "keepPathFields": true}),
        json!({"path": "p", "fields": {"a": "Ssin"}}),
        json!({"path": "p", "fields": {"a": "uuid"}}),
        json!({"method": "GET"}),
        json!({"path": "p", "required": "a"}),
    ] {
        assert!(serde_json::from_value::<BulkSpec>(bad.clone()).is_err(), "{bad}");
    }
}

#[test]
fn field_kinds_have_one_name_each() {
    let mut names = BTreeSet::new();
    for kind in FieldKind::ALL {
        assert_eq!(FieldKind::parse(kind.as_str()).unwrap(), kind);
        assert_eq!(serde_json::to_value(kind).unwrap(), json!(kind.as_str()));
        assert_eq!(serde_json::from_value::<FieldKind>(json!(kind.as_str())).unwrap(), kind);
        assert!(names.insert(kind.as_str()));
    }
    let e = FieldKind::parse("SSIN").unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidArgument);
    for name in &names {
        assert!(e.message().contains(name), "{}", e.message());
    }
}

#[test]
fn validate_then_request_is_what_build_does() {
    let c = BulkSpec::new("/employers/{enterpriseNumber}/trainings").compile().unwrap();
    let valid = c
        .validate_row(0, rows(json!([{"enterpriseNumber": CBE, "ssin": SSIN}])).remove(0))
        .unwrap();
    assert_eq!(valid.path, format!("/employers/{CBE}/trainings"));
    assert_eq!(
        serde_json::to_value(&valid).unwrap(),
        json!({"path": format!("/employers/{CBE}/trainings"), "body": {"ssin": SSIN}})
    );
    let trace = "3b7c9a10-2a4e-4c1f-8d2b-6a1f0e9d5c44";
    let r = c
        .request(valid)
        .build(&careerpro_fla::BaseUrl::parse(BASE).unwrap(), "tok", trace)
        .unwrap();
    assert_eq!(r.url, format!("{BASE}/employers/{CBE}/trainings"));
    assert_eq!(r.body.as_deref(), Some(r#"{"ssin":"85073003328"}"#));
    assert_eq!(r.header("BelGov-Trace-Id"), Some(trace));
}

// --- properties --------------------------------------------------------------------------------

/// Values a spreadsheet or a DataFrame produces for a field, good and bad.
fn cell() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(json!(SSIN)),
        Just(json!("85.07.30-033.28")),
        Just(json!(CBE)),
        Just(json!("2025-03-03")),
        Just(json!("14")),
        Just(json!("yes")),
        Just(json!(14)),
        Just(json!("")),
        Just(Value::Null),
        Just(json!(".")),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        ".{0,12}".prop_map(Value::String),
        prop::collection::vec(any::<u8>(), 0..3).prop_map(|v| json!(v)),
    ]
}

/// A good value for each field of [`property_spec`].
const GOOD: [(&str, &str); 8] = [
    ("enterpriseNumber", "0884.303.369"),
    ("ssin", SSIN),
    ("startDate", "2025-03-03"),
    ("hours", "14"),
    ("formal", "yes"),
    ("amount", "1.5"),
    ("name", "Forklift"),
    ("other", "kept"),
];

/// A good row with some fields left out or replaced by any cell, or now and then not an
/// object at all.
fn row() -> impl Strategy<Value = Value> {
    let fields = GOOD.map(|(name, good)| {
        prop_oneof![
            6 => Just(Some(json!(good))),
            1 => Just(None),
            1 => cell().prop_map(Some),
        ]
        .prop_map(move |value| value.map(|v| (name.to_owned(), v)))
    });
    prop_oneof![
        19 => fields.prop_map(|f| Value::Object(f.into_iter().flatten().collect())),
        1 => cell(),
    ]
}

fn property_spec() -> BulkSpec {
    spec(json!({
        "path": "/employers/{enterpriseNumber}/trainings/{name}",
        "fields": {"enterpriseNumber": "enterprise_number", "ssin": "ssin", "startDate": "date",
                   "hours": "integer", "formal": "boolean", "amount": "number", "name": "string"},
        "required": ["ssin"],
    }))
}

/// Each input row is in exactly one of `rows` and the errors' rows; nothing is lost or
/// doubled; requests pair with rows; the errors are in row order.
#[test]
fn every_row_is_accounted_for_once() {
    let compiled = property_spec().compile().unwrap();
    let rng = SystemRandom::new();
    let (ok_rows, bad_rows) = (Cell::new(0usize), Cell::new(0usize));
    let codes = RefCell::new(BTreeSet::new());
    let mut runner = TestRunner::new(Config { cases: 512, ..Config::default() });
    runner
        .run(&prop::collection::vec(row(), 0..24), |values| {
            let n = values.len();
            let read = values.into_iter().enumerate().map(|(i, v)| read_row(i, v)).collect();
            let out = compiled.build_read(read, BASE, "tok", &rng).unwrap();
            prop_assert_eq!(out.requests.len(), out.rows.len());
            prop_assert!(out.rows.windows(2).all(|w| w[0] < w[1]));
            prop_assert!(out.errors.windows(2).all(|w| w[0].row <= w[1].row));
            let good: BTreeSet<usize> = out.rows.iter().copied().collect();
            let bad: BTreeSet<usize> = out.errors.iter().map(|e| e.row).collect();
            prop_assert!(good.is_disjoint(&bad));
            prop_assert_eq!(
                good.union(&bad).copied().collect::<Vec<_>>(),
                (0..n).collect::<Vec<_>>()
            );
            for (request, row) in out.requests.iter().zip(&out.rows) {
                prop_assert!(request.url.starts_with(BASE), "{} (row {row})", request.url);
            }
            ok_rows.set(ok_rows.get() + good.len());
            bad_rows.set(bad_rows.get() + bad.len());
            codes.borrow_mut().extend(out.errors.iter().map(|e| e.code));
            Ok(())
        })
        .unwrap();
    // The generator reaches both branches, and not just barely, and the failures it makes
    // come from every kind of check.
    let total = ok_rows.get() + bad_rows.get();
    assert!(ok_rows.get() * 10 > total, "only {} good rows of {total}", ok_rows.get());
    assert!(bad_rows.get() * 10 > total, "only {} bad rows of {total}", bad_rows.get());
    let codes = codes.into_inner();
    for code in [
        ErrorCode::InvalidArgument,
        ErrorCode::SsinInvalid,
        ErrorCode::EnterpriseNumberInvalid,
        ErrorCode::DateInvalid,
        ErrorCode::PathInvalid,
    ] {
        assert!(codes.contains(&code), "{code} never produced: {codes:?}");
    }
}

/// Any JSON value.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<u64>().prop_map(|n| json!(n)),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        any::<String>().prop_map(Value::String),
        "[ 0-9.%/\\-eE+TBb:]{0,24}".prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map(".{0,6}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #[test]
    fn arbitrary_values_never_panic(value in json_value()) {
        for kind in FieldKind::ALL {
            let _ = kind.convert(value.clone());
        }
    }

    #[test]
    fn arbitrary_rows_and_templates_never_panic(
        path in "[a-z/{}?.%#\\\\:]{0,16}",
        keys in prop::collection::vec("[a-z{}]{0,3}", 0..4),
        kinds in prop::collection::vec(prop::sample::select(FieldKind::ALL.to_vec()), 0..4),
        values in prop::collection::vec(
            prop::collection::btree_map("[a-z{}]{0,3}", json_value(), 0..5),
            0..6,
        ),
        keep in any::<bool>(),
    ) {
        let mut s = BulkSpec::new(path);
        s.fields = Some(keys.iter().cloned().zip(kinds).collect());
        s.required = keys;
        s.keep_path_fields = keep;
        if let Ok(compiled) = s.compile() {
            let n = values.len();
            let rows: Vec<Map<String, Value>> =
                values.into_iter().map(|m| m.into_iter().collect()).collect();
            if let Ok(out) = compiled.build(rows, BASE, "tok", &SystemRandom::new()) {
                let bad: BTreeSet<usize> = out.errors.iter().map(|e| e.row).collect();
                prop_assert_eq!(out.rows.len() + bad.len(), n);
            }
        }
    }
}
