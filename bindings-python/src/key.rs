//! Signing keys: loaded once, used for every assertion. `repr` never shows key material.

use careerpro_fla::key::PublicKey as CorePublicKey;
use careerpro_fla::{Algorithm, Error, SecureRandom};
use pyo3::prelude::*;
use pyo3::types::PyBytes;

use crate::certificate::{certificate_arg, Certificate};
use crate::error::{invalid_argument, OrRaise};
use crate::host::{self, bytes_arg};

/// A private key ready to sign client assertions; safe to share between threads.
#[pyclass(module = "careerpro_fla._native", frozen)]
#[derive(Debug)]
pub struct SigningKey {
    pub inner: careerpro_fla::SigningKey,
}

#[pymethods]
impl SigningKey {
    /// Loads a key from what the caller has (see the package docs for the formats), then
    /// optionally switches its algorithm (RSA keys: RS256 default, RS384, RS512, PS256, PS384,
    /// PS512) and attaches the certificate registered in Chaman (for `x5t`/`x5c` and the
    /// checks).
    #[staticmethod]
    #[pyo3(signature = (data, password = None, alias = None, *, algorithm = None, certificate = None))]
    fn from_bytes(
        py: Python<'_>,
        data: &Bound<'_, PyAny>,
        password: Option<&Bound<'_, PyAny>>,
        alias: Option<&str>,
        algorithm: Option<&str>,
        certificate: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<SigningKey> {
        let bytes = bytes_arg(data, "the key")?;
        let password = match password {
            Some(p) if !p.is_none() => {
                let p = bytes_arg(p, "the password")?;
                Some(zeroize::Zeroizing::new(
                    String::from_utf8(p.to_vec())
                        .map_err(|_| invalid_argument("the password is not UTF-8 text"))?,
                ))
            }
            _ => None,
        };
        let alias = alias.map(str::to_owned);
        let algorithm = algorithm.map(algorithm_arg).transpose()?;
        let certificate = certificate.map(certificate_arg).transpose()?;
        // Key derivation (PKCS#12, encrypted PKCS#8) can take a while: let other threads run.
        let key = py.detach(move || -> Result<careerpro_fla::SigningKey, Error> {
            let rng = host::rng();
            let key =
                load(&bytes, password.as_deref().map(String::as_str), alias.as_deref(), &rng)?;
            finish_key(key, algorithm, certificate)
        });
        key.or_raise().map(|inner| SigningKey { inner })
    }

    /// The JWS algorithm assertions are signed with (`RS256`, `ES384`, …).
    #[getter]
    fn algorithm(&self) -> &'static str {
        self.inner.algorithm().as_str()
    }

    /// The public half.
    #[getter]
    fn public_key(&self) -> PublicKey {
        PublicKey(self.inner.public_key().clone())
    }

    /// The certificate that came with the key or was attached to it.
    #[getter]
    fn certificate(&self) -> PyResult<Option<Certificate>> {
        self.inner
            .certificate_der()
            .map(|der| careerpro_fla::Certificate::from_der(der).or_raise().map(Certificate))
            .transpose()
    }

    /// The key id (`kid`) that came with the key (JWK), if any.
    #[getter]
    fn key_id(&self) -> Option<&str> {
        self.inner.key_id()
    }

    /// The public key as a JWK (RFC 7517) dict, for registering or publishing it.
    fn public_key_jwk<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        crate::json::json_to_py(py, &self.inner.public_key().to_jwk())
    }

    /// Signs a JWS signing input and returns the JWS signature (ECDSA: raw `r‖s`). The GIL is
    /// released while signing.
    fn sign<'py>(&self, py: Python<'py>, signing_input: &[u8]) -> PyResult<Bound<'py, PyBytes>> {
        let sig = py.detach(|| self.inner.sign(signing_input, &host::rng())).or_raise()?;
        Ok(PyBytes::new(py, &sig))
    }

    fn __repr__(&self) -> String {
        format!("{:?}", self.inner)
    }
}

