//! Plain data across the boundary: JSON-shaped JavaScript objects in and out (through the
//! host's own `JSON`, which keeps the module small), bytes as `Uint8Array`, times as numbers.

use careerpro_fla::{HttpRequest, HttpResponse, Method};
use js_sys::{Array, Object, Reflect, Uint8Array, JSON};
use serde_json::{json, Value};
use wasm_bindgen::{JsCast, JsValue};

use crate::error::{bad_argument, JsResult};

/// A JSON value as a JavaScript value.
pub fn to_js(value: &Value) -> JsValue {
    serde_json::to_string(value)
        .ok()
        .and_then(|text| JSON::parse(&text).ok())
        .unwrap_or(JsValue::UNDEFINED)
}

/// A JavaScript value as JSON (`undefined` and `null` become `Null`). Functions, symbols and
/// cycles are refused with `invalid_argument`.
pub fn from_js(value: &JsValue, what: &str) -> JsResult<Value> {
    if value.is_undefined() || value.is_null() {
        return Ok(Value::Null);
    }
    let text = JSON::stringify(value)
        .ok()
        .and_then(|s| s.as_string())
        .ok_or_else(|| bad_argument(format!("{what} is not JSON data")))?;
    serde_json::from_str(&text).map_err(|_| bad_argument(format!("{what} is not JSON data")))
}

