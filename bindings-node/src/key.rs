//! Signing keys (every format the core loads) and keys held by the host (external signers).
//! `toString()` and `util.inspect` never show key material.

use std::sync::Arc;

use careerpro_fla::key::external;
use careerpro_fla::key::{ExternalKey as CoreExternalKey, PublicKey as CorePublicKey};
use careerpro_fla::Algorithm;
use napi::bindgen_prelude::{Buffer, Either};
use napi::Env;
use napi_derive::napi;
use serde_json::Value;
use zeroize::Zeroizing;

use crate::certificate::{certificate_in, Certificate};
use crate::error::{invalid_argument, OrThrow};
use crate::host::{self, bytes_of};

/// How to load a key.
#[napi(object)]
#[allow(missing_debug_implementations)] // holds the key password: never printed
pub struct KeyOptions {
    /// Opens encrypted PKCS#8 and PKCS#12 (`.pfx`/`.p12`).
    pub password: Option<String>,
    /// Picks a PKCS#12 entry (friendly name) or a JWK set member (`kid`).
    pub alias: Option<String>,
    /// Another algorithm of the key's family (RSA: `RS256` default, `RS384`, `RS512`, `PS256`,
    /// `PS384`, `PS512`; EC keys sign with their curve's only).
    pub algorithm: Option<String>,
    /// The key id (`kid`) for JWS headers.
    pub key_id: Option<String>,
    /// The certificate registered in Chaman (PEM or DER), for `x5t`/`x5c`; checked against
    /// the key.
    pub certificate: Option<Either<Buffer, String>>,
}

/// A private key ready to sign client assertions.
#[napi]
#[derive(Debug)]
pub struct SigningKey {
    pub(crate) inner: Arc<careerpro_fla::SigningKey>,
}

#[napi]
impl SigningKey {
    /// Loads a key from whatever the caller has, detecting the format: PEM (PKCS#8, PKCS#1,
    /// SEC1, encrypted PKCS#8, with or without certificates), a JWK or JWK set, DER, PKCS#12
    /// (`.pfx`/`.p12`, legacy 3DES/RC2 included) or bare base64 DER; PEM pasted into an
    /// environment variable (quotes, literal `\n`) is accepted.
    #[napi(factory)]
    pub fn from_bytes(
        env: Env,
        data: Either<Buffer, String>,
        options: Option<KeyOptions>,
    ) -> napi::Result<SigningKey> {
        let bytes = bytes_of(&data);
        let options = options.unwrap_or(KeyOptions {
            password: None,
            alias: None,
            algorithm: None,
            key_id: None,
            certificate: None,
        });
        let password = options.password.map(Zeroizing::new);
        let algorithm = options.algorithm.as_deref().map(|a| algorithm_in(&env, a)).transpose()?;
        let certificate =
            options.certificate.as_ref().map(certificate_in).transpose().or_throw(&env)?;
        let rng = host::rng();
        let key = careerpro_fla::SigningKey::from_bytes(
            &bytes,
            password.as_deref().map(String::as_str),
            options.alias.as_deref(),
            &rng,
        )
        .and_then(|key| match algorithm {
            Some(a) => key.with_algorithm(a),
            None => Ok(key),
        })
        .and_then(|key| match certificate {
            Some(cert) => {
                cert.check_key(&key)?;
                Ok(key.with_certificate_der(cert.der().to_vec()))
            }
            None => Ok(key),
        })
        .or_throw(&env)?;
        let key = match options.key_id {
            Some(kid) => key.with_key_id(kid),
            None => key,
        };
        Ok(SigningKey { inner: Arc::new(key) })
    }

    /// The JWS algorithm assertions are signed with (`RS256`, `ES384`, …).
    #[napi(getter)]
    pub fn algorithm(&self) -> &'static str {
        self.inner.algorithm().as_str()
    }

    /// The public half.
    #[napi(getter)]
    pub fn public_key(&self) -> PublicKey {
        public_key_out(self.inner.public_key())
    }

    /// The key id (`kid`), from the JWK or the options.
    #[napi(getter)]
    pub fn key_id(&self) -> Option<String> {
        self.inner.key_id().map(str::to_owned)
    }

    /// The certificate that came with the key (PKCS#12, PEM) or was given, if any.
    #[napi(getter)]
    pub fn certificate(&self, env: Env) -> napi::Result<Option<Certificate>> {
        self.inner
            .certificate_der()
            .map(|der| careerpro_fla::Certificate::from_der(der).map(Certificate::from))
            .transpose()
            .or_throw(&env)
    }

    /// Signs a JWS signing input and returns the JWS signature (ECDSA: raw `r‖s`).
    #[napi]
    pub fn sign(&self, env: Env, signing_input: Either<Buffer, String>) -> napi::Result<Buffer> {
        let input = bytes_of(&signing_input);
        self.inner.sign(&input, &host::rng()).map(Buffer::from).or_throw(&env)
    }

    /// `SigningKey(RS256, RSA 2048 bits, [redacted])`.
    #[napi]
    #[allow(clippy::inherent_to_string)] // JS's toString, not Rust's Display
    pub fn to_string(&self) -> String {
        format!("{:?}", self.inner)
    }
}

