//! Keys: `SigningKey` (loaded and signing inside WASM; full build) and `ExternalKey` (signed by
//! the host: WebCrypto, a KMS, an HSM), with their public halves as plain data.

use careerpro_fla::key::external::{signature_to_jws, ExternalKey as CoreExternalKey};
use careerpro_fla::{Algorithm, PublicKey};
use serde_json::{json, Value};
use wasm_bindgen::prelude::*;
#[cfg(feature = "in-wasm-keys")]
use zeroize::Zeroizing;

#[cfg(feature = "in-wasm-keys")]
use crate::convert::opt_string;
use crate::convert::{bytes, opt_bytes, prop, str_arg, to_js};
use crate::error::{bad_argument, js, JsResult};
#[cfg(feature = "in-wasm-keys")]
use crate::misc::Certificate;
#[cfg(feature = "in-wasm-keys")]
use crate::rng;

/// A private key loaded into WASM memory. Keys never leave it: there is no export.
#[cfg(feature = "in-wasm-keys")]
#[wasm_bindgen]
#[derive(Debug)]
pub struct SigningKey {
    pub(crate) inner: careerpro_fla::SigningKey,
}

#[cfg(feature = "in-wasm-keys")]
#[wasm_bindgen]
impl SigningKey {
    /// Loads a key from PEM, DER, a JWK (or a JWK set), PKCS#12 or bare base64, detecting the
    /// format. `options`: `password`, `alias`, `algorithm` (e.g. `"PS256"` for an RSA key),
    /// `keyId`, `certificate` (PEM or DER; checked against the key).
    #[wasm_bindgen(js_name = fromBytes)]
    pub fn from_bytes(
        #[wasm_bindgen(unchecked_param_type = "Uint8Array | ArrayBuffer | string")] data: JsValue,
        #[wasm_bindgen(unchecked_param_type = "KeyOptions | undefined | null")] options: JsValue,
    ) -> JsResult<SigningKey> {
        let data = Zeroizing::new(bytes(&data, "the key")?);
        let password = opt_string(&options, "password")?;
        let alias = opt_string(&options, "alias")?;
        let mut key = js(careerpro_fla::SigningKey::from_bytes(
            &data,
            password.as_deref(),
            alias.as_deref(),
            &rng::host(),
        ))?;
        if let Some(alg) = opt_string(&options, "algorithm")? {
            key = js(key.with_algorithm(algorithm_of(&alg)?))?;
        }
        if let Some(kid) = opt_string(&options, "keyId")? {
            key = key.with_key_id(kid);
        }
        if let Some(cert) = opt_bytes(&prop(&options, "certificate"), "the certificate")? {
            let cert = js(careerpro_fla::Certificate::parse(&cert))?;
            js(cert.check_key(&key))?;
            key = key.with_certificate_der(cert.der().to_vec());
        }
        Ok(SigningKey { inner: key })
    }

    /// The JWS algorithm assertions are signed with (`RS256`, `ES384`, …).
    #[wasm_bindgen(getter)]
    pub fn algorithm(&self) -> String {
        self.inner.algorithm().as_str().to_owned()
    }

    /// The public half: `{kind, bits, curve?, jwk, thumbprint, description}`.
    #[wasm_bindgen(getter, js_name = publicKey, unchecked_return_type = "PublicKey")]
    pub fn public_key(&self) -> JsValue {
        to_js(&public_key_json(self.inner.public_key()))
    }

    /// The key id (`kid`), from the JWK or the options.
    #[wasm_bindgen(getter, js_name = keyId)]
    pub fn key_id(&self) -> Option<String> {
        self.inner.key_id().map(str::to_owned)
    }

    /// The certificate that came with the key (PKCS#12, PEM) or was given, if any.
    #[wasm_bindgen(getter)]
    pub fn certificate(&self) -> Option<Certificate> {
        let der = self.inner.certificate_der()?;
        careerpro_fla::Certificate::parse(der).ok().map(|inner| Certificate { inner })
    }

    /// Signs a JWS signing input and returns the JWS signature (ECDSA: raw `r‖s`).
    pub fn sign(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Uint8Array | string")] signing_input: JsValue,
    ) -> JsResult<Vec<u8>> {
        let input = bytes(&signing_input, "the signing input")?;
        js(self.inner.sign(&input, &rng::host()))
    }

    /// `SigningKey(RS256, RSA 2048 bits, [redacted])`: never key material.
    #[wasm_bindgen(js_name = toString)]
    pub fn to_string_js(&self) -> String {
        format!(
            "SigningKey({}, {}, [redacted])",
            self.algorithm(),
            self.inner.public_key().describe()
        )
    }
}

/// A key the host holds: the core builds the signing input, the host signs it, and the core
/// checks (and, when the public key is known, verifies; full build) the signature.
#[wasm_bindgen]
#[derive(Clone, Debug)]
pub struct ExternalKey {
    pub(crate) inner: CoreExternalKey,
}

