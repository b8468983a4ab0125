//! The core's bridge in Python: `call(op, input, data)` and `Handle(kind, input, data)`.
//!
//! JSON text in, the envelope `{"ok": value}` / `{"error": payload}` out, exactly as the core
//! writes it; `careerpro_fla._bridge` parses the envelope and raises the typed exception from
//! the payload. What this file adds is the host: the clock (`SystemTime`, or `now_ms` when the
//! caller fixes it), the CSPRNG, bytes from any buffer, and the GIL released while the core
//! works (signing takes milliseconds).

use careerpro_fla::bridge::{self, Host, Object};
use pyo3::create_exception;
use pyo3::exceptions::{PyException, PyTypeError};
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes};
use zeroize::Zeroizing;

create_exception!(
    _native,
    BridgeError,
    PyException,
    "Opening a `Handle` failed; `args[0]` is the error envelope (JSON text)."
);

/// Runs the stateless operation `op` on `input` (JSON text) and `data`; answers the envelope.
#[pyfunction]
#[pyo3(signature = (op, input, data = None, *, now_ms = None))]
#[pyo3(text_signature = "(op, input, data=b'', *, now_ms=None)")]
pub fn call(
    py: Python<'_>,
    op: &str,
    input: &str,
    data: Option<&Bound<'_, PyAny>>,
    now_ms: Option<i64>,
) -> PyResult<String> {
    let data = Data::from_py(data)?;
    let bytes = data.as_slice();
    Ok(py.detach(|| {
        let rng = crate::rng();
        bridge::call(op, input, bytes, &Host::new(crate::now_ms(now_ms), &rng))
    }))
}

/// An object of the core (a signing key, an external key, a token manager, a poller) behind
/// an opaque handle: `Handle(kind, input, data)`, then `handle.call(op, input, data)`.
///
/// Safe to share between threads: keys sign concurrently; a stateful object (token manager,
/// poller) serialises its calls inside the core.
#[pyclass(module = "careerpro_fla._native", frozen)]
pub struct Handle {
    kind: &'static str,
    object: Object,
}

impl std::fmt::Debug for Handle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Handle").field("kind", &self.kind).finish_non_exhaustive()
    }
}

#[pymethods]
impl Handle {
    /// Opens an object of `kind`; raises `BridgeError(envelope)` when the core refuses.
    #[new]
    #[pyo3(signature = (kind, input, data = None, *, now_ms = None))]
    #[pyo3(text_signature = "(kind, input, data=b'', *, now_ms=None)")]
    fn new(
        py: Python<'_>,
        kind: &str,
        input: &str,
        data: Option<&Bound<'_, PyAny>>,
        now_ms: Option<i64>,
    ) -> PyResult<Handle> {
        let data = Data::from_py(data)?;
        let bytes = data.as_slice();
        let opened = py.detach(|| {
            let rng = crate::rng();
            Object::open(kind, input, bytes, &Host::new(crate::now_ms(now_ms), &rng))
        });
        match opened {
            Ok(object) => Ok(Handle { kind: object.kind(), object }),
            Err(envelope) => Err(BridgeError::new_err(envelope)),
        }
    }

    /// Runs `op` on the object; answers the envelope.
    #[pyo3(signature = (op, input, data = None, *, now_ms = None))]
    #[pyo3(text_signature = "($self, op, input, data=b'', *, now_ms=None)")]
    fn call(
        &self,
        py: Python<'_>,
        op: &str,
        input: &str,
        data: Option<&Bound<'_, PyAny>>,
        now_ms: Option<i64>,
    ) -> PyResult<String> {
        let data = Data::from_py(data)?;
        let bytes = data.as_slice();
        Ok(py.detach(|| {
            let rng = crate::rng();
            let host = Host::new(crate::now_ms(now_ms), &rng);
            self.object.call(op, input, bytes, &host)
        }))
    }

    /// The kind the object was opened as (`signing_key`, `external_key`, …).
    #[getter]
    fn kind(&self) -> &'static str {
        self.kind
    }

    fn __repr__(&self) -> String {
        // The kind only: a handle's content is key material or tokens.
        format!("Handle('{}')", self.kind)
    }
}

/// The binary argument: borrowed from an immutable `bytes`, else copied out of the buffer
/// (and wiped when dropped: key files pass through here).
enum Data<'a> {
    Borrowed(&'a [u8]),
    Copied(Zeroizing<Vec<u8>>),
}

impl<'a> Data<'a> {
    fn from_py(obj: Option<&'a Bound<'_, PyAny>>) -> PyResult<Data<'a>> {
        let Some(obj) = obj else {
            return Ok(Data::Borrowed(&[]));
        };
        if let Ok(b) = obj.cast::<PyBytes>() {
            return Ok(Data::Borrowed(b.as_bytes()));
        }
        if let Ok(b) = obj.cast::<PyByteArray>() {
            return Ok(Data::Copied(Zeroizing::new(b.to_vec())));
        }
        // Any other buffer (memoryview, array, mmap, numpy): through `memoryview`, which
        // accepts exactly the objects that offer the buffer protocol.
        let py = obj.py();
        let view = py.import("builtins")?.getattr("memoryview")?.call1((obj,)).map_err(|_| {
            PyTypeError::new_err(format!(
                "data must be a bytes-like object (bytes, bytearray, memoryview), not {}",
                obj.get_type().name().map(|n| n.to_string()).unwrap_or_default()
            ))
        })?;
        let copied = view.call_method0("tobytes")?;
        let bytes = copied.cast::<PyBytes>()?;
        Ok(Data::Copied(Zeroizing::new(bytes.as_bytes().to_vec())))
    }

    fn as_slice(&self) -> &[u8] {
        match self {
            Data::Borrowed(b) => b,
            Data::Copied(v) => v.as_slice(),
        }
    }
}
