//! PEM (RFC 7468), read tolerantly: keys and certificates reach this library pasted into
//! environment variables, CI secrets and JSON configs, where line breaks get lost or escaped.
//!
//! Accepted on top of strict RFC 7468: surrounding quotes, literal `\n` / `\r\n` escapes, CRLF,
//! leading indentation, text before and after the blocks, and a whole block on one line
//! (`-----BEGIN PRIVATE KEY----- MIIE… -----END PRIVATE KEY-----`).
//!
//! ```
//! use careerpro_fla::parse_pem;
//! let text = "\"-----BEGIN TEST-----\\nAAEC\\n-----END TEST-----\\n\"";
//! let blocks = parse_pem(text.as_bytes()).unwrap();
//! assert_eq!(blocks[0].label, "TEST");
//! assert_eq!(blocks[0].der(), &[0, 1, 2]);
//! ```

use std::fmt;

use base64::Engine as _;
use zeroize::Zeroizing;

use crate::error::{Error, ErrorCode, Result};

/// One `-----BEGIN label----- … -----END label-----` block, decoded.
pub struct PemBlock {
    /// The label: `PRIVATE KEY`, `RSA PRIVATE KEY`, `CERTIFICATE`, …
    pub label: String,
    /// RFC 1421 headers (`Proc-Type`, `DEK-Info`) found in the block, as `name: value` pairs.
    pub headers: Vec<(String, String)>,
    der: Zeroizing<Vec<u8>>,
}

impl PemBlock {
    /// The decoded bytes (wiped when the block is dropped).
    pub fn der(&self) -> &[u8] {
        &self.der
    }
}

impl fmt::Debug for PemBlock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PemBlock({}, {} bytes, [redacted])", self.label, self.der.len())
    }
}

/// Largest PEM text accepted (a certificate chain of a few dozen certificates fits easily).
pub(crate) const MAX_PEM_LEN: usize = 1 << 20;

/// Whether the bytes look like PEM text (they contain a `-----BEGIN ` marker).
pub(crate) fn looks_like_pem(bytes: &[u8]) -> bool {
    bytes.windows(11).any(|w| w == b"-----BEGIN ")
}

/// Every block in the text, in order. Fails when there is none or one is damaged.
pub fn parse(bytes: &[u8]) -> Result<Vec<PemBlock>> {
    if bytes.len() > MAX_PEM_LEN {
        return Err(Error::new(
            ErrorCode::InputTooLarge,
            format!("the PEM text has {} bytes; at most {MAX_PEM_LEN} are accepted", bytes.len()),
        ));
    }
    let text = std::str::from_utf8(bytes).map_err(|_| {
        Error::new(ErrorCode::KeyMalformed, "the PEM text is not UTF-8; pass DER as bytes instead")
    })?;
    let text = normalise(text);
    let mut blocks = Vec::new();
    let mut rest = text.as_str();
    while let Some(start) = rest.find("-----BEGIN ") {
        rest = rest.get(start + 11..).unwrap_or("");
        let (label, after) = rest.split_once("-----").ok_or_else(|| damaged("a BEGIN line"))?;
        let label = label.trim().to_owned();
        let end_marker = format!("-----END {label}-----");
        let end = after.find(&end_marker).ok_or_else(|| {
            Error::new(
                ErrorCode::KeyMalformed,
                format!("the PEM block \"{label}\" has no END line; was the text cut off?"),
            )
        })?;
        let body = after.get(..end).unwrap_or("");
        rest = after.get(end + end_marker.len()..).unwrap_or("");
        let (headers, b64) = split_headers(body);
        let compact: Zeroizing<String> =
            Zeroizing::new(b64.chars().filter(|c| !c.is_whitespace()).collect());
        let der =
            base64::engine::general_purpose::STANDARD.decode(compact.as_bytes()).map_err(|_| {
                Error::new(
                    ErrorCode::KeyMalformed,
                    format!("the PEM block \"{label}\" is not valid base64; was it edited or cut?"),
                )
            })?;
        blocks.push(PemBlock { label, headers, der: Zeroizing::new(der) });
    }
    if blocks.is_empty() {
        return Err(Error::new(
            ErrorCode::KeyFormatUnrecognized,
            "no PEM block found (expected a line such as -----BEGIN PRIVATE KEY-----)",
        ));
    }
    Ok(blocks)
}

fn damaged(what: &str) -> Error {
    Error::new(ErrorCode::KeyMalformed, format!("the PEM text has a damaged {what}"))
}

