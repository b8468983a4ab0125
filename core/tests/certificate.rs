//! Certificates: every fixture of tests/keys/certificates/ (made by make-certificates.sh) is
//! read by us and compared with what OpenSSL read from it (NAME.openssl.txt), then checked
//! against Chaman's rules, against its private key, and against damaged input.

// Tests read fixture files and may panic on a failed expectation.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
#![allow(clippy::disallowed_methods)] // fixtures are files; the core itself reads none

use careerpro_fla::UnixTime;
use std::path::PathBuf;

use careerpro_fla::{Certificate, Curve, ErrorCode, PublicKey, Severity, SigningKey};
use careerpro_fla::{CHAMAN_RULES, EXPIRES_SOON_SECONDS, MAX_CERTIFICATE_LEN};
use proptest::prelude::*;

/// 2026-01-01T00:00:00Z: inside every "good" fixture's validity (2025-01-01 to 2045-01-01).
const NOW: i64 = 1_767_225_600;

/// Self-signed fixtures with a key file next to them.
const SELF_SIGNED: &[&str] = &[
    "rsa2048",
    "rsa1024",
    "rsa2048-sha1",
    "rsa2048-no-key-usage",
    "rsa2048-key-encipherment",
    "p256",
    "p384",
    "p521",
    "rsa2048-expired",
    "rsa2048-not-yet-valid",
    "rsa2048-pss",
    "dsa",
];

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/keys/certificates")
}

