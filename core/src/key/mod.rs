//! Signing keys: loaded once from what the caller has, then used for every assertion.
//!
//! The algorithm follows from the key: RSA → RS256 (or RS384/RS512/PS256/PS384/PS512 on
//! request), P-256 → ES256, P-384 → ES384, P-521 → ES512. RSA, P-256 and P-384 sign with
//! *ring*; P-521 with RustCrypto's `p521` (ring has no P-521 signing).
//!
//! Randomness is an argument: ECDSA nonces and PSS salts come from the `rng` the caller passes
//! (the bindings pass the host's CSPRNG); the core never reaches for an ambient generator.
//!
//! Keys load from what users have: PEM (PKCS#8, PKCS#1, SEC1, encrypted PKCS#8), DER, JWK and
//! PKCS#12 with a password, including the legacy 3DES/RC2 files of Windows and older Java.
//! [`SigningKey::parse`] detects the format; the `from_*` constructors take one format.
//! Intermediate key material lives in zeroizing buffers; input sizes and key-derivation
//! iteration counts are capped so that hostile files cannot exhaust memory or time.
//!
//! `Debug` never shows key material: `SigningKey(RS256, RSA 2048 bits, [redacted])`.
//!
//! ```
//! use careerpro_fla::{Algorithm, SigningKey, SystemRandom};
//! let rng = SystemRandom::new();
//! // A PEM key as an environment variable often holds it: quoted, with literal `\n`s.
//! let pem = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/keys/p384.pkcs8.pem"));
//! let env_value = format!("\"{}\"", pem.replace('\n', "\\n"));
//! let key = SigningKey::parse(env_value.as_bytes(), None, None, &rng).unwrap();
//! assert_eq!(key.algorithm(), Algorithm::Es384);
//! assert_eq!(format!("{key:?}"), "SigningKey(ES384, EC P-384, [redacted])");
//!
//! // A legacy PKCS#12 file (3DES key, RC2-40 certificate): the certificate comes along.
//! let p12 = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/keys/rsa2048.legacy.p12"));
//! let key = SigningKey::parse(p12, Some("correct horse battery staple"), None, &rng).unwrap();
//! assert_eq!(format!("{key:?}"), "SigningKey(RS256, RSA 2048 bits, [redacted])");
//! assert!(key.certificate_der().is_some());
//! ```

use std::fmt;
use std::sync::Arc;

use ring::rand::SecureRandom;
use ring::signature::{self as ring_sig, EcdsaKeyPair, KeyPair as _, RsaKeyPair};

use crate::algorithm::{Algorithm, Curve};
use crate::error::{Error, ErrorCode, Result};

mod detect;
mod encrypted;
mod external;
mod jwk;
mod pkcs1;
mod pkcs12;
mod public;
mod sec1;

pub use external::{signature_to_jws, verify as verify_signature, ExternalKey};
pub use public::PublicKey;

/// A private key ready to sign client assertions.
///
/// Cloning is cheap (the private key is shared, never copied): a binding can derive a key with
/// another algorithm or certificate and keep the original.
#[derive(Clone)]
pub struct SigningKey {
    inner: Arc<Inner>,
    algorithm: Algorithm,
    public: PublicKey,
    key_id: Option<String>,
    certificate_der: Option<Vec<u8>>,
    certificate_chain_der: Vec<Vec<u8>>,
}

enum Inner {
    Rsa(RsaKeyPair),
    Ecdsa(EcdsaKeyPair),
    P521(Box<p521::ecdsa::SigningKey>),
}

const OID_RSA: &str = "1.2.840.113549.1.1.1";
const OID_EC: &str = "1.2.840.10045.2.1";

/// The smallest RSA modulus accepted (Chaman accepts 2048, 3072 and 4096 bits).
pub const MIN_RSA_BITS: u32 = 2048;

/// Largest key file accepted by the loaders (PEM, DER, JWK, PKCS#12): 1 MiB is far above any
/// real key with its chain, and keeps hostile input from costing memory and time.
pub const MAX_KEY_FILE_LEN: usize = 1 << 20;

