//! X.509 certificates (RFC 5280): the certificate registered in Chaman, its thumbprints for the
//! `x5t` and `x5t#S256` headers (RFC 7515 §4.1.7, §4.1.8), the check that it belongs to the
//! signing key, and the check against Chaman's rules (`PLATFORM.md` §3) with one [`Finding`] per
//! broken rule.
//!
//! Input is PEM (read tolerantly, as [`crate::pem`] does), DER, or bare base64 DER (an `x5c`
//! entry, a certificate pasted without its armour). Accessors return plain data (strings,
//! integers, byte vectors) so that every binding can expose them unchanged.
//!
//! ```
//! use careerpro_fla::{Certificate, UnixTime};
//! let pem = include_bytes!(concat!(
//!     env!("CARGO_MANIFEST_DIR"),
//!     "/../tests/keys/certificates/rsa2048.pem"
//! ));
//! let cert = Certificate::parse(pem).unwrap();
//! assert_eq!(cert.subject(), "CN=rsa2048 good, O=CareerPro FLA Tests, C=BE");
//! assert_eq!(cert.serial_hex(), "1001");
//! assert_eq!(cert.not_after(), UnixTime::from_secs(2_366_841_600)); // 2045-01-01T00:00:00Z
//! assert_eq!((cert.key_algorithm().as_str(), cert.key_bits()), ("RSA", Some(2048)));
//! assert_eq!(cert.signature_digest(), Some("SHA-256"));
//! assert_eq!(cert.x5t_s256(), "diCgt56hCDz2yub3BI9k3PV0NOtBSKq5sOOy-BytwLo");
//! assert!(cert.check_chaman(UnixTime::from_secs(1_767_225_600)).is_empty()); // 2026-01-01: acceptable
//! ```

use std::fmt;

use base64::Engine as _;
use der::asn1::ObjectIdentifier;
use der::{Decode as _, Encode as _, Reader as _, Tag, Tagged as _};
use x509_cert::ext::pkix::KeyUsage;
use x509_cert::name::Name;

use crate::algorithm::Curve;
use crate::error::{Error, ErrorCode, Result};
use crate::key::{PublicKey, SigningKey};
use crate::time::UnixTime;

mod chaman;
mod validity;

pub use chaman::{Finding, Severity, CHAMAN_RULES, EXPIRES_SOON_SECONDS};

/// Largest certificate accepted, in DER bytes. Real ones are 1–8 KB; the limit only guards
/// against hostile input.
pub const MAX_CERTIFICATE_LEN: usize = 64 * 1024;

/// A parsed X.509 certificate. Certificates are public, so `Debug` shows what they say.
#[derive(Clone)]
pub struct Certificate {
    der: Vec<u8>,
    inner: Box<x509_cert::Certificate>,
    /// `(not_before, not_after)` in Unix seconds, read by [`validity`] when a date lies before
    /// 1970 (the decoder then saw a stand-in).
    validity_override: Option<(i64, i64)>,
    key: KeyInfo,
    key_usage: Option<Vec<&'static str>>,
}

/// The subject public key, as far as this library understands it.
#[derive(Clone)]
enum KeyInfo {
    Rsa(PublicKey),
    /// `curve` is `None` for curves the library does not support; `curve_name` then says which.
    Ec {
        curve: Option<Curve>,
        curve_name: String,
        point: Vec<u8>,
    },
    /// DSA, Ed25519, …: `name` is a readable name when known, the OID otherwise.
    Other {
        name: String,
        oid: String,
    },
}

impl Certificate {
    /// Reads PEM (the first `CERTIFICATE` block), DER, or bare base64 DER, whichever it is.
    pub fn parse(bytes: &[u8]) -> Result<Certificate> {
        if crate::pem::looks_like_pem(bytes) {
            return Certificate::from_pem(bytes);
        }
        if let Some(der) = bare_base64(bytes) {
            return Certificate::from_der(&der);
        }
        Certificate::from_der(bytes)
    }

    /// Reads the first `CERTIFICATE` block of PEM text (other blocks, a key say, are skipped).
    pub fn from_pem(bytes: &[u8]) -> Result<Certificate> {
        let blocks = certificate_blocks(bytes)?;
        match blocks.first() {
            Some(der) => Certificate::from_der(der),
            None => Err(no_certificate_block(bytes)),
        }
    }

    /// Reads every certificate of a PEM bundle or chain, in order (leaf first, as `x5c` wants
    /// them, when the file is in the usual order). DER input gives a chain of one.
    pub fn parse_chain(bytes: &[u8]) -> Result<Vec<Certificate>> {
        if !crate::pem::looks_like_pem(bytes) {
            return Ok(vec![Certificate::parse(bytes)?]);
        }
        let blocks = certificate_blocks(bytes)?;
        if blocks.is_empty() {
            return Err(no_certificate_block(bytes));
        }
        blocks.iter().map(|der| Certificate::from_der(der)).collect()
    }

