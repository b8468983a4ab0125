//! EC private keys: SEC1 `ECPrivateKey` (RFC 5915, the body of `EC PRIVATE KEY` and of an EC
//! PKCS#8 key), and the one place where a scalar and a point become a [`SigningKey`].
//!
//! *ring* signs with P-256 and P-384 but needs the public point beside the scalar (it checks
//! that they belong together); it cannot compute it. RustCrypto's `p521` computes the P-521
//! point itself, so a P-521 key without its point still loads.

use ring::rand::SecureRandom;
use ring::signature::{self as ring_sig, EcdsaKeyPair};
use zeroize::Zeroizing;

use super::{Inner, PublicKey, SigningKey};
use crate::algorithm::Curve;
use crate::error::{Error, ErrorCode, Result};

const OID_P256: &str = "1.2.840.10045.3.1.7";
const OID_P384: &str = "1.3.132.0.34";
const OID_P521: &str = "1.3.132.0.35";

/// The curve a named-curve OID stands for (RFC 5480 §2.1.1.1).
pub(super) fn curve_from_oid(oid: &der::asn1::ObjectIdentifier) -> Result<Curve> {
    match oid.to_string().as_str() {
        OID_P256 => Ok(Curve::P256),
        OID_P384 => Ok(Curve::P384),
        OID_P521 => Ok(Curve::P521),
        "1.3.132.0.10" => Err(unsupported_curve("secp256k1")),
        "1.3.36.3.3.2.8.1.1.7" | "1.3.36.3.3.2.8.1.1.11" | "1.3.36.3.3.2.8.1.1.13" => {
            Err(unsupported_curve("Brainpool"))
        }
        other => Err(unsupported_curve(other)),
    }
}

fn unsupported_curve(name: &str) -> Error {
    Error::new(
        ErrorCode::KeyUnsupported,
        format!("EC curve {name} is not supported; use P-384 or P-521 (Chaman's rules) or P-256"),
    )
}

/// Loads a SEC1 `ECPrivateKey`. `curve` comes from the PKCS#8 algorithm identifier when the
/// key is wrapped; `public_hints` are candidate public keys (from certificates) for P-256 and
/// P-384 keys encoded without their point.
pub(super) fn load_sec1(
    der_bytes: &[u8],
    curve: Option<Curve>,
    public_hints: &[PublicKey],
    rng: &dyn SecureRandom,
) -> Result<SigningKey> {
    use der::Decode as _;
    let key = ::sec1::EcPrivateKey::from_der(der_bytes).map_err(|e| {
        Error::new(
            ErrorCode::KeyMalformed,
            format!("not a SEC1 EC private key, or one with explicit curve parameters: {e}"),
        )
    })?;
    let inner_curve = match &key.parameters {
        Some(::sec1::EcParameters::NamedCurve(oid)) => Some(curve_from_oid(oid)?),
        None => None,
    };
    let curve = match (curve, inner_curve) {
        (Some(a), Some(b)) if a != b => {
            return Err(Error::new(
                ErrorCode::KeyMalformed,
                format!("the key names two curves ({a} and {b})"),
            ))
        }
        (Some(c), _) | (None, Some(c)) => c,
        (None, None) => {
            return Err(Error::new(
                ErrorCode::KeyMalformed,
                "the EC key does not name its curve; export it with its parameters \
                 (`openssl pkcs8 -topk8 -nocrypt`)",
            ))
        }
    };
    match key.public_key {
        Some(point) => load_ec(curve, key.private_key, Some(point), rng),
        None if curve == Curve::P521 => load_ec(curve, key.private_key, None, rng),
        None => {
            // Java writes EC keys without the point; a PKCS#12 file has it in the certificate.
            for hint in public_hints {
                if let PublicKey::Ec { curve: c, point } = hint {
                    if *c == curve {
                        if let Ok(k) = load_ec(curve, key.private_key, Some(point), rng) {
                            return Ok(k);
                        }
                    }
                }
            }
            load_ec(curve, key.private_key, None, rng)
        }
    }
}

/// Builds a signing key from a private scalar (big-endian) and, if known, the uncompressed
/// public point `04‖x‖y`, which must match the scalar.
pub(super) fn load_ec(
    curve: Curve,
    scalar: &[u8],
    public_point: Option<&[u8]>,
    rng: &dyn SecureRandom,
) -> Result<SigningKey> {
    let scalar = fixed_scalar(curve, scalar)?;
    let inner = match curve {
        Curve::P256 | Curve::P384 => {
            let Some(point) = public_point else {
                return Err(Error::new(
                    ErrorCode::KeyMalformed,
                    format!(
                        "the {curve} private key was saved without its public key, which this \
                         library needs; re-export it with OpenSSL, which adds it: \
                         `openssl pkcs8 -topk8 -nocrypt -in key.pem -out key-pkcs8.pem`"
                    ),
                ));
            };
            let alg = match curve {
                Curve::P256 => &ring_sig::ECDSA_P256_SHA256_FIXED_SIGNING,
                _ => &ring_sig::ECDSA_P384_SHA384_FIXED_SIGNING,
            };
            let pair = EcdsaKeyPair::from_private_key_and_public_key(alg, &scalar, point, rng)
                .map_err(|_| {
                    Error::new(
                        ErrorCode::KeyMalformed,
                        format!(
                            "the {curve} key was rejected: the private scalar is out of range or \
                             does not belong to the public key"
                        ),
                    )
                })?;
            Inner::Ecdsa(pair)
        }
        Curve::P521 => {
            let key = p521::ecdsa::SigningKey::from_slice(&scalar).map_err(|_| {
                Error::new(ErrorCode::KeyMalformed, "the P-521 private scalar is out of range")
            })?;
            if let Some(point) = public_point {
                let derived = p521::ecdsa::VerifyingKey::from(&key).to_encoded_point(false);
                if derived.as_bytes() != point {
                    return Err(Error::new(
                        ErrorCode::KeyMalformed,
                        "the P-521 private key does not belong to the public key stored with it",
                    ));
                }
            }
            Inner::P521(Box::new(key))
        }
    };
    SigningKey::from_inner(inner, curve)
}

/// The scalar as exactly `field_len` bytes: encoders drop leading zeros (or add one).
fn fixed_scalar(curve: Curve, scalar: &[u8]) -> Result<Zeroizing<Vec<u8>>> {
    let len = curve.field_len();
    let significant =
        scalar.iter().position(|b| *b != 0).map_or(&[][..], |i| scalar.get(i..).unwrap_or(&[]));
    if significant.is_empty() || significant.len() > len {
        return Err(Error::new(
            ErrorCode::KeyMalformed,
            format!("the {curve} private scalar has the wrong length"),
        ));
    }
    let mut out = Zeroizing::new(vec![0u8; len]);
    if let Some(tail) = out.get_mut(len - significant.len()..) {
        tail.copy_from_slice(significant);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars_are_normalised_to_the_field_length() {
        assert_eq!(fixed_scalar(Curve::P256, &[1, 2]).unwrap().len(), 32);
        assert_eq!(fixed_scalar(Curve::P256, &[1, 2]).unwrap()[30..], [1, 2]);
        let mut with_sign_byte = vec![0u8];
        with_sign_byte.extend([0xff; 66]);
        assert_eq!(fixed_scalar(Curve::P521, &with_sign_byte).unwrap().len(), 66);
        assert!(fixed_scalar(Curve::P384, &[0; 48]).is_err());
        assert!(fixed_scalar(Curve::P384, &[]).is_err());
        assert!(fixed_scalar(Curve::P384, &[1; 49]).is_err());
    }
}
