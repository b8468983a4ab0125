//! The client assertion (RFC 7523 §2.2 and §3, RFC 7519, RFC 7515): the signed JWT the token
//! request authenticates with (`private_key_jwt`, OpenID Connect Core §9).
//!
//! Claims, as the platform's reference client sends them (manual §7.2, PLATFORM.md §4):
//! `iss` = `sub` = the Chaman client id, `aud` = the token endpoint URL (a string), a fresh
//! `jti` per assertion, `iat` = now, `exp` = `iat` + lifetime (≤ 300 s unless explicitly
//! allowed), optional `nbf`. Header: `alg`, `typ: "JWT"`, and on request `kid`, `x5t`,
//! `x5t#S256`, `x5c`. A new assertion for every token request; assertions are never cached.
//!
//! ```
//! use careerpro_fla::{AssertionOptions, Assertion};
//! use careerpro_fla::{Algorithm, SystemRandom, UnixTime};
//!
//! let opts = AssertionOptions::new("self_service_expeditor_123", "https://services.socialsecurity.be/REST/oauth/v5/token");
//! let unsigned = Assertion::prepare(Algorithm::Rs256, &opts, UnixTime::from_secs(1_767_225_600), Some("6f1c0a4e-0000-4000-8000-000000000001"), None).unwrap();
//! assert_eq!(unsigned.header_json(), r#"{"alg":"RS256","typ":"JWT"}"#);
//! assert_eq!(unsigned.claims_json(), concat!(
//!     r#"{"iss":"self_service_expeditor_123","sub":"self_service_expeditor_123","#,
//!     r#""aud":"https://services.socialsecurity.be/REST/oauth/v5/token","#,
//!     r#""jti":"6f1c0a4e-0000-4000-8000-000000000001","iat":1767225600,"exp":1767225900}"#));
//! ```

use std::fmt;

use base64::Engine as _;
use ring::rand::SecureRandom;
use serde::Serialize;
use zeroize::Zeroizing;

use crate::algorithm::Algorithm;
use crate::error::{Error, ErrorCode, Result};
use crate::jws::{b64url, signing_input};
use crate::key::ExternalKey;
use crate::key::SigningKey;
use crate::time::UnixTime;

/// The longest lifetime accepted without [`AssertionOptions::allow_long_lifetime`]: public
/// clients of the platform use 300 s and the reference client 5 minutes.
pub const MAX_LIFETIME: u64 = 300;
/// The longest lifetime accepted at all, even when long lifetimes are allowed.
pub const MAX_LONG_LIFETIME: u64 = 3600;

/// What goes into an assertion besides time and randomness. Plain data: [`AssertionOptions::new`]
/// with the two required values, the public fields for the rest (the same style as
/// [`crate::RetryPolicy`], [`crate::TokenManagerConfig`] and [`crate::PollPlan`], whose every
/// field has a default).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct AssertionOptions {
    /// The Chaman client id (`iss` and `sub`), an opaque string.
    pub client_id: String,
    /// `aud`: the token endpoint URL.
    pub audience: String,
    /// Seconds from `iat` to `exp` (default 300).
    pub lifetime: u64,
    /// Accept a lifetime above 300 s (up to 3600 s).
    pub allow_long_lifetime: bool,
    /// Add `nbf` = `iat`.
    pub include_nbf: bool,
    /// Add `typ: "JWT"` to the header (default true; public clients send it).
    pub include_typ: bool,
    /// Header `kid`, if set (takes precedence over the key's own id).
    pub key_id: Option<String>,
    /// Send the key's own id as `kid` (a JWK's `kid`, [`SigningKey::with_key_id`],
    /// [`ExternalKey::key_id`]) when [`AssertionOptions::key_id`] is not set. Off by default:
    /// the platform's reference client sends no `kid` (PLATFORM.md §4).
    pub include_key_id: bool,
    /// Header `x5t` (SHA-1 certificate thumbprint), from the key's certificate.
    pub include_x5t: bool,
    /// Header `x5t#S256` (SHA-256 certificate thumbprint), from the key's certificate.
    pub include_x5t_s256: bool,
    /// Header `x5c` (the certificate and chain, base64 DER), from the key's certificate.
    pub include_x5c: bool,
}

