//! Core errors become instances of the JS classes in `lib/errors.cjs`.
//!
//! The classes and the code → class mapping are written in JavaScript (one file, with a test
//! that every code of [`error_codes`] maps to a class more specific than `CareerProError`). At
//! load, `lib/main.cjs` registers a factory with [`set_error_factory`]; this module hands it a
//! plain payload (`code`, `message`, and what the HTTP answer told) and throws what it returns.
//! Before the factory is registered (the raw addon loaded on its own), a plain `Error` whose
//! message starts with the code is thrown instead.

use std::cell::RefCell;

use careerpro_fla::{Error, ErrorCode, Problem};
use napi::bindgen_prelude::{Function, FunctionRef, Unknown};
use napi::{Env, Status};
use napi_derive::napi;
use serde_json::{json, Map, Value};

type Factory = FunctionRef<Value, Unknown<'static>>;

thread_local! {
    // One per JS thread: each worker thread loads the addon and registers its own factory.
    static FACTORY: RefCell<Option<Factory>> = const { RefCell::new(None) };
}

/// One error code of the core.
#[napi(object)]
#[derive(Debug)]
pub struct ErrorCodeInfo {
    /// The stable snake_case code (`error.code`).
    pub code: String,
    /// What it means, in one line.
    pub meaning: String,
}

/// Every error code of the core, in declaration order.
#[napi]
pub fn error_codes() -> Vec<ErrorCodeInfo> {
    ErrorCode::ALL
        .iter()
        .map(|c| ErrorCodeInfo { code: c.as_str().to_owned(), meaning: c.meaning().to_owned() })
        .collect()
}

/// Registers the function that turns an error payload into an error instance (called once by
/// `lib/main.cjs`; not for applications).
#[napi(ts_args_type = "factory: (payload: ErrorPayload) => Error")]
pub fn set_error_factory(factory: Function<'_, Value, Unknown<'static>>) -> napi::Result<()> {
    let reference = factory.create_ref()?;
    FACTORY.with(|f| *f.borrow_mut() = Some(reference));
    Ok(())
}

/// The shape handed to the error factory (documented for `lib/errors.d.ts`).
#[napi(object)]
#[derive(Debug)]
#[allow(dead_code)] // built in JS by the factory's caller; declared here for `index.d.ts`
pub struct ErrorPayload {
    pub code: String,
    pub message: String,
    pub retryable: bool,
    pub status: Option<u32>,
    pub trace_id: Option<String>,
    pub retry_after: Option<i64>,
    pub excerpt: Option<String>,
    #[napi(ts_type = "{ error: string; errorDescription?: string; errorUri?: string }")]
    pub oauth: Option<Value>,
    #[napi(ts_type = "Record<string, unknown>")]
    pub problem: Option<Value>,
}

/// The payload of a core error, as JSON with camelCase members.
pub fn payload(err: &Error) -> Value {
    let mut p = Map::new();
    p.insert("code".into(), err.code().as_str().into());
    p.insert("message".into(), err.message().into());
    p.insert("retryable".into(), err.is_retryable().into());
    if let Some(http) = err.http() {
        p.insert("status".into(), http.status.into());
        p.insert("traceId".into(), http.trace_id.clone().into());
        p.insert("retryAfter".into(), http.retry_after.into());
        p.insert("excerpt".into(), http.excerpt.clone().into());
        if let Some(oauth) = &http.oauth {
            p.insert(
                "oauth".into(),
                json!({
                    "error": oauth.error,
                    "errorDescription": oauth.error_description,
                    "errorUri": oauth.error_uri,
                }),
            );
        }
        if let Some(problem) = &http.problem {
            p.insert("problem".into(), problem_json(problem));
        }
    }
    Value::Object(p)
}

/// A problem with its wire names: `type`, `title`, `status`, `detail`, `instance`, `issues`
/// (each with `type`, `title`, `detail`, `in`, `name`, `value` and its other members) and every
/// extension member.
pub fn problem_json(problem: &Problem) -> Value {
    let mut d = problem.extensions.clone();
    d.insert("type".into(), problem.problem_type.clone().into());
    d.insert("title".into(), problem.title.clone().into());
    d.insert("status".into(), problem.status.into());
    d.insert("detail".into(), problem.detail.clone().into());
    d.insert("instance".into(), problem.instance.clone().into());
    let issues = problem
        .issues
        .iter()
        .map(|issue| {
            let mut i = issue.extensions.clone();
            i.insert("type".into(), issue.issue_type.clone().into());
            i.insert("title".into(), issue.title.clone().into());
            i.insert("detail".into(), issue.detail.clone().into());
            i.insert("in".into(), issue.location.clone().into());
            i.insert("name".into(), issue.name.clone().into());
            i.insert("value".into(), issue.value.clone().unwrap_or(Value::Null));
            Value::Object(i)
        })
        .collect();
    d.insert("issues".into(), Value::Array(issues));
    Value::Object(d)
}

/// The error instance for a core error (not thrown: for APIs that return errors as values).
pub fn error_value<'env>(env: &'env Env, err: &Error) -> napi::Result<Unknown<'env>> {
    let made = FACTORY.with(|f| -> Option<napi::Result<Unknown<'static>>> {
        let guard = f.borrow();
        let factory = guard.as_ref()?;
        Some(factory.borrow_back(env).and_then(|func| func.call(payload(err))))
    });
    match made {
        Some(result) => result,
        None => Err(plain(err)),
    }
}

/// The napi error that throws the typed instance for `err`.
pub fn to_js(env: &Env, err: &Error) -> napi::Error {
    match error_value(env, err) {
        Ok(value) => napi::Error::from(value),
        Err(e) => e,
    }
}

/// A plain `Error` carrying the code in its message (no factory registered).
fn plain(err: &Error) -> napi::Error {
    napi::Error::new(Status::GenericFailure, err.to_string())
}

/// `map_err(|e| to_js(env, &e))` spelled shorter.
pub trait OrThrow<T> {
    /// Converts a core result into a napi result that throws the typed error.
    fn or_throw(self, env: &Env) -> napi::Result<T>;
}

impl<T> OrThrow<T> for Result<T, Error> {
    fn or_throw(self, env: &Env) -> napi::Result<T> {
        self.map_err(|e| to_js(env, &e))
    }
}

/// A `ValidationError` (`invalid_argument`) raised by the binding itself, for JS values of the
/// wrong type or range.
pub fn invalid_argument(env: &Env, message: impl Into<String>) -> napi::Error {
    to_js(env, &Error::new(ErrorCode::InvalidArgument, message))
}