/// The formats [`SigningKey::parse`] accepts, for error messages.
const ACCEPTED_FORMATS: &str =
    "PEM (PRIVATE KEY, RSA PRIVATE KEY, EC PRIVATE KEY, ENCRYPTED PRIVATE KEY), \
     DER (PKCS#8, PKCS#1, SEC1, encrypted PKCS#8), a JWK (JSON) or PKCS#12 (.pfx/.p12)";

impl SigningKey {
    /// Loads a key from whatever the caller has, detecting the format: PEM text (PKCS#8,
    /// PKCS#1, SEC1, encrypted PKCS#8, with or without a certificate), a JWK or a JWK set with
    /// one key (JSON), DER (PKCS#8, PKCS#1, SEC1, encrypted PKCS#8), PKCS#12 (`.pfx`/`.p12`), or
    /// any of the DER forms as bare base64 (as pasted into an environment variable).
    ///
    /// `password` opens encrypted PKCS#8 and PKCS#12; `alias` picks a PKCS#12 entry (friendly
    /// name) or a JWK set member (`kid`) when there are several.
    pub fn parse(
        bytes: &[u8],
        password: Option<&str>,
        alias: Option<&str>,
        rng: &dyn SecureRandom,
    ) -> Result<SigningKey> {
        check_len(bytes)?;
        match detect::format(bytes) {
            detect::Format::Pem => SigningKey::from_pem_with_password(bytes, password, rng),
            detect::Format::Json => {
                let text = std::str::from_utf8(bytes).map_err(|_| {
                    Error::new(ErrorCode::KeyMalformed, "the JWK is not UTF-8 JSON text")
                })?;
                jwk::load(text, alias, rng)
            }
            detect::Format::Der => SigningKey::from_der_with_password(bytes, password, alias, rng),
            detect::Format::Base64(der) => {
                SigningKey::from_der_with_password(&der, password, alias, rng)
            }
            detect::Format::Unknown => Err(Error::new(
                ErrorCode::KeyFormatUnrecognized,
                format!("the key is in no known format; accepted are {ACCEPTED_FORMATS}"),
            )),
        }
    }

    /// Loads an unencrypted PEM key (`PRIVATE KEY`, `RSA PRIVATE KEY`, `EC PRIVATE KEY`). When
    /// the text also holds `CERTIFICATE` blocks, the first is attached to the key and the
    /// others become its chain. Tolerates PEM mangled by environment variables (see
    /// [`crate::parse_pem`]).
    pub fn from_pem(text: &str, rng: &dyn SecureRandom) -> Result<SigningKey> {
        SigningKey::from_pem_with_password(text.as_bytes(), None, rng)
    }

    /// Loads a PEM key that may be encrypted (`ENCRYPTED PRIVATE KEY`, PKCS#8 PBES2).
    pub fn from_pem_with_password(
        text: &[u8],
        password: Option<&str>,
        rng: &dyn SecureRandom,
    ) -> Result<SigningKey> {
        let blocks = crate::pem::parse(text)?;
        let mut certificates = Vec::new();
        let mut key_block = None;
        for block in &blocks {
            match block.label.as_str() {
                "CERTIFICATE" | "X509 CERTIFICATE" | "TRUSTED CERTIFICATE" => {
                    certificates.push(block.der().to_vec());
                }
                label if label.ends_with("PRIVATE KEY") => {
                    if key_block.is_some() {
                        return Err(Error::new(
                            ErrorCode::KeyEntryAmbiguous,
                            "the PEM text holds several private keys; pass only the one to sign with",
                        ));
                    }
                    key_block = Some(block);
                }
                _ => {}
            }
        }
        let Some(block) = key_block else {
            let found: Vec<&str> = blocks.iter().map(|b| b.label.as_str()).collect();
            return Err(Error::new(
                ErrorCode::KeyMalformed,
                format!(
                    "the PEM text holds no private key (found: {}); a private key block such as \
                     -----BEGIN PRIVATE KEY----- is needed",
                    found.join(", ")
                ),
            ));
        };
        let key = SigningKey::from_pem_block(block, password, rng)?;
        let mut certificates = certificates.into_iter();
        Ok(match certificates.next() {
            Some(first) => {
                key.with_certificate_der(first).with_certificate_chain_der(certificates.collect())
            }
            None => key,
        })
    }

