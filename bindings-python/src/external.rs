//! Keys held by the host (a KMS, an HSM, a smart card): a Python callable signs.

use careerpro_fla::assertion::AssertionOptions;
use careerpro_fla::Algorithm;
use pyo3::prelude::*;
use pyo3::types::PyBytes;

use crate::assertion::{finish, prepare, Assertion};
use crate::certificate::{certificate_arg, Certificate};
use crate::error::invalid_argument;
use crate::host::type_name;
use crate::key::algorithm_arg;

/// A key that signs outside this library: `sign(signing_input: bytes) -> bytes` returns the
/// JWS signature (ECDSA: raw `r‖s`). Usable wherever a `SigningKey` is.
#[pyclass(module = "careerpro_fla._native", frozen)]
#[derive(Debug)]
pub struct ExternalKey {
    algorithm: Algorithm,
    signer: Py<PyAny>,
    certificate: Option<careerpro_fla::Certificate>,
}

#[pymethods]
impl ExternalKey {
    #[new]
    #[pyo3(signature = (algorithm, sign, *, certificate = None))]
    fn new(
        algorithm: &str,
        sign: &Bound<'_, PyAny>,
        certificate: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<ExternalKey> {
        if !sign.is_callable() {
            return Err(invalid_argument(format!(
                "sign must be a callable taking bytes and returning bytes, not {}",
                type_name(sign)
            )));
        }
        Ok(ExternalKey {
            algorithm: algorithm_arg(algorithm)?,
            signer: sign.clone().unbind(),
            certificate: certificate.map(certificate_arg).transpose()?,
        })
    }

    /// The JWS algorithm the signer uses.
    #[getter]
    fn algorithm(&self) -> &'static str {
        self.algorithm.as_str()
    }

    /// The certificate registered in Chaman, if given.
    #[getter]
    fn certificate(&self) -> Option<Certificate> {
        self.certificate.clone().map(Certificate)
    }

    fn __repr__(&self) -> String {
        format!("ExternalKey({})", self.algorithm.as_str())
    }
}

impl ExternalKey {
    /// Prepares, has the callable sign, and assembles.
    pub fn sign_assertion(
        &self,
        py: Python<'_>,
        options: &AssertionOptions,
        now: i64,
        jti: Option<&str>,
    ) -> PyResult<Assertion> {
        let der = self.certificate.as_ref().map(|c| c.der());
        let unsigned = prepare(self.algorithm, options, now, jti, der)?;
        let input = PyBytes::new(py, unsigned.signing_input().as_bytes());
        let returned = self.signer.bind(py).call1((input,))?;
        let signature: Vec<u8> = returned
            .cast::<PyBytes>()
            .map(|b| b.as_bytes().to_vec())
            .or_else(|_| returned.extract::<Vec<u8>>())
            .map_err(|_| {
                crate::error::to_py_err(careerpro_fla::Error::new(
                    careerpro_fla::ErrorCode::ExternalSignatureInvalid,
                    format!("the external signer returned {}, not bytes", type_name(&returned)),
                ))
            })?;
        finish(&unsigned, &signature)
    }
}
