//! The output shapes of the bridge for core types whose Rust form holds secrets, borrows, or
//! derived values: what each binding's users see, with the same member names everywhere.

#[cfg(feature = "keys")]
use crate::time::UnixTime;
use serde::Serialize;
use serde_json::Value;

use crate::api::{ApiResponse, PageSkim};
use crate::assertion::{Assertion, UnsignedAssertion};
#[cfg(feature = "keys")]
use crate::certificate::{Certificate, Finding};
use crate::error::ErrorPayload;
use crate::http::HttpRequest;
#[cfg(feature = "keys")]
use crate::jws::b64url;
use crate::key::PublicKey;
use crate::token::AccessToken;
use crate::wire::safe;

/// An access token, value included: the one place a token leaves the core on purpose.
#[derive(Serialize)]
pub(crate) struct TokenView<'a> {
    pub access_token: &'a str,
    pub token_type: &'a str,
    /// When it was received (Unix ms).
    pub issued_at: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires_in_s: Option<u64>,
    /// Absolute expiry (Unix ms), when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope: Option<&'a str>,
}

impl<'a> TokenView<'a> {
    /// `token` as parsed at `issued_at_ms`; `expires_at_ms` as the caller reckons it (the token
    /// manager's view, or `issued_at + expires_in`).
    pub(super) fn new(
        token: &'a AccessToken,
        issued_at_ms: i64,
        expires_at_ms: Option<i64>,
    ) -> Self {
        TokenView {
            access_token: token.secret(),
            token_type: token.token_type(),
            issued_at: issued_at_ms,
            expires_in_s: token.expires_in().map(safe),
            expires_at: expires_at_ms,
            scope: token.scope(),
        }
    }
}

/// A signed assertion.
#[derive(Serialize)]
pub(crate) struct AssertionView<'a> {
    /// The compact JWS: the token request's `client_assertion`.
    pub assertion: &'a str,
    pub header: Value,
    pub claims: Value,
    pub jti: &'a str,
    /// `iat`, Unix seconds (a JWT claim).
    pub iat: i64,
    /// `exp`, Unix seconds (a JWT claim).
    pub exp: i64,
}

impl<'a> From<&'a Assertion> for AssertionView<'a> {
    fn from(a: &'a Assertion) -> Self {
        AssertionView {
            assertion: a.compact(),
            header: serde_json::from_str(a.header_json()).unwrap_or(Value::Null),
            claims: serde_json::from_str(a.claims_json()).unwrap_or(Value::Null),
            jti: a.jti(),
            iat: a.issued_at().as_secs(),
            exp: a.expires_at().as_secs(),
        }
    }
}

/// What an external signer must sign.
#[derive(Serialize)]
pub(crate) struct UnsignedView<'a> {
    pub algorithm: &'static str,
    /// The exact ASCII text to sign.
    pub signing_input: &'a str,
    pub header: Value,
    pub claims: Value,
    pub jti: &'a str,
}

impl<'a> From<&'a UnsignedAssertion> for UnsignedView<'a> {
    fn from(u: &'a UnsignedAssertion) -> Self {
        UnsignedView {
            algorithm: u.algorithm().as_str(),
            signing_input: u.signing_input(),
            header: serde_json::from_str(u.header_json()).unwrap_or(Value::Null),
            claims: serde_json::from_str(u.claims_json()).unwrap_or(Value::Null),
            jti: u.jti(),
        }
    }
}

/// A public key.
#[derive(Serialize)]
pub(crate) struct PublicKeyView {
    /// `RSA` or `EC`.
    pub kind: &'static str,
    pub bits: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub curve: Option<&'static str>,
    pub jwk: Value,
    /// RFC 7638 thumbprint (base64url SHA-256).
    pub jwk_thumbprint: String,
    pub description: String,
}

impl From<&PublicKey> for PublicKeyView {
    fn from(k: &PublicKey) -> Self {
        let (kind, curve) = match k {
            PublicKey::Rsa { .. } => ("RSA", None),
            PublicKey::Ec { curve, .. } => ("EC", Some(curve.as_str())),
        };
        PublicKeyView {
            kind,
            bits: k.bits(),
            curve,
            jwk: k.to_jwk(),
            jwk_thumbprint: k.jwk_thumbprint_sha256(),
            description: k.describe(),
        }
    }
}

