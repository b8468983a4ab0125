//! The public half of a key, in the form certificates and JWKs compare against.
//!
//! Read from a SubjectPublicKeyInfo (RFC 5280 §4.1.2.7, RFC 5480) or a certificate; written as
//! a public JWK (RFC 7517, RFC 7518 §6) with its RFC 7638 thumbprint, the value servers that
//! register keys by JWK often use as key id.
//!
//! ```
//! use careerpro_fla::PublicKey;
//! // RFC 7638 §3.1: the example key and its thumbprint.
//! let n = "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw";
//! let key = PublicKey::Rsa {
//!     n: base64::Engine::decode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, n).unwrap(),
//!     e: vec![1, 0, 1],
//! };
//! assert_eq!(key.jwk_thumbprint_sha256(), "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs");
//! assert_eq!(key.to_jwk()["e"], "AQAB");
//! ```

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;

use crate::algorithm::Curve;
use crate::error::{Error, ErrorCode, Result};

/// A public key: RSA modulus and exponent, or an EC point.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PublicKey {
    /// RSA: big-endian modulus and public exponent, without leading zeros.
    Rsa {
        /// Modulus `n`.
        n: Vec<u8>,
        /// Public exponent `e`.
        e: Vec<u8>,
    },
    /// EC: the curve and the uncompressed point `04‖x‖y` (SEC 1 §2.3.3).
    Ec {
        /// Curve.
        curve: Curve,
        /// Uncompressed point.
        point: Vec<u8>,
    },
}

const OID_RSA: &str = "1.2.840.113549.1.1.1";
const OID_EC: &str = "1.2.840.10045.2.1";
const OID_P256: &str = "1.2.840.10045.3.1.7";
const OID_P384: &str = "1.3.132.0.34";
const OID_P521: &str = "1.3.132.0.35";

/// Big-endian integers without leading zero bytes (RFC 7518 §2 "Base64urlUInt").
fn strip_zeros(bytes: &[u8]) -> &[u8] {
    let first = bytes.iter().position(|b| *b != 0).unwrap_or(bytes.len().saturating_sub(1));
    bytes.get(first..).unwrap_or(bytes)
}

#[derive(der::Sequence)]
struct RsaPublicKeyDer<'a> {
    n: der::asn1::UintRef<'a>,
    e: der::asn1::UintRef<'a>,
}

impl PublicKey {
    /// Parses a DER `SubjectPublicKeyInfo`: RSA (`rsaEncryption`) or EC on P-256, P-384 or
    /// P-521 with an uncompressed point.
    pub fn from_spki_der(der_bytes: &[u8]) -> Result<PublicKey> {
        use der::Decode as _;
        let spki = pkcs8::spki::SubjectPublicKeyInfoRef::from_der(der_bytes).map_err(|e| {
            Error::new(ErrorCode::KeyMalformed, format!("not a SubjectPublicKeyInfo: {e}"))
        })?;
        let key_bytes = spki.subject_public_key.as_bytes().ok_or_else(|| {
            Error::new(ErrorCode::KeyMalformed, "the public key BIT STRING has unused bits")
        })?;
        match spki.algorithm.oid.to_string().as_str() {
            OID_RSA => PublicKey::from_rsa_pkcs1_der(key_bytes),
            OID_EC => {
                let curve_oid = spki.algorithm.parameters_oid().map_err(|_| {
                    Error::new(ErrorCode::KeyMalformed, "the EC public key does not name its curve")
                })?;
                let curve = match curve_oid.to_string().as_str() {
                    OID_P256 => Curve::P256,
                    OID_P384 => Curve::P384,
                    OID_P521 => Curve::P521,
                    other => {
                        return Err(Error::new(
                            ErrorCode::KeyUnsupported,
                            format!(
                                "EC curve {other} is not supported; P-256, P-384 and P-521 are"
                            ),
                        ))
                    }
                };
                PublicKey::from_ec_point(curve, key_bytes)
            }
            other => Err(Error::new(
                ErrorCode::KeyUnsupported,
                format!("public key algorithm {other} is not supported; RSA and EC are"),
            )),
        }
    }

    /// The public key of a DER X.509 certificate.
    pub fn from_certificate_der(der_bytes: &[u8]) -> Result<PublicKey> {
        use der::{Decode as _, Encode as _};
        let cert = x509_cert::Certificate::from_der(der_bytes).map_err(|e| {
            Error::new(ErrorCode::CertificateMalformed, format!("not an X.509 certificate: {e}"))
        })?;
        let spki = cert.tbs_certificate.subject_public_key_info.to_der().map_err(|e| {
            Error::new(ErrorCode::CertificateMalformed, format!("bad public key info: {e}"))
        })?;
        PublicKey::from_spki_der(&spki)
    }

