//! X.509 certificates: inspection, thumbprints, key match, Chaman's rules.

use careerpro_fla::certificate as core_cert;
use pyo3::prelude::*;
use pyo3::types::PyBytes;

use crate::error::OrRaise;
use crate::host::{self, bytes_arg};
use crate::key::{PublicKey, SigningKey};

/// A parsed X.509 certificate (PEM, DER or bare base64 DER).
#[pyclass(module = "careerpro_fla._native", frozen, eq)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Certificate(pub core_cert::Certificate);

#[pymethods]
impl Certificate {
    /// Parses PEM (the first certificate), DER or bare base64 DER.
    #[staticmethod]
    fn parse(data: &Bound<'_, PyAny>) -> PyResult<Certificate> {
        let bytes = bytes_arg(data, "the certificate")?;
        core_cert::Certificate::parse(&bytes).or_raise().map(Certificate)
    }

    /// Every certificate in a PEM bundle (or the one DER certificate).
    #[staticmethod]
    fn parse_chain(data: &Bound<'_, PyAny>) -> PyResult<Vec<Certificate>> {
        let bytes = bytes_arg(data, "the certificates")?;
        let certs = core_cert::Certificate::parse_chain(&bytes).or_raise()?;
        Ok(certs.into_iter().map(Certificate).collect())
    }

    /// Subject distinguished name (`CN=…, O=…, C=BE`).
    #[getter]
    fn subject(&self) -> String {
        self.0.subject()
    }

    /// Issuer distinguished name.
    #[getter]
    fn issuer(&self) -> String {
        self.0.issuer()
    }

    /// Serial number, lowercase hex.
    #[getter]
    fn serial_hex(&self) -> String {
        self.0.serial_hex()
    }

    /// Start of validity (Unix seconds).
    #[getter]
    fn not_before(&self) -> i64 {
        self.0.not_before()
    }

    /// End of validity (Unix seconds).
    #[getter]
    fn not_after(&self) -> i64 {
        self.0.not_after()
    }

    /// The subject public key.
    #[getter]
    fn public_key(&self) -> PyResult<PublicKey> {
        self.0.public_key().or_raise().map(PublicKey)
    }

    /// `RSA`, `EC`, or the name of another key type.
    #[getter]
    fn key_algorithm(&self) -> String {
        self.0.key_algorithm()
    }

    /// The key algorithm's OID.
    #[getter]
    fn key_algorithm_oid(&self) -> String {
        self.0.key_algorithm_oid()
    }

    /// Key size in bits, when known.
    #[getter]
    fn key_bits(&self) -> Option<u32> {
        self.0.key_bits()
    }

    /// The EC curve, when the key is on a supported one.
    #[getter]
    fn curve(&self) -> Option<&'static str> {
        self.0.curve().map(|c| c.as_str())
    }

    /// The certificate's signature algorithm (`sha256WithRSAEncryption`, …).
    #[getter]
    fn signature_algorithm(&self) -> String {
        self.0.signature_algorithm()
    }

    /// The signature's digest (`SHA-256`, …), when known.
    #[getter]
    fn signature_digest(&self) -> Option<&'static str> {
        self.0.signature_digest()
    }

    /// Key usage bits (`digitalSignature`, …), or `None` without the extension.
    #[getter]
    fn key_usage(&self) -> Option<Vec<String>> {
        self.0.key_usage()
    }

    /// Whether subject = issuer.
    #[getter]
    fn is_self_signed(&self) -> bool {
        self.0.is_self_signed()
    }

    /// The DER encoding.
    #[getter]
    fn der<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, self.0.der())
    }

    /// The PEM encoding.
    fn to_pem(&self) -> String {
        self.0.to_pem()
    }

    /// SHA-1 of the DER.
    #[getter]
    fn thumbprint_sha1<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, &self.0.thumbprint_sha1())
    }

    /// SHA-256 of the DER.
    #[getter]
    fn thumbprint_sha256<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, &self.0.thumbprint_sha256())
    }

    /// SHA-1 thumbprint, hex (as Chaman and Windows show it).
    #[getter]
    fn thumbprint_sha1_hex(&self) -> String {
        self.0.thumbprint_sha1_hex()
    }

    /// SHA-256 thumbprint, hex.
    #[getter]
    fn thumbprint_sha256_hex(&self) -> String {
        self.0.thumbprint_sha256_hex()
    }

    /// The JWS `x5t` header value (base64url SHA-1).
    #[getter]
    fn x5t(&self) -> String {
        self.0.x5t()
    }

    /// The JWS `x5t#S256` header value (base64url SHA-256).
    #[getter]
    fn x5t_s256(&self) -> String {
        self.0.x5t_s256()
    }

    /// Whether the certificate's public key is the key's.
    fn matches_key(&self, key: &SigningKey) -> bool {
        self.0.matches_key(&key.inner)
    }

    /// Raises `CertificateError` (`key_certificate_mismatch`) unless the certificate belongs
    /// to the key.
    fn check_key(&self, key: &SigningKey) -> PyResult<()> {
        self.0.check_key(&key.inner).or_raise()
    }

    /// Checks Chaman's rules at `now` (default: the host clock): one finding per broken rule;
    /// an empty list means the certificate is acceptable.
    #[pyo3(signature = (now = None))]
    fn check_chaman(&self, now: Option<i64>) -> Vec<Finding> {
        self.0.check_chaman(host::now(now)).into_iter().map(Finding).collect()
    }

    /// A multi-line description for people.
    fn describe(&self) -> String {
        self.0.describe()
    }

    fn __repr__(&self) -> String {
        format!(
            "Certificate(subject={}, serial={})",
            crate::host::py_repr(&self.0.subject()),
            crate::host::py_repr(&self.0.serial_hex())
        )
    }
}

/// One broken Chaman rule.
#[pyclass(module = "careerpro_fla._native", frozen, eq)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding(pub core_cert::Finding);

#[pymethods]
impl Finding {
    /// The rule (`key_size`, `expired`, …; see `CHAMAN_RULES`).
    #[getter]
    fn rule(&self) -> &'static str {
        self.0.rule
    }

    /// `error` (Chaman refuses it) or `warning`.
    #[getter]
    fn severity(&self) -> &'static str {
        self.0.severity.as_str()
    }

    /// What is wrong and how to fix it.
    #[getter]
    fn message(&self) -> &str {
        &self.0.message
    }

    fn __repr__(&self) -> String {
        format!(
            "Finding(rule={}, severity={})",
            crate::host::py_repr(self.0.rule),
            crate::host::py_repr(self.0.severity.as_str())
        )
    }

    fn __str__(&self) -> String {
        self.0.to_string()
    }
}

/// A certificate from a `Certificate`, bytes or str.
pub fn certificate_arg(obj: &Bound<'_, PyAny>) -> PyResult<core_cert::Certificate> {
    if let Ok(c) = obj.cast::<Certificate>() {
        return Ok(c.get().0.clone());
    }
    let bytes = bytes_arg(obj, "the certificate")?;
    core_cert::Certificate::parse(&bytes).or_raise()
}