/// A certificate: everything it says, its thumbprints, and Chaman's findings at `now`.
#[cfg(feature = "keys")]
#[derive(Serialize)]
pub(crate) struct CertificateView {
    pub subject: String,
    pub issuer: String,
    pub serial_hex: String,
    /// Unix ms.
    pub not_before: i64,
    /// Unix ms.
    pub not_after: i64,
    pub key_algorithm: String,
    pub key_algorithm_oid: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key_bits: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub curve: Option<&'static str>,
    pub signature_algorithm: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signature_digest: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key_usage: Option<Vec<String>>,
    pub is_self_signed: bool,
    /// The DER, base64url.
    pub der: String,
    pub pem: String,
    pub thumbprint_sha1_hex: String,
    pub thumbprint_sha256_hex: String,
    pub x5t: String,
    #[serde(rename = "x5t#S256")]
    pub x5t_s256: String,
    pub description: String,
    /// Chaman's rules broken at `now` (empty: acceptable).
    pub findings: Vec<Finding>,
}

#[cfg(feature = "keys")]
impl CertificateView {
    pub(super) fn new(c: &Certificate, now_ms: i64) -> Self {
        CertificateView {
            subject: c.subject(),
            issuer: c.issuer(),
            serial_hex: c.serial_hex(),
            not_before: c.not_before().as_millis(),
            not_after: c.not_after().as_millis(),
            key_algorithm: c.key_algorithm(),
            key_algorithm_oid: c.key_algorithm_oid(),
            key_bits: c.key_bits(),
            curve: c.curve().map(|k| k.as_str()),
            signature_algorithm: c.signature_algorithm(),
            signature_digest: c.signature_digest(),
            key_usage: c.key_usage(),
            is_self_signed: c.is_self_signed(),
            der: b64url(c.der()),
            pem: c.to_pem(),
            thumbprint_sha1_hex: c.thumbprint_sha1_hex(),
            thumbprint_sha256_hex: c.thumbprint_sha256_hex(),
            x5t: c.x5t(),
            x5t_s256: c.x5t_s256(),
            description: c.describe(),
            findings: c.check_chaman(UnixTime::from_millis(now_ms)),
        }
    }
}

/// A JSON body as the host will read it: the server's own text when it is at hand (validated
/// already, so it is copied verbatim instead of being written again), else the parsed value.
#[derive(Serialize)]
#[serde(untagged)]
pub(crate) enum Json<'a> {
    Raw(&'a serde_json::value::RawValue),
    Parsed(&'a Value),
}

/// A successful API response.
#[derive(Serialize)]
pub(crate) struct ApiResponseView<'a> {
    pub status: u16,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub json: Option<Json<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trace_id: Option<&'a str>,
    pub headers: &'a [(String, String)],
    /// The next page's link as written (body `next`, HAL, or `Link`), when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
    /// The collection's `total`, when the server sent one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total: Option<u64>,
}

impl<'a> ApiResponseView<'a> {
    /// A response read by [`crate::api::read_response`] with a [`PageSkim`]: the body goes
    /// to the host as the server wrote it, the paging members come from the skim.
    pub(crate) fn skimmed(r: &'a ApiResponse, skim: Option<&'a PageSkim>) -> Self {
        let raw = skim.and_then(|_| serde_json::from_slice(&r.body).ok()).map(Json::Raw);
        ApiResponseView {
            status: r.status,
            json: raw,
            location: r.location.as_deref(),
            trace_id: r.trace_id.as_deref(),
            headers: &r.headers,
            next: crate::paging::next_link_from(
                skim.and_then(|s| s.next.as_ref()),
                skim.and_then(|s| s.hal_next.as_ref()),
                &r.headers,
            ),
            total: skim.and_then(|s| s.total.as_ref()).and_then(Value::as_u64).map(safe),
        }
    }
}

impl<'a> From<&'a ApiResponse> for ApiResponseView<'a> {
    fn from(r: &'a ApiResponse) -> Self {
        ApiResponseView {
            status: r.status,
            json: r.json.as_ref().map(|parsed| {
                serde_json::from_slice(&r.body).map_or(Json::Parsed(parsed), Json::Raw)
            }),
            location: r.location.as_deref(),
            trace_id: r.trace_id.as_deref(),
            headers: &r.headers,
            next: crate::paging::next_link(r),
            total: crate::paging::total(r).map(safe),
        }
    }
}

/// What to do after an API attempt: the retry advice, with the response on success.
#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub(crate) enum Outcome<'a> {
    Success { response: ApiResponseView<'a> },
    Retry { delay_ms: u64 },
    RefreshToken,
    GiveUp { error: ErrorPayload<'a> },
}

/// A poller's next step.
#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub(crate) enum PollStepView<'a> {
    Done { response: ApiResponseView<'a> },
    Poll { at_ms: i64, after_ms: u64, request: &'a HttpRequest },
    GiveUp { error: ErrorPayload<'a> },
}
