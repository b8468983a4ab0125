//! Client assertions (RFC 7523 §2.2): signed in WASM with a `SigningKey`, or prepared for a key
//! the host holds (`prepareAssertion` → sign `signingInput` → `finish`).

use careerpro_fla::assertion::{Assertion as CoreAssertion, AssertionOptions};
use wasm_bindgen::prelude::*;

use crate::convert::{now_s, opt_bool, opt_int, opt_string};
use crate::error::{bad_argument, js, JsResult};
use crate::key::ExternalKey;
#[cfg(feature = "in-wasm-keys")]
use crate::key::SigningKey;
use crate::rng;

/// A signed client assertion. `compact` is a credential until `exp`: `toString()` never
/// shows it.
#[wasm_bindgen]
#[derive(Debug)]
pub struct Assertion {
    compact: String,
    header_json: String,
    claims_json: String,
    jti: String,
    issued_at: i64,
    expires_at: i64,
}

#[wasm_bindgen]
impl Assertion {
    /// The compact JWS, for the token request's `client_assertion`.
    #[wasm_bindgen(getter)]
    pub fn compact(&self) -> String {
        self.compact.clone()
    }

    /// The JOSE header as serialised.
    #[wasm_bindgen(getter, js_name = headerJson)]
    pub fn header_json(&self) -> String {
        self.header_json.clone()
    }

    /// The claims as serialised.
    #[wasm_bindgen(getter, js_name = claimsJson)]
    pub fn claims_json(&self) -> String {
        self.claims_json.clone()
    }

    /// The `jti`.
    #[wasm_bindgen(getter)]
    pub fn jti(&self) -> String {
        self.jti.clone()
    }

    /// `iat`, Unix seconds.
    #[wasm_bindgen(getter, js_name = issuedAt)]
    pub fn issued_at(&self) -> f64 {
        crate::misc::number(self.issued_at)
    }

    /// `exp`, Unix seconds.
    #[wasm_bindgen(getter, js_name = expiresAt)]
    pub fn expires_at(&self) -> f64 {
        crate::misc::number(self.expires_at)
    }

    /// `Assertion(header, claims, [redacted])`.
    #[wasm_bindgen(js_name = toString)]
    pub fn to_string_js(&self) -> String {
        format!("Assertion({}, {}, [redacted])", self.header_json, self.claims_json)
    }
}

impl From<CoreAssertion> for Assertion {
    fn from(a: CoreAssertion) -> Assertion {
        Assertion {
            compact: a.compact().to_owned(),
            header_json: a.header_json().to_owned(),
            claims_json: a.claims_json().to_owned(),
            jti: a.jti().to_owned(),
            issued_at: a.issued_at(),
            expires_at: a.expires_at(),
        }
    }
}

/// Signs an assertion with a key held in WASM. `options`: `clientId`, `audience`, `lifetime`,
/// `allowLongLifetime`, `includeNbf`, `includeTyp`, `keyId`, `includeX5t`, `includeX5tS256`,
/// `includeX5c`; `sign`: `now` (Unix s, default `Date.now()`), `jti` (default a random UUID).
#[cfg(feature = "in-wasm-keys")]
#[wasm_bindgen(js_name = signAssertion)]
pub fn sign_assertion(
    key: &SigningKey,
    #[wasm_bindgen(unchecked_param_type = "AssertionOptions")] options: JsValue,
    #[wasm_bindgen(unchecked_param_type = "SignOptions | undefined | null")] sign: JsValue,
) -> JsResult<Assertion> {
    let opts = options_of(&options)?;
    let (now, jti) = sign_of(&sign)?;
    let signed = js(CoreAssertion::sign(&key.inner, &opts, now, jti.as_deref(), &rng::host()))?;
    Ok(signed.into())
}

/// An assertion waiting for a signature from a signer the host holds.
#[wasm_bindgen]
#[derive(Debug)]
pub struct UnsignedAssertion {
    // The slim build checks signatures for size and encoding only, so it never reads the key.
    #[cfg_attr(not(feature = "in-wasm-keys"), allow(dead_code))]
    key: ExternalKey,
    inner: careerpro_fla::UnsignedAssertion,
}

/// Builds the assertion an external signer must sign: hand `signingInput` to the signer, then
/// call `finish(signature)`.
#[wasm_bindgen(js_name = prepareAssertion)]
pub fn prepare_assertion(
    key: &ExternalKey,
    #[wasm_bindgen(unchecked_param_type = "AssertionOptions")] options: JsValue,
    #[wasm_bindgen(unchecked_param_type = "SignOptions | undefined | null")] sign: JsValue,
) -> JsResult<UnsignedAssertion> {
    let opts = options_of(&options)?;
    let (now, jti) = sign_of(&sign)?;
    let inner =
        js(CoreAssertion::prepare_external(&key.inner, &opts, now, jti.as_deref(), &rng::host()))?;
    Ok(UnsignedAssertion { key: key.clone(), inner })
}

#[wasm_bindgen]
impl UnsignedAssertion {
    /// The algorithm the signer must use.
    #[wasm_bindgen(getter)]
    pub fn algorithm(&self) -> String {
        self.inner.algorithm().as_str().to_owned()
    }

    /// The exact bytes to sign (ASCII): `BASE64URL(header).BASE64URL(claims)`.
    #[wasm_bindgen(getter, js_name = signingInput)]
    pub fn signing_input(&self) -> String {
        self.inner.signing_input().to_owned()
    }

    /// The header as serialised.
    #[wasm_bindgen(getter, js_name = headerJson)]
    pub fn header_json(&self) -> String {
        self.inner.header_json().to_owned()
    }

    /// The claims as serialised.
    #[wasm_bindgen(getter, js_name = claimsJson)]
    pub fn claims_json(&self) -> String {
        self.inner.claims_json().to_owned()
    }

    /// The `jti`.
    #[wasm_bindgen(getter)]
    pub fn jti(&self) -> String {
        self.inner.jti().to_owned()
    }

    /// The signed assertion, from the signer's signature over `signingInput` (ECDSA: raw `r‖s`
    /// as WebCrypto gives it, or DER as KMS APIs give it). The signature is checked, and
    /// verified when the key's public half is known (full build).
    pub fn finish(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Uint8Array | ArrayBuffer")] signature: JsValue,
    ) -> JsResult<Assertion> {
        let sig = crate::convert::bytes(&signature, "the signature")?;
        let unsigned = self.inner.clone();
        #[cfg(feature = "in-wasm-keys")]
        let assertion = js(unsigned.finish(&self.key.inner, &sig))?;
        // The slim build keeps verification code out: the signature is checked for size and
        // encoding only (WebCrypto signed it with the key it was given).
        #[cfg(not(feature = "in-wasm-keys"))]
        let assertion = js(unsigned.with_signature(&sig))?;
        Ok(Assertion::from(assertion))
    }
}

fn options_of(o: &JsValue) -> JsResult<AssertionOptions> {
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
    Ok(opts)
}

/// `{now?, jti?}`: the assertion's time (Unix s, default the host clock) and `jti`.
fn sign_of(s: &JsValue) -> JsResult<(i64, Option<String>)> {
    let now = match opt_int(s, "now", -(1 << 40), 1 << 40)? {
        Some(n) => n,
        None => now_s(None)?,
    };
    Ok((now, opt_string(s, "jti")?))
}
