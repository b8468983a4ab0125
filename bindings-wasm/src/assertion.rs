//! Client assertions (RFC 7523 §2.2): signed in WASM with a `SigningKey`, or prepared here and
//! signed by the host (`prepareAssertion` → sign `signingInput` → `finishAssertion`).

use careerpro_fla::assertion::{Assertion, AssertionOptions, CertificateChain, UnsignedAssertion};
use careerpro_fla::jws::b64url;
use careerpro_fla::Algorithm;
use serde_json::{json, Value};
use wasm_bindgen::prelude::*;

use crate::convert::str_arg;
use crate::convert::{bytes, int, opt_bool, opt_int, opt_string, prop, to_js};
use crate::error::{bad_argument, js, JsResult};
#[cfg(feature = "in-wasm-keys")]
use crate::key::SigningKey;
use crate::key::{algorithm_of, certificate_der, jws_signature, ExternalKey};
use crate::{convert, rng};

#[cfg(feature = "in-wasm-keys")]
/// Signs a client assertion with a key held in WASM. `options`: `clientId`, `audience`
/// (the token URL), and optionally `lifetime` (s, default 300), `allowLongLifetime`,
/// `includeNbf`, `includeTyp` (default true), `keyId`, `includeX5t`, `includeX5tS256`,
/// `includeX5c`, `now` (Unix s, default `Date.now()`), `jti` (default a random UUID v4).
#[wasm_bindgen(js_name = signAssertion, unchecked_return_type = "Assertion")]
pub fn sign_assertion(
    key: &SigningKey,
    #[wasm_bindgen(unchecked_param_type = "AssertionOptions")] options: JsValue,
) -> JsResult<JsValue> {
    let (opts, now, jti) = options_of(&options)?;
    let signed = js(Assertion::sign(&key.inner, &opts, now, jti.as_deref(), &rng::host()))?;
    Ok(to_js(&assertion_json(&signed)))
}

/// Builds what an external signer must sign, for `algorithm` (`RS256`, `PS256`, `ES384`, …).
/// Same options as `signAssertion`, plus `certificate` (PEM or DER) for the `x5*` members.
#[wasm_bindgen(js_name = prepareAssertion, unchecked_return_type = "UnsignedAssertion")]
pub fn prepare_assertion(
    #[wasm_bindgen(unchecked_param_type = "string")] algorithm: JsValue,
    #[wasm_bindgen(
        unchecked_param_type = "AssertionOptions & { certificate?: Uint8Array | string }"
    )]
    options: JsValue,
) -> JsResult<JsValue> {
    let algorithm = &str_arg(&algorithm, "algorithm")?;
    let cert = convert::opt_bytes(&prop(&options, "certificate"), "the certificate")?
        .map(|c| certificate_der(&c))
        .transpose()?;
    prepare(algorithm_of(algorithm)?, &options, cert.as_deref())
}

/// Completes a prepared assertion with the host's signature (ECDSA raw `r‖s` as WebCrypto
/// gives it, or DER as KMS APIs give it), unverified; `ExternalKey.finish` verifies it when the
/// key's public half is known.
#[wasm_bindgen(js_name = finishAssertion, unchecked_return_type = "Assertion")]
pub fn finish_assertion(
    #[wasm_bindgen(unchecked_param_type = "UnsignedAssertion")] unsigned: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Uint8Array | ArrayBuffer")] signature: JsValue,
) -> JsResult<JsValue> {
    finish(None, &unsigned, &signature)
}

fn finish(key: Option<&ExternalKey>, unsigned: &JsValue, signature: &JsValue) -> JsResult<JsValue> {
    let alg = algorithm_of(&opt_string(unsigned, "algorithm")?.unwrap_or_default())?;
    let input = opt_string(unsigned, "signingInput")?
        .ok_or_else(|| bad_argument("the unsigned assertion has no signingInput"))?;
    let sig = bytes(signature, "the signature")?;
    let jws = match key {
        Some(k) if k.inner.algorithm != alg => {
            return Err(bad_argument("the key's algorithm differs from the assertion's"))
        }
        Some(k) => k.accept(input.as_bytes(), &sig)?,
        None => jws_signature(alg, &sig)?,
    };
    // The core keeps UnsignedAssertion -> Assertion private; the compact form is RFC 7515 §7.1.
    let compact = format!("{input}.{}", b64url(&jws));
    Ok(to_js(&json!({
        "compact": compact,
        "headerJson": opt_string(unsigned, "headerJson")?,
        "claimsJson": opt_string(unsigned, "claimsJson")?,
        "jti": opt_string(unsigned, "jti")?,
        "issuedAt": prop(unsigned, "issuedAt").as_f64(),
        "expiresAt": prop(unsigned, "expiresAt").as_f64(),
    })))
}