    /// Reads one DER-encoded certificate (a binary `.cer`/`.crt`).
    pub fn from_der(der: &[u8]) -> Result<Certificate> {
        if der.len() > MAX_CERTIFICATE_LEN {
            return Err(Error::new(
                ErrorCode::InputTooLarge,
                format!(
                    "the certificate has {} bytes; at most {MAX_CERTIFICATE_LEN} are accepted",
                    der.len()
                ),
            ));
        }
        let early = validity::pre_1970(der);
        let decoded = early.as_ref().map_or(der, |(_, _, patched)| patched.as_slice());
        let inner = x509_cert::Certificate::from_der(decoded).map_err(|e| {
            malformed(format!(
                "not an X.509 certificate ({e}); pass the certificate (.cer, .crt or .pem), \
                 not the private key or a PKCS#12 (.pfx/.p12) file"
            ))
        })?;
        let key = KeyInfo::from_spki(&inner.tbs_certificate.subject_public_key_info)?;
        let key_usage = key_usage_names(&inner)?;
        Ok(Certificate {
            der: der.to_vec(),
            inner: Box::new(inner),
            validity_override: early.map(|(not_before, not_after, _)| (not_before, not_after)),
            key,
            key_usage,
        })
    }

    /// The subject name, RFC 4514 style (most specific first): `CN=x, O=y, C=BE`.
    pub fn subject(&self) -> String {
        format_name(&self.inner.tbs_certificate.subject)
    }

    /// The issuer name, RFC 4514 style; equal to [`Certificate::subject`] when self-issued.
    pub fn issuer(&self) -> String {
        format_name(&self.inner.tbs_certificate.issuer)
    }

    /// The serial number in uppercase hex without leading zeros, as `openssl x509 -serial`
    /// prints it.
    pub fn serial_hex(&self) -> String {
        let bytes = self.inner.tbs_certificate.serial_number.as_bytes();
        let first = bytes.iter().position(|b| *b != 0).unwrap_or(bytes.len().saturating_sub(1));
        hex_upper(bytes.get(first..).unwrap_or(bytes), "")
    }

    /// Start of validity.
    pub fn not_before(&self) -> UnixTime {
        UnixTime::from_secs(self.not_before_secs())
    }

    /// End of validity (inclusive, RFC 5280 §4.1.2.5).
    pub fn not_after(&self) -> UnixTime {
        UnixTime::from_secs(self.not_after_secs())
    }

    pub(crate) fn not_before_secs(&self) -> i64 {
        match self.validity_override {
            Some((not_before, _)) => not_before,
            None => unix_seconds(self.inner.tbs_certificate.validity.not_before),
        }
    }

    pub(crate) fn not_after_secs(&self) -> i64 {
        match self.validity_override {
            Some((_, not_after)) => not_after,
            None => unix_seconds(self.inner.tbs_certificate.validity.not_after),
        }
    }

    /// The subject public key, in the form [`SigningKey::public_key`] returns. Fails with
    /// `key_unsupported` for key types and curves this library cannot sign with.
    pub fn public_key(&self) -> Result<PublicKey> {
        match &self.key {
            KeyInfo::Rsa(key) => Ok(key.clone()),
            KeyInfo::Ec { curve: Some(curve), point, .. } => {
                // SEC 1 §2.3.3: uncompressed is 04‖x‖y, the form keys and JWKs compare in.
                if point.len() != 1 + 2 * curve.field_len() || point.first() != Some(&4) {
                    return Err(Error::new(
                        ErrorCode::KeyUnsupported,
                        format!(
                            "the certificate's {curve} public key is not an uncompressed point; \
                             compressed points are not supported"
                        ),
                    ));
                }
                Ok(PublicKey::Ec { curve: *curve, point: point.clone() })
            }
            KeyInfo::Ec { curve: None, curve_name, .. } => Err(Error::new(
                ErrorCode::KeyUnsupported,
                format!("the certificate's EC key is on {curve_name}; use P-384 or P-521"),
            )),
            KeyInfo::Other { name, oid } => Err(Error::new(
                ErrorCode::KeyUnsupported,
                format!("the certificate's key is {name} ({oid}); use an RSA or EC key"),
            )),
        }
    }

    /// `"RSA"`, `"EC"`, or another key type: a name when known (`"DSA"`, `"Ed25519"`), else
    /// the algorithm OID.
    pub fn key_algorithm(&self) -> String {
        match &self.key {
            KeyInfo::Rsa(_) => "RSA".to_owned(),
            KeyInfo::Ec { .. } => "EC".to_owned(),
            KeyInfo::Other { name, .. } => name.clone(),
        }
    }

    /// The subject public key algorithm OID (`1.2.840.113549.1.1.1` for RSA).
    pub fn key_algorithm_oid(&self) -> String {
        self.inner.tbs_certificate.subject_public_key_info.algorithm.oid.to_string()
    }

