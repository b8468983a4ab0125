//! The client assertion (RFC 7523): signed with a `SigningKey` (GIL released), or prepared
//! for an `ExternalKey` whose Python callable signs.

use careerpro_fla::assertion::{self as core_assertion, AssertionOptions, CertificateChain};
use careerpro_fla::Algorithm;
use pyo3::prelude::*;
use pyo3::types::PyBytes;
use zeroize::Zeroizing;

use crate::certificate::certificate_arg;
use crate::error::{invalid_argument, OrRaise};
use crate::external::ExternalKey;
use crate::host;
use crate::key::{algorithm_arg, SigningKey};

/// A signed client assertion. `repr` hides `compact`: it is a credential until `exp`.
#[pyclass(module = "careerpro_fla._native", frozen)]
pub struct Assertion {
    pub compact: Zeroizing<String>,
    header_json: String,
    claims_json: String,
    jti: String,
    issued_at: i64,
    expires_at: i64,
}

impl std::fmt::Debug for Assertion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.__repr__())
    }
}

impl From<core_assertion::Assertion> for Assertion {
    fn from(a: core_assertion::Assertion) -> Assertion {
        Assertion {
            compact: Zeroizing::new(a.compact().to_owned()),
            header_json: a.header_json().to_owned(),
            claims_json: a.claims_json().to_owned(),
            jti: a.jti().to_owned(),
            issued_at: a.issued_at(),
            expires_at: a.expires_at(),
        }
    }
}

#[pymethods]
impl Assertion {
    /// The compact JWS for the token request's `client_assertion`.
    #[getter]
    fn compact(&self) -> &str {
        &self.compact
    }

    /// The JOSE header as a dict.
    #[getter]
    fn header<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        parse_json(py, &self.header_json)
    }

    /// The claims as a dict.
    #[getter]
    fn claims<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        parse_json(py, &self.claims_json)
    }

    /// The header exactly as serialised.
    #[getter]
    fn header_json(&self) -> &str {
        &self.header_json
    }

    /// The claims exactly as serialised.
    #[getter]
    fn claims_json(&self) -> &str {
        &self.claims_json
    }

    /// `jti`.
    #[getter]
    fn jti(&self) -> &str {
        &self.jti
    }

    /// `iat`.
    #[getter]
    fn issued_at(&self) -> i64 {
        self.issued_at
    }

    /// `exp`.
    #[getter]
    fn expires_at(&self) -> i64 {
        self.expires_at
    }

    fn __repr__(&self) -> String {
        format!(
            "Assertion(header={}, claims={}, compact=[redacted])",
            self.header_json, self.claims_json
        )
    }

    fn __str__(&self) -> String {
        self.__repr__()
    }
}

/// An assertion waiting for an external signature: sign `signing_input`, then `finish`.
#[pyclass(module = "careerpro_fla._native", frozen)]
#[derive(Debug)]
pub struct UnsignedAssertion(pub core_assertion::UnsignedAssertion);

#[pymethods]
impl UnsignedAssertion {
    /// The algorithm the signer must use.
    #[getter]
    fn algorithm(&self) -> &'static str {
        self.0.algorithm().as_str()
    }

    /// The exact bytes to sign: `BASE64URL(header).BASE64URL(claims)`.
    #[getter]
    fn signing_input<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, self.0.signing_input().as_bytes())
    }

    /// The JOSE header as a dict.
    #[getter]
    fn header<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        parse_json(py, self.0.header_json())
    }

    /// The claims as a dict.
    #[getter]
    fn claims<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        parse_json(py, self.0.claims_json())
    }

    /// The header exactly as serialised.
    #[getter]
    fn header_json(&self) -> &str {
        self.0.header_json()
    }

    /// The claims exactly as serialised.
    #[getter]
    fn claims_json(&self) -> &str {
        self.0.claims_json()
    }

    /// `jti`.
    #[getter]
    fn jti(&self) -> &str {
        self.0.jti()
    }

    /// The signed assertion, from the signature over `signing_input` (ECDSA: raw `r‖s` or DER).
    fn finish(&self, signature: &[u8]) -> PyResult<Assertion> {
        let key = careerpro_fla::key::ExternalKey::new(self.0.algorithm());
        self.0.clone().finish(&key, signature).or_raise().map(Assertion::from)
    }

    fn __repr__(&self) -> String {
        format!(
            "UnsignedAssertion(header={}, claims={})",
            self.0.header_json(),
            self.0.claims_json()
        )
    }
}