    fn from_pem_block(
        block: &crate::pem::PemBlock,
        password: Option<&str>,
        rng: &dyn SecureRandom,
    ) -> Result<SigningKey> {
        // RFC 1421 encryption (`Proc-Type: 4,ENCRYPTED` + `DEK-Info`) derives its key with a
        // single MD5 round: too weak to support, and OpenSSL converts it in one command.
        if block.headers.iter().any(|(name, value)| {
            name.eq_ignore_ascii_case("Proc-Type") && value.contains("ENCRYPTED")
        }) {
            return Err(Error::new(
                ErrorCode::KeyUnsupported,
                "legacy OpenSSL PEM encryption (Proc-Type: 4,ENCRYPTED) is not supported; convert \
                 the key with `openssl pkcs8 -topk8 -in old.pem -out new.pem` (add -nocrypt for \
                 no password)",
            ));
        }
        let der = block.der();
        match block.label.as_str() {
            "PRIVATE KEY" => SigningKey::from_pkcs8_der(der, rng),
            "RSA PRIVATE KEY" => SigningKey::from_pkcs1_der(der, rng),
            "EC PRIVATE KEY" => SigningKey::from_sec1_der(der, rng),
            "ENCRYPTED PRIVATE KEY" => SigningKey::from_encrypted_pkcs8_der(der, password, rng),
            "DSA PRIVATE KEY" => Err(Error::new(
                ErrorCode::KeyUnsupported,
                "DSA keys are not supported; use an RSA (2048+ bits) or EC (P-384, P-521) key",
            )),
            "OPENSSH PRIVATE KEY" => Err(Error::new(
                ErrorCode::KeyUnsupported,
                "OpenSSH private keys are not supported; convert with \
                 `ssh-keygen -p -m PKCS8 -f key` or use the key in PEM PKCS#8 form",
            )),
            other => Err(Error::new(
                ErrorCode::KeyUnsupported,
                format!("PEM \"{other}\" is not a supported key type; use PRIVATE KEY (PKCS#8)"),
            )),
        }
    }

    /// Loads a DER key, detecting PKCS#8, PKCS#1, SEC1, encrypted PKCS#8 and PKCS#12.
    pub fn from_der(
        der: &[u8],
        password: Option<&str>,
        alias: Option<&str>,
        rng: &dyn SecureRandom,
    ) -> Result<SigningKey> {
        check_len(der)?;
        SigningKey::from_der_with_password(der, password, alias, rng)
    }

    fn from_der_with_password(
        der: &[u8],
        password: Option<&str>,
        alias: Option<&str>,
        rng: &dyn SecureRandom,
    ) -> Result<SigningKey> {
        match detect::der_kind(der) {
            Some(detect::DerKind::Pkcs8) => SigningKey::from_pkcs8_der(der, rng),
            Some(detect::DerKind::EncryptedPkcs8) => {
                SigningKey::from_encrypted_pkcs8_der(der, password, rng)
            }
            Some(detect::DerKind::Pkcs1) => SigningKey::from_pkcs1_der(der, rng),
            Some(detect::DerKind::Sec1) => SigningKey::from_sec1_der(der, rng),
            Some(detect::DerKind::Pkcs12) => SigningKey::from_pkcs12_der(der, password, alias, rng),
            None => Err(Error::new(
                ErrorCode::KeyFormatUnrecognized,
                format!(
                    "the DER bytes are not a private key structure; accepted are {ACCEPTED_FORMATS}"
                ),
            )),
        }
    }

    /// Loads an unencrypted PKCS#8 `PrivateKeyInfo` (DER, RFC 5208 / RFC 5958).
    pub fn from_pkcs8_der(der: &[u8], rng: &dyn SecureRandom) -> Result<SigningKey> {
        SigningKey::from_pkcs8_der_with_hint(der, &[], rng)
    }

