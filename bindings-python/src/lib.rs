//! `careerpro_fla._native`: the core in Python terms. Conversions and error mapping only; the
//! protocol lives in the core, the HTTP adapters in the pure-Python package around this module.

mod api;
mod assertion;
mod bridge;
mod bulk;
mod certificate;
mod error;
mod external;
mod host;
mod http;
mod json;
mod key;
mod manager;
mod profile;
mod token;

use careerpro_fla::ErrorCode;
use pyo3::prelude::*;

/// One entry of `error_codes()`: the stable code, its meaning and the exception it raises.
#[pyclass(module = "careerpro_fla._native", frozen)]
#[derive(Debug)]
struct ErrorCodeInfo {
    code: ErrorCode,
}

#[pymethods]
impl ErrorCodeInfo {
    /// The stable snake_case code (`exception.code`).
    #[getter]
    fn code(&self) -> &'static str {
        self.code.as_str()
    }

    /// What it means, in one line.
    #[getter]
    fn meaning(&self) -> &'static str {
        self.code.meaning()
    }

    /// The exception class raised for it.
    #[getter]
    fn exception<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        error::class_for(py, self.code.as_str())
    }

    fn __repr__(&self) -> String {
        format!("ErrorCodeInfo({})", host::py_repr(self.code.as_str()))
    }
}

/// Every error code of the core, in declaration order.
#[pyfunction]
fn error_codes() -> Vec<ErrorCodeInfo> {
    ErrorCode::ALL.iter().map(|&code| ErrorCodeInfo { code }).collect()
}

#[pymodule(gil_used = false)]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("SCOPE_EMPLOYER", profile::SCOPE_EMPLOYER)?;
    m.add("SCOPE_AGENT", profile::SCOPE_AGENT)?;
    m.add("CHAMAN_RULES", careerpro_fla::certificate::CHAMAN_RULES.to_vec())?;
    m.add_function(wrap_pyfunction!(bridge::call, m)?)?;
    m.add_class::<bridge::Handle>()?;
    m.add("BridgeError", m.py().get_type::<bridge::BridgeError>())?;
    m.add_class::<ErrorCodeInfo>()?;
    m.add_function(wrap_pyfunction!(error_codes, m)?)?;

    m.add_class::<profile::Profile>()?;
    m.add_class::<http::Request>()?;

    m.add_class::<key::SigningKey>()?;
    m.add_class::<key::PublicKey>()?;
    m.add_class::<external::ExternalKey>()?;
    m.add_class::<certificate::Certificate>()?;
    m.add_class::<certificate::Finding>()?;

    m.add_class::<assertion::Assertion>()?;
    m.add_class::<assertion::UnsignedAssertion>()?;
    m.add_function(wrap_pyfunction!(assertion::sign_assertion, m)?)?;
    m.add_function(wrap_pyfunction!(assertion::prepare_assertion, m)?)?;

    m.add_class::<token::AccessToken>()?;
    m.add_function(wrap_pyfunction!(token::token_request, m)?)?;
    m.add_function(wrap_pyfunction!(token::parse_token_response, m)?)?;
    m.add_class::<manager::TokenManager>()?;
    m.add_class::<manager::TokenAction>()?;

    m.add_class::<api::ApiResponse>()?;
    m.add_function(wrap_pyfunction!(api::api_request, m)?)?;
    m.add_function(wrap_pyfunction!(api::parse_api_response, m)?)?;
    m.add_function(wrap_pyfunction!(api::error_from_response, m)?)?;
    m.add_function(wrap_pyfunction!(api::next_page_request, m)?)?;
    m.add_function(wrap_pyfunction!(api::to_curl, m)?)?;
    m.add_class::<api::RetryPolicyConfig>()?;
    m.add_class::<api::RetryAdvice>()?;
    m.add_function(wrap_pyfunction!(api::advise_retry, m)?)?;
    m.add_class::<api::Poller>()?;
    m.add_class::<api::PollStepInfo>()?;

    m.add_class::<bulk::RowError>()?;
    m.add_class::<bulk::BulkResult>()?;
    m.add_function(wrap_pyfunction!(bulk::build_requests, m)?)?;
    m.add_function(wrap_pyfunction!(bulk::default_bulk_fields, m)?)?;
    Ok(())
}
