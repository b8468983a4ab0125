//! The public half of a key, in the form certificates and JWKs compare against.

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

#[derive(der::Sequence)]
struct RsaPublicKeyDer<'a> {
    n: der::asn1::UintRef<'a>,
    e: der::asn1::UintRef<'a>,
}

impl PublicKey {
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
