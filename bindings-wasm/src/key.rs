//! Keys: `SigningKey` (loaded and signing inside WASM) and `ExternalKey` (signed by the host:
//! WebCrypto, a KMS, an HSM), with their public halves as JWKs.

#[cfg(feature = "in-wasm-keys")]
use careerpro_fla::certificate::Certificate;
use careerpro_fla::key::external::{signature_to_jws, ExternalKey as CoreExternalKey};
use careerpro_fla::Algorithm;
#[cfg(feature = "in-wasm-keys")]
use careerpro_fla::PublicKey;
#[cfg(feature = "in-wasm-keys")]
use serde_json::{json, Map, Value};
use wasm_bindgen::prelude::*;
#[cfg(feature = "in-wasm-keys")]
use zeroize::Zeroizing;

#[cfg(feature = "in-wasm-keys")]
use crate::convert::to_js;
use crate::convert::{bytes, opt_bytes, opt_string, prop, str_arg};
#[cfg(feature = "in-wasm-keys")]
use crate::error::insert_opt;
use crate::error::{bad_argument, js, JsResult};
#[cfg(feature = "in-wasm-keys")]
use crate::rng;

#[cfg(feature = "in-wasm-keys")]
/// A private key loaded into WASM memory. Keys never leave it: there is no export.
#[wasm_bindgen]
#[derive(Debug)]
pub struct SigningKey {
    pub(crate) inner: careerpro_fla::SigningKey,
}

#[cfg(feature = "in-wasm-keys")]
#[wasm_bindgen]
impl SigningKey {
    /// Loads a key from PEM, DER, a JWK (or a JWK set with one key), PKCS#12 or bare base64,
    /// detecting the format. `options`: `password` (encrypted PKCS#8, PKCS#12), `alias`
    /// (PKCS#12 entry or JWK `kid`), `algorithm` (e.g. `"PS256"` for an RSA key), `keyId`,
    /// `certificate` (PEM or DER; the one registered in Chaman, for `x5t`/`x5c`).
    #[wasm_bindgen(js_name = fromBytes)]
    pub fn from_bytes(
        #[wasm_bindgen(unchecked_param_type = "Uint8Array | ArrayBuffer | string")] input: JsValue,
        #[wasm_bindgen(unchecked_param_type = "KeyOptions | undefined")] options: JsValue,
    ) -> JsResult<SigningKey> {
        let data = Zeroizing::new(bytes(&input, "the key")?);
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
            let cert = js(Certificate::parse(&cert))?;
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

    /// The key id (`kid`), if the key came with one or was given one.
    #[wasm_bindgen(getter, js_name = keyId)]
    pub fn key_id(&self) -> Option<String> {
        self.inner.key_id().map(str::to_owned)
    }

    /// Key size in bits (RSA modulus or curve size).
    #[wasm_bindgen(getter)]
    pub fn bits(&self) -> u32 {
        self.inner.public_key().bits()
    }

    /// E.g. `RSA 2048 bits` or `EC P-384`; never key material.
    #[wasm_bindgen(getter)]
    pub fn description(&self) -> String {
        self.inner.public_key().describe()
    }

    /// The certificate (DER) that came with the key or was attached, if any.
    #[wasm_bindgen(getter)]
    pub fn certificate(&self) -> Option<Vec<u8>> {
        self.inner.certificate_der().map(<[u8]>::to_vec)
    }

    /// The public key as a JWK (RFC 7517), with `kid`, `alg` and `use: "sig"`.
    #[wasm_bindgen(js_name = publicJwk, unchecked_return_type = "Record<string, string>")]
    pub fn public_jwk(&self) -> JsValue {
        to_js(&public_jwk(self.inner.public_key(), self.inner.algorithm(), self.inner.key_id()))
    }

    /// The RFC 7638 JWK thumbprint (SHA-256, base64url) of the public key.
    #[wasm_bindgen(getter)]
    pub fn thumbprint(&self) -> String {
        self.inner.public_key().jwk_thumbprint_sha256()
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
        format!("SigningKey({}, {}, [redacted])", self.algorithm(), self.description())
    }
}

/// A key the host signs with (WebCrypto `CryptoKey`, a KMS, an HSM). The core builds the
/// signing input; the host signs it; `acceptSignature` turns the host's signature (raw `r‖s` or
/// DER for ECDSA) into the JWS form and, when the public key is known, verifies it (full build;
/// the slim build leaves verification to the token endpoint).
#[wasm_bindgen]
#[derive(Debug)]
pub struct ExternalKey {
    pub(crate) inner: CoreExternalKey,
    /// The certificate (DER) for `x5t`/`x5c`, kept here so the slim build need not parse it.
    pub(crate) certificate_der: Option<Vec<u8>>,
}

#[wasm_bindgen]
impl ExternalKey {
    /// `algorithm`: the JWS algorithm the host signs with. `options`: `publicKey` (SPKI DER or
    /// PEM; full build), `certificate` (PEM or DER; in the full build it also sets the public
    /// key), `keyId`.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "string")] algorithm: JsValue,
        #[wasm_bindgen(unchecked_param_type = "ExternalKeyOptions | undefined")] options: JsValue,
    ) -> JsResult<ExternalKey> {
        let algorithm = &str_arg(&algorithm, "algorithm")?;
        let mut key = CoreExternalKey::new(algorithm_of(algorithm)?);
        let public = prop(&options, "publicKey");
        let cert = opt_bytes(&prop(&options, "certificate"), "the certificate")?
            .map(|c| certificate_der(&c))
            .transpose()?;
        #[cfg(feature = "in-wasm-keys")]
        {
            if !public.is_undefined() && !public.is_null() {
                key = js(key.with_public_key(public_key_of(&public)?))?;
            }
            if let Some(der) = &cert {
                key = js(key.with_certificate_der(der.clone()))?;
            }
        }
        #[cfg(not(feature = "in-wasm-keys"))]
        if !public.is_undefined() && !public.is_null() {
            return Err(bad_argument(
                "the slim build does not verify host signatures: drop publicKey or use the full build",
            ));
        }
        if let Some(kid) = opt_string(&options, "keyId")? {
            key = key.with_key_id(kid);
        }
        Ok(ExternalKey { inner: key, certificate_der: cert })
    }