impl AssertionOptions {
    /// The defaults for a client id and an audience.
    pub fn new(client_id: impl Into<String>, audience: impl Into<String>) -> AssertionOptions {
        AssertionOptions {
            client_id: client_id.into(),
            audience: audience.into(),
            lifetime: MAX_LIFETIME,
            allow_long_lifetime: false,
            include_nbf: false,
            include_typ: true,
            key_id: None,
            include_key_id: false,
            include_x5t: false,
            include_x5t_s256: false,
            include_x5c: false,
        }
    }

    fn validate(&self) -> Result<()> {
        let bad = |m: String| Err(Error::new(ErrorCode::InvalidArgument, m));
        if self.client_id.trim().is_empty() {
            return bad(
                "the client id is empty: use the id Chaman shows for the REST account".into()
            );
        }
        if self.client_id.len() > 256 || self.client_id.chars().any(char::is_control) {
            return bad(
                "the client id is longer than 256 characters or has control characters".into()
            );
        }
        if self.audience.trim().is_empty() {
            return bad("the audience is empty: use the token endpoint URL".into());
        }
        if self.lifetime == 0 {
            return bad("the assertion lifetime is 0 s; use 1 to 300".into());
        }
        if self.lifetime > MAX_LIFETIME && !self.allow_long_lifetime {
            return bad(format!(
                "the assertion lifetime is {} s; the platform's clients use at most {MAX_LIFETIME} s (allow_long_lifetime permits up to {MAX_LONG_LIFETIME})",
                self.lifetime
            ));
        }
        if self.lifetime > MAX_LONG_LIFETIME {
            return bad(format!(
                "the assertion lifetime is {} s; at most {MAX_LONG_LIFETIME} s",
                self.lifetime
            ));
        }
        if let Some(kid) = &self.key_id {
            if kid.is_empty() || kid.len() > 256 {
                return bad("the key id must have 1 to 256 characters".into());
            }
        }
        Ok(())
    }
}

/// A signed client assertion. `Debug` hides the compact form: it is a credential until `exp`.
#[derive(Clone, PartialEq, Eq)]
pub struct Assertion {
    compact: Zeroizing<String>,
    header_json: String,
    claims_json: String,
    jti: String,
    issued_at: i64,
    expires_at: i64,
}

/// An assertion whose signature comes from outside (WebCrypto, a KMS, an HSM): hand
/// [`UnsignedAssertion::signing_input`] to the signer, then [`UnsignedAssertion::finish`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnsignedAssertion {
    algorithm: Algorithm,
    header_json: String,
    claims_json: String,
    signing_input: String,
    jti: String,
    issued_at: i64,
    expires_at: i64,
}

#[derive(Serialize)]
struct Header<'a> {
    alg: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    typ: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    kid: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    x5t: Option<String>,
    #[serde(rename = "x5t#S256", skip_serializing_if = "Option::is_none")]
    x5t_s256: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    x5c: Option<Vec<String>>,
}

#[derive(Serialize)]
struct Claims<'a> {
    iss: &'a str,
    sub: &'a str,
    aud: &'a str,
    jti: &'a str,
    iat: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    nbf: Option<i64>,
    exp: i64,
}

/// Certificates for the `x5*` header members: the leaf first, then its chain (DER).
#[derive(Clone, Copy, Debug, Default)]
pub struct CertificateChain<'a> {
    /// The leaf certificate, registered in Chaman.
    pub leaf: Option<&'a [u8]>,
    /// Intermediate certificates, for `x5c`.
    pub chain: &'a [Vec<u8>],
}

impl Assertion {
    /// Builds and signs an assertion with `key` at `now` (Unix seconds, corrected for the
    /// server's clock if the token manager estimated a skew). `jti` defaults to a random UUID
    /// v4 (122 random bits) drawn from `rng`.
    pub fn sign(
        key: &SigningKey,
        options: &AssertionOptions,
        now: UnixTime,
        jti: Option<&str>,
        rng: &dyn SecureRandom,
    ) -> Result<Assertion> {
        let now = now.as_secs();
        let jti = match jti {
            Some(j) => j.to_owned(),
            None => crate::random::uuid_v4(rng)?,
        };
        let certs =
            CertificateChain { leaf: key.certificate_der(), chain: key.certificate_chain_der() };
        let options = with_key_id(options, key.key_id())?;
        let unsigned = Assertion::prepare(
            key.algorithm(),
            &options,
            UnixTime::from_secs(now),
            Some(&jti),
            Some(certs),
        )?;
        let signature = key.sign(unsigned.signing_input.as_bytes(), rng)?;
        Ok(unsigned.assemble(&signature))
    }

