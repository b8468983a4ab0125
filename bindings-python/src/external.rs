//! Keys held by the host (a KMS, an HSM, a smart card): a Python callable signs.

use careerpro_fla::assertion::{self as core_assertion, AssertionOptions};
use careerpro_fla::key::external;
use pyo3::prelude::*;
use pyo3::types::PyBytes;

use crate::assertion::Assertion;
use crate::certificate::{certificate_arg, Certificate};
use crate::error::{invalid_argument, to_py_err, OrRaise};
use crate::host::{self, type_name};
use crate::key::{algorithm_arg, PublicKey};

/// A key that signs outside this library: `sign(signing_input: bytes) -> bytes` returns the
/// signature (RSA; ECDSA as raw `r‖s` or DER, as KMS APIs return it). With a certificate or a
/// public key, every signature is verified before use, so a wrong KMS key fails here rather
/// than at the token endpoint. Usable wherever a `SigningKey` is.
#[pyclass(module = "careerpro_fla._native", frozen)]
#[derive(Debug)]
pub struct ExternalKey {
    key: external::ExternalKey,
    signer: Py<PyAny>,
}

#[pymethods]
impl ExternalKey {
    #[new]
    #[pyo3(signature = (algorithm, sign, *, certificate = None, public_key = None, key_id = None))]
    fn new(
        algorithm: &str,
        sign: &Bound<'_, PyAny>,
        certificate: Option<&Bound<'_, PyAny>>,
        public_key: Option<&PublicKey>,
        key_id: Option<String>,
    ) -> PyResult<ExternalKey> {
        if !sign.is_callable() {
            return Err(invalid_argument(format!(
                "sign must be a callable taking bytes and returning bytes, not {}",
                type_name(sign)
            )));
        }
        let mut key = external::ExternalKey::new(algorithm_arg(algorithm)?);
        if let Some(pk) = public_key {
            key = key.with_public_key(pk.0.clone()).or_raise()?;
        }
        if let Some(cert) = certificate.map(certificate_arg).transpose()? {
            key = key.with_certificate_der(cert.der().to_vec()).or_raise()?;
        }
        if let Some(kid) = key_id {
            key = key.with_key_id(kid);
        }
        Ok(ExternalKey { key, signer: sign.clone().unbind() })
    }

    /// The JWS algorithm the signer uses.
    #[getter]
    fn algorithm(&self) -> &'static str {
        self.key.algorithm.as_str()
    }

    /// The certificate registered in Chaman, if given.
    #[getter]
    fn certificate(&self) -> PyResult<Option<Certificate>> {
        self.key
            .certificate_der
            .as_deref()
            .map(|der| careerpro_fla::Certificate::from_der(der).or_raise().map(Certificate))
            .transpose()
    }

    /// The public key, if known (given, or from the certificate).
    #[getter]
    fn public_key(&self) -> Option<PublicKey> {
        self.key.public_key.clone().map(PublicKey)
    }

    /// The key id (`kid`), if given.
    #[getter]
    fn key_id(&self) -> Option<&str> {
        self.key.key_id.as_deref()
    }

    fn __repr__(&self) -> String {
        format!("ExternalKey({})", self.key.algorithm.as_str())
    }
}

impl ExternalKey {
    /// Prepares, has the callable sign, checks and converts the signature, and assembles.
    pub fn sign_assertion(
        &self,
        py: Python<'_>,
        options: &AssertionOptions,
        now: i64,
        jti: Option<&str>,
    ) -> PyResult<Assertion> {
        // The key's id goes into `kid` when the caller asks (`include_key_id`), as in the core.
        let unsigned =
            core_assertion::Assertion::prepare_external(&self.key, options, now, jti, &host::rng())
                .or_raise()?;
        let input = unsigned.signing_input().as_bytes();
        let returned = self.signer.bind(py).call1((PyBytes::new(py, input),))?;
        let signature: Vec<u8> =
            returned.cast::<PyBytes>().map(|b| b.as_bytes().to_vec()).map_err(|_| {
                to_py_err(careerpro_fla::Error::new(
                    careerpro_fla::ErrorCode::ExternalSignatureInvalid,
                    format!("the external signer returned {}, not bytes", type_name(&returned)),
                ))
            })?;
        // Verifying an RSA signature takes a moment: let other threads run.
        py.detach(|| unsigned.finish(&self.key, &signature)).or_raise().map(Assertion::from)
    }
}
