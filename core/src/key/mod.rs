//! Signing keys: loaded once from what the caller has, then used for every assertion.
//!
//! The algorithm follows from the key: RSA → RS256 (or RS384/RS512/PS256/PS384/PS512 on
//! request), P-256 → ES256, P-384 → ES384, P-521 → ES512. RSA, P-256 and P-384 sign with
//! *ring*; P-521 with RustCrypto's `p521` (ring has no P-521 signing).
//!
//! Randomness is an argument: ECDSA nonces and PSS salts come from the `rng` the caller passes
//! (the bindings pass the host's CSPRNG); the core never reaches for an ambient generator.
//!
//! `Debug` never shows key material: `SigningKey(RS256, RSA 2048 bits, [redacted])`.

use std::fmt;

use ring::rand::SecureRandom;
use ring::signature::{self as ring_sig, EcdsaKeyPair, KeyPair as _, RsaKeyPair};

use crate::algorithm::{Algorithm, Curve};
use crate::error::{Error, ErrorCode, Result};

mod public;

pub use public::PublicKey;

/// A private key ready to sign client assertions.
pub struct SigningKey {
    inner: Inner,
    algorithm: Algorithm,
    public: PublicKey,
    certificate_der: Option<Vec<u8>>,
}

enum Inner {
    Rsa(RsaKeyPair),
    Ecdsa(EcdsaKeyPair),
    P521(Box<p521::ecdsa::SigningKey>),
}

const OID_RSA: &str = "1.2.840.113549.1.1.1";
const OID_EC: &str = "1.2.840.10045.2.1";
const OID_P256: &str = "1.2.840.10045.3.1.7";
const OID_P384: &str = "1.3.132.0.34";
const OID_P521: &str = "1.3.132.0.35";

/// The smallest RSA modulus accepted (Chaman accepts 2048, 3072 and 4096 bits).
pub const MIN_RSA_BITS: u32 = 2048;

impl SigningKey {
    /// Loads an unencrypted PKCS#8 `PrivateKeyInfo` (DER).
    pub fn from_pkcs8_der(der: &[u8], rng: &dyn SecureRandom) -> Result<SigningKey> {
        use der::Decode as _;
        let info = pkcs8::PrivateKeyInfo::from_der(der).map_err(|e| {
            Error::new(ErrorCode::KeyMalformed, format!("not a PKCS#8 private key: {e}"))
        })?;
        let oid = info.algorithm.oid.to_string();
        match oid.as_str() {
            OID_RSA => {
                let pair = RsaKeyPair::from_pkcs8(der).map_err(|e| rsa_rejected(&e))?;
                SigningKey::from_rsa(pair)
            }
            OID_EC => {
                let curve_oid = info
                    .algorithm
                    .parameters_oid()
                    .map_err(|_| {
                        Error::new(ErrorCode::KeyMalformed, "the EC key does not name its curve")
                    })?
                    .to_string();
                let curve = match curve_oid.as_str() {
                    OID_P256 => Curve::P256,
                    OID_P384 => Curve::P384,
                    OID_P521 => Curve::P521,
                    other => {
                        return Err(Error::new(
                            ErrorCode::KeyUnsupported,
                            format!(
                                "EC curve {other} is not supported; use P-384 or P-521 (Chaman's rules)"
                            ),
                        ))
                    }
                };
                SigningKey::from_ec_pkcs8(curve, der, rng)
            }
            other => Err(Error::new(
                ErrorCode::KeyUnsupported,
                format!(
                    "key algorithm {other} is not supported; use an RSA or EC (P-384, P-521) key"
                ),
            )),
        }
    }

