//! Telling key formats apart from their bytes, for [`SigningKey::parse`](super::SigningKey::from_bytes).
//!
//! Text is PEM when it has a `-----BEGIN ` line and JSON (JWK) when it opens with `{`; bare
//! base64 (a DER file pasted into an environment variable) is decoded. DER structures differ
//! in their first elements:
//!
//! | structure | SEQUENCE starts with |
//! |---|---|
//! | PKCS#8 `PrivateKeyInfo` (RFC 5208, 5958) | INTEGER 0 or 1, SEQUENCE (algorithm) |
//! | `EncryptedPrivateKeyInfo` (RFC 5958 §3) | SEQUENCE (algorithm), OCTET STRING |
//! | PKCS#1 `RSAPrivateKey` (RFC 8017 §A.1.2) | INTEGER 0 or 1, INTEGER (modulus) |
//! | SEC1 `ECPrivateKey` (RFC 5915) | INTEGER 1, OCTET STRING |
//! | PKCS#12 `PFX` (RFC 7292 §4) | INTEGER 3, SEQUENCE (ContentInfo) |

use base64::Engine as _;
use der::asn1::AnyRef;
use der::{Decode as _, Reader as _, Tag, Tagged as _};
use zeroize::Zeroizing;

/// The broad form of the input.
pub(super) enum Format {
    Pem,
    Json,
    Der,
    /// Bare base64 of a DER structure, decoded.
    Base64(Zeroizing<Vec<u8>>),
    Unknown,
}

/// Which DER key structure the bytes hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum DerKind {
    Pkcs8,
    EncryptedPkcs8,
    Pkcs1,
    Sec1,
    Pkcs12,
}

pub(super) fn format(bytes: &[u8]) -> Format {
    if crate::pem::looks_like_pem(bytes) {
        return Format::Pem;
    }
    let trimmed = trim(bytes);
    match trimmed.first() {
        Some(b'{') => return Format::Json,
        Some(0x30) if bytes.first() == Some(&0x30) => return Format::Der,
        _ => {}
    }
    // Quotes and whitespace from environment variables, then standard or URL-safe base64.
    let text: Zeroizing<Vec<u8>> = Zeroizing::new(
        trimmed
            .iter()
            .copied()
            .filter(|b| !b.is_ascii_whitespace() && *b != b'"' && *b != b'\'')
            .collect(),
    );
    for engine in
        [&base64::engine::general_purpose::STANDARD, &base64::engine::general_purpose::URL_SAFE]
    {
        let mut der = Zeroizing::new(Vec::with_capacity(text.len()));
        if engine.decode_vec(text.as_slice(), &mut der).is_ok() && der_kind(&der).is_some() {
            return Format::Base64(der);
        }
    }
    let unpadded: &[u8] =
        text.strip_suffix(b"==").or_else(|| text.strip_suffix(b"=")).unwrap_or(&text);
    for engine in [
        &base64::engine::general_purpose::STANDARD_NO_PAD,
        &base64::engine::general_purpose::URL_SAFE_NO_PAD,
    ] {
        let mut der = Zeroizing::new(Vec::with_capacity(text.len()));
        if engine.decode_vec(unpadded, &mut der).is_ok() && der_kind(&der).is_some() {
            return Format::Base64(der);
        }
    }
    Format::Unknown
}

fn trim(bytes: &[u8]) -> &[u8] {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let start = bytes.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(bytes.len());
    bytes.get(start..).unwrap_or(&[])
}

/// The DER key structure, from the tags of the outer SEQUENCE's first two elements.
pub(super) fn der_kind(der_bytes: &[u8]) -> Option<DerKind> {
    let outer = AnyRef::from_der(der_bytes).ok()?;
    if outer.tag() != Tag::Sequence {
        return None;
    }
    let mut reader = der::SliceReader::new(outer.value()).ok()?;
    let first = AnyRef::decode(&mut reader).ok()?;
    let second = if reader.is_finished() { None } else { AnyRef::decode(&mut reader).ok() };
    let second = second.map(|a| a.tag());
    match (first.tag(), first.value(), second) {
        (Tag::Sequence, _, Some(Tag::OctetString)) => Some(DerKind::EncryptedPkcs8),
        (Tag::Integer, [0] | [1], Some(Tag::Sequence)) => Some(DerKind::Pkcs8),
        (Tag::Integer, [0] | [1], Some(Tag::Integer)) => Some(DerKind::Pkcs1),
        (Tag::Integer, [1], Some(Tag::OctetString)) => Some(DerKind::Sec1),
        (Tag::Integer, [3], Some(Tag::Sequence)) => Some(DerKind::Pkcs12),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn der_kinds_by_first_elements() {
        let int = |v: u8| vec![0x02, 1, v];
        let seq = |body: &[u8]| [&[0x30, u8::try_from(body.len()).unwrap()][..], body].concat();
        let octets = vec![0x04, 1, 0];
        let kind = |parts: &[Vec<u8>]| der_kind(&seq(&parts.concat()));
        assert_eq!(kind(&[int(0), seq(&[])]), Some(DerKind::Pkcs8));
        assert_eq!(kind(&[int(1), seq(&[])]), Some(DerKind::Pkcs8));
        assert_eq!(kind(&[seq(&[]), octets.clone()]), Some(DerKind::EncryptedPkcs8));
        assert_eq!(kind(&[int(0), int(5)]), Some(DerKind::Pkcs1));
        assert_eq!(kind(&[int(1), octets.clone()]), Some(DerKind::Sec1));
        assert_eq!(kind(&[int(3), seq(&[])]), Some(DerKind::Pkcs12));
        assert_eq!(kind(&[int(2), seq(&[])]), None);
        assert_eq!(kind(&[int(0)]), None);
        assert_eq!(der_kind(&[0x30]), None);
        assert_eq!(der_kind(&[]), None);
        assert_eq!(der_kind(&int(0)), None);
    }

    #[test]
    fn formats() {
        assert!(matches!(format(b"  {\"kty\":\"EC\"}"), Format::Json));
        assert!(matches!(format(b"\xEF\xBB\xBF{}"), Format::Json));
        assert!(matches!(format(b"x -----BEGIN PRIVATE KEY-----"), Format::Pem));
        assert!(matches!(format(&[0x30, 0x03, 0x02, 0x01, 0x00]), Format::Der));
        // Bare base64 of a DER key structure, quoted, with line breaks, padded or not.
        assert!(matches!(format(b"\"MAUCAQMwAA==\"\n"), Format::Base64(_)));
        assert!(matches!(format(b"MAUCAQMw\nAA"), Format::Base64(_)));
        assert!(matches!(format(b"aGVsbG8="), Format::Unknown));
        assert!(matches!(format(b""), Format::Unknown));
    }
}
