//! The one place where the core's [`ErrorCode`]s become Python exceptions.
//!
//! The classes are written in Python (`careerpro_fla/errors.py`: typed, documented, picklable);
//! this file decides which class each code raises and fills in what the core knows (status,
//! trace id, `Retry-After`, OAuth error, problem details). `ErrorCode` is `#[non_exhaustive]`,
//! so the match needs a wildcard: a code added to the core later raises the base class with its
//! own `.code`. `tests/test_errors.py` walks `error_codes()` and fails if any current code
//! reaches the wildcard.

use careerpro_fla::{Error, ErrorCode, Problem};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList};

use crate::json::json_to_py;

/// The class of `careerpro_fla.errors` that `code` raises.
pub fn exception_name(code: ErrorCode) -> &'static str {
    use ErrorCode as C;
    match code {
        C::InvalidArgument
        | C::UrlInvalid
        | C::PathInvalid
        | C::HeaderInvalid
        | C::JsonInvalid
        | C::InputTooLarge
        | C::SsinInvalid
        | C::EnterpriseNumberInvalid
        | C::NssoNumberInvalid
        | C::DateInvalid => "ValidationError",
        C::KeyFormatUnrecognized
        | C::KeyMalformed
        | C::KeyUnsupported
        | C::KeyTooWeak
        | C::KeyAlgorithmMismatch
        | C::KeyEntryNotFound
        | C::KeyEntryAmbiguous => "KeyLoadError",
        C::KeyPasswordRequired | C::KeyPasswordIncorrect => "KeyPasswordError",
        C::SigningFailed | C::ExternalSignatureInvalid => "SigningError",
        C::CertificateMalformed | C::CertificateMissing | C::KeyCertificateMismatch => {
            "CertificateError"
        }
        C::TokenResponseMalformed | C::TokenTypeUnsupported => "TokenResponseError",
        C::TokenEndpointError => "TokenEndpointError",
        C::OAuthInvalidRequest => "InvalidRequest",
        C::OAuthInvalidClient => "InvalidClient",
        C::OAuthInvalidGrant => "InvalidGrant",
        C::OAuthUnauthorizedClient => "UnauthorizedClient",
        C::OAuthUnsupportedGrantType => "UnsupportedGrantType",
        C::OAuthInvalidScope => "InvalidScope",
        C::OAuthOther => "OAuthError",
        C::ApiProblem => "ProblemError",
        C::ApiError => "ApiError",
        C::ResponseMalformed | C::LocationMissing | C::RetryAfterInvalid => "ResponseError",
        C::TransportError => "TransportError",
        C::PollTimeout => "PollTimeoutError",
        // Codes added to the core after this binding: the base class, with the right `.code`.
        _ => "CareerProError",
    }
}

/// The Python exception for a core error.
pub fn to_py_err(err: Error) -> PyErr {
    Python::attach(|py| match build(py, &err) {
        Ok(e) => e,
        // Building the exception failed (the package is half-installed): still raise something
        // that says what went wrong, with the code.
        Err(build_failure) => build_failure,
    })
}

/// `map_err(to_py_err)` spelled shorter.
pub trait OrRaise<T> {
    /// Converts a core result into a Python result.
    fn or_raise(self) -> PyResult<T>;
}

impl<T> OrRaise<T> for Result<T, Error> {
    fn or_raise(self) -> PyResult<T> {
        self.map_err(to_py_err)
    }
}

/// A `ValidationError` (`invalid_argument`) raised by the binding itself, for Python values
/// of the wrong type or range.
pub fn invalid_argument(message: impl Into<String>) -> PyErr {
    to_py_err(Error::new(ErrorCode::InvalidArgument, message))
}

/// The `careerpro_fla.errors` class named `name`.
pub fn exception_class<'py>(py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyAny>> {
    static MODULE: PyOnceLock<Py<PyModule>> = PyOnceLock::new();
    let module =
        MODULE.get_or_try_init(py, || py.import("careerpro_fla.errors").map(Bound::unbind))?;
    module.bind(py).getattr(name)
}

fn build(py: Python<'_>, err: &Error) -> PyResult<PyErr> {
    let class = exception_class(py, exception_name(err.code()))?;
    let kwargs = PyDict::new(py);
    kwargs.set_item("code", err.code().as_str())?;
    kwargs.set_item("retryable", err.is_retryable())?;
    if let Some(http) = err.http() {
        kwargs.set_item("status", http.status)?;
        kwargs.set_item("trace_id", http.trace_id.as_deref())?;
        kwargs.set_item("retry_after", http.retry_after)?;
        kwargs.set_item("excerpt", http.excerpt.as_deref())?;
        if let Some(oauth) = &http.oauth {
            let d = PyDict::new(py);
            d.set_item("error", &oauth.error)?;
            d.set_item("error_description", oauth.error_description.as_deref())?;
            d.set_item("error_uri", oauth.error_uri.as_deref())?;
            kwargs.set_item("oauth", d)?;
        }
        if let Some(problem) = &http.problem {
            kwargs.set_item("problem", problem_to_py(py, problem)?)?;
        }
    }
    let instance = class.call((err.message(),), Some(&kwargs))?;
    Ok(PyErr::from_value(instance))
}

/// A problem as a dict with the wire names: `type`, `title`, `status`, `detail`, `instance`,
/// `issues` (each a dict with `type`, `title`, `detail`, `in`, `name`, `value` and the other
/// members) and every extension member.
pub fn problem_to_py<'py>(py: Python<'py>, problem: &Problem) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    for (k, v) in &problem.extensions {
        d.set_item(k, json_to_py(py, v)?)?;
    }
    d.set_item("type", &problem.problem_type)?;
    d.set_item("title", problem.title.as_deref())?;
    d.set_item("status", problem.status)?;
    d.set_item("detail", problem.detail.as_deref())?;
    d.set_item("instance", problem.instance.as_deref())?;
    let issues = PyList::empty(py);
    for issue in &problem.issues {
        let i = PyDict::new(py);
        for (k, v) in &issue.extensions {
            i.set_item(k, json_to_py(py, v)?)?;
        }
        i.set_item("type", issue.issue_type.as_deref())?;
        i.set_item("title", issue.title.as_deref())?;
        i.set_item("detail", issue.detail.as_deref())?;
        i.set_item("in", issue.location.as_deref())?;
        i.set_item("name", issue.name.as_deref())?;
        match &issue.value {
            Some(v) => i.set_item("value", json_to_py(py, v)?)?,
            None => i.set_item("value", py.None())?,
        }
        issues.append(i)?;
    }
    d.set_item("issues", issues)?;
    Ok(d)
}
