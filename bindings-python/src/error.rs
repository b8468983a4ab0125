//! The one place where the core's [`ErrorCode`]s become Python exceptions.
//!
//! The classes, and the table of which class each code raises, are written in Python
//! (`careerpro_fla/errors.py`: typed, documented, picklable). This file hands the core's error
//! payload (code, message, status, trace id, `Retry-After`, OAuth error, problem details) to
//! `errors.from_payload`, the same function that raises from a bridge envelope, so an error
//! looks the same whichever path it took. `tests/test_errors.py` walks `error_codes()` and
//! fails if any current code maps to the base class.

use careerpro_fla::{Error, ErrorCode};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;

/// The class of `careerpro_fla.errors` that `code` raises (`errors.class_for`: the table
/// lives in Python, `errors._CLASSES`).
pub fn class_for<'py>(py: Python<'py>, code: &str) -> PyResult<Bound<'py, PyAny>> {
    errors_attr(py, "class_for")?.call1((code,))
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

/// The member `name` of `careerpro_fla.errors`.
pub fn errors_attr<'py>(py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyAny>> {
    static MODULE: PyOnceLock<Py<PyModule>> = PyOnceLock::new();
    let module =
        MODULE.get_or_try_init(py, || py.import("careerpro_fla.errors").map(Bound::unbind))?;
    module.bind(py).getattr(name)
}

/// The exception from the core's error payload, through `errors.from_payload` (the one
/// function that builds every exception of the package).
fn build(py: Python<'_>, err: &Error) -> PyResult<PyErr> {
    let payload = serde_json::to_string(&err.payload())
        .map_err(|e| pyo3::exceptions::PyRuntimeError::new_err(e.to_string()))?;
    let instance = errors_attr(py, "_from_payload_json")?.call1((payload,))?;
    Ok(PyErr::from_value(instance))
}