/// Signs a client assertion with `key` (a `SigningKey`, or an `ExternalKey` whose callable
/// signs). `now` defaults to the host clock, `jti` to a random UUID v4 from the OS CSPRNG.
#[pyfunction]
#[pyo3(signature = (
    key, client_id, audience, *, lifetime = 300, allow_long_lifetime = false,
    include_nbf = false, include_typ = true, key_id = None, include_key_id = false,
    include_x5t = false, include_x5t_s256 = false, include_x5c = false, now = None, jti = None
))]
#[allow(clippy::too_many_arguments)] // mirrors the keyword arguments Python callers see
pub fn sign_assertion(
    py: Python<'_>,
    key: &Bound<'_, PyAny>,
    client_id: String,
    audience: String,
    lifetime: u64,
    allow_long_lifetime: bool,
    include_nbf: bool,
    include_typ: bool,
    key_id: Option<String>,
    include_key_id: bool,
    include_x5t: bool,
    include_x5t_s256: bool,
    include_x5c: bool,
    now: Option<i64>,
    jti: Option<String>,
) -> PyResult<Assertion> {
    let options = AssertionOptions {
        client_id,
        audience,
        lifetime,
        allow_long_lifetime,
        include_nbf,
        include_typ,
        key_id,
        include_key_id,
        include_x5t,
        include_x5t_s256,
        include_x5c,
    };
    let now = host::now(now);
    if let Ok(k) = key.cast::<SigningKey>() {
        let k = k.get();
        let signed = py.detach(|| {
            core_assertion::Assertion::sign(&k.inner, &options, now, jti.as_deref(), &host::rng())
        });
        return signed.or_raise().map(Assertion::from);
    }
    if let Ok(k) = key.cast::<ExternalKey>() {
        return k.get().sign_assertion(py, &options, now, jti.as_deref());
    }
    Err(invalid_argument(format!(
        "the key must be a SigningKey or an ExternalKey, not {}",
        host::type_name(key)
    )))
}

/// Builds the unsigned assertion for a signer outside this library (or to inspect what would
/// be signed). `certificate` (a `Certificate`, PEM or DER) feeds `x5t`, `x5t#S256`, `x5c`.
#[pyfunction]
#[pyo3(signature = (
    algorithm, client_id, audience, *, lifetime = 300, allow_long_lifetime = false,
    include_nbf = false, include_typ = true, key_id = None, include_x5t = false,
    include_x5t_s256 = false, include_x5c = false, certificate = None, now = None, jti = None
))]
#[allow(clippy::too_many_arguments)] // mirrors the keyword arguments Python callers see
pub fn prepare_assertion(
    algorithm: &str,
    client_id: String,
    audience: String,
    lifetime: u64,
    allow_long_lifetime: bool,
    include_nbf: bool,
    include_typ: bool,
    key_id: Option<String>,
    include_x5t: bool,
    include_x5t_s256: bool,
    include_x5c: bool,
    certificate: Option<&Bound<'_, PyAny>>,
    now: Option<i64>,
    jti: Option<String>,
) -> PyResult<UnsignedAssertion> {
    let algorithm = algorithm_arg(algorithm)?;
    let options = AssertionOptions {
        client_id,
        audience,
        lifetime,
        allow_long_lifetime,
        include_nbf,
        include_typ,
        key_id,
        // No key here: only an explicit key_id can be sent.
        include_key_id: false,
        include_x5t,
        include_x5t_s256,
        include_x5c,
    };
    let cert = certificate.map(certificate_arg).transpose()?;
    prepare(algorithm, &options, host::now(now), jti.as_deref(), cert.as_ref().map(|c| c.der()))
        .map(UnsignedAssertion)
}

/// The unsigned assertion, drawing a random `jti` when none is given.
pub fn prepare(
    algorithm: Algorithm,
    options: &AssertionOptions,
    now: i64,
    jti: Option<&str>,
    certificate_der: Option<&[u8]>,
) -> PyResult<core_assertion::UnsignedAssertion> {
    let jti = match jti {
        Some(j) => j.to_owned(),
        None => careerpro_fla::random::uuid_v4(&host::rng()).or_raise()?,
    };
    let chain = CertificateChain { leaf: certificate_der, chain: &[] };
    core_assertion::Assertion::prepare(algorithm, options, now, Some(&jti), Some(chain)).or_raise()
}

/// `json.loads`, which keeps the members in the order they were serialised.
fn parse_json<'py>(py: Python<'py>, text: &str) -> PyResult<Bound<'py, PyAny>> {
    py.import("json")?.call_method1("loads", (text,))
}
