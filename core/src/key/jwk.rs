//! Private keys as JWK (RFC 7517 §4, RFC 7518 §6): RSA with its CRT parameters (§6.3.2) and EC
//! P-256, P-384, P-521 (§6.2.2). A JWK set (§5) is accepted when it holds one key, or when the
//! caller names a member by `kid`.
//!
//! Every decoded secret sits in a [`Zeroizing`] buffer; the JSON strings that held them are
//! read into zeroizing strings too.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use ring::rand::SecureRandom;
use serde::Deserialize;
use zeroize::Zeroizing;

use super::pkcs1::{self, RsaComponents};
use super::sec1;
use super::SigningKey;
use crate::algorithm::{Algorithm, Curve};
use crate::error::{Error, ErrorCode, Result};

/// Loads a JWK, or the member `kid` of a JWK set.
pub(super) fn load(json: &str, kid: Option<&str>, rng: &dyn SecureRandom) -> Result<SigningKey> {
    let doc: Document = serde_json::from_str(json).map_err(|e| {
        // serde_json's message names a line and column, never the content.
        Error::new(ErrorCode::KeyMalformed, format!("the JWK is not valid JSON: {e}"))
    })?;
    match doc {
        Document::Set { keys } => {
            let kids = || {
                keys.iter()
                    .map(|k| k.kid.as_deref().map_or("(no kid)".to_owned(), |k| format!("\"{k}\"")))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let chosen = match kid {
                Some(wanted) => {
                    keys.iter().find(|k| k.kid.as_deref() == Some(wanted)).ok_or_else(|| {
                        Error::new(
                            ErrorCode::KeyEntryNotFound,
                            format!(
                                "no key in the JWK set has kid \"{wanted}\"; it has: {}",
                                kids()
                            ),
                        )
                    })?
                }
                None => match keys.as_slice() {
                    [one] => one,
                    [] => {
                        return Err(Error::new(ErrorCode::KeyMalformed, "the JWK set holds no key"))
                    }
                    _ => {
                        return Err(Error::new(
                            ErrorCode::KeyEntryAmbiguous,
                            format!(
                                "the JWK set holds {} keys; choose one by kid: {}",
                                keys.len(),
                                kids()
                            ),
                        ))
                    }
                },
            };
            load_jwk(chosen, rng)
        }
        Document::Key(jwk) => load_jwk(&jwk, rng),
    }
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Document {
    Set { keys: Vec<Jwk> },
    Key(Box<Jwk>),
}

/// The members this loader reads; unknown members are ignored (RFC 7517 §4).
#[derive(Deserialize)]
struct Jwk {
    kty: Option<String>,
    kid: Option<String>,
    alg: Option<String>,
    #[serde(rename = "use")]
    use_: Option<String>,
    key_ops: Option<Vec<String>>,
    crv: Option<String>,
    x: Option<String>,
    y: Option<String>,
    n: Option<String>,
    e: Option<String>,
    d: Option<Secret>,
    p: Option<Secret>,
    q: Option<Secret>,
    dp: Option<Secret>,
    dq: Option<Secret>,
    qi: Option<Secret>,
}

/// A private member's text, wiped on drop.
struct Secret(Zeroizing<String>);

impl<'de> Deserialize<'de> for Secret {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Secret, D::Error> {
        Ok(Secret(Zeroizing::new(String::deserialize(d)?)))
    }
}

fn load_jwk(jwk: &Jwk, rng: &dyn SecureRandom) -> Result<SigningKey> {
    if let Some(u) = jwk.use_.as_deref() {
        if u != "sig" {
            return Err(Error::new(
                ErrorCode::KeyUnsupported,
                format!("the JWK is marked \"use\": \"{u}\"; a signing key (\"sig\") is needed"),
            ));
        }
    }
    if let Some(ops) = &jwk.key_ops {
        if !ops.iter().any(|o| o == "sign") {
            return Err(Error::new(
                ErrorCode::KeyUnsupported,
                "the JWK's \"key_ops\" do not include \"sign\"",
            ));
        }
    }
    let key = match jwk.kty.as_deref() {
        Some("RSA") => load_rsa(jwk, rng)?,
        Some("EC") => load_ec(jwk, rng)?,
        Some("OKP") => {
            return Err(Error::new(
                ErrorCode::KeyUnsupported,
                "OKP keys (Ed25519, X25519) are not supported; use an RSA or EC (P-384, P-521) key",
            ))
        }
        Some("oct") => {
            return Err(Error::new(
                ErrorCode::KeyUnsupported,
                "symmetric (oct) keys cannot sign client assertions; use an RSA or EC key",
            ))
        }
        Some(other) => {
            return Err(Error::new(
                ErrorCode::KeyUnsupported,
                format!("JWK key type \"{other}\" is not supported; RSA and EC are"),
            ))
        }
        None => return Err(Error::new(ErrorCode::KeyMalformed, "the JWK has no \"kty\" member")),
    };
    let key = match jwk.alg.as_deref() {
        None => key,
        Some(alg) => match Algorithm::parse(alg) {
            Some(a) => key.with_algorithm(a)?,
            None => {
                return Err(Error::new(
                    ErrorCode::KeyAlgorithmMismatch,
                    format!(
                        "the JWK's \"alg\" is \"{alg}\", not a signature algorithm this library \
                         signs with (RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512)"
                    ),
                ))
            }
        },
    };
    Ok(match &jwk.kid {
        Some(kid) => key.with_key_id(kid.clone()),
        None => key,
    })
}

fn load_rsa(jwk: &Jwk, rng: &dyn SecureRandom) -> Result<SigningKey> {
    let Some(d) = &jwk.d else { return Err(public_only()) };
    let n = public_member(jwk.n.as_deref(), "n")?;
    let e = public_member(jwk.e.as_deref(), "e")?;
    let d = secret_member(Some(d), "d")?;
    let crt = |m: &Option<Secret>, name: &str| {
        if m.is_none() {
            return Err(Error::new(
                ErrorCode::KeyUnsupported,
                format!(
                    "the RSA JWK lacks \"{name}\"; keys with only n, e and d are not supported, \
                     export the key with its CRT parameters (p, q, dp, dq, qi)"
                ),
            ));
        }
        secret_member(m.as_ref(), name)
    };
    let p = crt(&jwk.p, "p")?;
    let q = crt(&jwk.q, "q")?;
    let dp = crt(&jwk.dp, "dp")?;
    let dq = crt(&jwk.dq, "dq")?;
    let qi = crt(&jwk.qi, "qi")?;
    pkcs1::load_components(
        &RsaComponents { n: &n, e: &e, d: &d, p: &p, q: &q, dp: &dp, dq: &dq, qi: &qi },
        rng,
    )
}

fn load_ec(jwk: &Jwk, rng: &dyn SecureRandom) -> Result<SigningKey> {
    let crv = jwk
        .crv
        .as_deref()
        .ok_or_else(|| Error::new(ErrorCode::KeyMalformed, "the EC JWK has no \"crv\" member"))?;
    let curve = Curve::parse(crv).ok_or_else(|| {
        Error::new(
            ErrorCode::KeyUnsupported,
            format!("EC curve \"{crv}\" is not supported; use P-384 or P-521 (or P-256)"),
        )
    })?;
    let Some(d) = &jwk.d else { return Err(public_only()) };
    let x = public_member(jwk.x.as_deref(), "x")?;
    let y = public_member(jwk.y.as_deref(), "y")?;
    let d = secret_member(Some(d), "d")?;
    let len = curve.field_len();
    // RFC 7518 §6.2.1.2, §6.2.2.1: coordinates and `d` have the full field length.
    if x.len() != len || y.len() != len || d.len() != len {
        return Err(Error::new(
            ErrorCode::KeyMalformed,
            format!("the {curve} JWK members x, y and d must each be {len} bytes"),
        ));
    }
    let mut point = Vec::with_capacity(1 + 2 * len);
    point.push(4);
    point.extend_from_slice(&x);
    point.extend_from_slice(&y);
    sec1::load_ec(curve, &d, Some(&point), rng)
}

fn public_only() -> Error {
    Error::new(
        ErrorCode::KeyMalformed,
        "this is a public key (the JWK has no \"d\"); signing needs the private JWK",
    )
}

fn public_member(value: Option<&str>, name: &str) -> Result<Vec<u8>> {
    let value = value.ok_or_else(|| {
        Error::new(ErrorCode::KeyMalformed, format!("the JWK has no \"{name}\" member"))
    })?;
    URL_SAFE_NO_PAD.decode(value.trim_end_matches('=')).map_err(|_| bad_base64(name))
}

fn secret_member(value: Option<&Secret>, name: &str) -> Result<Zeroizing<Vec<u8>>> {
    let value = value.ok_or_else(|| {
        Error::new(ErrorCode::KeyMalformed, format!("the JWK has no \"{name}\" member"))
    })?;
    // Decoding shrinks the text, so the buffer never reallocates (and leaves no copy behind).
    let mut out = Zeroizing::new(Vec::with_capacity(value.0.len()));
    URL_SAFE_NO_PAD
        .decode_vec(value.0.trim_end_matches('='), &mut out)
        .map_err(|_| bad_base64(name))?;
    Ok(out)
}

fn bad_base64(name: &str) -> Error {
    Error::new(ErrorCode::KeyMalformed, format!("the JWK member \"{name}\" is not base64url"))
}