    /// Key size: RSA modulus bits, or the bits of a supported curve.
    pub fn key_bits(&self) -> Option<u32> {
        match &self.key {
            KeyInfo::Rsa(key) => Some(key.bits()),
            KeyInfo::Ec { curve, .. } => curve.map(Curve::bits),
            KeyInfo::Other { .. } => None,
        }
    }

    /// The curve of an EC key, when it is one this library knows.
    pub fn curve(&self) -> Option<Curve> {
        match &self.key {
            KeyInfo::Ec { curve, .. } => *curve,
            _ => None,
        }
    }

    /// The signature algorithm's usual name (`sha256WithRSAEncryption`, `ecdsa-with-SHA384`,
    /// `RSASSA-PSS`), or its OID when unknown.
    pub fn signature_algorithm(&self) -> String {
        let oid = self.inner.signature_algorithm.oid.to_string();
        match SIGNATURE_ALGORITHMS.iter().find(|(o, _, _)| *o == oid) {
            Some((_, name, _)) => (*name).to_owned(),
            None => oid,
        }
    }

    /// The digest the certificate was signed with: `"SHA-1"`, `"SHA-224"`, `"SHA-256"`,
    /// `"SHA-384"`, `"SHA-512"`, `"MD5"`; for RSASSA-PSS, the `hashAlgorithm` of its parameters
    /// (RFC 4055 §3.1, SHA-1 when absent). `None` when unknown or not a hash-then-sign scheme.
    pub fn signature_digest(&self) -> Option<&'static str> {
        let alg = &self.inner.signature_algorithm;
        let oid = alg.oid.to_string();
        if oid == OID_RSASSA_PSS {
            return pss_params(alg.parameters.as_ref()?).map(|p| p.digest).ok().flatten();
        }
        SIGNATURE_ALGORITHMS.iter().find(|(o, _, _)| *o == oid).and_then(|(_, _, d)| *d)
    }

    /// The key usage bits set (RFC 5280 §4.2.1.3), by their RFC names (`digitalSignature`,
    /// `keyEncipherment`, …); `None` when the certificate has no key usage extension.
    pub fn key_usage(&self) -> Option<Vec<String>> {
        self.key_usage.as_ref().map(|names| names.iter().map(|n| (*n).to_owned()).collect())
    }

    /// Whether the issuer name equals the subject name and the signature verifies with the
    /// certificate's own key. Signatures this library cannot verify (DSA, Ed25519, P-521 with a
    /// digest shorter than SHA-384, PSS with unusual parameters) count as not self-signed.
    pub fn is_self_signed(&self) -> bool {
        self.inner.tbs_certificate.issuer == self.inner.tbs_certificate.subject
            && self.signature_verifies()
    }

    /// The certificate, DER-encoded (what `x5c` carries, base64-encoded).
    pub fn der(&self) -> &[u8] {
        &self.der
    }

    /// The certificate as PEM text (RFC 7468 §5), lines of 64 characters.
    pub fn to_pem(&self) -> String {
        let b64 = base64::engine::general_purpose::STANDARD.encode(&self.der);
        let mut pem = String::with_capacity(b64.len() + b64.len() / 64 + 60);
        pem.push_str("-----BEGIN CERTIFICATE-----\n");
        for (i, c) in b64.chars().enumerate() {
            if i > 0 && i % 64 == 0 {
                pem.push('\n');
            }
            pem.push(c);
        }
        pem.push_str("\n-----END CERTIFICATE-----\n");
        pem
    }

    /// SHA-1 of the DER (20 bytes). Only for `x5t`, which RFC 7515 §4.1.7 defines with SHA-1.
    pub fn thumbprint_sha1(&self) -> Vec<u8> {
        sha1(&self.der).as_ref().to_vec()
    }

    /// SHA-256 of the DER (32 bytes).
    pub fn thumbprint_sha256(&self) -> Vec<u8> {
        sha256(&self.der).as_ref().to_vec()
    }

    /// The JWS `x5t` header value: base64url without padding of the SHA-1 thumbprint
    /// (RFC 7515 §4.1.7).
    pub fn x5t(&self) -> String {
        x5t(&self.der)
    }

    /// The JWS `x5t#S256` header value: base64url without padding of the SHA-256 thumbprint
    /// (RFC 7515 §4.1.8).
    pub fn x5t_s256(&self) -> String {
        x5t_s256(&self.der)
    }

    /// The SHA-1 thumbprint as people compare it: `F3:60:AB:…` (what Windows and
    /// `openssl x509 -fingerprint -sha1` show).
    pub fn thumbprint_sha1_hex(&self) -> String {
        hex_upper(&self.thumbprint_sha1(), ":")
    }

    /// The SHA-256 thumbprint as people compare it: `76:20:A0:…`.
    pub fn thumbprint_sha256_hex(&self) -> String {
        hex_upper(&self.thumbprint_sha256(), ":")
    }

    /// Whether the certificate holds the public half of `key`.
    pub fn matches_key(&self, key: &SigningKey) -> bool {
        self.public_key().is_ok_and(|public| &public == key.public_key())
    }

    /// Like [`Certificate::matches_key`], with a `key_certificate_mismatch` error that says how
    /// to find the right pair.
    pub fn check_key(&self, key: &SigningKey) -> Result<()> {
        if self.matches_key(key) {
            return Ok(());
        }
        let cert_key = self.public_key().map_or_else(|_| self.key_description(), |k| k.describe());
        Err(Error::new(
            ErrorCode::KeyCertificateMismatch,
            format!(
                "the certificate \"{}\" ({cert_key}) does not hold the public half of the signing \
                 key ({}); use the key made together with this certificate (compare \
                 `openssl x509 -in cert.pem -noout -pubkey` with `openssl pkey -in key.pem \
                 -pubout`), or take both from the same PKCS#12 file",
                self.subject(),
                key.public_key().describe()
            ),
        ))
    }

    /// One paragraph for people: who, by whom, when, which key, how signed, thumbprint.
    pub fn describe(&self) -> String {
        let issuer = if self.is_self_signed() {
            "self-signed".to_owned()
        } else {
            format!("issued by {}", self.issuer())
        };
        let usage = match &self.key_usage {
            Some(names) if !names.is_empty() => names.join(", "),
            Some(_) => "none".to_owned(),
            None => "not stated".to_owned(),
        };
        let digest = self.signature_digest().map(|d| format!(" ({d})")).unwrap_or_default();
        format!(
            "Certificate for {} ({issuer}), serial {}, valid from {} to {}; {} key, signed with \
             {}{digest}; key usage: {usage}; SHA-256 thumbprint {}.",
            self.subject(),
            self.serial_hex(),
            format_utc(self.not_before_secs()),
            format_utc(self.not_after_secs()),
            self.key_description(),
            self.signature_algorithm(),
            self.thumbprint_sha256_hex()
        )
    }

    /// "RSA 2048 bits", "EC P-384", "EC secp256k1", "DSA".
    fn key_description(&self) -> String {
        match &self.key {
            KeyInfo::Rsa(key) => key.describe(),
            KeyInfo::Ec { curve_name, .. } => format!("EC {curve_name}"),
            KeyInfo::Other { name, .. } => name.clone(),
        }
    }

    /// Verifies the certificate's signature with its own public key (self-signed check).
    fn signature_verifies(&self) -> bool {
        use ring::signature as sig;
        let Some(tbs) = tbs_bytes(&self.der) else { return false };
        let Some(signature) = self.inner.signature.as_bytes() else { return false };
        let spki = &self.inner.tbs_certificate.subject_public_key_info;
        let Some(key_bits) = spki.subject_public_key.as_bytes() else { return false };
        let alg = &self.inner.signature_algorithm;
        let oid = alg.oid.to_string();
        let digest = self.signature_digest();
        // The signature algorithm must belong to the key's family (RFC 4055, RFC 5758).
        let family_fits = match self.key {
            KeyInfo::Rsa(_) => oid.starts_with("1.2.840.113549.1.1."),
            KeyInfo::Ec { .. } => oid.starts_with("1.2.840.10045.4."),
            KeyInfo::Other { .. } => false,
        };
        if !family_fits {
            return false;
        }
        let ring_alg: &dyn sig::VerificationAlgorithm = match (&self.key, oid.as_str(), digest) {
            (KeyInfo::Rsa(_), OID_RSASSA_PSS, Some(d)) => {
                let Some(params) = alg.parameters.as_ref().and_then(|p| pss_params(p).ok()) else {
                    return false;
                };
                // ring verifies PSS with MGF1 over the same digest and a salt as long as it.
                if params.mgf_digest != Some(d) || params.salt_len != digest_len(d) {
                    return false;
                }
                match d {
                    "SHA-256" => &sig::RSA_PSS_2048_8192_SHA256,
                    "SHA-384" => &sig::RSA_PSS_2048_8192_SHA384,
                    "SHA-512" => &sig::RSA_PSS_2048_8192_SHA512,
                    _ => return false,
                }
            }
            (KeyInfo::Rsa(_), _, Some("SHA-1")) => {
                &sig::RSA_PKCS1_1024_8192_SHA1_FOR_LEGACY_USE_ONLY
            }
            (KeyInfo::Rsa(_), _, Some("SHA-256")) => {
                &sig::RSA_PKCS1_1024_8192_SHA256_FOR_LEGACY_USE_ONLY
            }
            (KeyInfo::Rsa(_), _, Some("SHA-384")) => &sig::RSA_PKCS1_2048_8192_SHA384,
            (KeyInfo::Rsa(_), _, Some("SHA-512")) => {
                &sig::RSA_PKCS1_1024_8192_SHA512_FOR_LEGACY_USE_ONLY
            }
            (KeyInfo::Ec { curve: Some(Curve::P256), .. }, _, Some("SHA-256")) => {
                &sig::ECDSA_P256_SHA256_ASN1
            }
            (KeyInfo::Ec { curve: Some(Curve::P256), .. }, _, Some("SHA-384")) => {
                &sig::ECDSA_P256_SHA384_ASN1
            }
            (KeyInfo::Ec { curve: Some(Curve::P384), .. }, _, Some("SHA-256")) => {
                &sig::ECDSA_P384_SHA256_ASN1
            }
            (KeyInfo::Ec { curve: Some(Curve::P384), .. }, _, Some("SHA-384")) => {
                &sig::ECDSA_P384_SHA384_ASN1
            }
            (KeyInfo::Ec { curve: Some(Curve::P521), .. }, _, Some(d)) => {
                return p521_verifies(key_bits, tbs, signature, d);
            }
            _ => return false,
        };
        sig::UnparsedPublicKey::new(ring_alg, key_bits).verify(tbs, signature).is_ok()
    }
}