    fn from_rsa(pair: RsaKeyPair) -> Result<SigningKey> {
        let public = PublicKey::from_rsa_pkcs1_der(pair.public_key().as_ref())?;
        let bits = public.bits();
        if bits < MIN_RSA_BITS {
            return Err(Error::new(
                ErrorCode::KeyTooWeak,
                format!("the RSA key has {bits} bits; the platform needs 2048, 3072 or 4096"),
            ));
        }
        Ok(SigningKey {
            inner: Inner::Rsa(pair),
            algorithm: Algorithm::Rs256,
            public,
            certificate_der: None,
        })
    }

    fn from_ec_pkcs8(curve: Curve, der: &[u8], rng: &dyn SecureRandom) -> Result<SigningKey> {
        let inner = match curve {
            Curve::P256 | Curve::P384 => {
                let alg = ring_ecdsa_alg(curve);
                let pair = EcdsaKeyPair::from_pkcs8(alg, der, rng).map_err(|e| {
                    Error::new(
                        ErrorCode::KeyMalformed,
                        format!("the {curve} key was rejected: {e}"),
                    )
                })?;
                Inner::Ecdsa(pair)
            }
            Curve::P521 => {
                use p521::pkcs8::DecodePrivateKey as _;
                let secret = p521::SecretKey::from_pkcs8_der(der).map_err(|e| {
                    Error::new(ErrorCode::KeyMalformed, format!("the P-521 key was rejected: {e}"))
                })?;
                let key =
                    p521::ecdsa::SigningKey::from_bytes(&secret.to_bytes()).map_err(|_| {
                        Error::new(
                            ErrorCode::KeyMalformed,
                            "the P-521 private scalar is out of range",
                        )
                    })?;
                Inner::P521(Box::new(key))
            }
        };
        SigningKey::from_inner(inner, curve)
    }

    fn from_inner(inner: Inner, curve: Curve) -> Result<SigningKey> {
        let point = match &inner {
            Inner::Ecdsa(pair) => pair.public_key().as_ref().to_vec(),
            Inner::P521(key) => p521::ecdsa::VerifyingKey::from(key.as_ref())
                .to_encoded_point(false)
                .as_bytes()
                .to_vec(),
            Inner::Rsa(_) => {
                return Err(Error::new(ErrorCode::KeyMalformed, "internal: RSA key given as EC"))
            }
        };
        Ok(SigningKey {
            inner,
            algorithm: curve.algorithm(),
            public: PublicKey::Ec { curve, point },
            certificate_der: None,
        })
    }

    /// The algorithm assertions are signed with.
    pub fn algorithm(&self) -> Algorithm {
        self.algorithm
    }

    /// The same key, signing with another algorithm of its family (RSA keys: RS256, RS384,
    /// RS512, PS256, PS384, PS512; EC keys: only their curve's ES algorithm).
    pub fn with_algorithm(mut self, algorithm: Algorithm) -> Result<SigningKey> {
        let fits = match (&self.public, algorithm.curve()) {
            (PublicKey::Rsa { .. }, None) => true,
            (PublicKey::Ec { curve, .. }, Some(c)) => *curve == c,
            _ => false,
        };
        if !fits {
            return Err(Error::new(
                ErrorCode::KeyAlgorithmMismatch,
                format!(
                    "{algorithm} cannot be used with {}; use {}",
                    self.public.describe(),
                    self.algorithm
                ),
            ));
        }
        self.algorithm = algorithm;
        Ok(self)
    }

    /// The public half.
    pub fn public_key(&self) -> &PublicKey {
        &self.public
    }

    /// The certificate (DER) that came with the key (PKCS#12) or was attached to it.
    pub fn certificate_der(&self) -> Option<&[u8]> {
        self.certificate_der.as_deref()
    }

    /// Attaches the certificate (DER) registered in Chaman, for `x5t`/`x5c` and the checks.
    #[must_use]
    pub fn with_certificate_der(mut self, der: Vec<u8>) -> SigningKey {
        self.certificate_der = Some(der);
        self
    }

