//! Chaman's rules for the certificate of a REST account (`PLATFORM.md` §3; the CareerPro FLA
//! manual §4.4.1 and the platform's "Activating and managing your REST channel in Chaman"):
//!
//! | rule | accepted |
//! |---|---|
//! | key pair algorithm | RSA or EC |
//! | key size | RSA 2048, 3072 or 4096 bits; EC P-384 or P-521 |
//! | certificate signature digest | SHA-256, SHA-384 or SHA-512 |
//! | key usage | Digital Signature |
//!
//! plus the validity period against the caller's `now`, with a warning 30 days before the end.
//! Each broken rule gives one [`Finding`] whose message says what to do.
//!
//! ```
//! use careerpro_fla::{Certificate, Severity, UnixTime};
//! let pem = include_bytes!(concat!(
//!     env!("CARGO_MANIFEST_DIR"),
//!     "/../tests/keys/certificates/p256.pem"
//! ));
//! let cert = Certificate::parse(pem).unwrap();
//! let findings = cert.check_chaman(UnixTime::from_secs(1_767_225_600));
//! assert_eq!(findings.len(), 1);
//! assert_eq!(findings[0].rule, "key_size");
//! assert_eq!(findings[0].severity, Severity::Error);
//! assert!(findings[0].message.contains("P-256"));
//! ```

use std::fmt;

use super::{format_utc, Certificate, KeyInfo};
use crate::algorithm::Curve;
use crate::time::UnixTime;

/// How far ahead of the end of validity `check_chaman` warns (30 days).
pub const EXPIRES_SOON_SECONDS: i64 = 30 * 86_400;

/// Whether a finding stops the certificate from being used.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Chaman refuses the certificate, or the platform will refuse its tokens.
    Error,
    /// Acceptable today, but act soon.
    Warning,
}

impl Severity {
    /// `"error"` or `"warning"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One broken rule.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Finding {
    /// Stable snake_case rule name: `key_algorithm`, `key_size`, `signature_digest`,
    /// `key_usage`, `not_yet_valid`, `expired`, `expires_soon`.
    pub rule: &'static str,
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong and what to do, for people.
    pub message: String,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({}): {}", self.severity, self.rule, self.message)
    }
}

/// Every rule name, in the order findings are reported.
pub const CHAMAN_RULES: &[&str] = &[
    "key_algorithm",
    "key_size",
    "signature_digest",
    "key_usage",
    "not_yet_valid",
    "expired",
    "expires_soon",
];

const ACCEPTED_RSA_BITS: [u32; 3] = [2048, 3072, 4096];
const ACCEPTED_DIGESTS: [&str; 3] = ["SHA-256", "SHA-384", "SHA-512"];

/// A new self-signed key pair and certificate that meets every rule.
const NEW_CERTIFICATE: &str = "openssl req -x509 -newkey rsa:3072 -sha256 -days 730 -subj \
     \"/CN=<application>/O=<company>/C=BE\" -addext \"keyUsage=critical,digitalSignature\" \
     -keyout key.pem -out cert.pem (or -newkey ec -pkeyopt ec_paramgen_curve:P-384 -sha384)";

/// The same key, certified again.
const REISSUE: &str = "openssl req -x509 -new -key key.pem -sha256 -days 730 -subj \
     \"/CN=<application>/O=<company>/C=BE\" -addext \"keyUsage=critical,digitalSignature\" \
     -out cert.pem";

