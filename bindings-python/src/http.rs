//! Requests and responses as plain data; the Python side sends them with httpx or requests.

use careerpro_fla::http::{self, HttpRequest, HttpResponse, Method};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict};

use crate::error::invalid_argument;
use crate::host::{bytes_arg, type_name};

/// A request to send exactly as given. `repr` hides the `Authorization` header and any
/// `client_assertion`; the attributes hold the real values for the HTTP client.
#[pyclass(module = "careerpro_fla._native", frozen, eq)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request(pub HttpRequest);

#[pymethods]
impl Request {
    /// A request from its parts (for tests and hand-written calls).
    #[new]
    #[pyo3(signature = (method, url, headers = None, body = None))]
    fn new(
        method: &str,
        url: String,
        headers: Option<&Bound<'_, PyAny>>,
        body: Option<String>,
    ) -> PyResult<Request> {
        let method = Method::parse(method)
            .ok_or_else(|| invalid_argument(format!("unknown HTTP method {method:?}")))?;
        let headers = match headers {
            Some(h) => headers_arg(h)?,
            None => Vec::new(),
        };
        Ok(Request(HttpRequest { method, url, headers, body }))
    }

    /// `GET`, `POST`, …
    #[getter]
    fn method(&self) -> &'static str {
        self.0.method.as_str()
    }

    /// The absolute URL, query included.
    #[getter]
    fn url(&self) -> &str {
        &self.0.url
    }

    /// Headers in the order to send them.
    #[getter]
    fn headers(&self) -> Vec<(String, String)> {
        self.0.headers.clone()
    }

    /// The body text (JSON or form data), if any.
    #[getter]
    fn body(&self) -> Option<&str> {
        self.0.body.as_deref()
    }

    /// The body as UTF-8 bytes (what goes on the wire), or `None`.
    #[getter]
    fn content<'py>(&self, py: Python<'py>) -> Option<Bound<'py, PyBytes>> {
        self.0.body.as_deref().map(|b| PyBytes::new(py, b.as_bytes()))
    }

    /// The first value of a header, matched case-insensitively.
    fn header(&self, name: &str) -> Option<&str> {
        self.0.header(name)
    }

    /// The headers as a dict (the last of repeated names wins).
    fn headers_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        for (k, v) in &self.0.headers {
            d.set_item(k, v)?;
        }
        Ok(d)
    }

    /// Whether sending the request twice has the effect of sending it once (RFC 9110 §9.2.2).
    #[getter]
    fn is_idempotent(&self) -> bool {
        self.0.method.is_idempotent()
    }

    fn __repr__(&self) -> String {
        use crate::host::{py_repr, py_repr_opt};
        let headers: Vec<String> = self
            .0
            .headers
            .iter()
            .map(|(k, v)| format!("({}, {})", py_repr(k), py_repr(&http::redact_header(k, v))))
            .collect();
        format!(
            "Request(method={}, url={}, headers=[{}], body={})",
            py_repr(self.0.method.as_str()),
            py_repr(&self.0.url),
            headers.join(", "),
            py_repr_opt(self.0.body.as_deref().map(http::redact_body).as_deref())
        )
    }
}

/// Headers from a mapping (`dict`, `httpx.Headers`, requests' `CaseInsensitiveDict`) or an
/// iterable of `(name, value)` pairs. `httpx.Headers.multi_items()` keeps repeated names.
pub fn headers_arg(obj: &Bound<'_, PyAny>) -> PyResult<Vec<(String, String)>> {
    let bad = || {
        invalid_argument(format!(
            "headers must be a mapping or (name, value) pairs of str, not {}",
            type_name(obj)
        ))
    };
    let pairs = if obj.hasattr("multi_items")? {
        obj.call_method0("multi_items")?
    } else if obj.hasattr("items")? {
        obj.call_method0("items")?
    } else {
        obj.clone()
    };
    let mut out = Vec::new();
    for item in pairs.try_iter().map_err(|_| bad())? {
        let (k, v): (String, String) = item?.extract().map_err(|_| bad())?;
        out.push((k, v));
    }
    Ok(out)
}

/// A response from what the Python HTTP client received.
pub fn response_arg(
    status: i64,
    headers: &Bound<'_, PyAny>,
    body: &Bound<'_, PyAny>,
) -> PyResult<HttpResponse> {
    let status = u16::try_from(status)
        .ok()
        .filter(|s| (100..=999).contains(s))
        .ok_or_else(|| invalid_argument(format!("the HTTP status {status} is not 100 to 999")))?;
    let headers = headers_arg(headers)?;
    let body = if body.is_none() { Vec::new() } else { bytes_arg(body, "the body")?.to_vec() };
    Ok(HttpResponse::new(status, headers, body))
}