impl PartialEq for Certificate {
    fn eq(&self, other: &Certificate) -> bool {
        self.der == other.der
    }
}

impl Eq for Certificate {}

impl fmt::Debug for Certificate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Certificate")
            .field("subject", &self.subject())
            .field("serial", &self.serial_hex())
            .field("not_before", &format_utc(self.not_before_secs()))
            .field("not_after", &format_utc(self.not_after_secs()))
            .finish()
    }
}

impl fmt::Display for Certificate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.describe())
    }
}

// --- key ------------------------------------------------------------------------------------

const OID_RSA: &str = "1.2.840.113549.1.1.1";
const OID_RSASSA_PSS: &str = "1.2.840.113549.1.1.10";
const OID_EC: &str = "1.2.840.10045.2.1";

/// Key types people meet and Chaman refuses, by OID, so that findings can name them.
const OTHER_KEY_TYPES: &[(&str, &str)] = &[
    ("1.2.840.10040.4.1", "DSA"),
    ("1.3.101.110", "X25519"),
    ("1.3.101.111", "X448"),
    ("1.3.101.112", "Ed25519"),
    ("1.3.101.113", "Ed448"),
    ("1.2.840.10046.2.1", "DH"),
    ("1.2.643.7.1.1.1.1", "GOST R 34.10-2012 (256)"),
    ("1.2.156.10197.1.301", "SM2"),
];