    /// Builds the assertion for a key the host holds (WebCrypto, a KMS, an HSM): hand
    /// [`UnsignedAssertion::signing_input`] to the signer, then call
    /// [`UnsignedAssertion::finish`] with its signature. `jti` defaults to a random UUID v4.
    pub fn prepare_external(
        key: &ExternalKey,
        options: &AssertionOptions,
        now: UnixTime,
        jti: Option<&str>,
        rng: &dyn SecureRandom,
    ) -> Result<UnsignedAssertion> {
        let now = now.as_secs();
        let jti = match jti {
            Some(j) => j.to_owned(),
            None => crate::random::uuid_v4(rng)?,
        };
        let certs = CertificateChain { leaf: key.certificate_der.as_deref(), chain: &[] };
        let options = with_key_id(options, key.key_id.as_deref())?;
        Assertion::prepare(
            key.algorithm,
            &options,
            UnixTime::from_secs(now),
            Some(&jti),
            Some(certs),
        )
    }

    /// Builds the unsigned assertion for an external signer (or to inspect what would be signed).
    pub fn prepare(
        algorithm: Algorithm,
        options: &AssertionOptions,
        now: UnixTime,
        jti: Option<&str>,
        certificates: Option<CertificateChain<'_>>,
    ) -> Result<UnsignedAssertion> {
        let now = now.as_secs();
        options.validate()?;
        let jti = jti.ok_or_else(|| {
            Error::new(
                ErrorCode::InvalidArgument,
                "a jti is needed: pass one or let sign() draw it",
            )
        })?;
        if jti.is_empty() || jti.len() > 256 || jti.chars().any(char::is_control) {
            return Err(Error::new(
                ErrorCode::InvalidArgument,
                "the jti must have 1 to 256 printable characters",
            ));
        }
        let lifetime = i64::try_from(options.lifetime).unwrap_or(i64::MAX);
        let exp = now.checked_add(lifetime).ok_or_else(|| {
            Error::new(ErrorCode::InvalidArgument, "now + lifetime overflows: is `now` in seconds?")
        })?;
        let certs = certificates.unwrap_or_default();
        let leaf = || {
            certs.leaf.ok_or_else(|| {
                Error::new(
                    ErrorCode::CertificateMissing,
                    "x5t, x5t#S256 and x5c need the certificate: load the key with its certificate (PKCS#12, or PEM with a CERTIFICATE block)",
                )
            })
        };
        let header = Header {
            alg: algorithm.as_str(),
            typ: options.include_typ.then_some("JWT"),
            kid: options.key_id.as_deref(),
            x5t: if options.include_x5t { Some(crate::certificate::x5t(leaf()?)) } else { None },
            x5t_s256: if options.include_x5t_s256 {
                Some(crate::certificate::x5t_s256(leaf()?))
            } else {
                None
            },
            x5c: if options.include_x5c {
                let std_b64 = base64::engine::general_purpose::STANDARD;
                let mut all = vec![std_b64.encode(leaf()?)];
                all.extend(certs.chain.iter().map(|c| std_b64.encode(c)));
                Some(all)
            } else {
                None
            },
        };
        let claims = Claims {
            iss: &options.client_id,
            sub: &options.client_id,
            aud: &options.audience,
            jti,
            iat: now,
            nbf: options.include_nbf.then_some(now),
            exp,
        };
        let to_json = |v: Result<String, serde_json::Error>| {
            v.map_err(|_| {
                Error::new(ErrorCode::InvalidArgument, "the assertion could not be serialised")
            })
        };
        let header_json = to_json(serde_json::to_string(&header))?;
        let claims_json = to_json(serde_json::to_string(&claims))?;
        Ok(UnsignedAssertion {
            algorithm,
            signing_input: signing_input(&header_json, &claims_json),
            header_json,
            claims_json,
            jti: jti.to_owned(),
            issued_at: now,
            expires_at: exp,
        })
    }