#[wasm_bindgen]
impl ExternalKey {
    /// A host key signing with `algorithm` (`RS256`, `PS256`, `ES384`, …). `options`:
    /// `certificate` (PEM or DER; its key becomes the public key in the full build),
    /// `publicKeySpki` (DER or PEM `PUBLIC KEY`; full build), `keyId`.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "string")] algorithm: JsValue,
        #[wasm_bindgen(unchecked_param_type = "ExternalKeyOptions | undefined | null")]
        options: JsValue,
    ) -> JsResult<ExternalKey> {
        let mut key = CoreExternalKey::new(algorithm_of(&str_arg(&algorithm, "algorithm")?)?);
        let spki = opt_bytes(&prop(&options, "publicKeySpki"), "publicKeySpki")?;
        let cert = opt_bytes(&prop(&options, "certificate"), "the certificate")?
            .map(|c| certificate_der(&c))
            .transpose()?;
        #[cfg(feature = "in-wasm-keys")]
        {
            if let Some(spki) = &spki {
                key = js(key.with_public_key(public_key_of(spki)?))?;
            }
            if let Some(der) = &cert {
                key = js(key.with_certificate_der(der.clone()))?;
            }
        }
        #[cfg(not(feature = "in-wasm-keys"))]
        {
            if spki.is_some() {
                return Err(bad_argument(
                    "the slim build does not verify host signatures: drop publicKeySpki or use the full build",
                ));
            }
            // Kept as bytes for x5t/x5c; the slim build does not parse certificates.
            key.certificate_der = cert.clone();
        }
        if let Some(kid) = crate::convert::opt_string(&options, "keyId")? {
            key = key.with_key_id(kid);
        }
        Ok(ExternalKey { inner: key })
    }

    /// The JWS algorithm.
    #[wasm_bindgen(getter)]
    pub fn algorithm(&self) -> String {
        self.inner.algorithm.as_str().to_owned()
    }

    /// The key id (`kid`), if given.
    #[wasm_bindgen(getter, js_name = keyId)]
    pub fn key_id(&self) -> Option<String> {
        self.inner.key_id.clone()
    }

    /// The public key, when known.
    #[wasm_bindgen(getter, js_name = publicKey, unchecked_return_type = "PublicKey | null")]
    pub fn public_key(&self) -> JsValue {
        self.inner.public_key.as_ref().map_or(JsValue::NULL, |p| to_js(&public_key_json(p)))
    }

    /// Converts the host's signature over `signingInput` to the JWS form (ECDSA: DER or raw
    /// `r‖s` in, raw out) and, when the public key is known, verifies it.
    #[wasm_bindgen(js_name = acceptSignature)]
    pub fn accept_signature(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Uint8Array | string")] signing_input: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Uint8Array | ArrayBuffer")] signature: JsValue,
    ) -> JsResult<Vec<u8>> {
        let input = bytes(&signing_input, "the signing input")?;
        let sig = bytes(&signature, "the signature")?;
        self.accept(&input, &sig)
    }

    /// `ExternalKey(ES384, …)`.
    #[wasm_bindgen(js_name = toString)]
    pub fn to_string_js(&self) -> String {
        let public =
            self.inner.public_key.as_ref().map_or("public key unknown".into(), PublicKey::describe);
        format!("ExternalKey({}, {public})", self.algorithm())
    }
}

impl ExternalKey {
    /// JWS form of the host's signature, verified when possible (full build).
    pub(crate) fn accept(&self, input: &[u8], sig: &[u8]) -> JsResult<Vec<u8>> {
        #[cfg(feature = "in-wasm-keys")]
        return js(self.inner.accept_signature(input, sig));
        #[cfg(not(feature = "in-wasm-keys"))]
        {
            let _ = input;
            js(signature_to_jws(self.inner.algorithm, sig))
        }
    }
}

/// Checks a signature's size and encoding for `algorithm` and returns the JWS form (ECDSA: a
/// DER `ECDSA-Sig-Value` becomes raw `r‖s`).
#[wasm_bindgen(js_name = signatureToJws)]
pub fn signature_to_jws_js(
    #[wasm_bindgen(unchecked_param_type = "string")] algorithm: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Uint8Array")] signature: JsValue,
) -> JsResult<Vec<u8>> {
    let alg = algorithm_of(&str_arg(&algorithm, "algorithm")?)?;
    js(signature_to_jws(alg, &bytes(&signature, "the signature")?))
}

/// A JWS algorithm name (`RS256`, …), strictly.
pub fn algorithm_of(name: &str) -> JsResult<Algorithm> {
    Algorithm::parse(name).ok_or_else(|| {
        bad_argument(format!(
            "unknown algorithm {:?}: use RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384 or ES512",
            name.chars().take(20).collect::<String>()
        ))
    })
}

/// The DER of a certificate given as PEM (the first `CERTIFICATE` block) or DER.
pub fn certificate_der(data: &[u8]) -> JsResult<Vec<u8>> {
    if !careerpro_fla::pem::looks_like_pem(data) {
        return Ok(data.to_vec());
    }
    let blocks = js(careerpro_fla::pem::parse(data))?;
    blocks
        .iter()
        .find(|b| b.label == "CERTIFICATE")
        .map(|b| b.der().to_vec())
        .ok_or_else(|| bad_argument("the PEM text has no CERTIFICATE block"))
}

/// A public key from SPKI (DER or PEM `PUBLIC KEY`).
#[cfg(feature = "in-wasm-keys")]
fn public_key_of(data: &[u8]) -> JsResult<PublicKey> {
    if careerpro_fla::pem::looks_like_pem(data) {
        let blocks = js(careerpro_fla::pem::parse(data))?;
        let block = blocks
            .iter()
            .find(|b| b.label == "PUBLIC KEY")
            .ok_or_else(|| bad_argument("the PEM text has no PUBLIC KEY block"))?;
        return js(PublicKey::from_spki_der(block.der()));
    }
    js(PublicKey::from_spki_der(data))
}

/// `{kind, bits, curve?, jwk, thumbprint, description}`, as the Node binding gives it.
pub fn public_key_json(p: &PublicKey) -> Value {
    let mut o = json!({
        "kind": match p { PublicKey::Rsa { .. } => "RSA", _ => "EC" },
        "bits": p.bits(),
        "jwk": p.to_jwk(),
        "thumbprint": p.jwk_thumbprint_sha256(),
        "description": p.describe(),
    });
    if let (PublicKey::Ec { curve, .. }, Value::Object(m)) = (p, &mut o) {
        m.insert("curve".into(), json!(curve.as_str()));
    }
    o
}