/// Named curves: (OID, name, supported curve).
const CURVES: &[(&str, &str, Option<Curve>)] = &[
    ("1.2.840.10045.3.1.7", "P-256", Some(Curve::P256)),
    ("1.3.132.0.34", "P-384", Some(Curve::P384)),
    ("1.3.132.0.35", "P-521", Some(Curve::P521)),
    ("1.3.132.0.10", "secp256k1", None),
    ("1.2.840.10045.3.1.1", "P-192", None),
    ("1.3.132.0.33", "P-224", None),
    ("1.3.36.3.3.2.8.1.1.7", "brainpoolP256r1", None),
    ("1.3.36.3.3.2.8.1.1.11", "brainpoolP384r1", None),
    ("1.3.36.3.3.2.8.1.1.13", "brainpoolP512r1", None),
];

impl KeyInfo {
    fn from_spki(spki: &x509_cert::spki::SubjectPublicKeyInfoOwned) -> Result<KeyInfo> {
        let oid = spki.algorithm.oid.to_string();
        let bits = || {
            spki.subject_public_key
                .as_bytes()
                .ok_or_else(|| malformed("the subject public key is not a whole number of bytes"))
        };
        match oid.as_str() {
            // An RSASSA-PSS key (RFC 4055 §1.2) is an RSA key restricted to PSS.
            OID_RSA | OID_RSASSA_PSS => {
                let key = PublicKey::from_rsa_pkcs1_der(bits()?)
                    .map_err(|_| malformed("the certificate's RSA public key is damaged"))?;
                Ok(KeyInfo::Rsa(key))
            }
            OID_EC => {
                let params = spki.algorithm.parameters.as_ref();
                let (curve, curve_name) =
                    match params.and_then(|p| p.decode_as::<ObjectIdentifier>().ok()) {
                        Some(curve_oid) => {
                            let curve_oid = curve_oid.to_string();
                            match CURVES.iter().find(|(o, _, _)| *o == curve_oid) {
                                Some((_, name, curve)) => (*curve, (*name).to_owned()),
                                None => (None, format!("curve {curve_oid}")),
                            }
                        }
                        None => (None, "explicitly given curve parameters".to_owned()),
                    };
                Ok(KeyInfo::Ec { curve, curve_name, point: bits()?.to_vec() })
            }
            _ => {
                let name = OTHER_KEY_TYPES
                    .iter()
                    .find(|(o, _)| *o == oid)
                    .map_or_else(|| oid.clone(), |(_, n)| (*n).to_owned());
                Ok(KeyInfo::Other { name, oid })
            }
        }
    }
}

// --- signature algorithms ---------------------------------------------------------------------

