//! Keys that sign outside the core: WebCrypto, a cloud KMS, an HSM, a smart card.
//!
//! The core hands the host the JWS signing input; the host signs it and passes the signature
//! back. Hosts return ECDSA signatures in two shapes: WebCrypto returns the raw `r‖s` that JWS
//! wants (RFC 7518 §3.4), while KMS and PKCS#11 APIs usually return an ASN.1 DER
//! `ECDSA-Sig-Value` (RFC 3279 §2.2.3). [`signature_to_jws`] accepts both and returns the JWS
//! form; when the public key is known, [`ExternalKey::accept_signature`] also verifies the
//! signature, so a KMS key that is not the registered one fails here and not at the server.
//!
//! ```
//! use careerpro_fla::signature_to_jws;
//! use careerpro_fla::Algorithm;
//! // DER SEQUENCE { INTEGER 1, INTEGER 2 } becomes two 32-byte big-endian halves.
//! let jws = signature_to_jws(Algorithm::Es256, &[0x30, 6, 2, 1, 1, 2, 1, 2]).unwrap();
//! assert_eq!(jws.len(), 64);
//! assert_eq!((jws[31], jws[63]), (1, 2));
//! ```

use ring::signature as ring_sig;

use super::PublicKey;
use crate::algorithm::{Algorithm, Curve};
use crate::error::{Error, ErrorCode, Result};

/// A key held by the host: what the core needs to build headers and check signatures.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ExternalKey {
    /// The JWS algorithm the host signs with.
    pub algorithm: Algorithm,
    /// The public key, when known: signatures are then verified before they are used.
    pub public_key: Option<PublicKey>,
    /// The key id (`kid`) for JWS headers.
    pub key_id: Option<String>,
    /// The certificate (DER) registered in Chaman, for `x5t`/`x5c`.
    pub certificate_der: Option<Vec<u8>>,
}

impl ExternalKey {
    /// A host key signing with `algorithm`, nothing else known yet.
    pub fn new(algorithm: Algorithm) -> ExternalKey {
        ExternalKey { algorithm, public_key: None, key_id: None, certificate_der: None }
    }

    /// Sets the public key, which must fit the algorithm (RSA for RS*/PS*, the curve for
    /// ES*, RSA of at least 2048 bits).
    pub fn with_public_key(mut self, public_key: PublicKey) -> Result<ExternalKey> {
        check_fits(&public_key, self.algorithm)?;
        self.public_key = Some(public_key);
        Ok(self)
    }

    /// Sets the key id (`kid`).
    #[must_use]
    pub fn with_key_id(mut self, key_id: impl Into<String>) -> ExternalKey {
        self.key_id = Some(key_id.into());
        self
    }

    /// Sets the certificate (DER). When no public key is set yet, the certificate's key
    /// becomes the public key (and must fit the algorithm).
    pub fn with_certificate_der(mut self, der: Vec<u8>) -> Result<ExternalKey> {
        if self.public_key.is_none() {
            let public_key = PublicKey::from_certificate_der(&der)?;
            check_fits(&public_key, self.algorithm)?;
            self.public_key = Some(public_key);
        }
        self.certificate_der = Some(der);
        Ok(self)
    }

    /// Converts the host's signature over `signing_input` to the JWS form and, when the
    /// public key is known, verifies it.
    pub fn accept_signature(&self, signing_input: &[u8], signature: &[u8]) -> Result<Vec<u8>> {
        let jws = signature_to_jws(self.algorithm, signature)?;
        if let Some(public_key) = &self.public_key {
            verify(public_key, self.algorithm, signing_input, &jws)?;
        }
        Ok(jws)
    }
}

/// Checks and converts a signature from a host to the JWS form (RFC 7518 §3.3–3.5).
///
/// - RS*/PS*: 256 to 512 bytes (2048 to 4096 bits), returned unchanged.
/// - ES*: raw `r‖s` of exactly twice the field length is returned unchanged; a DER
///   `SEQUENCE { INTEGER r, INTEGER s }` is converted to it.
///
/// Anything else fails with [`ErrorCode::ExternalSignatureInvalid`].
pub fn signature_to_jws(algorithm: Algorithm, signature: &[u8]) -> Result<Vec<u8>> {
    match algorithm.curve() {
        None => {
            if (256..=512).contains(&signature.len()) {
                Ok(signature.to_vec())
            } else {
                Err(invalid(format!(
                    "an {algorithm} signature must be 256 to 512 bytes (an RSA key of 2048 to \
                     4096 bits); the signer returned {} bytes",
                    signature.len()
                )))
            }
        }
        Some(curve) => {
            let len = curve.field_len();
            if signature.len() == 2 * len {
                return Ok(signature.to_vec());
            }
            der_to_raw(curve, signature).ok_or_else(|| {
                invalid(format!(
                    "an {algorithm} signature must be {} raw bytes (r‖s) or a DER \
                     ECDSA-Sig-Value; the signer returned {} bytes that are neither",
                    2 * len,
                    signature.len()
                ))
            })
        }
    }
}

