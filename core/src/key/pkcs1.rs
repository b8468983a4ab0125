//! RSA private keys in PKCS#1 form (`RSA PRIVATE KEY`, RFC 8017 §A.1.2), and the mapping of
//! *ring*'s RSA rejections to error codes shared by every RSA loader.

use ring::rand::SecureRandom;
use ring::signature::RsaKeyPair;

use super::SigningKey;
use crate::error::{Error, ErrorCode, Result};

/// Loads a PKCS#1 `RSAPrivateKey` (DER).
pub(super) fn load(der: &[u8], rng: &dyn SecureRandom) -> Result<SigningKey> {
    let pair = RsaKeyPair::from_der(der).map_err(|e| rejected(&e))?;
    SigningKey::from_rsa(pair, rng)
}

/// Loads an RSA key from its JWK components (big-endian, RFC 7518 §6.3).
pub(super) fn load_components(
    components: &RsaComponents<'_>,
    rng: &dyn SecureRandom,
) -> Result<SigningKey> {
    let parts = ring::rsa::KeyPairComponents {
        public_key: ring::rsa::PublicKeyComponents { n: components.n, e: components.e },
        d: components.d,
        p: components.p,
        q: components.q,
        dP: components.dp,
        dQ: components.dq,
        qInv: components.qi,
    };
    let pair = RsaKeyPair::from_components(&parts).map_err(|e| rejected(&e))?;
    SigningKey::from_rsa(pair, rng)
}

/// The RSA private key components, borrowed from zeroized buffers.
pub(super) struct RsaComponents<'a> {
    pub(super) n: &'a [u8],
    pub(super) e: &'a [u8],
    pub(super) d: &'a [u8],
    pub(super) p: &'a [u8],
    pub(super) q: &'a [u8],
    pub(super) dp: &'a [u8],
    pub(super) dq: &'a [u8],
    pub(super) qi: &'a [u8],
}

/// *ring* explains a rejection only through its `Display` text; the short-key case gets its
/// own code because the fix (a new key) differs from a damaged file's.
pub(super) fn rejected(e: &ring::error::KeyRejected) -> Error {
    let reason = e.to_string();
    if reason.contains("TooSmall") {
        Error::new(
            ErrorCode::KeyTooWeak,
            "the RSA key is shorter than 2048 bits; the platform needs 2048, 3072 or 4096",
        )
    } else if reason.contains("TooLarge") {
        Error::new(
            ErrorCode::KeyUnsupported,
            "the RSA key is longer than 8192 bits; the platform needs 2048, 3072 or 4096",
        )
    } else {
        Error::new(ErrorCode::KeyMalformed, format!("the RSA key was rejected ({reason})"))
    }
}