/// (OID, name as OpenSSL prints it, digest). RFC 3279, RFC 4055, RFC 5758, RFC 8410.
const SIGNATURE_ALGORITHMS: &[(&str, &str, Option<&str>)] = &[
    ("1.2.840.113549.1.1.4", "md5WithRSAEncryption", Some("MD5")),
    ("1.2.840.113549.1.1.5", "sha1WithRSAEncryption", Some("SHA-1")),
    ("1.2.840.113549.1.1.14", "sha224WithRSAEncryption", Some("SHA-224")),
    ("1.2.840.113549.1.1.11", "sha256WithRSAEncryption", Some("SHA-256")),
    ("1.2.840.113549.1.1.12", "sha384WithRSAEncryption", Some("SHA-384")),
    ("1.2.840.113549.1.1.13", "sha512WithRSAEncryption", Some("SHA-512")),
    (OID_RSASSA_PSS, "RSASSA-PSS", None),
    ("1.2.840.10045.4.1", "ecdsa-with-SHA1", Some("SHA-1")),
    ("1.2.840.10045.4.3.1", "ecdsa-with-SHA224", Some("SHA-224")),
    ("1.2.840.10045.4.3.2", "ecdsa-with-SHA256", Some("SHA-256")),
    ("1.2.840.10045.4.3.3", "ecdsa-with-SHA384", Some("SHA-384")),
    ("1.2.840.10045.4.3.4", "ecdsa-with-SHA512", Some("SHA-512")),
    ("1.2.840.10040.4.3", "dsa-with-SHA1", Some("SHA-1")),
    ("2.16.840.1.101.3.4.3.1", "dsa-with-SHA224", Some("SHA-224")),
    ("2.16.840.1.101.3.4.3.2", "dsa-with-SHA256", Some("SHA-256")),
    ("1.3.101.112", "Ed25519", None),
    ("1.3.101.113", "Ed448", None),
];

/// Hash algorithm OIDs (RFC 3279 §2.2, RFC 5754 §2).
const DIGESTS: &[(&str, &str)] = &[
    ("1.3.14.3.2.26", "SHA-1"),
    ("2.16.840.1.101.3.4.2.4", "SHA-224"),
    ("2.16.840.1.101.3.4.2.1", "SHA-256"),
    ("2.16.840.1.101.3.4.2.2", "SHA-384"),
    ("2.16.840.1.101.3.4.2.3", "SHA-512"),
];

const OID_MGF1: &str = "1.2.840.113549.1.1.8";

/// `RSASSA-PSS-params` (RFC 4055 §3.1); every field has a default.
#[derive(der::Sequence)]
struct PssParamsDer {
    #[asn1(context_specific = "0", optional = "true")]
    hash_algorithm: Option<x509_cert::spki::AlgorithmIdentifierOwned>,
    #[asn1(context_specific = "1", optional = "true")]
    mask_gen_algorithm: Option<x509_cert::spki::AlgorithmIdentifierOwned>,
    #[asn1(context_specific = "2", optional = "true")]
    salt_length: Option<u32>,
    #[asn1(context_specific = "3", optional = "true")]
    trailer_field: Option<u32>,
}

struct PssParams {
    digest: Option<&'static str>,
    mgf_digest: Option<&'static str>,
    salt_len: u32,
}

fn digest_name(oid: &ObjectIdentifier) -> Option<&'static str> {
    let oid = oid.to_string();
    DIGESTS.iter().find(|(o, _)| *o == oid).map(|(_, n)| *n)
}

fn digest_len(name: &str) -> u32 {
    match name {
        "SHA-1" => 20,
        "SHA-224" => 28,
        "SHA-256" => 32,
        "SHA-384" => 48,
        _ => 64,
    }
}

/// Reads PSS parameters, applying RFC 4055's defaults (SHA-1, MGF1-SHA-1, salt 20).
fn pss_params(params: &der::Any) -> der::Result<PssParams> {
    let p: PssParamsDer = params.decode_as()?;
    let digest = match &p.hash_algorithm {
        Some(alg) => digest_name(&alg.oid),
        None => Some("SHA-1"),
    };
    let mgf_digest = match &p.mask_gen_algorithm {
        Some(mgf) if mgf.oid.to_string() == OID_MGF1 => mgf
            .parameters
            .as_ref()
            .and_then(|a| a.decode_as::<x509_cert::spki::AlgorithmIdentifierOwned>().ok())
            .and_then(|h| digest_name(&h.oid)),
        Some(_) => None,
        None => Some("SHA-1"),
    };
    Ok(PssParams { digest, mgf_digest, salt_len: p.salt_length.unwrap_or(20) })
}

/// The raw `tbsCertificate` bytes, exactly as signed (never re-encoded).
fn tbs_bytes(der: &[u8]) -> Option<&[u8]> {
    let mut outer = der::SliceReader::new(der).ok()?;
    let header = der::Header::decode(&mut outer).ok()?;
    let body = outer.read_slice(header.length).ok()?;
    let mut inner = der::SliceReader::new(body).ok()?;
    inner.tlv_bytes().ok()
}

