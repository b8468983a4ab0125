//! The conformance suite (`tests/conformance/*.json`, format in its README), replayed against
//! the bridge: the same cases every binding replays.

#![allow(clippy::disallowed_methods, clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![allow(clippy::print_stderr)] // the pass/fail count is the report

use std::path::{Path, PathBuf};

use base64::Engine as _;
use careerpro_fla::bridge::{call, Host, Object};
use serde_json::Value;

/// The host clock of every case: 2026-01-01T00:00:00Z.
const NOW_MS: i64 = 1_767_225_600_000;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn bytes(spec: Option<&Value>) -> Vec<u8> {
    let Some(spec) = spec else { return Vec::new() };
    if let Some(t) = spec.get("text").and_then(Value::as_str) {
        t.as_bytes().to_vec()
    } else if let Some(b) = spec.get("base64").and_then(Value::as_str) {
        base64::engine::general_purpose::STANDARD.decode(b).expect("base64 bytes")
    } else if let Some(f) = spec.get("file").and_then(Value::as_str) {
        std::fs::read(root().join(f)).unwrap_or_else(|e| panic!("{f}: {e}"))
    } else {
        panic!("bytes must be text, base64 or file: {spec}")
    }
}

/// The input as the host sends it: a string is raw text, anything else JSON.
fn input(case: &Value) -> String {
    match case.get("input") {
        None => String::new(),
        Some(Value::String(raw)) => raw.clone(),
        Some(v) => v.to_string(),
    }
}

/// The README's matching rules; on a mismatch, the path to it.
fn matches(expected: &Value, actual: Option<&Value>, path: &str) -> Result<(), String> {
    match (expected, actual) {
        (Value::String(s), None) if s == "<absent>" => Ok(()),
        (_, None) => Err(format!("{path}: missing, expected {expected}")),
        (Value::String(s), Some(a)) if s == "<absent>" => {
            Err(format!("{path}: expected absent, got {a}"))
        }
        (Value::String(s), Some(Value::String(a))) if s.starts_with("<contains>") => {
            let needle = &s["<contains>".len()..];
            if a.contains(needle) {
                Ok(())
            } else {
                Err(format!("{path}: {a:?} lacks {needle:?}"))
            }
        }
        (Value::Object(e), Some(Value::Object(a))) => {
            for (k, v) in e {
                matches(v, a.get(k), &format!("{path}.{k}"))?;
            }
            Ok(())
        }
        (Value::Array(e), Some(Value::Array(a))) => {
            if e.len() != a.len() {
                return Err(format!("{path}: {} elements, expected {}", a.len(), e.len()));
            }
            for (i, (ev, av)) in e.iter().zip(a).enumerate() {
                matches(ev, Some(av), &format!("{path}[{i}]"))?;
            }
            Ok(())
        }
        (Value::Number(e), Some(Value::Number(a))) => {
            if e.as_f64() == a.as_f64() && e.as_i64() == a.as_i64() && e.as_u64() == a.as_u64() {
                Ok(())
            } else {
                Err(format!("{path}: {a}, expected {e}"))
            }
        }
        (e, Some(a)) => {
            if e == a {
                Ok(())
            } else {
                Err(format!("{path}: {a}, expected {e}"))
            }
        }
    }
}

fn check(expect: &Value, envelope: &str) -> Result<(), String> {
    let actual: Value =
        serde_json::from_str(envelope).map_err(|e| format!("not JSON: {e}: {envelope}"))?;
    matches(expect, Some(&actual), "$").map_err(|e| format!("{e}\n  envelope: {envelope}"))
}

/// What a build without the `keys` feature answers to a case that needs it.
fn not_in_this_build() -> Value {
    serde_json::json!({"error": {"code": "invalid_argument", "message": "<contains>not in this build"}})
}

fn run_case(case: &Value, rng: &dyn careerpro_fla::SecureRandom) -> Result<(), String> {
    let host = Host::new(NOW_MS, rng);
    let without_keys =
        case.get("needs").and_then(Value::as_str) == Some("keys") && !cfg!(feature = "keys");
    if let Some(op) = case.get("op").and_then(Value::as_str) {
        let out = call(op, &input(case), &bytes(case.get("bytes")), &host);
        let expect = if without_keys { not_in_this_build() } else { case["expect"].clone() };
        return check(&expect, &out);
    }
    let open = case.get("open").ok_or("a case has op or open")?;
    let kind = open["kind"].as_str().ok_or("open.kind")?;
    let opened = Object::open(kind, &input(open), &bytes(open.get("bytes")), &host);
    let expect_open = if without_keys {
        not_in_this_build()
    } else {
        case.get("expect_open").cloned().unwrap_or(serde_json::json!({"ok": true}))
    };
    let object = match opened {
        Ok(object) => {
            check(&expect_open, r#"{"ok":true}"#)?;
            object
        }
        Err(envelope) => return check(&expect_open, &envelope),
    };
    for (n, step) in case["steps"].as_array().ok_or("steps")?.iter().enumerate() {
        let op = step["op"].as_str().ok_or("step.op")?;
        let out = object.call(op, &input(step), &bytes(step.get("bytes")), &host);
        check(&step["expect"], &out).map_err(|e| format!("step {n} ({op}): {e}"))?;
    }
    Ok(())
}

#[test]
fn every_conformance_case_passes() {
    let rng = careerpro_fla::SystemRandom::new();
    let dir = root().join("tests/conformance");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no cases in {}", dir.display());
    let (mut passed, mut failures) = (0, Vec::new());
    for file in &files {
        let doc: Value = serde_json::from_slice(&std::fs::read(file).unwrap())
            .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        for case in doc["cases"].as_array().expect("cases") {
            match run_case(case, &rng) {
                Ok(()) => passed += 1,
                Err(e) => failures.push(format!("{name}: {}: {e}", case["name"])),
            }
        }
    }
    let build = if cfg!(feature = "keys") { "default" } else { "without keys" };
    eprintln!("conformance (Rust core, {build}): {passed} passed, {} failed", failures.len());
    assert!(failures.is_empty(), "{} failed:\n{}", failures.len(), failures.join("\n"));
}
