//! The client assertion (RFC 7523): signed here with a loaded key (synchronously, or off the
//! main thread), or prepared for a signer the host holds and finished with its signature.

use std::sync::Arc;

use careerpro_fla::assertion::{
    Assertion as CoreAssertion, AssertionOptions as CoreOptions, UnsignedAssertion as CoreUnsigned,
};
use careerpro_fla::key::ExternalKey as CoreExternalKey;
use careerpro_fla::Error;
use napi::bindgen_prelude::{AsyncTask, Buffer};
use napi::{Env, Task};
use napi_derive::napi;
use zeroize::Zeroizing;

use crate::error::{to_js, OrThrow};
use crate::host::{self, non_negative};
use crate::key::{ExternalKey, SigningKey};

/// What goes into an assertion besides time and randomness.
#[napi(object)]
#[derive(Debug, Clone)]
pub struct AssertionOptions {
    /// The Chaman client id (`iss` and `sub`).
    pub client_id: String,
    /// `aud`: the token endpoint URL (a profile's `audience`).
    pub audience: String,
    /// Seconds from `iat` to `exp` (default 300).
    pub lifetime: Option<i64>,
    /// Accept a lifetime above 300 s (up to 3600 s).
    pub allow_long_lifetime: Option<bool>,
    /// Add `nbf` = `iat`.
    pub include_nbf: Option<bool>,
    /// Add `typ: "JWT"` (default true).
    pub include_typ: Option<bool>,
    /// Header `kid` (none by default; a key's own id is `key.keyId`).
    pub key_id: Option<String>,
    /// Send the key's own id (`key.keyId`, a JWK's `kid`) as `kid` when `keyId` is not set
    /// (default false: the platform's reference client sends no `kid`).
    pub include_key_id: Option<bool>,
    /// Header `x5t` (SHA-1 certificate thumbprint).
    #[napi(js_name = "includeX5t")]
    pub include_x5t: Option<bool>,
    /// Header `x5t#S256` (SHA-256 certificate thumbprint).
    #[napi(js_name = "includeX5tS256")]
    pub include_x5t_s256: Option<bool>,
    /// Header `x5c` (the certificate, base64 DER).
    #[napi(js_name = "includeX5c")]
    pub include_x5c: Option<bool>,
}

/// The time and `jti` of an assertion; both default to the host's (tests fix them).
#[napi(object)]
#[derive(Debug, Clone, Default)]
pub struct SignOptions {
    /// `iat`, Unix seconds (default: the host clock).
    pub now: Option<i64>,
    /// `jti` (default: a random UUID v4).
    pub jti: Option<String>,
}

fn options_in(o: &AssertionOptions) -> CoreOptions {
    let mut c = CoreOptions::new(o.client_id.clone(), o.audience.clone());
    if let Some(l) = o.lifetime {
        c.lifetime = non_negative(l);
    }
    c.allow_long_lifetime = o.allow_long_lifetime.unwrap_or(c.allow_long_lifetime);
    c.include_nbf = o.include_nbf.unwrap_or(c.include_nbf);
    c.include_typ = o.include_typ.unwrap_or(c.include_typ);
    c.key_id = o.key_id.clone();
    c.include_key_id = o.include_key_id.unwrap_or(c.include_key_id);
    c.include_x5t = o.include_x5t.unwrap_or(c.include_x5t);
    c.include_x5t_s256 = o.include_x5t_s256.unwrap_or(c.include_x5t_s256);
    c.include_x5c = o.include_x5c.unwrap_or(c.include_x5c);
    c
}

/// A signed client assertion. `compact` is a credential until `exp`: `toString()` and
/// `util.inspect` never show it.
#[napi]
pub struct Assertion {
    compact: Zeroizing<String>,
    header_json: String,
    claims_json: String,
    jti: String,
    issued_at: i64,
    expires_at: i64,
}

impl std::fmt::Debug for Assertion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.to_string())
    }
}

impl From<CoreAssertion> for Assertion {
    fn from(a: CoreAssertion) -> Assertion {
        Assertion {
            compact: Zeroizing::new(a.compact().to_owned()),
            header_json: a.header_json().to_owned(),
            claims_json: a.claims_json().to_owned(),
            jti: a.jti().to_owned(),
            issued_at: a.issued_at(),
            expires_at: a.expires_at(),
        }
    }
}

#[napi]
impl Assertion {
    /// The compact JWS, for the token request's `client_assertion`.
    #[napi(getter)]
    pub fn compact(&self) -> String {
        self.compact.to_string()
    }

    /// The JOSE header as serialised.
    #[napi(getter)]
    pub fn header_json(&self) -> String {
        self.header_json.clone()
    }

    /// The claims as serialised.
    #[napi(getter)]
    pub fn claims_json(&self) -> String {
        self.claims_json.clone()
    }