/// P-521 ECDSA verification with RustCrypto (ring has no P-521), on a digest from ring.
fn p521_verifies(point: &[u8], tbs: &[u8], signature: &[u8], digest: &str) -> bool {
    use p521::ecdsa::signature::hazmat::PrehashVerifier as _;
    let alg = match digest {
        "SHA-384" => &ring::digest::SHA384,
        "SHA-512" => &ring::digest::SHA512,
        // p521 needs a prehash of at least half the field size (33 bytes).
        _ => return false,
    };
    let Ok(key) = p521::ecdsa::VerifyingKey::from_sec1_bytes(point) else { return false };
    let Ok(sig) = p521::ecdsa::Signature::from_der(signature) else { return false };
    let hash = ring::digest::digest(alg, tbs);
    key.verify_prehash(hash.as_ref(), &sig).is_ok()
}

// --- extensions -------------------------------------------------------------------------------

/// RFC 5280 §4.2.1.3 names, in bit order.
const KEY_USAGE_NAMES: [&str; 9] = [
    "digitalSignature",
    "nonRepudiation",
    "keyEncipherment",
    "dataEncipherment",
    "keyAgreement",
    "keyCertSign",
    "cRLSign",
    "encipherOnly",
    "decipherOnly",
];

fn key_usage_names(cert: &x509_cert::Certificate) -> Result<Option<Vec<&'static str>>> {
    // RFC 5280 §4.2: at most one instance of an extension; `get` refuses duplicates.
    let usage = cert.tbs_certificate.get::<KeyUsage>().map_err(|_| {
        malformed("the key usage extension is damaged or present twice (RFC 5280 §4.2)")
    })?;
    Ok(usage.map(|(_, usage)| {
        let bits = usage.0.bits();
        KEY_USAGE_NAMES
            .iter()
            .enumerate()
            .filter(|(i, _)| bits & (1u16 << i) != 0)
            .map(|(_, name)| *name)
            .collect()
    }))
}

// --- names (RFC 4514) -------------------------------------------------------------------------

/// Attribute short names: RFC 4514 §3, then the names OpenSSL prints for the rest.
const ATTRIBUTE_NAMES: &[(&str, &str)] = &[
    ("2.5.4.3", "CN"),
    ("2.5.4.7", "L"),
    ("2.5.4.8", "ST"),
    ("2.5.4.10", "O"),
    ("2.5.4.11", "OU"),
    ("2.5.4.6", "C"),
    ("2.5.4.9", "STREET"),
    ("0.9.2342.19200300.100.1.25", "DC"),
    ("0.9.2342.19200300.100.1.1", "UID"),
    ("2.5.4.4", "SN"),
    ("2.5.4.5", "serialNumber"),
    ("2.5.4.12", "title"),
    ("2.5.4.13", "description"),
    ("2.5.4.15", "businessCategory"),
    ("2.5.4.17", "postalCode"),
    ("2.5.4.42", "GN"),
    ("2.5.4.43", "initials"),
    ("2.5.4.46", "dnQualifier"),
    ("2.5.4.65", "pseudonym"),
    ("2.5.4.97", "organizationIdentifier"),
    ("1.2.840.113549.1.9.1", "emailAddress"),
    ("1.3.6.1.4.1.311.60.2.1.3", "jurisdictionC"),
];