    /// An EC public key from its uncompressed point `04‖x‖y` (SEC 1 §2.3.3).
    pub fn from_ec_point(curve: Curve, point: &[u8]) -> Result<PublicKey> {
        let len = curve.field_len();
        match point.split_first() {
            Some((4, xy)) if xy.len() == 2 * len => {
                Ok(PublicKey::Ec { curve, point: point.to_vec() })
            }
            Some((2 | 3, _)) => Err(Error::new(
                ErrorCode::KeyUnsupported,
                "compressed EC points are not supported; use the uncompressed form",
            )),
            _ => Err(Error::new(
                ErrorCode::KeyMalformed,
                format!("the {curve} public point has the wrong encoding or length"),
            )),
        }
    }

    /// The public JWK (RFC 7517 §4, RFC 7518 §6.2.1 and §6.3.1): `kty`, `n`/`e` or
    /// `crv`/`x`/`y`, base64url without padding. Add `kid`, `alg` or `use` as needed.
    pub fn to_jwk(&self) -> serde_json::Value {
        match self {
            PublicKey::Rsa { n, e } => serde_json::json!({
                "kty": "RSA",
                "n": URL_SAFE_NO_PAD.encode(strip_zeros(n)),
                "e": URL_SAFE_NO_PAD.encode(strip_zeros(e)),
            }),
            PublicKey::Ec { curve, .. } => {
                let (x, y) = self.ec_coordinates().unwrap_or((&[], &[]));
                serde_json::json!({
                    "kty": "EC",
                    "crv": curve.as_str(),
                    "x": URL_SAFE_NO_PAD.encode(x),
                    "y": URL_SAFE_NO_PAD.encode(y),
                })
            }
        }
    }

    /// The RFC 7638 JWK thumbprint with SHA-256, base64url without padding: the hash of the
    /// required members in lexicographic order, without whitespace (§3.2, §3.3).
    pub fn jwk_thumbprint_sha256(&self) -> String {
        let canonical = match self {
            PublicKey::Rsa { n, e } => format!(
                r#"{{"e":"{}","kty":"RSA","n":"{}"}}"#,
                URL_SAFE_NO_PAD.encode(strip_zeros(e)),
                URL_SAFE_NO_PAD.encode(strip_zeros(n))
            ),
            PublicKey::Ec { curve, .. } => {
                let (x, y) = self.ec_coordinates().unwrap_or((&[], &[]));
                format!(
                    r#"{{"crv":"{}","kty":"EC","x":"{}","y":"{}"}}"#,
                    curve.as_str(),
                    URL_SAFE_NO_PAD.encode(x),
                    URL_SAFE_NO_PAD.encode(y)
                )
            }
        };
        let digest = ring::digest::digest(&ring::digest::SHA256, canonical.as_bytes());
        URL_SAFE_NO_PAD.encode(digest.as_ref())
    }

    /// `x` and `y` of an EC key (each `field_len` bytes).
    fn ec_coordinates(&self) -> Option<(&[u8], &[u8])> {
        match self {
            PublicKey::Ec { curve, point } => {
                let xy = point.get(1..)?;
                let len = curve.field_len();
                Some((xy.get(..len)?, xy.get(len..)?))
            }
            PublicKey::Rsa { .. } => None,
        }
    }

    /// Parses a PKCS#1 `RSAPublicKey` (the content of an RSA `subjectPublicKey`).
    pub fn from_rsa_pkcs1_der(der_bytes: &[u8]) -> Result<PublicKey> {
        use der::Decode as _;
        let k = RsaPublicKeyDer::from_der(der_bytes).map_err(|e| {
            Error::new(ErrorCode::KeyMalformed, format!("not an RSA public key: {e}"))
        })?;
        Ok(PublicKey::Rsa { n: k.n.as_bytes().to_vec(), e: k.e.as_bytes().to_vec() })
    }

    /// Key size in bits: the modulus length for RSA, the curve size for EC.
    pub fn bits(&self) -> u32 {
        match self {
            PublicKey::Rsa { n, .. } => {
                let Some(first) = n.iter().position(|b| *b != 0) else { return 0 };
                let bytes = u32::try_from(n.len() - first).unwrap_or(u32::MAX / 8);
                let lead = n.get(first).map_or(0, |b| b.leading_zeros());
                bytes.saturating_mul(8).saturating_sub(lead)
            }
            PublicKey::Ec { curve, .. } => curve.bits(),
        }
    }

    /// "RSA 2048 bits", "EC P-384".
    pub fn describe(&self) -> String {
        match self {
            PublicKey::Rsa { .. } => format!("RSA {} bits", self.bits()),
            PublicKey::Ec { curve, .. } => format!("EC {curve}"),
        }
    }
}