#[wasm_bindgen]
impl ExternalKey {
    /// `prepareAssertion` with this key's algorithm, key id and certificate.
    #[wasm_bindgen(unchecked_return_type = "UnsignedAssertion")]
    pub fn prepare(
        &self,
        #[wasm_bindgen(unchecked_param_type = "AssertionOptions")] options: JsValue,
    ) -> JsResult<JsValue> {
        prepare(self.inner.algorithm, &options, self.certificate_der.as_deref())
    }

    /// `finishAssertion`, verifying the signature when the public key is known.
    #[wasm_bindgen(unchecked_return_type = "Assertion")]
    pub fn finish(
        &self,
        #[wasm_bindgen(unchecked_param_type = "UnsignedAssertion")] unsigned: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Uint8Array | ArrayBuffer")] signature: JsValue,
    ) -> JsResult<JsValue> {
        finish(Some(self), &unsigned, &signature)
    }
}

fn prepare(alg: Algorithm, options: &JsValue, cert: Option<&[u8]>) -> JsResult<JsValue> {
    let (opts, now, jti) = options_of(options)?;
    let jti = match jti {
        Some(j) => j,
        None => js(careerpro_fla::random::uuid_v4(&rng::host()))?,
    };
    let certs = CertificateChain { leaf: cert, chain: &[] };
    let unsigned = js(Assertion::prepare(alg, &opts, now, Some(&jti), Some(certs)))?;
    Ok(to_js(&unsigned_json(&unsigned, now, opts.lifetime)))
}

fn options_of(o: &JsValue) -> JsResult<(AssertionOptions, i64, Option<String>)> {
    if !o.is_object() {
        return Err(bad_argument("assertion options must be an object {clientId, audience, …}"));
    }
    let client_id = opt_string(o, "clientId")?.unwrap_or_default();
    let audience = opt_string(o, "audience")?.unwrap_or_default();
    let mut opts = AssertionOptions::new(client_id, audience);
    if let Some(l) = opt_int(o, "lifetime", 0, 1 << 32)? {
        opts.lifetime = u64::try_from(l).unwrap_or(0);
    }
    let flag = |name: &str, default: bool| opt_bool(o, name).map(|b| b.unwrap_or(default));
    opts.allow_long_lifetime = flag("allowLongLifetime", false)?;
    opts.include_nbf = flag("includeNbf", false)?;
    opts.include_typ = flag("includeTyp", true)?;
    opts.key_id = opt_string(o, "keyId")?;
    opts.include_x5t = flag("includeX5t", false)?;
    opts.include_x5t_s256 = flag("includeX5tS256", false)?;
    opts.include_x5c = flag("includeX5c", false)?;
    let now = match prop(o, "now").as_f64() {
        Some(n) => int(Some(n), "now", -(1 << 40), 1 << 40)?,
        None => convert::now_s(None)?,
    };
    Ok((opts, now, opt_string(o, "jti")?))
}

#[cfg(feature = "in-wasm-keys")]
fn assertion_json(a: &Assertion) -> Value {
    json!({
        "compact": a.compact(),
        "headerJson": a.header_json(),
        "claimsJson": a.claims_json(),
        "jti": a.jti(),
        "issuedAt": a.issued_at(),
        "expiresAt": a.expires_at(),
    })
}

fn unsigned_json(u: &UnsignedAssertion, now: i64, lifetime: u64) -> Value {
    json!({
        "algorithm": u.algorithm().as_str(),
        "signingInput": u.signing_input(),
        "headerJson": u.header_json(),
        "claimsJson": u.claims_json(),
        "jti": u.jti(),
        "issuedAt": now,
        "expiresAt": now.saturating_add(i64::try_from(lifetime).unwrap_or(0)),
    })
}