/// A property of an object (`undefined` when absent or not an object).
pub fn prop(object: &JsValue, name: &str) -> JsValue {
    if !object.is_object() {
        return JsValue::UNDEFINED;
    }
    Reflect::get(object, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

/// Sets a property on an object we created.
pub fn set(object: &JsValue, name: &str, value: &JsValue) {
    // Our own fresh objects: setting cannot fail.
    let _ = Reflect::set(object, &JsValue::from_str(name), value);
}

/// An optional string property.
pub fn opt_string(object: &JsValue, name: &str) -> JsResult<Option<String>> {
    let v = prop(object, name);
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    v.as_string().map(Some).ok_or_else(|| bad_argument(format!("`{name}` must be a string")))
}

/// An optional boolean property.
pub fn opt_bool(object: &JsValue, name: &str) -> JsResult<Option<bool>> {
    let v = prop(object, name);
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    v.as_bool().map(Some).ok_or_else(|| bad_argument(format!("`{name}` must be a boolean")))
}

/// An optional whole-number property within `[min, max]`.
pub fn opt_int(object: &JsValue, name: &str, min: i64, max: i64) -> JsResult<Option<i64>> {
    let v = prop(object, name);
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    int(v.as_f64(), name, min, max).map(Some)
}

/// A whole number from JavaScript, range-checked before any conversion.
pub fn int(value: Option<f64>, name: &str, min: i64, max: i64) -> JsResult<i64> {
    let bad = || bad_argument(format!("`{name}` must be a whole number from {min} to {max}"));
    let v = value.ok_or_else(bad)?;
    // 2^53: every integer up to here is exact in an f64.
    const EXACT: f64 = 9_007_199_254_740_992.0;
    if !v.is_finite() || v.fract() != 0.0 || v.abs() > EXACT {
        return Err(bad());
    }
    // In range and integral (checked above), so the conversion is exact.
    #[allow(clippy::cast_possible_truncation)]
    let i = v as i64;
    if i < min || i > max {
        return Err(bad());
    }
    Ok(i)
}

/// Unix seconds: the value given, else the host clock (`Date.now()`).
pub fn now_s(now: Option<f64>) -> JsResult<i64> {
    match now {
        Some(n) => int(Some(n), "now", i64::from(i32::MIN) * 1000, 1 << 40),
        None => Ok(now_ms(None)?.div_euclid(1000)),
    }
}

/// Unix milliseconds: the value given, else the host clock (`Date.now()`).
pub fn now_ms(now: Option<f64>) -> JsResult<i64> {
    int(Some(now.unwrap_or_else(js_sys::Date::now).floor()), "now", 0, 1 << 50)
}

/// Bytes from a `Uint8Array`, an `ArrayBuffer`, any typed array view or a string (UTF-8).
pub fn bytes(value: &JsValue, what: &str) -> JsResult<Vec<u8>> {
    if let Some(s) = value.as_string() {
        return Ok(s.into_bytes());
    }
    if let Some(a) = value.dyn_ref::<Uint8Array>() {
        return Ok(a.to_vec());
    }
    if value.is_instance_of::<js_sys::ArrayBuffer>() {
        return Ok(Uint8Array::new(value).to_vec());
    }
    // Other typed arrays and DataView: their bytes, where they sit in the buffer.
    if js_sys::ArrayBuffer::is_view(value) {
        let buffer = prop(value, "buffer");
        let offset = int(prop(value, "byteOffset").as_f64(), "byteOffset", 0, u32::MAX.into())?;
        let length = int(prop(value, "byteLength").as_f64(), "byteLength", 0, u32::MAX.into())?;
        let (o, l) = (u32::try_from(offset).unwrap_or(0), u32::try_from(length).unwrap_or(0));
        return Ok(Uint8Array::new_with_byte_offset_and_length(&buffer, o, l).to_vec());
    }
    Err(bad_argument(format!("{what} must be a string, a Uint8Array or an ArrayBuffer")))
}

/// Optional bytes: `undefined`/`null` is `None`.
pub fn opt_bytes(value: &JsValue, what: &str) -> JsResult<Option<Vec<u8>>> {
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    bytes(value, what).map(Some)
}

/// Header pairs from an array of `[name, value]`, a `Headers` (any iterable of pairs) or a
/// plain object.
pub fn headers(value: &JsValue) -> JsResult<Vec<(String, String)>> {
    if value.is_undefined() || value.is_null() {
        return Ok(Vec::new());
    }
    if !value.is_object() {
        return Err(bad_argument("headers must be [name, value] pairs, a Headers or an object"));
    }
    let iterable = Reflect::has(value, &js_sys::Symbol::iterator()).unwrap_or(false);
    let pairs: Array = if iterable {
        Array::from(value)
    } else {
        Object::entries(value.unchecked_ref::<Object>())
    };
    let mut out = Vec::with_capacity(pairs.length() as usize);
    for pair in pairs.iter() {
        let name = Reflect::get_u32(&pair, 0).ok().and_then(|v| v.as_string());
        let value = Reflect::get_u32(&pair, 1).ok().and_then(|v| v.as_string());
        match (name, value) {
            (Some(n), Some(v)) => out.push((n, v)),
            _ => return Err(bad_argument("each header must be a [name, value] pair of strings")),
        }
    }
    Ok(out)
}

/// An HTTP response from `{status, headers, body}` (body: string, bytes, or absent).
pub fn response(value: &JsValue) -> JsResult<HttpResponse> {
    if !value.is_object() {
        return Err(bad_argument("the response must be an object {status, headers, body}"));
    }
    let status = int(prop(value, "status").as_f64(), "status", 100, 999)?;
    let status = u16::try_from(status).map_err(|_| bad_argument("status out of range"))?;
    let headers = headers(&prop(value, "headers"))?;
    let body = opt_bytes(&prop(value, "body"), "the response body")?.unwrap_or_default();
    Ok(HttpResponse::new(status, headers, body))
}

/// An HTTP request from `{method, url, headers, body}`.
pub fn request(value: &JsValue) -> JsResult<HttpRequest> {
    let method = opt_string(value, "method")?.unwrap_or_else(|| "GET".into());
    let method = method_of(&method)?;
    let url = opt_string(value, "url")?.ok_or_else(|| bad_argument("the request has no url"))?;
    let headers = headers(&prop(value, "headers"))?;
    let body = opt_string(value, "body")?;
    Ok(HttpRequest { method, url, headers, body })
}

/// A method name, case-insensitive.
pub fn method_of(name: &str) -> JsResult<Method> {
    Method::parse(&name.to_ascii_uppercase()).ok_or_else(|| {
        bad_argument(format!(
            "unknown method {:?}: use GET, POST, PUT, PATCH, DELETE or HEAD",
            name.chars().take(20).collect::<String>()
        ))
    })
}

/// An HTTP request for JavaScript: an `HttpRequest` (getters `method`, `url`, `headers`,
/// `body`, as the Node binding's).
pub fn request_js(r: &HttpRequest) -> JsValue {
    crate::api::HttpRequest { inner: r.clone() }.into()
}

/// Header pairs as `[[name, value], …]`.
pub fn pairs_json(pairs: &[(String, String)]) -> Value {
    Value::Array(pairs.iter().map(|(k, v)| json!([k, v])).collect())
}

/// A string argument. wasm-bindgen's `&str` glue does not check types in release builds (a
/// number or an object would reach WASM as a bogus pointer), so exported functions take
/// `JsValue` and check here.
pub fn str_arg(value: &JsValue, name: &str) -> JsResult<String> {
    value.as_string().ok_or_else(|| bad_argument(format!("`{name}` must be a string")))
}

/// An optional string argument (`undefined` and `null` are `None`).
pub fn opt_str_arg(value: &JsValue, name: &str) -> JsResult<Option<String>> {
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    str_arg(value, name).map(Some)
}