    /// The compact JWS, for the token request's `client_assertion`.
    pub fn compact(&self) -> &str {
        &self.compact
    }

    /// The header as serialised.
    pub fn header_json(&self) -> &str {
        &self.header_json
    }

    /// The claims as serialised.
    pub fn claims_json(&self) -> &str {
        &self.claims_json
    }

    /// The `jti`.
    pub fn jti(&self) -> &str {
        &self.jti
    }

    /// `iat` (a JWT counts whole seconds).
    pub fn issued_at(&self) -> UnixTime {
        UnixTime::from_secs(self.issued_at)
    }

    /// `exp` (a JWT counts whole seconds).
    pub fn expires_at(&self) -> UnixTime {
        UnixTime::from_secs(self.expires_at)
    }
}

/// The options with `kid` filled from the key when asked for ([`AssertionOptions::include_key_id`]).
fn with_key_id<'a>(
    options: &'a AssertionOptions,
    key_id: Option<&str>,
) -> Result<std::borrow::Cow<'a, AssertionOptions>> {
    if !options.include_key_id || options.key_id.is_some() {
        return Ok(std::borrow::Cow::Borrowed(options));
    }
    let kid = key_id.ok_or_else(|| {
        Error::new(
            ErrorCode::InvalidArgument,
            "include_key_id is set but the key has no id: set AssertionOptions::key_id, or give the key one",
        )
    })?;
    let mut o = options.clone();
    o.key_id = Some(kid.to_owned());
    Ok(std::borrow::Cow::Owned(o))
}

impl UnsignedAssertion {
    /// The algorithm the signer must use.
    pub fn algorithm(&self) -> Algorithm {
        self.algorithm
    }

    /// The exact bytes to sign (ASCII): `BASE64URL(header).BASE64URL(claims)`.
    pub fn signing_input(&self) -> &str {
        &self.signing_input
    }

    /// The header as serialised.
    pub fn header_json(&self) -> &str {
        &self.header_json
    }

    /// The claims as serialised.
    pub fn claims_json(&self) -> &str {
        &self.claims_json
    }

    /// The `jti`.
    pub fn jti(&self) -> &str {
        &self.jti
    }

    /// Completes the assertion with the external signer's signature over
    /// [`UnsignedAssertion::signing_input`]. ECDSA signatures may be raw `r‖s` (WebCrypto) or
    /// DER (KMS, HSM, Java); when `key` knows its public key the signature is verified first,
    /// so a misconfigured signer fails here ([`ErrorCode::ExternalSignatureInvalid`]) rather
    /// than at the token endpoint.
    pub fn finish(self, key: &ExternalKey, signature: &[u8]) -> Result<Assertion> {
        if key.algorithm != self.algorithm {
            return Err(Error::new(
                ErrorCode::KeyAlgorithmMismatch,
                format!(
                    "the assertion was prepared for {} but the key signs {}",
                    self.algorithm, key.algorithm
                ),
            ));
        }
        let jws = key.accept_signature(self.signing_input.as_bytes(), signature)?;
        Ok(self.assemble(&jws))
    }

    /// Completes the assertion with a signature whose size and encoding are checked (ECDSA DER
    /// becomes raw `r‖s`) but which is not verified: for hosts that verify elsewhere or keep
    /// verification code out of their build (the slim WASM package). Prefer
    /// [`UnsignedAssertion::finish`].
    pub fn with_signature(self, signature: &[u8]) -> Result<Assertion> {
        let jws = crate::key::signature_to_jws(self.algorithm, signature)?;
        Ok(self.assemble(&jws))
    }

    fn assemble(self, jws_signature: &[u8]) -> Assertion {
        let mut compact = Zeroizing::new(self.signing_input);
        compact.push('.');
        compact.push_str(&b64url(jws_signature));
        Assertion {
            compact,
            header_json: self.header_json,
            claims_json: self.claims_json,
            jti: self.jti,
            issued_at: self.issued_at,
            expires_at: self.expires_at,
        }
    }
}