/// Verifies a JWS signature (RFC 7518 §3) over `signing_input`. Fails with
/// [`ErrorCode::ExternalSignatureInvalid`] when the signature does not verify or the key does
/// not fit the algorithm.
pub fn verify(
    public_key: &PublicKey,
    algorithm: Algorithm,
    signing_input: &[u8],
    jws_signature: &[u8],
) -> Result<()> {
    check_fits(public_key, algorithm).map_err(|e| invalid(e.message().to_owned()))?;
    let ok = match public_key {
        PublicKey::Rsa { n, e } => {
            let params: &ring_sig::RsaParameters = match algorithm {
                Algorithm::Rs384 => &ring_sig::RSA_PKCS1_2048_8192_SHA384,
                Algorithm::Rs512 => &ring_sig::RSA_PKCS1_2048_8192_SHA512,
                Algorithm::Ps256 => &ring_sig::RSA_PSS_2048_8192_SHA256,
                Algorithm::Ps384 => &ring_sig::RSA_PSS_2048_8192_SHA384,
                Algorithm::Ps512 => &ring_sig::RSA_PSS_2048_8192_SHA512,
                _ => &ring_sig::RSA_PKCS1_2048_8192_SHA256,
            };
            ring_sig::RsaPublicKeyComponents { n, e }
                .verify(params, signing_input, jws_signature)
                .is_ok()
        }
        PublicKey::Ec { curve: Curve::P521, point } => {
            use p521::ecdsa::signature::Verifier as _;
            match (
                p521::ecdsa::VerifyingKey::from_sec1_bytes(point),
                p521::ecdsa::Signature::from_slice(jws_signature),
            ) {
                (Ok(key), Ok(sig)) => key.verify(signing_input, &sig).is_ok(),
                _ => false,
            }
        }
        PublicKey::Ec { curve, point } => {
            let alg: &ring_sig::EcdsaVerificationAlgorithm = match curve {
                Curve::P256 => &ring_sig::ECDSA_P256_SHA256_FIXED,
                _ => &ring_sig::ECDSA_P384_SHA384_FIXED,
            };
            ring_sig::UnparsedPublicKey::new(alg, point)
                .verify(signing_input, jws_signature)
                .is_ok()
        }
    };
    if ok {
        Ok(())
    } else {
        Err(invalid(format!(
            "the {algorithm} signature does not verify with {}; the signer used another key \
             or signed other bytes",
            public_key.describe()
        )))
    }
}

fn check_fits(public_key: &PublicKey, algorithm: Algorithm) -> Result<()> {
    let fits = match (public_key, algorithm.curve()) {
        (PublicKey::Rsa { .. }, None) => public_key.bits() >= super::MIN_RSA_BITS,
        (PublicKey::Ec { curve, .. }, Some(c)) => *curve == c,
        _ => false,
    };
    if fits {
        Ok(())
    } else {
        Err(Error::new(
            ErrorCode::KeyAlgorithmMismatch,
            format!("{algorithm} cannot be used with {}", public_key.describe()),
        ))
    }
}

/// DER `ECDSA-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER }` to `r‖s`, each left-padded to
/// the field length (RFC 7518 §3.4). `None` when the bytes are not exactly that.
fn der_to_raw(curve: Curve, der_bytes: &[u8]) -> Option<Vec<u8>> {
    #[derive(der::Sequence)]
    struct EcdsaSig<'a> {
        r: der::asn1::UintRef<'a>,
        s: der::asn1::UintRef<'a>,
    }
    use der::Decode as _;
    let sig = EcdsaSig::from_der(der_bytes).ok()?;
    let len = curve.field_len();
    let mut out = vec![0u8; 2 * len];
    for (half, value) in [(0, sig.r.as_bytes()), (1, sig.s.as_bytes())] {
        // UintRef strips the sign byte; zero and values longer than the field are invalid.
        if value.is_empty() || value.iter().all(|b| *b == 0) || value.len() > len {
            return None;
        }
        let end = (half + 1) * len;
        out.get_mut(end - value.len()..end)?.copy_from_slice(value);
    }
    Some(out)
}

fn invalid(message: String) -> Error {
    Error::new(ErrorCode::ExternalSignatureInvalid, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn der_signatures_become_fixed_size() {
        // r with a sign byte, s short: both left-padded to 48 bytes.
        let mut der = vec![0x30, 0x37, 0x02, 0x31, 0x00, 0x80];
        der.extend([0x11; 47]);
        der.extend([0x02, 0x02, 0x01, 0x02]);
        let raw = signature_to_jws(Algorithm::Es384, &der).unwrap();
        assert_eq!(raw.len(), 96);
        assert_eq!(raw[0], 0x80);
        assert_eq!(&raw[94..], &[1, 2]);
        assert!(raw[48..94].iter().all(|b| *b == 0));
    }

    #[test]
    fn bad_der_signatures_are_refused() {
        let code = |sig: &[u8]| signature_to_jws(Algorithm::Es256, sig).unwrap_err().code();
        // r = 0
        assert_eq!(code(&[0x30, 6, 2, 1, 0, 2, 1, 1]), ErrorCode::ExternalSignatureInvalid);
        // trailing bytes
        assert_eq!(code(&[0x30, 6, 2, 1, 1, 2, 1, 1, 0]), ErrorCode::ExternalSignatureInvalid);
        // r longer than the field
        let mut long = vec![0x30, 0x26, 0x02, 0x21];
        long.extend([0x7f; 33]);
        long.extend([0x02, 0x01, 0x01]);
        assert_eq!(code(&long), ErrorCode::ExternalSignatureInvalid);
        // negative INTEGER
        assert_eq!(code(&[0x30, 6, 2, 1, 0x81, 2, 1, 1]), ErrorCode::ExternalSignatureInvalid);
    }

    #[test]
    fn rsa_sizes() {
        for len in [255, 513, 0] {
            assert!(signature_to_jws(Algorithm::Rs256, &vec![1; len]).is_err(), "{len}");
        }
        for len in [256, 384, 512] {
            assert_eq!(signature_to_jws(Algorithm::Ps384, &vec![1; len]).unwrap().len(), len);
        }
    }
}