/// Undoes what environment variables and config files do to PEM.
fn normalise(text: &str) -> Zeroizing<String> {
    let mut t = text.trim();
    for q in ['"', '\''] {
        if t.len() >= 2 && t.starts_with(q) && t.ends_with(q) {
            t = t.get(1..t.len() - 1).unwrap_or(t).trim();
        }
    }
    Zeroizing::new(t.replace("\\r\\n", "\n").replace("\\n", "\n").replace("\r\n", "\n"))
}

/// Splits RFC 1421 headers (`Proc-Type: 4,ENCRYPTED`) from the base64 body.
fn split_headers(body: &str) -> (Vec<(String, String)>, String) {
    let mut headers = Vec::new();
    let mut b64 = String::new();
    for line in body.lines() {
        let line = line.trim();
        match line.split_once(':') {
            Some((name, value)) if !name.is_empty() && !name.contains(' ') => {
                headers.push((name.trim().to_owned(), value.trim().to_owned()));
            }
            _ => b64.push_str(line),
        }
    }
    (headers, b64)
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: &str = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4v";

    fn expect_one(text: &str) {
        let blocks = parse(text.as_bytes()).unwrap();
        assert_eq!(blocks.len(), 1, "{text}");
        assert_eq!(blocks[0].label, "PRIVATE KEY");
        assert_eq!(blocks[0].der(), (0u8..48).collect::<Vec<_>>().as_slice());
    }

    #[test]
    fn tolerant_forms() {
        let (a, b) = BODY.split_at(20);
        expect_one(&format!("-----BEGIN PRIVATE KEY-----\n{a}\n{b}\n-----END PRIVATE KEY-----\n"));
        expect_one(&format!(
            "-----BEGIN PRIVATE KEY-----\r\n{a}\r\n{b}\r\n-----END PRIVATE KEY-----"
        ));
        expect_one(&format!(
            "\"-----BEGIN PRIVATE KEY-----\\n{a}\\n{b}\\n-----END PRIVATE KEY-----\\n\""
        ));
        expect_one(&format!("'-----BEGIN PRIVATE KEY----- {a} {b} -----END PRIVATE KEY-----'"));
        expect_one(&format!("-----BEGIN PRIVATE KEY-----{BODY}-----END PRIVATE KEY-----"));
        expect_one(&format!("garbage before\n  -----BEGIN PRIVATE KEY-----\n  {BODY}\n  -----END PRIVATE KEY-----\nafter"));
    }

    #[test]
    fn several_blocks_and_headers() {
        let text = format!(
            "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\n{BODY}\n-----END RSA PRIVATE KEY-----\n-----BEGIN CERTIFICATE-----\n{BODY}\n-----END CERTIFICATE-----\n"
        );
        let blocks = parse(text.as_bytes()).unwrap();
        assert_eq!(blocks.len(), 2);
        assert_eq!(blocks[0].headers[0], ("Proc-Type".to_owned(), "4,ENCRYPTED".to_owned()));
        assert_eq!(blocks[1].label, "CERTIFICATE");
    }

    #[test]
    fn damaged_input_gives_codes() {
        let code = |t: &str| parse(t.as_bytes()).unwrap_err().code();
        assert_eq!(code("hello"), ErrorCode::KeyFormatUnrecognized);
        assert_eq!(code("-----BEGIN PRIVATE KEY-----\nAAAA\n"), ErrorCode::KeyMalformed);
        assert_eq!(
            code("-----BEGIN PRIVATE KEY-----\n!!!!\n-----END PRIVATE KEY-----"),
            ErrorCode::KeyMalformed
        );
        assert_eq!(code("-----BEGIN X"), ErrorCode::KeyMalformed);
        assert_eq!(parse(&[0xff, 0xfe]).unwrap_err().code(), ErrorCode::KeyMalformed);
        assert_eq!(
            parse(&vec![b'a'; MAX_PEM_LEN + 1]).unwrap_err().code(),
            ErrorCode::InputTooLarge
        );
    }

    #[test]
    fn debug_hides_bytes() {
        let blocks = parse(
            format!("-----BEGIN PRIVATE KEY-----\n{BODY}\n-----END PRIVATE KEY-----").as_bytes(),
        )
        .unwrap();
        assert_eq!(format!("{:?}", blocks[0]), "PemBlock(PRIVATE KEY, 48 bytes, [redacted])");
    }
}