impl fmt::Debug for Assertion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Assertion")
            .field("header", &self.header_json)
            .field("claims", &self.claims_json)
            .field("compact", &"[redacted]")
            .finish()
    }
}

#[cfg(test)]
#[allow(clippy::disallowed_methods)] // tests draw from the system RNG, as a host would
mod tests {
    use super::*;
    use ring::signature::{EcdsaKeyPair, ECDSA_P384_SHA384_FIXED_SIGNING};

    fn p384_key(rng: &ring::rand::SystemRandom) -> (SigningKey, Vec<u8>) {
        let pkcs8 = EcdsaKeyPair::generate_pkcs8(&ECDSA_P384_SHA384_FIXED_SIGNING, rng).unwrap();
        let key = SigningKey::from_pkcs8_der(pkcs8.as_ref(), rng).unwrap();
        let crate::PublicKey::Ec { point, .. } = key.public_key().clone() else { panic!() };
        (key, point)
    }

    #[test]
    fn signs_and_verifies_with_a_fresh_jti_each_time() {
        let rng = ring::rand::SystemRandom::new();
        let (key, point) = p384_key(&rng);
        let opts = AssertionOptions::new("client", "https://h/REST/oauth/v5/token");
        let a = Assertion::sign(&key, &opts, UnixTime::from_secs(1000), None, &rng).unwrap();
        let b = Assertion::sign(&key, &opts, UnixTime::from_secs(1000), None, &rng).unwrap();
        assert_ne!(a.jti(), b.jti());
        assert_eq!(a.jti().len(), 36);
        let parts = crate::jws::decode(a.compact()).unwrap();
        assert_eq!(parts.header, serde_json::json!({"alg":"ES384","typ":"JWT"}));
        assert_eq!(parts.payload["exp"], 1300);
        assert_eq!(parts.payload["iss"], parts.payload["sub"]);
        ring::signature::UnparsedPublicKey::new(&ring::signature::ECDSA_P384_SHA384_FIXED, &point)
            .verify(parts.signing_input.as_bytes(), &parts.signature)
            .unwrap();
        assert!(!format!("{a:?}").contains(a.compact()));
    }

    #[test]
    fn external_signer_round_trip_with_der_ecdsa() {
        use crate::key::ExternalKey;
        let rng = ring::rand::SystemRandom::new();
        let pkcs8 = EcdsaKeyPair::generate_pkcs8(&ECDSA_P384_SHA384_FIXED_SIGNING, &rng).unwrap();
        // The "HSM": a ring key answering ASN.1 DER signatures, as KMSs and Java do.
        let hsm = EcdsaKeyPair::from_pkcs8(
            &ring::signature::ECDSA_P384_SHA384_ASN1_SIGNING,
            pkcs8.as_ref(),
            &rng,
        )
        .unwrap();
        let public = crate::PublicKey::from_ec_point(
            crate::Curve::P384,
            ring::signature::KeyPair::public_key(&hsm).as_ref(),
        )
        .unwrap();
        let external = ExternalKey::new(Algorithm::Es384).with_public_key(public).unwrap();
        let opts = AssertionOptions::new("client", "https://h/REST/oauth/v5/token");
        let unsigned =
            Assertion::prepare_external(&external, &opts, UnixTime::from_secs(50), None, &rng)
                .unwrap();
        let der_sig = hsm.sign(&rng, unsigned.signing_input().as_bytes()).unwrap();
        let a = unsigned.clone().finish(&external, der_sig.as_ref()).unwrap();
        let parts = crate::jws::decode(a.compact()).unwrap();
        assert_eq!(parts.signature.len(), 96, "DER converted to raw r||s");
        // Without verification, the same conversion and serialisation.
        let b = unsigned.clone().with_signature(der_sig.as_ref()).unwrap();
        assert_eq!(b.compact(), a.compact());
        assert_eq!(
            unsigned.clone().with_signature(&[1, 2, 3]).unwrap_err().code(),
            ErrorCode::ExternalSignatureInvalid
        );
        // A signature over something else is caught before it reaches the token endpoint.
        let wrong = hsm.sign(&rng, b"something else").unwrap();
        let err = unsigned.clone().finish(&external, wrong.as_ref()).unwrap_err();
        assert_eq!(err.code(), ErrorCode::ExternalSignatureInvalid);
        let err = unsigned.finish(&ExternalKey::new(Algorithm::Rs256), &[0; 256]).unwrap_err();
        assert_eq!(err.code(), ErrorCode::KeyAlgorithmMismatch);
    }

