//! Compact JWS serialisation (RFC 7515 §7.1): `BASE64URL(header) . BASE64URL(payload) .
//! BASE64URL(signature)`, base64url without padding (RFC 7515 §2).
//!
//! ```
//! use careerpro_fla::decode_jws;
//! let parts = decode_jws("eyJhbGciOiJSUzI1NiJ9.e30.AQID").unwrap();
//! assert_eq!(parts.header["alg"], "RS256");
//! assert_eq!(parts.signature, vec![1, 2, 3]);
//! ```

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use serde_json::Value;

use crate::error::{Error, ErrorCode, Result};

/// base64url without padding.
pub(crate) fn b64url(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Decodes base64url without padding (padding tolerated).
pub(crate) fn b64url_decode(text: &str) -> Option<Vec<u8>> {
    URL_SAFE_NO_PAD.decode(text.trim_end_matches('=')).ok()
}

/// The JWS signing input: `BASE64URL(header) || '.' || BASE64URL(payload)` (RFC 7515 §5.1).
pub(crate) fn signing_input(header_json: &str, payload_json: &str) -> String {
    let mut s = b64url(header_json.as_bytes());
    s.push('.');
    s.push_str(&b64url(payload_json.as_bytes()));
    s
}

/// A decoded compact JWS (no verification: for display and tests).
#[derive(Clone, Debug, PartialEq)]
pub struct JwsParts {
    /// The protected header.
    pub header: Value,
    /// The payload, parsed as JSON.
    pub payload: Value,
    /// The signature bytes.
    pub signature: Vec<u8>,
    /// The signing input the signature covers.
    pub signing_input: String,
}

/// Splits and decodes a compact JWS whose payload is JSON (a JWT).
pub fn decode(compact: &str) -> Result<JwsParts> {
    let bad = |why: &str| Error::new(ErrorCode::JsonInvalid, format!("not a compact JWS: {why}"));
    if compact.len() > 64 * 1024 {
        return Err(Error::new(ErrorCode::InputTooLarge, "the JWS is larger than 64 KiB"));
    }
    let mut it = compact.trim().split('.');
    let (Some(h), Some(p), Some(s), None) = (it.next(), it.next(), it.next(), it.next()) else {
        return Err(bad("expected three dot-separated parts"));
    };
    let json = |part: &str, what: &str| -> Result<Value> {
        let bytes =
            b64url_decode(part).ok_or_else(|| bad(&format!("the {what} is not base64url")))?;
        serde_json::from_slice(&bytes).map_err(|_| bad(&format!("the {what} is not JSON")))
    };
    Ok(JwsParts {
        header: json(h, "header")?,
        payload: json(p, "payload")?,
        signature: b64url_decode(s).ok_or_else(|| bad("the signature is not base64url"))?,
        signing_input: format!("{h}.{p}"),
    })
}