    /// The JWS algorithm.
    #[wasm_bindgen(getter)]
    pub fn algorithm(&self) -> String {
        self.inner.algorithm.as_str().to_owned()
    }

    /// The key id, if given.
    #[wasm_bindgen(getter, js_name = keyId)]
    pub fn key_id(&self) -> Option<String> {
        self.inner.key_id.clone()
    }

    /// The public key as a JWK, when known (full build).
    #[wasm_bindgen(js_name = publicJwk, unchecked_return_type = "Record<string, string> | undefined")]
    pub fn public_jwk(&self) -> JsValue {
        #[cfg(feature = "in-wasm-keys")]
        if let Some(p) = &self.inner.public_key {
            return to_js(&public_jwk(p, self.inner.algorithm, self.inner.key_id.as_deref()));
        }
        JsValue::UNDEFINED
    }

    /// The host's signature over `signingInput` in JWS form (verified when the public key is
    /// known): throws `external_signature_invalid` for a wrong key or a malformed signature.
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
}

impl ExternalKey {
    /// JWS form of the host's signature, verified when possible (full build).
    pub(crate) fn accept(&self, input: &[u8], sig: &[u8]) -> JsResult<Vec<u8>> {
        #[cfg(feature = "in-wasm-keys")]
        return js(self.inner.accept_signature(input, sig));
        #[cfg(not(feature = "in-wasm-keys"))]
        {
            let _ = input;
            jws_signature(self.inner.algorithm, sig)
        }
    }
}

/// Converts a host signature to the JWS form without verifying it (no public key known).
pub fn jws_signature(algorithm: Algorithm, signature: &[u8]) -> JsResult<Vec<u8>> {
    js(signature_to_jws(algorithm, signature))
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

#[cfg(feature = "in-wasm-keys")]
/// A public key from SPKI (DER or PEM `PUBLIC KEY`) or a certificate (DER or PEM).
fn public_key_of(value: &JsValue) -> JsResult<PublicKey> {
    let data = bytes(value, "the public key")?;
    let der = if careerpro_fla::pem::looks_like_pem(&data) {
        let blocks = js(careerpro_fla::pem::parse(&data))?;
        let block = blocks
            .iter()
            .find(|b| b.label == "PUBLIC KEY" || b.label == "CERTIFICATE")
            .ok_or_else(|| bad_argument("the PEM text has no PUBLIC KEY or CERTIFICATE block"))?;
        if block.label == "CERTIFICATE" {
            return js(PublicKey::from_certificate_der(block.der()));
        }
        block.der().to_vec()
    } else {
        data
    };
    js(PublicKey::from_spki_der(&der)
        .or_else(|e| PublicKey::from_certificate_der(&der).map_err(|_| e)))
}

#[cfg(feature = "in-wasm-keys")]
fn public_jwk(public: &PublicKey, alg: Algorithm, kid: Option<&str>) -> Value {
    let mut jwk = match public.to_jwk() {
        Value::Object(m) => m,
        _ => Map::new(),
    };
    jwk.insert("alg".into(), json!(alg.as_str()));
    jwk.insert("use".into(), json!("sig"));
    insert_opt(&mut jwk, "kid", kid);
    Value::Object(jwk)
}