    #[test]
    fn key_id_from_the_key_only_on_request() {
        let rng = ring::rand::SystemRandom::new();
        let (key, _) = p384_key(&rng);
        let key = key.with_key_id("chaman-2026");
        let mut opts = AssertionOptions::new("c", "https://a");
        let header = |o: &AssertionOptions| {
            let a = Assertion::sign(&key, o, UnixTime::from_secs(0), Some("j"), &rng).unwrap();
            serde_json::from_str::<serde_json::Value>(a.header_json()).unwrap()
        };
        assert!(header(&opts).get("kid").is_none(), "off by default");
        opts.include_key_id = true;
        assert_eq!(header(&opts)["kid"], "chaman-2026");
        opts.key_id = Some("explicit".into());
        assert_eq!(header(&opts)["kid"], "explicit");
        let (bare, _) = p384_key(&rng);
        let mut o = AssertionOptions::new("c", "https://a");
        o.include_key_id = true;
        let err = Assertion::sign(&bare, &o, UnixTime::from_secs(0), Some("j"), &rng).unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidArgument);
    }

    #[test]
    fn option_checks() {
        let mut o = AssertionOptions::new("c", "https://a");
        let prep = |o: &AssertionOptions| {
            Assertion::prepare(Algorithm::Rs256, o, UnixTime::from_secs(0), Some("j"), None)
        };
        assert!(prep(&o).is_ok());
        o.lifetime = 301;
        assert_eq!(prep(&o).unwrap_err().code(), ErrorCode::InvalidArgument);
        o.allow_long_lifetime = true;
        assert!(prep(&o).is_ok());
        o.lifetime = 0;
        assert!(prep(&o).is_err());
        let mut o = AssertionOptions::new("", "https://a");
        assert!(prep(&o).is_err());
        o.client_id = "c".into();
        o.include_x5t = true;
        assert_eq!(prep(&o).unwrap_err().code(), ErrorCode::CertificateMissing);
        let o = AssertionOptions::new("c", "https://a");
        // The last representable instant still dates an assertion: a `UnixTime` in
        // milliseconds leaves room for `exp` in seconds, so no overflow is possible.
        let last = Assertion::prepare(
            Algorithm::Rs256,
            &o,
            UnixTime::from_millis(i64::MAX),
            Some("j"),
            None,
        );
        let exp = format!("\"exp\":{}", i64::MAX / 1000 + 300);
        assert!(last.unwrap().claims_json().contains(&exp));
        assert!(Assertion::prepare(Algorithm::Rs256, &o, UnixTime::from_secs(0), Some(""), None)
            .is_err());
    }

    #[test]
    fn header_members_on_request() {
        let mut o = AssertionOptions::new("c", "https://a");
        o.include_nbf = true;
        o.include_typ = false;
        o.key_id = Some("k1".into());
        o.include_x5t = true;
        o.include_x5t_s256 = true;
        o.include_x5c = true;
        let leaf = b"not really DER, but thumbprints only hash bytes".to_vec();
        let chain = vec![vec![1u8, 2, 3]];
        let u = Assertion::prepare(
            Algorithm::Es384,
            &o,
            UnixTime::from_secs(10),
            Some("j"),
            Some(CertificateChain { leaf: Some(&leaf), chain: &chain }),
        )
        .unwrap();
        let h: serde_json::Value = serde_json::from_str(u.header_json()).unwrap();
        assert_eq!(h["kid"], "k1");
        assert!(h.get("typ").is_none());
        assert_eq!(h["x5t"].as_str().unwrap().len(), 27); // 20 bytes, base64url
        assert_eq!(h["x5t#S256"].as_str().unwrap().len(), 43); // 32 bytes
        assert_eq!(h["x5c"][1], "AQID");
        assert!(u.claims_json().contains(r#""iat":10,"nbf":10,"exp":310"#));
    }
}
