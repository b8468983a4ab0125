//! X.509 certificates: what Chaman holds, its thumbprints, the key check and the Chaman rules.

use careerpro_fla::Certificate as CoreCertificate;
use napi::bindgen_prelude::{Buffer, Either};
use napi::Env;
use napi_derive::napi;

use crate::error::OrThrow;
use crate::host;
use crate::key::{public_key_out, PublicKey, SigningKey};

/// A parsed X.509 certificate (public data: `toString()` describes it).
#[napi]
#[derive(Debug)]
pub struct Certificate {
    inner: CoreCertificate,
}

impl From<CoreCertificate> for Certificate {
    fn from(inner: CoreCertificate) -> Certificate {
        Certificate { inner }
    }
}

/// One broken Chaman rule.
#[napi(object)]
#[derive(Debug)]
pub struct Finding {
    /// `key_algorithm`, `key_size`, `signature_digest`, `key_usage`, `not_yet_valid`,
    /// `expired`, `expires_soon`.
    pub rule: String,
    /// `error` or `warning`.
    pub severity: String,
    /// What is wrong and what to do.
    pub message: String,
}

/// The core certificate for PEM, DER or bare base64 DER.
pub fn certificate_in(data: &Either<Buffer, String>) -> careerpro_fla::Result<CoreCertificate> {
    CoreCertificate::parse(&host::bytes_of(data))
}

#[napi]
impl Certificate {
    /// Reads PEM (the first `CERTIFICATE` block), DER, or bare base64 DER.
    #[napi(factory)]
    pub fn parse(env: Env, data: Either<Buffer, String>) -> napi::Result<Certificate> {
        certificate_in(&data).map(Certificate::from).or_throw(&env)
    }

    /// Every certificate of a PEM bundle (or the one DER certificate).
    #[napi]
    pub fn parse_chain(env: Env, data: Either<Buffer, String>) -> napi::Result<Vec<Certificate>> {
        CoreCertificate::parse_chain(&host::bytes_of(&data))
            .map(|v| v.into_iter().map(Certificate::from).collect())
            .or_throw(&env)
    }

    /// The subject, RFC 4514 style (`CN=…, O=…, C=BE`).
    #[napi(getter)]
    pub fn subject(&self) -> String {
        self.inner.subject()
    }

    /// The issuer.
    #[napi(getter)]
    pub fn issuer(&self) -> String {
        self.inner.issuer()
    }

    /// The serial number, lowercase hex.
    #[napi(getter)]
    pub fn serial_hex(&self) -> String {
        self.inner.serial_hex()
    }

    /// Start of validity, Unix seconds.
    #[napi(getter)]
    pub fn not_before(&self) -> i64 {
        self.inner.not_before()
    }

    /// End of validity, Unix seconds.
    #[napi(getter)]
    pub fn not_after(&self) -> i64 {
        self.inner.not_after()
    }

    /// The subject public key.
    #[napi(getter)]
    pub fn public_key(&self, env: Env) -> napi::Result<PublicKey> {
        self.inner.public_key().map(|k| public_key_out(&k)).or_throw(&env)
    }

    /// `RSA`, `EC`, or another algorithm's name or OID.
    #[napi(getter)]
    pub fn key_algorithm(&self) -> String {
        self.inner.key_algorithm()
    }

    /// The key algorithm's OID.
    #[napi(getter)]
    pub fn key_algorithm_oid(&self) -> String {
        self.inner.key_algorithm_oid()
    }

    /// Key size in bits, when known.
    #[napi(getter)]
    pub fn key_bits(&self) -> Option<u32> {
        self.inner.key_bits()
    }

    /// `P-256`, `P-384`, `P-521` for EC keys on those curves.
    #[napi(getter)]
    pub fn curve(&self) -> Option<&'static str> {
        self.inner.curve().map(|c| c.as_str())
    }

    /// The signature algorithm (`sha256WithRSAEncryption`, …).
    #[napi(getter)]
    pub fn signature_algorithm(&self) -> String {
        self.inner.signature_algorithm()
    }

    /// `SHA-1`, `SHA-256`, … when known.
    #[napi(getter)]
    pub fn signature_digest(&self) -> Option<&'static str> {
        self.inner.signature_digest()
    }

    /// The key usage bits set (`digitalSignature`, …), when the extension is present.
    #[napi(getter)]
    pub fn key_usage(&self) -> Option<Vec<String>> {
        self.inner.key_usage()
    }

    /// Whether subject and issuer are the same.
    #[napi(getter)]
    pub fn is_self_signed(&self) -> bool {
        self.inner.is_self_signed()
    }

    /// The DER bytes.
    #[napi(getter)]
    pub fn der(&self) -> Buffer {
        Buffer::from(self.inner.der().to_vec())
    }

    /// SHA-1 thumbprint, base64url (the `x5t` header).
    #[napi(getter)]
    pub fn x5t(&self) -> String {
        self.inner.x5t()
    }

    /// SHA-256 thumbprint, base64url (the `x5t#S256` header).
    #[napi(getter, js_name = "x5tS256")]
    pub fn x5t_s256(&self) -> String {
        self.inner.x5t_s256()
    }

    /// SHA-1 thumbprint, hex.
    #[napi(getter)]
    pub fn thumbprint_sha1_hex(&self) -> String {
        self.inner.thumbprint_sha1_hex()
    }

    /// SHA-256 thumbprint, hex.
    #[napi(getter)]
    pub fn thumbprint_sha256_hex(&self) -> String {
        self.inner.thumbprint_sha256_hex()
    }

    /// PEM text.
    #[napi]
    pub fn to_pem(&self) -> String {
        self.inner.to_pem()
    }

    /// Whether the certificate belongs to `key`.
    #[napi]
    pub fn matches_key(&self, key: &SigningKey) -> bool {
        self.inner.matches_key(&key.inner)
    }

    /// Throws `CertificateError` (`key_certificate_mismatch`) unless the certificate belongs
    /// to `key`.
    #[napi]
    pub fn check_key(&self, env: Env, key: &SigningKey) -> napi::Result<()> {
        self.inner.check_key(&key.inner).or_throw(&env)
    }

    /// Checks Chaman's rules at `now` (Unix seconds, default the host clock): one finding per
    /// broken rule; empty means acceptable.
    #[napi]
    pub fn check_chaman(&self, now: Option<i64>) -> Vec<Finding> {
        self.inner
            .check_chaman(host::now_s(now))
            .into_iter()
            .map(|f| Finding {
                rule: f.rule.to_owned(),
                severity: f.severity.as_str().to_owned(),
                message: f.message,
            })
            .collect()
    }

    /// A few lines for people.
    #[napi]
    pub fn describe(&self) -> String {
        self.inner.describe()
    }

    /// Same as `describe()`.
    #[napi]
    #[allow(clippy::inherent_to_string)] // JS's toString, not Rust's Display
    pub fn to_string(&self) -> String {
        self.inner.describe()
    }
}