    /// Signs a JWS signing input (RFC 7515 §5.1 step 5) and returns the JWS signature bytes
    /// (for ECDSA, the fixed-size `r‖s` of RFC 7518 §3.4).
    pub fn sign(&self, signing_input: &[u8], rng: &dyn SecureRandom) -> Result<Vec<u8>> {
        let failed =
            |_| Error::new(ErrorCode::SigningFailed, "the signature could not be computed");
        match &self.inner {
            Inner::Rsa(pair) => {
                let padding: &'static dyn ring_sig::RsaEncoding = match self.algorithm {
                    Algorithm::Rs384 => &ring_sig::RSA_PKCS1_SHA384,
                    Algorithm::Rs512 => &ring_sig::RSA_PKCS1_SHA512,
                    Algorithm::Ps256 => &ring_sig::RSA_PSS_SHA256,
                    Algorithm::Ps384 => &ring_sig::RSA_PSS_SHA384,
                    Algorithm::Ps512 => &ring_sig::RSA_PSS_SHA512,
                    _ => &ring_sig::RSA_PKCS1_SHA256,
                };
                let mut sig = vec![0; pair.public().modulus_len()];
                pair.sign(padding, rng, signing_input, &mut sig).map_err(failed)?;
                Ok(sig)
            }
            Inner::Ecdsa(pair) => {
                Ok(pair.sign(rng, signing_input).map_err(failed)?.as_ref().to_vec())
            }
            Inner::P521(key) => {
                use p521::ecdsa::signature::RandomizedSigner as _;
                let mut nonce_rng = RingRng { rng, failed: false };
                let sig: p521::ecdsa::Signature =
                    key.try_sign_with_rng(&mut nonce_rng, signing_input).map_err(|_| {
                        Error::new(ErrorCode::SigningFailed, "the signature could not be computed")
                    })?;
                if nonce_rng.failed {
                    // The nonce may be weak: the signature is dropped unseen, so nothing leaks.
                    return Err(Error::new(
                        ErrorCode::SigningFailed,
                        "the random source failed while signing",
                    ));
                }
                Ok(sig.to_bytes().to_vec())
            }
        }
    }
}

fn ring_ecdsa_alg(curve: Curve) -> &'static ring_sig::EcdsaSigningAlgorithm {
    match curve {
        Curve::P256 => &ring_sig::ECDSA_P256_SHA256_FIXED_SIGNING,
        _ => &ring_sig::ECDSA_P384_SHA384_FIXED_SIGNING,
    }
}

/// Feeds the caller's `SecureRandom` to RustCrypto, which wants an infallible `RngCore`: a
/// failure is recorded and the caller discards whatever was computed with the bytes.
struct RingRng<'a> {
    rng: &'a dyn SecureRandom,
    failed: bool,
}

impl rand_core::RngCore for RingRng<'_> {
    fn next_u32(&mut self) -> u32 {
        let mut b = [0; 4];
        self.fill_bytes(&mut b);
        u32::from_le_bytes(b)
    }
    fn next_u64(&mut self) -> u64 {
        let mut b = [0; 8];
        self.fill_bytes(&mut b);
        u64::from_le_bytes(b)
    }
    fn fill_bytes(&mut self, dest: &mut [u8]) {
        if self.rng.fill(dest).is_err() {
            self.failed = true;
        }
    }
    fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), rand_core::Error> {
        self.fill_bytes(dest);
        Ok(())
    }
}

impl rand_core::CryptoRng for RingRng<'_> {}

fn rsa_rejected(e: &ring::error::KeyRejected) -> Error {
    let reason = e.to_string();
    if reason.contains("TooSmall") {
        Error::new(
            ErrorCode::KeyTooWeak,
            "the RSA key is shorter than 2048 bits; the platform needs 2048, 3072 or 4096",
        )
    } else {
        Error::new(ErrorCode::KeyMalformed, format!("the RSA key was rejected ({reason})"))
    }
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SigningKey({}, {}, [redacted])", self.algorithm, self.public.describe())
    }
}