fn read(name: &str) -> Vec<u8> {
    std::fs::read(dir().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn cert(name: &str) -> Certificate {
    Certificate::parse(&read(&format!("{name}.pem"))).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[allow(clippy::disallowed_methods)] // tests may use the system CSPRNG
fn key(name: &str) -> careerpro_fla::Result<SigningKey> {
    let rng = ring::rand::SystemRandom::new();
    SigningKey::from_pkcs8_der(&read(&format!("{name}.key.pk8.der")), &rng)
}

/// `name=value` lines of NAME.openssl.txt.
fn openssl(name: &str, field: &str) -> String {
    let text = String::from_utf8(read(&format!("{name}.openssl.txt"))).unwrap();
    text.lines()
        .find_map(|l| l.strip_prefix(field).and_then(|v| v.strip_prefix('=')))
        .unwrap_or_else(|| panic!("{name}: no {field} in openssl.txt"))
        .to_owned()
}

/// OpenSSL's `Jan  1 00:00:00 2025 GMT` as Unix seconds.
fn openssl_date(text: &str) -> i64 {
    let parts: Vec<&str> = text.split_whitespace().collect();
    let month =
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
            .iter()
            .position(|m| *m == parts[0])
            .map(|i| i64::try_from(i).unwrap())
            .unwrap()
            + 1;
    let day: i64 = parts[1].parse().unwrap();
    let hms: Vec<i64> = parts[2].split(':').map(|p| p.parse().unwrap()).collect();
    let year: i64 = parts[3].parse().unwrap();
    // Days from civil (Howard Hinnant), written out again here so the test is independent.
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    days * 86_400 + hms[0] * 3600 + hms[1] * 60 + hms[2]
}

#[test]
fn every_fixture_reads_as_openssl_reads_it() {
    for name in SELF_SIGNED {
        let c = cert(name);
        assert_eq!(c.subject().replace(", ", ","), openssl(name, "subject"), "{name}");
        assert_eq!(c.issuer().replace(", ", ","), openssl(name, "issuer"), "{name}");
        assert_eq!(c.serial_hex(), openssl(name, "serial"), "{name}");
        assert_eq!(c.not_before().as_secs(), openssl_date(&openssl(name, "notBefore")), "{name}");
        assert_eq!(c.not_after().as_secs(), openssl_date(&openssl(name, "notAfter")), "{name}");
        assert_eq!(c.thumbprint_sha1_hex(), openssl(name, "sha1 Fingerprint"), "{name}");
        assert_eq!(c.thumbprint_sha256_hex(), openssl(name, "sha256 Fingerprint"), "{name}");
        // Round trips through both encodings.
        assert_eq!(Certificate::from_der(c.der()).unwrap(), c, "{name}");
        assert_eq!(Certificate::from_pem(c.to_pem().as_bytes()).unwrap(), c, "{name}");
        assert!(c.to_pem().lines().all(|l| l.len() <= 64), "{name}");
    }
}

#[test]
fn dates_in_both_asn1_time_forms() {
    // notAfter 2055 is a GeneralizedTime (RFC 5280 §4.1.2.5); 2040 a UTCTime.
    let c = cert("rsa2048-not-yet-valid");
    assert_eq!(c.not_before().as_secs(), 2_208_988_800); // 2040-01-01
    assert_eq!(c.not_after().as_secs(), 2_682_374_400); // 2055-01-01
}

#[test]
fn accessors() {
    let rsa = cert("rsa2048");
    assert_eq!(rsa.subject(), "CN=rsa2048 good, O=CareerPro FLA Tests, C=BE");
    assert_eq!(rsa.key_algorithm(), "RSA");
    assert_eq!(rsa.key_algorithm_oid(), "1.2.840.113549.1.1.1");
    assert_eq!(rsa.key_bits(), Some(2048));
    assert_eq!(rsa.curve(), None);
    assert_eq!(rsa.signature_algorithm(), "sha256WithRSAEncryption");
    assert_eq!(rsa.signature_digest(), Some("SHA-256"));
    assert_eq!(rsa.key_usage(), Some(vec!["digitalSignature".to_owned()]));
    assert!(matches!(rsa.public_key().unwrap(), PublicKey::Rsa { .. }));

    // fixture, key algorithm, bits, curve, signature algorithm, digest
    type Row = (
        &'static str,
        &'static str,
        Option<u32>,
        Option<Curve>,
        &'static str,
        Option<&'static str>,
    );
    let table: &[Row] = &[
        ("rsa1024", "RSA", Some(1024), None, "sha256WithRSAEncryption", Some("SHA-256")),
        ("rsa2048-sha1", "RSA", Some(2048), None, "sha1WithRSAEncryption", Some("SHA-1")),
        ("rsa2048-pss", "RSA", Some(2048), None, "RSASSA-PSS", Some("SHA-256")),
        ("p256", "EC", Some(256), Some(Curve::P256), "ecdsa-with-SHA256", Some("SHA-256")),
        ("p384", "EC", Some(384), Some(Curve::P384), "ecdsa-with-SHA384", Some("SHA-384")),
        ("p521", "EC", Some(521), Some(Curve::P521), "ecdsa-with-SHA512", Some("SHA-512")),
        ("dsa", "DSA", None, None, "dsa-with-SHA256", Some("SHA-256")),
    ];
    for (name, alg, bits, curve, sig, digest) in table {
        let c = cert(name);
        assert_eq!(&c.key_algorithm(), alg, "{name}");
        assert_eq!(c.key_bits(), *bits, "{name}");
        assert_eq!(c.curve(), *curve, "{name}");
        assert_eq!(&c.signature_algorithm(), sig, "{name}");
        assert_eq!(c.signature_digest(), *digest, "{name}");
    }

    let p384 = cert("p384").public_key().unwrap();
    match p384 {
        PublicKey::Ec { curve, point } => {
            assert_eq!(curve, Curve::P384);
            assert_eq!(point.len(), 97);
            assert_eq!(point[0], 4);
        }
        other => panic!("{other:?}"),
    }

    let dsa = cert("dsa");
    assert_eq!(dsa.key_algorithm_oid(), "1.2.840.10040.4.1");
    let err = dsa.public_key().unwrap_err();
    assert_eq!(err.code(), ErrorCode::KeyUnsupported);
    assert!(err.message().contains("DSA"), "{err}");

    assert_eq!(cert("rsa2048-no-key-usage").key_usage(), None);
    assert_eq!(
        cert("rsa2048-key-encipherment").key_usage(),
        Some(vec!["keyEncipherment".to_owned()])
    );
}

#[test]
fn thumbprints_for_jws_headers() {
    use base64::Engine as _;
    let c = cert("rsa2048");
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    assert_eq!(c.thumbprint_sha1().len(), 20);
    assert_eq!(c.thumbprint_sha256().len(), 32);
    assert_eq!(b64.decode(c.x5t()).unwrap(), c.thumbprint_sha1());
    assert_eq!(b64.decode(c.x5t_s256()).unwrap(), c.thumbprint_sha256());
    // RFC 7515 §4.1.7/§4.1.8: base64url, no padding.
    for v in [c.x5t(), c.x5t_s256()] {
        assert!(v.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '-' || ch == '_'), "{v}");
    }
    assert_eq!(c.x5t().len(), 27);
    assert_eq!(c.x5t_s256().len(), 43);
    // The hex form is OpenSSL's (checked for every fixture above); here, its shape.
    assert_eq!(c.thumbprint_sha256_hex().len(), 32 * 3 - 1);
}

#[test]
fn der_pem_base64_and_chain_inputs() {
    let pem = cert("rsa2048");
    let der = read("rsa2048.der");
    assert_eq!(Certificate::from_der(&der).unwrap(), pem);
    assert_eq!(Certificate::parse(&der).unwrap(), pem);
    assert_eq!(Certificate::parse_chain(&der).unwrap(), vec![pem.clone()]);

    // Bare base64 (an x5c entry) and PEM mangled as environment variables mangle it.
    use base64::Engine as _;
    let b64 = base64::engine::general_purpose::STANDARD.encode(&der);
    assert_eq!(Certificate::parse(b64.as_bytes()).unwrap(), pem);
    assert_eq!(Certificate::parse(format!("\"{b64}\"\n").as_bytes()).unwrap(), pem);
    let escaped = format!("\"{}\"", pem.to_pem().replace('\n', "\\n"));
    assert_eq!(Certificate::parse(escaped.as_bytes()).unwrap(), pem);

    // A key before the certificate is skipped.
    let key_pem = "-----BEGIN PRIVATE KEY-----\nAAEC\n-----END PRIVATE KEY-----\n";
    let mixed = format!("{key_pem}{}", pem.to_pem());
    assert_eq!(Certificate::parse(mixed.as_bytes()).unwrap(), pem);

    let chain = Certificate::parse_chain(&read("chain.pem")).unwrap();
    assert_eq!(chain.len(), 2);
    let (leaf, ca) = (&chain[0], &chain[1]);
    assert_eq!(leaf.subject(), "CN=chain leaf, O=CareerPro FLA Tests, C=BE");
    assert_eq!(leaf.issuer(), ca.subject());
    assert_eq!(Certificate::parse(&read("chain.pem")).unwrap(), *leaf);
    assert!(!leaf.is_self_signed());
    assert!(ca.is_self_signed());
    assert_eq!(
        leaf.key_usage(),
        Some(vec!["digitalSignature".to_owned(), "nonRepudiation".to_owned()])
    );
    assert_eq!(ca.key_usage(), Some(vec!["keyCertSign".to_owned(), "cRLSign".to_owned()]));
    assert!(leaf.check_chaman(UnixTime::from_secs(NOW)).is_empty());
    let ca_findings = ca.check_chaman(UnixTime::from_secs(NOW));
    assert_eq!(rules(&ca_findings), ["key_usage"]);
    assert!(ca_findings[0].message.contains("keyCertSign, cRLSign without digitalSignature"));
}

fn rules(findings: &[careerpro_fla::Finding]) -> Vec<&'static str> {
    findings.iter().map(|f| f.rule).collect()
}

#[test]
fn chaman_rules_per_fixture() {
    let expected: &[(&str, &[&str])] = &[
        ("rsa2048", &[]),
        ("rsa1024", &["key_size"]),
        ("rsa2048-sha1", &["signature_digest"]),
        ("rsa2048-no-key-usage", &["key_usage"]),
        ("rsa2048-key-encipherment", &["key_usage"]),
        ("p256", &["key_size"]),
        ("p384", &[]),
        ("p521", &[]),
        ("rsa2048-expired", &["expired"]),
        ("rsa2048-not-yet-valid", &["not_yet_valid"]),
        ("rsa2048-pss", &[]),
        ("dsa", &["key_algorithm"]),
    ];
    for (name, want) in expected {
        let findings = cert(name).check_chaman(UnixTime::from_secs(NOW));
        assert_eq!(rules(&findings), *want, "{name}: {findings:?}");
        for f in &findings {
            assert_eq!(f.severity, Severity::Error, "{name}");
            assert!(CHAMAN_RULES.contains(&f.rule));
        }
    }
    let message = |name: &str| cert(name).check_chaman(UnixTime::from_secs(NOW)).remove(0).message;
    let m = message("rsa1024");
    assert!(m.contains("1024 bits") && m.contains("2048, 3072 or 4096") && m.contains("openssl"));
    let m = message("rsa2048-sha1");
    assert!(
        m.contains("SHA-1") && m.contains("SHA-256, SHA-384 or SHA-512") && m.contains("-sha256")
    );
    let m = message("rsa2048-no-key-usage");
    assert!(m.contains("no key usage extension") && m.contains("digitalSignature"));
    assert!(
        message("rsa2048-key-encipherment").contains("keyEncipherment without digitalSignature")
    );
    let m = message("p256");
    assert!(m.contains("P-256") && m.contains("P-384 or P-521"), "{m}");
    let m = message("dsa");
    assert!(m.contains("DSA is not accepted") && m.contains("1.2.840.10040.4.1"), "{m}");
    assert!(message("rsa2048-expired").contains("expired on 2021-01-01 00:00:00 UTC"));
    assert!(message("rsa2048-not-yet-valid").contains("not valid before 2040-01-01 00:00:00 UTC"));
}

#[test]
fn validity_edges_and_expiry_warning() {
    let c = cert("rsa2048");
    let (from, to) = (c.not_before().as_secs(), c.not_after().as_secs());
    // RFC 5280 §4.1.2.5: both ends inclusive.
    assert_eq!(rules(&c.check_chaman(UnixTime::from_secs(from - 1))), ["not_yet_valid"]);
    assert!(c.check_chaman(UnixTime::from_secs(from)).is_empty());
    assert!(c.check_chaman(UnixTime::from_secs(to - EXPIRES_SOON_SECONDS - 1)).is_empty());
    let soon = c.check_chaman(UnixTime::from_secs(to - EXPIRES_SOON_SECONDS));
    assert_eq!(rules(&soon), ["expires_soon"]);
    assert_eq!(soon[0].severity, Severity::Warning);
    assert!(soon[0].message.contains("in 30 days"), "{}", soon[0].message);
    assert!(c
        .check_chaman(UnixTime::from_secs(to - 86_400 * 10))
        .remove(0)
        .message
        .contains("in 10 days"));
    assert_eq!(rules(&c.check_chaman(UnixTime::from_secs(to))), ["expires_soon"]);
    assert!(c.check_chaman(UnixTime::from_secs(to)).remove(0).message.contains("within a day"));
    assert_eq!(rules(&c.check_chaman(UnixTime::from_secs(to + 1))), ["expired"]);
    // Several broken rules: one finding each, in CHAMAN_RULES order.
    assert_eq!(
        rules(&cert("rsa1024").check_chaman(UnixTime::from_secs(to + 1))),
        ["key_size", "expired"]
    );
    let f = &soon[0];
    assert_eq!(f.to_string(), format!("warning (expires_soon): {}", f.message));
}

#[test]
fn self_signed_detection_verifies_the_signature() {
    for name in SELF_SIGNED {
        let c = cert(name);
        let can_verify = *name != "dsa"; // no DSA verifier in ring
        assert_eq!(c.is_self_signed(), can_verify, "{name}");
    }
    // Same names, broken signature: parsed fine, not self-signed.
    let mut der = cert("p384").der().to_vec();
    let last = der.len() - 3;
    der[last] ^= 0x01;
    let tampered = Certificate::from_der(&der).unwrap();
    assert_eq!(tampered.subject(), tampered.issuer());
    assert!(!tampered.is_self_signed());
}

#[test]
fn key_and_certificate_pairs() {
    let loadable: Vec<&str> =
        SELF_SIGNED.iter().copied().filter(|n| !matches!(*n, "rsa1024" | "dsa")).collect();
    let keys: Vec<(&str, SigningKey)> =
        loadable.iter().map(|n| (*n, key(n).unwrap_or_else(|e| panic!("{n}: {e}")))).collect();
    for name in &loadable {
        let c = cert(name);
        for (key_name, k) in &keys {
            assert_eq!(c.matches_key(k), name == key_name, "{name} with {key_name}'s key");
        }
    }
    let leaf = Certificate::parse(&read("chain.pem")).unwrap();
    assert!(leaf.check_key(&key("chain-leaf").unwrap()).is_ok());

    let err = cert("rsa2048").check_key(&key("p384").unwrap()).unwrap_err();
    assert_eq!(err.code(), ErrorCode::KeyCertificateMismatch);
    assert!(err.message().contains("CN=rsa2048 good"), "{err}");
    assert!(err.message().contains("openssl x509"), "{err}");
    // A DSA certificate matches no key, and says so.
    assert!(!cert("dsa").matches_key(&keys[0].1));
    assert_eq!(
        cert("dsa").check_key(&keys[0].1).unwrap_err().code(),
        ErrorCode::KeyCertificateMismatch
    );
}

#[test]
fn debug_and_describe() {
    let c = cert("rsa2048");
    assert_eq!(
        format!("{c:?}"),
        "Certificate { subject: \"CN=rsa2048 good, O=CareerPro FLA Tests, C=BE\", serial: \
         \"1001\", not_before: \"2025-01-01 00:00:00 UTC\", not_after: \"2045-01-01 00:00:00 UTC\" }"
    );
    let d = c.describe();
    assert!(
        d.starts_with("Certificate for CN=rsa2048 good, O=CareerPro FLA Tests, C=BE (self-signed)")
    );
    assert!(d.contains("RSA 2048 bits key"), "{d}");
    assert!(d.contains("sha256WithRSAEncryption (SHA-256)"), "{d}");
    assert!(d.contains("key usage: digitalSignature"), "{d}");
    assert!(d.contains(&c.thumbprint_sha256_hex()), "{d}");
    assert_eq!(c.to_string(), d);
    assert!(cert("rsa2048-no-key-usage").describe().contains("key usage: not stated"));
    let leaf = Certificate::parse(&read("chain.pem")).unwrap();
    assert!(leaf.describe().contains("issued by CN=chain test CA"));
}

#[test]
fn damaged_input_gives_codes() {
    let code = |b: &[u8]| Certificate::parse(b).unwrap_err().code();
    assert_eq!(code(b""), ErrorCode::CertificateMalformed);
    assert_eq!(code(b"hello"), ErrorCode::CertificateMalformed);
    assert_eq!(code(&[0x30, 0x82, 0x01]), ErrorCode::CertificateMalformed);
    let der = read("rsa2048.der");
    assert_eq!(code(&der[..der.len() - 1]), ErrorCode::CertificateMalformed);
    let mut trailing = der.clone();
    trailing.push(0);
    assert_eq!(code(&trailing), ErrorCode::CertificateMalformed);
    // A private key is not a certificate, and the message says what was found.
    let key_only = "-----BEGIN PRIVATE KEY-----\nAAEC\n-----END PRIVATE KEY-----\n";
    let err = Certificate::parse(key_only.as_bytes()).unwrap_err();
    assert_eq!(err.code(), ErrorCode::CertificateMalformed);
    assert!(err.message().contains("PRIVATE KEY"), "{err}");
    assert_eq!(Certificate::parse_chain(key_only.as_bytes()).unwrap_err().code(), err.code());
    let bad_b64 = "-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n";
    assert_eq!(code(bad_b64.as_bytes()), ErrorCode::CertificateMalformed);
    assert_eq!(code(b"MIIthis is not base64 at all"), ErrorCode::CertificateMalformed);
    // Size limits.
    assert_eq!(code(&vec![0x30; MAX_CERTIFICATE_LEN + 1]), ErrorCode::InputTooLarge);
    let huge = format!("-----BEGIN CERTIFICATE-----\n{}\n", "A".repeat(2 << 20));
    assert_eq!(code(huge.as_bytes()), ErrorCode::InputTooLarge);
}

proptest! {
    #[test]
    fn arbitrary_bytes_never_panic(
        (bytes, fixture) in prop_oneof![
            proptest::collection::vec(any::<u8>(), 0..600).prop_map(|b| (b, None)),
            // A real certificate amid other text: it is found, so the `Ok` branch runs too.
            (prop::sample::select(SELF_SIGNED), ".{0,60}", ".{0,60}").prop_map(
                |(name, before, after)| {
                    let pem = read(&format!("{name}.pem"));
                    ([before.as_bytes(), b"\n", &pem, after.as_bytes()].concat(), Some(name))
                }
            ),
        ],
    ) {
        let parsed = Certificate::parse(&bytes);
        if let Some(name) = fixture {
            let alone = Certificate::parse(&read(&format!("{name}.pem"))).unwrap();
            let der = parsed.as_ref().map(Certificate::der).ok();
            prop_assert_eq!(der, Some(alone.der()), "{}", name);
        }
        if let Ok(c) = parsed {
            let _ = (c.describe(), c.check_chaman(UnixTime::from_secs(NOW)), c.is_self_signed());
        }
        let _ = Certificate::parse_chain(&bytes);
    }

    #[test]
    fn damaged_certificates_never_panic(
        index in 0usize..2000,
        value in any::<u8>(),
        cut in 0usize..2000,
    ) {
        for name in ["rsa2048.pem", "p521.pem", "rsa2048-pss.pem", "dsa.pem"] {
            let mut der = Certificate::parse(&read(name)).unwrap().der().to_vec();
            let i = index % der.len();
            der[i] = value;
            if let Ok(c) = Certificate::from_der(&der) {
                let _ = (c.describe(), c.check_chaman(UnixTime::from_secs(NOW)), c.public_key(), c.key_usage());
                let _ = (c.signature_digest(), c.subject(), c.issuer(), c.is_self_signed());
            }
            let cut = cut % der.len();
            prop_assert!(Certificate::from_der(&der[..cut]).is_err());
        }
    }
}

#[test]
fn compressed_ec_point_is_read_but_not_compared() {
    let name = "p384-compressed";
    let c = cert(name);
    assert_eq!(c.subject().replace(", ", ","), openssl(name, "subject"));
    assert_eq!(c.thumbprint_sha256_hex(), openssl(name, "sha256 Fingerprint"));
    assert_eq!((c.curve(), c.key_bits()), (Some(Curve::P384), Some(384)));
    assert!(c.check_chaman(UnixTime::from_secs(NOW)).is_empty());
    let err = c.public_key().unwrap_err();
    assert_eq!(err.code(), ErrorCode::KeyUnsupported);
    assert!(err.message().contains("compressed"), "{err}");
    assert!(!c.matches_key(&key("p384").unwrap()));
}