/// The public half of a key: RSA modulus and exponent, or an EC point.
#[pyclass(module = "careerpro_fla._native", frozen, eq)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublicKey(pub CorePublicKey);

#[pymethods]
impl PublicKey {
    /// `RSA` or `EC`.
    #[getter]
    fn kind(&self) -> &'static str {
        match self.0 {
            CorePublicKey::Rsa { .. } => "RSA",
            CorePublicKey::Ec { .. } => "EC",
        }
    }

    /// Key size in bits (modulus length, or curve size).
    #[getter]
    fn bits(&self) -> u32 {
        self.0.bits()
    }

    /// The curve (`P-256`, `P-384`, `P-521`) of an EC key.
    #[getter]
    fn curve(&self) -> Option<&'static str> {
        match &self.0 {
            CorePublicKey::Ec { curve, .. } => Some(curve.as_str()),
            CorePublicKey::Rsa { .. } => None,
        }
    }

    /// RSA modulus, big-endian.
    #[getter]
    fn n<'py>(&self, py: Python<'py>) -> Option<Bound<'py, PyBytes>> {
        match &self.0 {
            CorePublicKey::Rsa { n, .. } => Some(PyBytes::new(py, n)),
            CorePublicKey::Ec { .. } => None,
        }
    }

    /// RSA public exponent, big-endian.
    #[getter]
    fn e<'py>(&self, py: Python<'py>) -> Option<Bound<'py, PyBytes>> {
        match &self.0 {
            CorePublicKey::Rsa { e, .. } => Some(PyBytes::new(py, e)),
            CorePublicKey::Ec { .. } => None,
        }
    }

    /// EC uncompressed point `04‖x‖y`.
    #[getter]
    fn point<'py>(&self, py: Python<'py>) -> Option<Bound<'py, PyBytes>> {
        match &self.0 {
            CorePublicKey::Ec { point, .. } => Some(PyBytes::new(py, point)),
            CorePublicKey::Rsa { .. } => None,
        }
    }

    /// The public key as a JWK (RFC 7517) dict.
    fn to_jwk<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        crate::json::json_to_py(py, &self.0.to_jwk())
    }

    /// The RFC 7638 JWK thumbprint (SHA-256, base64url).
    fn jwk_thumbprint_sha256(&self) -> String {
        self.0.jwk_thumbprint_sha256()
    }

    /// `RSA 2048 bits`, `EC P-384`.
    fn describe(&self) -> String {
        self.0.describe()
    }

    fn __repr__(&self) -> String {
        format!("PublicKey({})", self.0.describe())
    }
}

/// Parses a JWS algorithm name.
pub fn algorithm_arg(name: &str) -> PyResult<Algorithm> {
    Algorithm::parse(name).ok_or_else(|| {
        invalid_argument(format!(
            "unknown algorithm {:?}: use one of {}",
            name.chars().take(20).collect::<String>(),
            Algorithm::ALL.iter().map(|a| a.as_str()).collect::<Vec<_>>().join(", ")
        ))
    })
}

fn finish_key(
    key: careerpro_fla::SigningKey,
    algorithm: Option<Algorithm>,
    certificate: Option<careerpro_fla::Certificate>,
) -> Result<careerpro_fla::SigningKey, Error> {
    let key = match algorithm {
        Some(a) => key.with_algorithm(a)?,
        None => key,
    };
    match certificate {
        Some(cert) => {
            cert.check_key(&key)?;
            Ok(key.with_certificate_der(cert.der().to_vec()))
        }
        None => Ok(key),
    }
}

fn load(
    bytes: &[u8],
    password: Option<&str>,
    alias: Option<&str>,
    rng: &dyn SecureRandom,
) -> Result<careerpro_fla::SigningKey, Error> {
    careerpro_fla::SigningKey::from_bytes(bytes, password, alias, rng)
}