    /// The `jti`.
    #[napi(getter)]
    pub fn jti(&self) -> String {
        self.jti.clone()
    }

    /// `iat`, Unix seconds.
    #[napi(getter)]
    pub fn issued_at(&self) -> i64 {
        self.issued_at
    }

    /// `exp`, Unix seconds.
    #[napi(getter)]
    pub fn expires_at(&self) -> i64 {
        self.expires_at
    }

    /// `Assertion(header, claims, [redacted])`.
    #[napi]
    #[allow(clippy::inherent_to_string)] // JS's toString, not Rust's Display
    pub fn to_string(&self) -> String {
        format!("Assertion({}, {}, [redacted])", self.header_json, self.claims_json)
    }
}

/// Signs an assertion on the calling thread (RSA-4096 takes milliseconds: prefer
/// `signAssertionAsync` on a busy event loop).
#[napi]
pub fn sign_assertion(
    env: Env,
    key: &SigningKey,
    options: AssertionOptions,
    sign: Option<SignOptions>,
) -> napi::Result<Assertion> {
    let sign = sign.unwrap_or_default();
    sign_core(&key.inner, &options, &sign).map(Assertion::from).or_throw(&env)
}

fn sign_core(
    key: &careerpro_fla::SigningKey,
    options: &AssertionOptions,
    sign: &SignOptions,
) -> Result<CoreAssertion, Error> {
    let opts = options_in(options);
    CoreAssertion::sign(key, &opts, host::now_s(sign.now), sign.jti.as_deref(), &host::rng())
}

/// Signing on libuv's thread pool.
#[derive(Debug)]
pub struct SignTask {
    key: Arc<careerpro_fla::SigningKey>,
    options: AssertionOptions,
    sign: SignOptions,
}

impl Task for SignTask {
    type Output = Result<CoreAssertion, Error>;
    type JsValue = Assertion;

    fn compute(&mut self) -> napi::Result<Self::Output> {
        Ok(sign_core(&self.key, &self.options, &self.sign))
    }

    fn resolve(&mut self, env: Env, output: Self::Output) -> napi::Result<Assertion> {
        output.map(Assertion::from).map_err(|e| to_js(&env, &e))
    }
}

/// Signs an assertion on a worker thread, so long RSA keys do not block the event loop.
#[napi(ts_return_type = "Promise<Assertion>")]
pub fn sign_assertion_async(
    key: &SigningKey,
    options: AssertionOptions,
    sign: Option<SignOptions>,
) -> AsyncTask<SignTask> {
    AsyncTask::new(SignTask {
        key: Arc::clone(&key.inner),
        options,
        sign: sign.unwrap_or_default(),
    })
}

/// An assertion waiting for a signature from a signer the host holds.
#[napi]
#[derive(Debug)]
pub struct UnsignedAssertion {
    inner: CoreUnsigned,
    key: CoreExternalKey,
}

/// Builds the assertion an external signer must sign: hand `signingInput` to the signer, then
/// call `finish(signature)`.
#[napi]
pub fn prepare_assertion(
    env: Env,
    key: &ExternalKey,
    options: AssertionOptions,
    sign: Option<SignOptions>,
) -> napi::Result<UnsignedAssertion> {
    let sign = sign.unwrap_or_default();
    let opts = options_in(&options);
    let inner = CoreAssertion::prepare_external(
        &key.inner,
        &opts,
        host::now_s(sign.now),
        sign.jti.as_deref(),
        &host::rng(),
    )
    .or_throw(&env)?;
    Ok(UnsignedAssertion { inner, key: key.inner.clone() })
}

#[napi]
impl UnsignedAssertion {
    /// The algorithm the signer must use.
    #[napi(getter)]
    pub fn algorithm(&self) -> &'static str {
        self.inner.algorithm().as_str()
    }

    /// The exact bytes to sign (ASCII): `BASE64URL(header).BASE64URL(claims)`.
    #[napi(getter)]
    pub fn signing_input(&self) -> String {
        self.inner.signing_input().to_owned()
    }

    /// The header as serialised.
    #[napi(getter)]
    pub fn header_json(&self) -> String {
        self.inner.header_json().to_owned()
    }

    /// The claims as serialised.
    #[napi(getter)]
    pub fn claims_json(&self) -> String {
        self.inner.claims_json().to_owned()
    }

    /// The `jti`.
    #[napi(getter)]
    pub fn jti(&self) -> String {
        self.inner.jti().to_owned()
    }

    /// The signed assertion, from the signer's signature over `signingInput` (ECDSA: raw
    /// `r‖s` or DER). The signature is checked, and verified when the key's public half is
    /// known.
    #[napi]
    pub fn finish(&self, env: Env, signature: Buffer) -> napi::Result<Assertion> {
        self.inner.clone().finish(&self.key, &signature).map(Assertion::from).or_throw(&env)
    }
}