    /// PKCS#8 with candidate public keys for EC keys whose encoding omits the public point
    /// (Java writes them that way; PKCS#12 files carry the point in the certificate).
    fn from_pkcs8_der_with_hint(
        der: &[u8],
        public_hints: &[PublicKey],
        rng: &dyn SecureRandom,
    ) -> Result<SigningKey> {
        use der::Decode as _;
        let info = pkcs8::PrivateKeyInfo::from_der(der).map_err(|e| {
            Error::new(ErrorCode::KeyMalformed, format!("not a PKCS#8 private key: {e}"))
        })?;
        let oid = info.algorithm.oid.to_string();
        match oid.as_str() {
            OID_RSA => {
                let pair = RsaKeyPair::from_pkcs8(der).map_err(|e| pkcs1::rejected(&e))?;
                SigningKey::from_rsa(pair, rng)
            }
            OID_EC => {
                let curve = match info.algorithm.parameters_oid() {
                    Ok(oid) => Some(sec1::curve_from_oid(&oid)?),
                    Err(_) => None,
                };
                sec1::load_sec1(info.private_key, curve, public_hints, rng)
            }
            other => Err(Error::new(
                ErrorCode::KeyUnsupported,
                format!(
                    "key algorithm {} is not supported; use an RSA or EC (P-384, P-521) key",
                    algorithm_name(other)
                ),
            )),
        }
    }

    /// Loads a PKCS#1 `RSAPrivateKey` (DER, RFC 8017 §A.1.2), the body of `RSA PRIVATE KEY`.
    pub fn from_pkcs1_der(der: &[u8], rng: &dyn SecureRandom) -> Result<SigningKey> {
        pkcs1::load(der, rng)
    }

    /// Loads a SEC1 `ECPrivateKey` (DER, RFC 5915), the body of `EC PRIVATE KEY`. The key must
    /// name its curve; P-256 and P-384 keys must also carry their public key.
    pub fn from_sec1_der(der: &[u8], rng: &dyn SecureRandom) -> Result<SigningKey> {
        sec1::load_sec1(der, None, &[], rng)
    }

    /// Loads an encrypted PKCS#8 `EncryptedPrivateKeyInfo` (DER, RFC 5958 §3) protected with
    /// PBES2 (RFC 8018 §6.2): PBKDF2 with HMAC-SHA-1/256/384/512 and AES-128/192/256-CBC or
    /// DES-EDE3-CBC.
    pub fn from_encrypted_pkcs8_der(
        der: &[u8],
        password: Option<&str>,
        rng: &dyn SecureRandom,
    ) -> Result<SigningKey> {
        let Some(password) = password else {
            return Err(Error::new(
                ErrorCode::KeyPasswordRequired,
                "the private key is encrypted (ENCRYPTED PRIVATE KEY); pass its password",
            ));
        };
        let mut budget = encrypted::Budget::new();
        let plain =
            encrypted::decrypt_pkcs8(der, encrypted::Password::Text(password), &mut budget)?;
        SigningKey::from_pkcs8_der(&plain, rng).map_err(|e| match e.code() {
            // CBC padding is right by chance for 1 in 256 wrong passwords: the garbage that
            // comes out is then no key, and the likely cause is still the password.
            ErrorCode::KeyMalformed => Error::new(
                ErrorCode::KeyPasswordIncorrect,
                "the password does not open the encrypted private key (or the file is damaged)",
            ),
            _ => e,
        })
    }

    /// Loads a key entry from a PKCS#12 file (`.pfx`/`.p12`, RFC 7292), checking its MAC.
    /// The entry's certificate is attached, the other certificates become the chain.
    ///
    /// `alias` chooses among several key entries by friendly name (the `-name` of OpenSSL,
    /// the alias of Java keytool); with one entry it may be omitted.
    pub fn from_pkcs12_der(
        der: &[u8],
        password: Option<&str>,
        alias: Option<&str>,
        rng: &dyn SecureRandom,
    ) -> Result<SigningKey> {
        check_len(der)?;
        pkcs12::load(der, password, alias, rng)
    }

    /// Loads a private JWK (RFC 7517, RFC 7518 §6): RSA with its CRT parameters, or EC P-256,
    /// P-384, P-521. `kid` is kept; `alg`, when present, selects the algorithm. A JWK set
    /// with a single key is accepted too.
    pub fn from_jwk(json: &str, rng: &dyn SecureRandom) -> Result<SigningKey> {
        check_len(json.as_bytes())?;
        jwk::load(json, None, rng)
    }