/// A public key, as plain data.
#[napi(object)]
#[derive(Debug)]
pub struct PublicKey {
    /// `RSA` or `EC`.
    pub kind: String,
    /// Modulus size (RSA) or curve size (EC).
    pub bits: u32,
    /// `P-256`, `P-384`, `P-521`; absent for RSA.
    pub curve: Option<String>,
    /// The public JWK (RFC 7517): `kty`, `n`/`e` or `crv`/`x`/`y`.
    #[napi(ts_type = "Record<string, string>")]
    pub jwk: Value,
    /// The RFC 7638 JWK thumbprint (SHA-256, base64url).
    pub thumbprint: String,
    /// `RSA 2048 bits`, `EC P-384`.
    pub description: String,
}

/// The plain-data view of a core public key.
pub fn public_key_out(key: &CorePublicKey) -> PublicKey {
    let (kind, curve) = match key {
        CorePublicKey::Rsa { .. } => ("RSA", None),
        CorePublicKey::Ec { curve, .. } => ("EC", Some(curve.as_str().to_owned())),
    };
    PublicKey {
        kind: kind.to_owned(),
        bits: key.bits(),
        curve,
        jwk: key.to_jwk(),
        thumbprint: key.jwk_thumbprint_sha256(),
        description: key.describe(),
    }
}

/// An algorithm from its JWS name.
pub fn algorithm_in(env: &Env, name: &str) -> napi::Result<Algorithm> {
    Algorithm::parse(name).ok_or_else(|| {
        invalid_argument(
            env,
            format!(
                "unknown algorithm {:?}: use one of {}",
                name.chars().take(20).collect::<String>(),
                Algorithm::ALL.iter().map(|a| a.as_str()).collect::<Vec<_>>().join(", ")
            ),
        )
    })
}

/// What is known about a key the host holds (WebCrypto, a KMS, an HSM).
#[napi(object)]
#[allow(missing_debug_implementations)] // holds JS buffers (napi `Buffer` has no `Debug`); converted at once
pub struct ExternalKeyOptions {
    /// The certificate registered in Chaman (PEM or DER): its key becomes the public key, and
    /// `x5t`/`x5c` can be sent.
    pub certificate: Option<Either<Buffer, String>>,
    /// The public key as DER `SubjectPublicKeyInfo` (when there is no certificate): signatures
    /// are then verified before they are used.
    pub public_key_spki: Option<Buffer>,
    /// The key id (`kid`) for JWS headers.
    pub key_id: Option<String>,
}

/// A key held by the host: the core builds the signing input, the host signs it, and the core
/// checks (and, when the public key is known, verifies) the signature.
#[napi]
#[derive(Debug)]
pub struct ExternalKey {
    pub(crate) inner: CoreExternalKey,
}

#[napi]
impl ExternalKey {
    /// A host key signing with `algorithm` (`RS256`, `PS256`, `ES384`, …).
    #[napi(constructor)]
    pub fn new(
        env: Env,
        algorithm: String,
        options: Option<ExternalKeyOptions>,
    ) -> napi::Result<ExternalKey> {
        let mut key = CoreExternalKey::new(algorithm_in(&env, &algorithm)?);
        if let Some(options) = options {
            if let Some(spki) = &options.public_key_spki {
                let public = CorePublicKey::from_spki_der(spki).or_throw(&env)?;
                key = key.with_public_key(public).or_throw(&env)?;
            }
            if let Some(cert) = &options.certificate {
                let cert = certificate_in(cert).or_throw(&env)?;
                key = key.with_certificate_der(cert.der().to_vec()).or_throw(&env)?;
            }
            if let Some(kid) = options.key_id {
                key = key.with_key_id(kid);
            }
        }
        Ok(ExternalKey { inner: key })
    }

    /// The JWS algorithm.
    #[napi(getter)]
    pub fn algorithm(&self) -> &'static str {
        self.inner.algorithm.as_str()
    }

    /// The key id (`kid`), if given.
    #[napi(getter)]
    pub fn key_id(&self) -> Option<String> {
        self.inner.key_id.clone()
    }

    /// The public key, when known.
    #[napi(getter)]
    pub fn public_key(&self) -> Option<PublicKey> {
        self.inner.public_key.as_ref().map(public_key_out)
    }

    /// Converts the host's signature over `signingInput` to the JWS form (ECDSA: DER or raw
    /// `r‖s` in, raw out) and, when the public key is known, verifies it.
    #[napi]
    pub fn accept_signature(
        &self,
        env: Env,
        signing_input: Either<Buffer, String>,
        signature: Buffer,
    ) -> napi::Result<Buffer> {
        self.inner
            .accept_signature(&bytes_of(&signing_input), &signature)
            .map(Buffer::from)
            .or_throw(&env)
    }

    /// `ExternalKey(ES384, …)`.
    #[napi]
    #[allow(clippy::inherent_to_string)] // JS's toString, not Rust's Display
    pub fn to_string(&self) -> String {
        format!(
            "ExternalKey({}, {})",
            self.inner.algorithm,
            self.inner
                .public_key
                .as_ref()
                .map_or("public key unknown".to_owned(), |k| k.describe())
        )
    }
}

/// Checks a signature's size and encoding for `algorithm` and returns the JWS form (ECDSA: a
/// DER `ECDSA-Sig-Value` becomes raw `r‖s`).
#[napi]
pub fn signature_to_jws(env: Env, algorithm: String, signature: Buffer) -> napi::Result<Buffer> {
    let algorithm = algorithm_in(&env, &algorithm)?;
    external::signature_to_jws(algorithm, &signature).map(Buffer::from).or_throw(&env)
}