/// RFC 4514 §2.1: RDNs last to first, joined here with ", " for people.
fn format_name(name: &Name) -> String {
    name.0
        .iter()
        .rev()
        .map(|rdn| {
            rdn.0.iter().map(format_attribute).collect::<Vec<_>>().join("+") // §2.2
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn format_attribute(atv: &x509_cert::attr::AttributeTypeAndValue) -> String {
    let oid = atv.oid.to_string();
    let key = ATTRIBUTE_NAMES.iter().find(|(o, _)| *o == oid).map_or(oid.as_str(), |(_, n)| n);
    match attribute_text(&atv.value) {
        Some(text) => format!("{key}={}", escape_value(&text)),
        // §2.4: a value that is not a string is given as '#' and the hex of its BER encoding.
        None => format!("{key}=#{}", hex_lower(&atv.value.to_der().unwrap_or_default())),
    }
}

/// The text of a directory string (X.520), if it is one.
fn attribute_text(value: &der::Any) -> Option<String> {
    let bytes = value.value();
    match value.tag() {
        Tag::Utf8String | Tag::PrintableString | Tag::Ia5String | Tag::VisibleString => {
            String::from_utf8(bytes.to_vec()).ok()
        }
        // T.61 in theory; Latin-1 in every certificate met in practice.
        Tag::TeletexString => Some(bytes.iter().map(|b| char::from(*b)).collect()),
        Tag::BmpString => {
            let units: Vec<u16> = bytes
                .chunks(2)
                .map(|c| match c {
                    [hi, lo] => Some(u16::from_be_bytes([*hi, *lo])),
                    _ => None,
                })
                .collect::<Option<_>>()?;
            String::from_utf16(&units).ok()
        }
        _ => None,
    }
}

/// RFC 4514 §2.4 escaping, plus control characters as `\XX` so names print safely.
fn escape_value(text: &str) -> String {
    let last = text.chars().count().saturating_sub(1);
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.chars().enumerate() {
        match c {
            '"' | '+' | ',' | ';' | '<' | '>' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '#' if i == 0 => out.push_str("\\#"),
            ' ' if i == 0 || i == last => out.push_str("\\ "),
            c if c.is_control() => {
                let mut buf = [0; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    out.push_str(&format!("\\{b:02X}"));
                }
            }
            c => out.push(c),
        }
    }
    out
}

// --- small helpers ----------------------------------------------------------------------------

fn malformed(message: impl Into<String>) -> Error {
    Error::new(ErrorCode::CertificateMalformed, message)
}

/// DER of every certificate block in PEM text; `crate::pem` errors become certificate errors.
fn certificate_blocks(bytes: &[u8]) -> Result<Vec<Vec<u8>>> {
    let blocks = crate::pem::parse(bytes).map_err(|e| match e.code() {
        ErrorCode::InputTooLarge => e,
        _ => malformed(format!("the certificate PEM cannot be read: {}", e.message())),
    })?;
    Ok(blocks
        .iter()
        .filter(|b| matches!(b.label.as_str(), "CERTIFICATE" | "X509 CERTIFICATE"))
        .map(|b| b.der().to_vec())
        .collect())
}

fn no_certificate_block(bytes: &[u8]) -> Error {
    let labels = crate::pem::parse(bytes)
        .map(|blocks| blocks.iter().map(|b| b.label.clone()).collect::<Vec<_>>().join(", "))
        .unwrap_or_default();
    malformed(format!(
        "the PEM text holds no CERTIFICATE block (it holds: {labels}); pass the certificate \
         (-----BEGIN CERTIFICATE-----)"
    ))
}

/// Base64 DER pasted without PEM armour (an `x5c` entry): it starts with `MI` (a SEQUENCE).
fn bare_base64(bytes: &[u8]) -> Option<Vec<u8>> {
    let text = std::str::from_utf8(bytes).ok()?.trim().trim_matches(|c| c == '"' || c == '\'');
    if !text.starts_with("MI") {
        return None;
    }
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    base64::engine::general_purpose::STANDARD.decode(compact).ok()
}

fn unix_seconds(time: x509_cert::time::Time) -> i64 {
    i64::try_from(time.to_unix_duration().as_secs()).unwrap_or(i64::MAX)
}

/// `2045-01-01 00:00:00 UTC`.
pub(crate) fn format_utc(unix: i64) -> String {
    let days = unix.div_euclid(86_400);
    let secs = unix.rem_euclid(86_400);
    let (y, m, d) = crate::calendar::civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02} UTC", secs / 3600, secs % 3600 / 60, secs % 60)
}

fn hex_upper(bytes: &[u8], separator: &str) -> String {
    bytes.iter().map(|b| format!("{b:02X}")).collect::<Vec<_>>().join(separator)
}

fn hex_lower(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The JWS `x5t` value (RFC 7515 §4.1.7) of a DER certificate: base64url of its SHA-1 digest.
/// Also used for assertion headers, where the certificate is only carried, not parsed.
pub(crate) fn x5t(der: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(sha1(der))
}

/// The JWS `x5t#S256` value (RFC 7515 §4.1.8) of a DER certificate.
pub(crate) fn x5t_s256(der: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(sha256(der))
}

fn sha1(der: &[u8]) -> ring::digest::Digest {
    ring::digest::digest(&ring::digest::SHA1_FOR_LEGACY_USE_ONLY, der)
}

fn sha256(der: &[u8]) -> ring::digest::Digest {
    ring::digest::digest(&ring::digest::SHA256, der)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_rfc4514_specials() {
        assert_eq!(escape_value("a,b+c"), "a\\,b\\+c");
        assert_eq!(escape_value("#x"), "\\#x");
        assert_eq!(escape_value(" x "), "\\ x\\ ");
        assert_eq!(escape_value("a\u{0}b"), "a\\00b");
        assert_eq!(escape_value("Brussel-Bruxelles é"), "Brussel-Bruxelles é");
    }

    #[test]
    fn formats_utc() {
        assert_eq!(format_utc(0), "1970-01-01 00:00:00 UTC");
        assert_eq!(format_utc(2_366_841_600), "2045-01-01 00:00:00 UTC");
        assert_eq!(format_utc(951_782_399), "2000-02-28 23:59:59 UTC");
    }

    #[test]
    fn tbs_bytes_rejects_garbage() {
        assert!(tbs_bytes(&[]).is_none());
        assert!(tbs_bytes(&[0x30, 0x05, 0x30]).is_none());
        assert_eq!(tbs_bytes(&[0x30, 0x04, 0x30, 0x00, 0x05, 0x00]), Some(&[0x30, 0x00][..]));
    }
}
