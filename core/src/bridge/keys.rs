//! The bridge's keys held by the core: loading (PEM, DER, JWK, PKCS#12), signing, the key's
//! certificates. Only with the core's `keys` feature; the slim WASM build signs externally.

use crate::time::UnixTime;
use serde::{Deserialize, Serialize};

use super::objects::{algorithm, AssertionIn};
use super::shapes::{AssertionView, CertificateView, PublicKeyView};
use super::{input, output, Host};
use crate::assertion::Assertion;
use crate::certificate::Certificate;
use crate::error::{Error, ErrorCode, Result};
use crate::jws::b64url;
use crate::key::SigningKey;

pub(super) fn signing_key_op(
    key: &SigningKey,
    op: &str,
    name: &str,
    text: &str,
    bytes: &[u8],
    host: &Host<'_>,
) -> Result<String> {
    match op {
        "info" => {
            let i: super::ops::NowOnly = input(name, text)?;
            key_info(key, host.now_ms(i.now))
        }
        "sign" => {
            #[derive(Serialize)]
            struct Out {
                signature: String,
            }
            output(&Out { signature: b64url(&key.sign(bytes, host.rng())?) })
        }
        "sign_assertion" => {
            let i: AssertionIn = input(name, text)?;
            let (options, now, jti) = i.into_parts(host)?;
            let a = Assertion::sign(
                key,
                &options,
                UnixTime::from_secs(now),
                jti.as_deref(),
                host.rng(),
            )?;
            output(&AssertionView::from(&a))
        }
        "token_request" => {
            let i: TokenRequestIn = input(name, text)?;
            let scope = i.scope.clone();
            let token_url = i.token_url.clone();
            let (options, now, jti) = i.assertion.into_parts(host)?;
            let a = Assertion::sign(
                key,
                &options,
                UnixTime::from_secs(now),
                jti.as_deref(),
                host.rng(),
            )?;
            output(&crate::token::token_request(&token_url, a.compact(), scope.as_deref())?)
        }
        "check_certificate" => {
            let cert = Certificate::parse(bytes)?;
            cert.check_key(key)?;
            output(&true)
        }
        _ => Err(Error::new(
            ErrorCode::InvalidArgument,
            format!(
                "a signing_key has no operation {op:?}; it has info, sign, sign_assertion, \
                 token_request, check_certificate"
            ),
        )),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct SigningKeyIn {
    password: Option<String>,
    alias: Option<String>,
    algorithm: Option<String>,
    key_id: Option<String>,
}

impl std::fmt::Debug for SigningKeyIn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SigningKeyIn([redacted])")
    }
}

pub(super) fn open_signing_key(
    i: SigningKeyIn,
    bytes: &[u8],
    host: &Host<'_>,
) -> Result<SigningKey> {
    let password = i.password.map(zeroize::Zeroizing::new);
    let mut key = SigningKey::parse(
        bytes,
        password.as_deref().map(String::as_str),
        i.alias.as_deref(),
        host.rng(),
    )?;
    if let Some(a) = &i.algorithm {
        key = key.with_algorithm(algorithm(a)?)?;
    }
    if let Some(kid) = i.key_id {
        key = key.with_key_id(kid);
    }
    Ok(key)
}

/// The key's algorithm, public key and id, and the certificates that came with it (PKCS#12,
/// PEM bundle), with Chaman's findings at `now`.
fn key_info(key: &SigningKey, now: i64) -> Result<String> {
    #[derive(Serialize)]
    struct Out {
        algorithm: &'static str,
        public_key: PublicKeyView,
        #[serde(skip_serializing_if = "Option::is_none")]
        key_id: Option<String>,
        certificates: Vec<CertificateView>,
        description: String,
    }
    let ders = key
        .certificate_der()
        .into_iter()
        .chain(key.certificate_chain_der().iter().map(Vec::as_slice));
    let certificates = ders
        .map(|der| Certificate::from_der(der).map(|c| CertificateView::new(&c, now)))
        .collect::<Result<Vec<_>>>()?;
    output(&Out {
        algorithm: key.algorithm().as_str(),
        public_key: PublicKeyView::from(key.public_key()),
        key_id: key.key_id().map(str::to_owned),
        certificates,
        description: format!("{key:?}"),
    })
}

/// A token request signed with the key: the assertion's options plus the endpoint and scope.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TokenRequestIn {
    token_url: String,
    scope: Option<String>,
    assertion: AssertionIn,
}
