//! The one place core errors become JavaScript values, shaped like the Node binding's: the
//! core's stable `code` unchanged, a message without secrets, and, for errors that came from an
//! HTTP answer, `status`, `traceId`, `retryAfter`, `excerpt`, `oauth` and `problem` (wire names).
//!
//! The JavaScript layer registers a factory (`setErrorFactory`) that turns this payload into its
//! class hierarchy (`ValidationError`, `InvalidClientError`, `ProblemError`, …); without one
//! (the raw module), errors are plain `Error`s named `CareerProError` with the same fields.

use std::cell::RefCell;

use careerpro_fla::problem::Problem;
use careerpro_fla::{Error, ErrorCode};
use serde_json::{json, Map, Value};
use wasm_bindgen::prelude::*;

use crate::convert::{set, to_js};

/// The binding's result type: errors are already JavaScript values.
pub type JsResult<T> = Result<T, JsValue>;

thread_local! {
    static FACTORY: RefCell<Option<js_sys::Function>> = const { RefCell::new(None) };
}

/// Registers the function that turns an error payload `{code, message, retryable, status?,
/// traceId?, retryAfter?, excerpt?, oauth?, problem?}` into an error instance (called once by
/// the package's entry point; not for applications).
#[wasm_bindgen(js_name = setErrorFactory)]
pub fn set_error_factory(
    #[wasm_bindgen(unchecked_param_type = "(payload: ErrorPayload) => Error")] factory: JsValue,
) {
    let f = factory.dyn_into::<js_sys::Function>().ok();
    FACTORY.with(|cell| *cell.borrow_mut() = f);
}

/// Converts a core result for returning to JavaScript (a thrown typed error).
pub fn js<T>(result: careerpro_fla::Result<T>) -> JsResult<T> {
    result.map_err(|e| js_error(&e))
}

/// An `invalid_argument` error about something JavaScript passed in.
pub fn bad_argument(message: impl Into<String>) -> JsValue {
    js_error(&Error::new(ErrorCode::InvalidArgument, message))
}

/// The JavaScript error for a core error.
pub fn js_error(e: &Error) -> JsValue {
    let payload = to_js(&payload(e));
    let made = FACTORY
        .with(|cell| cell.borrow().as_ref().and_then(|f| f.call1(&JsValue::NULL, &payload).ok()));
    if let Some(error) = made.filter(JsValue::is_object) {
        return error;
    }
    let error = js_sys::Error::new(e.message());
    error.set_name("CareerProError");
    let value: JsValue = error.into();
    if let Ok(entries) =
        js_sys::Object::entries(payload.unchecked_ref()).dyn_into::<js_sys::Array>()
    {
        for pair in entries.iter() {
            let name = js_sys::Reflect::get_u32(&pair, 0).ok().and_then(|n| n.as_string());
            let field = js_sys::Reflect::get_u32(&pair, 1).unwrap_or(JsValue::UNDEFINED);
            if let Some(name) = name.filter(|n| n != "message") {
                set(&value, &name, &field);
            }
        }
    }
    value
}

/// The payload of an error, as the Node binding hands it to its factory.
pub fn payload(e: &Error) -> Value {
    let mut p = Map::new();
    p.insert("code".into(), json!(e.code().as_str()));
    p.insert("message".into(), json!(e.message()));
    p.insert("retryable".into(), json!(e.is_retryable()));
    if let Some(http) = e.http() {
        p.insert("status".into(), json!(http.status));
        if let Some(s) = http.retry_after {
            p.insert("retryAfter".into(), json!(s));
        }
        if let Some(t) = &http.trace_id {
            p.insert("traceId".into(), json!(t));
        }
        if let Some(x) = &http.excerpt {
            p.insert("excerpt".into(), json!(x));
        }
        if let Some(o) = &http.oauth {
            p.insert(
                "oauth".into(),
                json!({"error": o.error, "errorDescription": o.error_description, "errorUri": o.error_uri}),
            );
        }
        if let Some(pr) = &http.problem {
            p.insert("problem".into(), problem_json(pr));
        }
    }
    Value::Object(p)
}

/// A problem with its wire names (`type`, `title`, `status`, `detail`, `instance`, `issues`
/// with `in`, and every extension member), as the Node binding gives it.
pub fn problem_json(problem: &Problem) -> Value {
    let mut d = problem.extensions.clone();
    d.insert("type".into(), json!(problem.problem_type));
    d.insert("title".into(), json!(problem.title));
    d.insert("status".into(), json!(problem.status));
    d.insert("detail".into(), json!(problem.detail));
    d.insert("instance".into(), json!(problem.instance));
    let issues = problem
        .issues
        .iter()
        .map(|issue| {
            let mut i = issue.extensions.clone();
            i.insert("type".into(), json!(issue.issue_type));
            i.insert("title".into(), json!(issue.title));
            i.insert("detail".into(), json!(issue.detail));
            i.insert("in".into(), json!(issue.location));
            i.insert("name".into(), json!(issue.name));
            i.insert("value".into(), issue.value.clone().unwrap_or(Value::Null));
            Value::Object(i)
        })
        .collect();
    d.insert("issues".into(), Value::Array(issues));
    Value::Object(d)
}

/// Every code with its meaning, in declaration order.
#[wasm_bindgen(js_name = errorCodes, unchecked_return_type = "ErrorCodeInfo[]")]
pub fn error_codes() -> JsValue {
    to_js(&Value::Array(
        ErrorCode::ALL
            .iter()
            .map(|c| json!({"code": c.as_str(), "meaning": c.meaning()}))
            .collect(),
    ))
}