    fn from_rsa(pair: RsaKeyPair, rng: &dyn SecureRandom) -> Result<SigningKey> {
        let public = PublicKey::from_rsa_pkcs1_der(pair.public_key().as_ref())?;
        let bits = public.bits();
        if bits < MIN_RSA_BITS {
            return Err(Error::new(
                ErrorCode::KeyTooWeak,
                format!("the RSA key has {bits} bits; the platform needs 2048, 3072 or 4096"),
            ));
        }
        // *ring* checks dP, dQ and qInv against the rest only when signing (its
        // `from_components` docs): one signature now turns a damaged key into a load error
        // instead of a signing failure at the first token request.
        let mut probe = vec![0; pair.public().modulus_len()];
        pair.sign(&ring_sig::RSA_PKCS1_SHA256, rng, b"careerpro-fla key check", &mut probe)
            .map_err(|_| {
                Error::new(
                    ErrorCode::KeyMalformed,
                    "the RSA key's private parts do not fit together (dP, dQ or qInv is wrong);                      re-export the key",
                )
            })?;
        Ok(SigningKey::new(Inner::Rsa(pair), Algorithm::Rs256, public))
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
        Ok(SigningKey::new(inner, curve.algorithm(), PublicKey::Ec { curve, point }))
    }

    fn new(inner: Inner, algorithm: Algorithm, public: PublicKey) -> SigningKey {
        SigningKey {
            inner: Arc::new(inner),
            algorithm,
            public,
            key_id: None,
            certificate_der: None,
            certificate_chain_der: Vec::new(),
        }
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

    /// The other certificates that came with the key (PKCS#12 or PEM), in file order: the
    /// issuers of [`SigningKey::certificate_der`], for `x5c`. Empty when there are none.
    pub fn certificate_chain_der(&self) -> &[Vec<u8>] {
        &self.certificate_chain_der
    }

    /// Replaces the certificate chain (DER, leaf excluded).
    #[must_use]
    pub fn with_certificate_chain_der(mut self, chain: Vec<Vec<u8>>) -> SigningKey {
        self.certificate_chain_der = chain;
        self
    }

    /// The key id (`kid`) the key came with (a JWK's `kid`) or was given.
    pub fn key_id(&self) -> Option<&str> {
        self.key_id.as_deref()
    }

    /// Sets the key id (`kid`) to put in JWS headers and JWKs.
    #[must_use]
    pub fn with_key_id(mut self, key_id: impl Into<String>) -> SigningKey {
        self.key_id = Some(key_id.into());
        self
    }

    /// Signs a JWS signing input (RFC 7515 §5.1 step 5) and returns the JWS signature bytes
    /// (for ECDSA, the fixed-size `r‖s` of RFC 7518 §3.4).
    pub fn sign(&self, signing_input: &[u8], rng: &dyn SecureRandom) -> Result<Vec<u8>> {
        let failed =
            |_| Error::new(ErrorCode::SigningFailed, "the signature could not be computed");
        match self.inner.as_ref() {
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

/// Refuses inputs above [`MAX_KEY_FILE_LEN`] before any parsing.
fn check_len(bytes: &[u8]) -> Result<()> {
    if bytes.len() > MAX_KEY_FILE_LEN {
        return Err(Error::new(
            ErrorCode::InputTooLarge,
            format!(
                "the key file has {} bytes; at most {MAX_KEY_FILE_LEN} are accepted",
                bytes.len()
            ),
        ));
    }
    Ok(())
}

/// A readable name for the key algorithms people meet, for "not supported" messages.
fn algorithm_name(oid: &str) -> String {
    let name = match oid {
        "1.3.101.112" => "Ed25519",
        "1.3.101.113" => "Ed448",
        "1.3.101.110" => "X25519",
        "1.3.101.111" => "X448",
        "1.2.840.10040.4.1" => "DSA",
        "1.2.840.113549.1.1.10" => "RSASSA-PSS (restricted RSA key)",
        "1.2.840.10046.2.1" => "Diffie-Hellman",
        _ => return oid.to_owned(),
    };
    format!("{name} ({oid})")
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SigningKey({}, {}, [redacted])", self.algorithm, self.public.describe())
    }
}
