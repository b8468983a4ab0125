//! The one place core errors become JavaScript values: a real `Error` (stack trace, `instanceof
//! Error`) named `CareerProError`, carrying the core's stable `code` unchanged and, for errors
//! that came from an HTTP answer, what the answer told (`status`, `retryAfter`, `traceId`,
//! `oauthError`, `problem`, `excerpt`). Messages come from the core and never hold secrets.

use careerpro_fla::problem::{Issue, Problem};
use careerpro_fla::{Error, ErrorCode};
use js_sys::Reflect;
use serde_json::{json, Map, Value};
use wasm_bindgen::JsValue;

use crate::convert::to_js;

/// The `name` of every error this package throws.
pub const ERROR_NAME: &str = "CareerProError";

/// The binding's result type: errors are already JavaScript values.
pub type JsResult<T> = Result<T, JsValue>;

/// Converts a core result for returning to JavaScript (a thrown `CareerProError`).
pub fn js<T>(result: careerpro_fla::Result<T>) -> JsResult<T> {
    result.map_err(|e| js_error(&e))
}

/// An `invalid_argument` error about something JavaScript passed in.
pub fn bad_argument(message: impl Into<String>) -> JsValue {
    js_error(&Error::new(ErrorCode::InvalidArgument, message))
}

/// The JavaScript `Error` for a core error.
pub fn js_error(e: &Error) -> JsValue {
    let error = js_sys::Error::new(e.message());
    error.set_name(ERROR_NAME);
    let value: JsValue = error.into();
    let mut fields = vec![
        ("code", JsValue::from_str(e.code().as_str())),
        ("retryable", JsValue::from_bool(e.is_retryable())),
    ];
    if let Some(http) = e.http() {
        fields.push(("status", JsValue::from(http.status)));
        if let Some(s) = http.retry_after {
            fields.push(("retryAfter", to_js(&json!(s))));
        }
        if let Some(t) = &http.trace_id {
            fields.push(("traceId", JsValue::from_str(t)));
        }
        if let Some(o) = &http.oauth {
            let mut m = Map::new();
            m.insert("error".into(), json!(o.error));
            insert_opt(&mut m, "errorDescription", o.error_description.as_deref());
            insert_opt(&mut m, "errorUri", o.error_uri.as_deref());
            fields.push(("oauthError", to_js(&Value::Object(m))));
        }
        if let Some(p) = &http.problem {
            fields.push(("problem", to_js(&problem_json(p))));
        }
        if let Some(x) = &http.excerpt {
            fields.push(("excerpt", JsValue::from_str(x)));
        }
    }
    for (name, field) in fields {
        // Setting a property on a fresh Error cannot fail (not frozen, no setter).
        let _ = Reflect::set(&value, &JsValue::from_str(name), &field);
    }
    value
}

/// Problem details (RFC 9457) as JSON with the wire's member names, plus `shortType`.
pub fn problem_json(p: &Problem) -> Value {
    let mut m = Map::new();
    m.insert("type".into(), json!(p.problem_type));
    m.insert("shortType".into(), json!(p.short_type()));
    insert_opt(&mut m, "title", p.title.as_deref());
    if let Some(s) = p.status {
        m.insert("status".into(), json!(s));
    }
    insert_opt(&mut m, "detail", p.detail.as_deref());
    insert_opt(&mut m, "instance", p.instance.as_deref());
    m.insert("issues".into(), Value::Array(p.issues.iter().map(issue_json).collect()));
    m.insert("extensions".into(), Value::Object(p.extensions.clone()));
    Value::Object(m)
}

fn issue_json(i: &Issue) -> Value {
    let mut m = Map::new();
    insert_opt(&mut m, "type", i.issue_type.as_deref());
    insert_opt(&mut m, "title", i.title.as_deref());
    insert_opt(&mut m, "detail", i.detail.as_deref());
    insert_opt(&mut m, "in", i.location.as_deref());
    insert_opt(&mut m, "name", i.name.as_deref());
    if let Some(v) = &i.value {
        m.insert("value".into(), v.clone());
    }
    m.insert("extensions".into(), Value::Object(i.extensions.clone()));
    Value::Object(m)
}

/// Adds `name` only when there is a value: JavaScript sees `undefined`, never `null`.
pub fn insert_opt(m: &mut Map<String, Value>, name: &str, value: Option<&str>) {
    if let Some(v) = value {
        m.insert(name.into(), json!(v));
    }
}

/// Every code with its meaning, for documentation and for the test that proves the package
/// knows them all.
pub fn all_codes() -> Value {
    Value::Array(
        ErrorCode::ALL
            .iter()
            .map(|c| json!({"code": c.as_str(), "meaning": c.meaning()}))
            .collect(),
    )
}