impl Certificate {
    /// Checks the certificate against Chaman's rules at `now` (Unix seconds): one [`Finding`]
    /// per broken rule, in the order of [`CHAMAN_RULES`]; an empty list means acceptable.
    pub fn check_chaman(&self, now: UnixTime) -> Vec<Finding> {
        let now = now.as_secs();
        let mut findings = Vec::new();
        let mut error = |rule, message| {
            findings.push(Finding { rule, severity: Severity::Error, message });
        };

        match &self.key {
            KeyInfo::Rsa(key) if !ACCEPTED_RSA_BITS.contains(&key.bits()) => error(
                "key_size",
                format!(
                    "the RSA key has {} bits; Chaman accepts 2048, 3072 or 4096: make a new key \
                     pair and certificate, e.g. {NEW_CERTIFICATE}, and upload the new certificate",
                    key.bits()
                ),
            ),
            KeyInfo::Rsa(_) => {}
            KeyInfo::Ec { curve: Some(Curve::P384 | Curve::P521), .. } => {}
            KeyInfo::Ec { curve_name, .. } => error(
                "key_size",
                format!(
                    "the EC key is on {curve_name}, which Chaman does not accept (only P-384 or \
                     P-521): make a new key pair and certificate, e.g. {NEW_CERTIFICATE}"
                ),
            ),
            KeyInfo::Other { name, oid } => {
                let what =
                    if name == oid { format!("OID {oid}") } else { format!("{name} ({oid})") };
                error(
                    "key_algorithm",
                    format!(
                        "the key is {what}; {name} is not accepted: Chaman accepts only RSA \
                         (2048, 3072 or 4096 bits) or EC (P-384 or P-521) keys: make a new key \
                         pair and certificate, e.g. {NEW_CERTIFICATE}"
                    ),
                );
            }
        }

        match self.signature_digest() {
            Some(digest) if ACCEPTED_DIGESTS.contains(&digest) => {}
            digest => {
                let how = match digest {
                    Some(d) => format!("signed with {d} ({})", self.signature_algorithm()),
                    None => format!(
                        "signed with {}, which uses no digest Chaman knows",
                        self.signature_algorithm()
                    ),
                };
                error(
                    "signature_digest",
                    format!(
                        "the certificate is {how}; Chaman accepts SHA-256, SHA-384 or SHA-512: \
                         reissue it with {REISSUE}, or ask your certification authority for a \
                         SHA-256 certificate"
                    ),
                );
            }
        }

        match &self.key_usage {
            Some(names) if names.contains(&"digitalSignature") => {}
            Some(names) => {
                let has = if names.is_empty() {
                    "the key usage extension allows nothing".to_owned()
                } else {
                    format!("the key usage is {} without digitalSignature", names.join(", "))
                };
                error(
                    "key_usage",
                    format!(
                        "{has}; Chaman requires Digital Signature: reissue the certificate with \
                         {REISSUE}, or order one for authentication and signing"
                    ),
                );
            }
            None => error(
                "key_usage",
                format!(
                    "the certificate has no key usage extension, and Chaman requires Digital \
                     Signature: reissue it with {REISSUE}"
                ),
            ),
        }

        // RFC 5280 §4.1.2.5: both ends of the validity period are inclusive.
        let (from, to) = (self.not_before_secs(), self.not_after_secs());
        if now < from {
            error(
                "not_yet_valid",
                format!(
                    "the certificate is not valid before {} ({}); check this computer's clock, or \
                     use a certificate that is valid today",
                    format_utc(from),
                    distance(from.saturating_sub(now))
                ),
            );
        }
        if now > to {
            error(
                "expired",
                format!(
                    "the certificate expired on {}; make or order a new one and upload it in \
                     Chaman",
                    format_utc(to)
                ),
            );
        } else if to.saturating_sub(now) <= EXPIRES_SOON_SECONDS {
            findings.push(Finding {
                rule: "expires_soon",
                severity: Severity::Warning,
                message: format!(
                    "the certificate expires on {} ({}); make or order a new one and upload it \
                     in Chaman before then, or token requests will be refused",
                    format_utc(to),
                    distance(to.saturating_sub(now))
                ),
            });
        }
        findings
    }
}

/// "in 3 days", "in 1 day", "within a day".
fn distance(seconds: i64) -> String {
    match seconds / 86_400 {
        0 => "within a day".to_owned(),
        1 => "in 1 day".to_owned(),
        n => format!("in {n} days"),
    }
}
