//! Key loading against the committed fixtures of `tests/keys/` (made by `make-keys.sh` with
//! OpenSSL 3 and JDK 17 keytool): every format loads to the right key, signs and verifies;
//! wrong, missing, damaged and hostile input gives a typed error and never a panic.

// Tests draw real randomness for ECDSA nonces and PSS salts; the core itself never does.
#![allow(clippy::disallowed_methods)]
// Helpers outside `#[test]` functions panic on purpose: a failure there is a test failure, and
// the DER built by hand for the external-signer tests has lengths known to fit a byte.
#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::cast_possible_truncation
)]

use careerpro_fla::ExternalKey;
use careerpro_fla::{signature_to_jws, verify_signature as verify};
use careerpro_fla::{Algorithm, Curve, ErrorCode, PublicKey, SigningKey, SystemRandom};
use der::{Decode as _, Encode as _};
use proptest::prelude::*;

const PASSWORD: &str = "correct horse battery staple";

macro_rules! fixtures {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/keys/", $name)) as &[u8])),*]
    };
}

/// Every fixture file, by name.
const FILES: &[(&str, &[u8])] = fixtures!(
    "rsa2048.pkcs8.pem",
    "rsa2048.pkcs8.der",
    "rsa2048.enc.pem",
    "rsa2048.jwk.json",
    "rsa2048.crt.pem",
    "rsa2048.p12",
    "rsa2048.legacy.p12",
    "rsa2048.keytool.p12",
    "rsa2048.pkcs1.pem",
    "rsa2048.legacy-enc.pem",
    "rsa3072.pkcs8.pem",
    "rsa3072.pkcs8.der",
    "rsa3072.enc.pem",
    "rsa3072.jwk.json",
    "rsa3072.crt.pem",
    "rsa3072.p12",
    "rsa3072.legacy.p12",
    "rsa4096.pkcs8.pem",
    "rsa4096.pkcs8.der",
    "rsa4096.enc.pem",
    "rsa4096.jwk.json",
    "rsa4096.crt.pem",
    "rsa4096.p12",
    "rsa4096.legacy.p12",
    "p256.pkcs8.pem",
    "p256.pkcs8.der",
    "p256.enc.pem",
    "p256.jwk.json",
    "p256.crt.pem",
    "p256.p12",
    "p256.legacy.p12",
    "p256.sec1.pem",
    "p256.sec1-nopub.pem",
    "p384.pkcs8.pem",
    "p384.pkcs8.der",
    "p384.enc.pem",
    "p384.jwk.json",
    "p384.crt.pem",
    "p384.p12",
    "p384.legacy.p12",
    "p384.keytool.p12",
    "p384.sec1.pem",
    "p384.sec1-nopub.pem",
    "p521.pkcs8.pem",
    "p521.pkcs8.der",
    "p521.enc.pem",
    "p521.jwk.json",
    "p521.crt.pem",
    "p521.p12",
    "p521.legacy.p12",
    "p521.sec1.pem",
    "p521.sec1-nopub.pem",
    "two-entries.p12",
    "nopass.p12",
    "emptypass.p12",
    "java-p384.p12",
    "rsa1024.pkcs8.pem",
    "ed25519.pkcs8.pem",
    "secp256k1.pkcs8.pem",
);

fn file(name: &str) -> &'static [u8] {
    FILES.iter().find(|(n, _)| *n == name).map(|(_, b)| *b).unwrap_or_else(|| panic!("{name}"))
}

fn text(name: &str) -> &'static str {
    std::str::from_utf8(file(name)).unwrap()
}

fn rng() -> SystemRandom {
    SystemRandom::new()
}

fn load(
    name: &str,
    password: Option<&str>,
    alias: Option<&str>,
) -> careerpro_fla::Result<SigningKey> {
    SigningKey::parse(file(name), password, alias, &rng())
}

/// The key's algorithm family and size, by fixture stem.
fn expected(stem: &str) -> (Algorithm, u32) {
    match stem {
        "rsa2048" => (Algorithm::Rs256, 2048),
        "rsa3072" => (Algorithm::Rs256, 3072),
        "rsa4096" => (Algorithm::Rs256, 4096),
        "p256" => (Algorithm::Es256, 256),
        "p384" => (Algorithm::Es384, 384),
        "p521" => (Algorithm::Es512, 521),
        other => panic!("{other}"),
    }
}

/// The public key of a PEM or DER certificate, read with `x509-cert` (not our loader).
fn certificate_public_key(cert_der: &[u8]) -> PublicKey {
    let cert = x509_cert::Certificate::from_der(cert_der).unwrap();
    let spki = cert.tbs_certificate.subject_public_key_info.to_der().unwrap();
    PublicKey::from_spki_der(&spki).unwrap()
}

fn pem_certificate_der(name: &str) -> Vec<u8> {
    careerpro_fla::parse_pem(file(name)).unwrap()[0].der().to_vec()
}

fn round_trip(key: &SigningKey) {
    let input = b"eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ0ZXN0In0";
    let sig = key.sign(input, &rng()).unwrap();
    verify(key.public_key(), key.algorithm(), input, &sig).unwrap();
    let mut other = input.to_vec();
    other.push(b'x');
    assert_eq!(
        verify(key.public_key(), key.algorithm(), &other, &sig).unwrap_err().code(),
        ErrorCode::ExternalSignatureInvalid
    );
}

#[test]
fn every_format_of_every_key_loads_signs_and_verifies() {
    for stem in ["rsa2048", "rsa3072", "rsa4096", "p256", "p384", "p521"] {
        let (algorithm, bits) = expected(stem);
        let reference = load(&format!("{stem}.pkcs8.pem"), None, None).unwrap();
        let certificate = pem_certificate_der(&format!("{stem}.crt.pem"));
        assert_eq!(&certificate_public_key(&certificate), reference.public_key(), "{stem}");
        let mut cases = vec![
            (format!("{stem}.pkcs8.pem"), None),
            (format!("{stem}.pkcs8.der"), None),
            (format!("{stem}.enc.pem"), Some(PASSWORD)),
            (format!("{stem}.jwk.json"), None),
            (format!("{stem}.p12"), Some(PASSWORD)),
            (format!("{stem}.legacy.p12"), Some(PASSWORD)),
        ];
        if matches!(stem, "rsa2048" | "p384") {
            cases.push((format!("{stem}.keytool.p12"), Some(PASSWORD)));
        }
        if stem == "rsa2048" {
            cases.push(("rsa2048.pkcs1.pem".to_owned(), None));
        }
        if stem.starts_with('p') {
            cases.push((format!("{stem}.sec1.pem"), None));
        }
        if stem == "p521" {
            cases.push(("p521.sec1-nopub.pem".to_owned(), None));
        }
        for (name, password) in cases {
            let key = load(&name, password, None).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(key.algorithm(), algorithm, "{name}");
            assert_eq!(key.public_key().bits(), bits, "{name}");
            assert_eq!(key.public_key(), reference.public_key(), "{name}");
            if name.ends_with(".p12") {
                let cert = key.certificate_der().unwrap_or_else(|| panic!("{name}: no cert"));
                assert_eq!(cert, certificate.as_slice(), "{name}");
                assert_eq!(&certificate_public_key(cert), key.public_key(), "{name}");
                assert!(key.certificate_chain_der().is_empty(), "{name}");
            }
            if name.ends_with(".jwk.json") {
                assert_eq!(key.key_id(), Some(stem), "{name}");
            } else {
                assert_eq!(key.key_id(), None, "{name}");
            }
            round_trip(&key);
        }
    }
}

#[test]
fn typed_entry_points() {
    let rng = rng();
    let k = SigningKey::from_pem(text("p384.pkcs8.pem"), &rng).unwrap();
    assert_eq!(k.algorithm(), Algorithm::Es384);
    let k = SigningKey::from_pkcs8_der(file("rsa3072.pkcs8.der"), &rng).unwrap();
    assert_eq!(k.public_key().bits(), 3072);
    let pkcs1 = careerpro_fla::parse_pem(file("rsa2048.pkcs1.pem")).unwrap();
    assert_eq!(pkcs1[0].label, "RSA PRIVATE KEY");
    let k = SigningKey::from_pkcs1_der(pkcs1[0].der(), &rng).unwrap();
    assert_eq!(k.public_key().bits(), 2048);
    let sec1 = careerpro_fla::parse_pem(file("p521.sec1.pem")).unwrap();
    assert_eq!(sec1[0].label, "EC PRIVATE KEY");
    let k = SigningKey::from_sec1_der(sec1[0].der(), &rng).unwrap();
    assert_eq!(k.algorithm(), Algorithm::Es512);
    let enc = careerpro_fla::parse_pem(file("p256.enc.pem")).unwrap();
    let k = SigningKey::from_encrypted_pkcs8_der(enc[0].der(), Some(PASSWORD), &rng).unwrap();
    assert_eq!(k.algorithm(), Algorithm::Es256);
    let k = SigningKey::from_jwk(text("p521.jwk.json"), &rng).unwrap();
    assert_eq!(k.key_id(), Some("p521"));
    let k = SigningKey::from_pkcs12_der(file("p521.p12"), Some(PASSWORD), None, &rng).unwrap();
    assert!(k.certificate_der().is_some());
    // DER entry point detects every DER structure.
    for (der, password) in [
        (file("p384.pkcs8.der").to_vec(), None),
        (pkcs1[0].der().to_vec(), None),
        (sec1[0].der().to_vec(), None),
        (enc[0].der().to_vec(), Some(PASSWORD)),
        (file("rsa2048.legacy.p12").to_vec(), Some(PASSWORD)),
    ] {
        SigningKey::from_der(&der, password, None, &rng).unwrap();
    }
}

#[test]
fn all_algorithms_round_trip() {
    let rsa = load("rsa2048.pkcs8.pem", None, None).unwrap();
    for alg in [
        Algorithm::Rs256,
        Algorithm::Rs384,
        Algorithm::Rs512,
        Algorithm::Ps256,
        Algorithm::Ps384,
        Algorithm::Ps512,
    ] {
        let key = load("rsa2048.pkcs8.pem", None, None).unwrap().with_algorithm(alg).unwrap();
        assert_eq!(key.algorithm(), alg);
        round_trip(&key);
        // RS* is deterministic; PS* is randomised but verifies.
        let sig = key.sign(b"x", &rng()).unwrap();
        assert_eq!(sig.len(), 256);
    }
    assert_eq!(
        rsa.with_algorithm(Algorithm::Es384).unwrap_err().code(),
        ErrorCode::KeyAlgorithmMismatch
    );
    for (stem, alg) in
        [("p256", Algorithm::Es256), ("p384", Algorithm::Es384), ("p521", Algorithm::Es512)]
    {
        let key = load(&format!("{stem}.pkcs8.pem"), None, None).unwrap();
        assert_eq!(key.algorithm(), alg);
        let sig = key.sign(b"input", &rng()).unwrap();
        assert_eq!(sig.len(), 2 * alg.curve().unwrap().field_len());
        round_trip(&key);
    }
    let p384 = load("p384.pkcs8.pem", None, None).unwrap();
    assert_eq!(
        p384.with_algorithm(Algorithm::Es512).unwrap_err().code(),
        ErrorCode::KeyAlgorithmMismatch
    );
}

#[test]
fn pem_as_environment_variables_mangle_it() {
    let pem = text("p384.pkcs8.pem");
    let reference = load("p384.pkcs8.pem", None, None).unwrap();
    let escaped = pem.replace('\n', "\\n");
    let one_line = pem.replace('\n', " ");
    let crlf = pem.replace('\n', "\r\n");
    let no_breaks: String = {
        let lines: Vec<&str> = pem.lines().collect();
        format!("{}{}{}", lines[0], lines[1..lines.len() - 1].join(""), lines[lines.len() - 1])
    };
    for form in [
        escaped.clone(),
        format!("\"{escaped}\""),
        format!("'{one_line}'"),
        crlf,
        no_breaks,
        format!("  \n{pem}\n\n"),
    ] {
        let key = SigningKey::parse(form.as_bytes(), None, None, &rng()).unwrap();
        assert_eq!(key.public_key(), reference.public_key(), "{form}");
    }
    // Encrypted PEM through an environment variable too.
    let enc = text("rsa2048.enc.pem").replace('\n', "\\n");
    SigningKey::parse(format!("\"{enc}\"").as_bytes(), Some(PASSWORD), None, &rng()).unwrap();
    // DER pasted as bare base64 (as in a CI secret).
    use base64::Engine as _;
    for name in ["p384.pkcs8.der", "rsa2048.p12"] {
        let b64 = base64::engine::general_purpose::STANDARD.encode(file(name));
        let password = name.ends_with(".p12").then_some(PASSWORD);
        SigningKey::parse(format!("{b64}\n").as_bytes(), password, None, &rng()).unwrap();
    }
}

#[test]
fn pem_with_certificate_attaches_it() {
    let both = format!("{}{}", text("p521.pkcs8.pem"), text("p521.crt.pem"));
    let key = SigningKey::parse(both.as_bytes(), None, None, &rng()).unwrap();
    assert_eq!(key.certificate_der().unwrap(), pem_certificate_der("p521.crt.pem").as_slice());
    assert!(key.certificate_chain_der().is_empty());
    // Certificate first, then the key, then another certificate: first is the leaf, rest chain.
    let three =
        format!("{}{}{}", text("p384.crt.pem"), text("p384.enc.pem"), text("rsa2048.crt.pem"));
    let key = SigningKey::parse(three.as_bytes(), Some(PASSWORD), None, &rng()).unwrap();
    assert_eq!(key.certificate_der().unwrap(), pem_certificate_der("p384.crt.pem").as_slice());
    assert_eq!(key.certificate_chain_der(), &[pem_certificate_der("rsa2048.crt.pem")]);
    // A certificate alone is no key.
    let e = load("p384.crt.pem", None, None).unwrap_err();
    assert_eq!(e.code(), ErrorCode::KeyMalformed);
    assert!(e.message().contains("CERTIFICATE"), "{e}");
    // Two keys in one text are ambiguous.
    let two = format!("{}{}", text("p384.pkcs8.pem"), text("p521.pkcs8.pem"));
    assert_eq!(
        SigningKey::parse(two.as_bytes(), None, None, &rng()).unwrap_err().code(),
        ErrorCode::KeyEntryAmbiguous
    );
}

#[test]
fn passwords() {
    let code = |name: &str, password: Option<&str>| load(name, password, None).unwrap_err().code();
    for name in [
        "rsa2048.enc.pem",
        "p256.enc.pem",
        "p384.enc.pem",
        "rsa2048.p12",
        "p521.legacy.p12",
        "p384.keytool.p12",
        "two-entries.p12",
    ] {
        assert_eq!(code(name, None), ErrorCode::KeyPasswordRequired, "{name}");
        assert_eq!(code(name, Some("wrong")), ErrorCode::KeyPasswordIncorrect, "{name}");
        assert_eq!(code(name, Some("")), ErrorCode::KeyPasswordIncorrect, "{name}");
    }
    // No protection at all: plain KeyBag, clear certificates, no MAC. A password is ignored.
    for password in [None, Some(""), Some("anything")] {
        let key = load("nopass.p12", password, None).unwrap();
        assert_eq!(key.algorithm(), Algorithm::Es384);
        assert!(key.certificate_der().is_some());
    }
    // The empty password opens a file protected with the empty password; so does none.
    for password in [None, Some("")] {
        let key = load("emptypass.p12", password, None).unwrap();
        assert_eq!(key.algorithm(), Algorithm::Es384);
    }
    assert_eq!(code("emptypass.p12", Some("x")), ErrorCode::KeyPasswordIncorrect);
    // Messages never echo the password.
    let e = load("rsa2048.p12", Some("hunter2-secret"), None).unwrap_err();
    assert!(!e.message().contains("hunter2") && !format!("{e:?}").contains("hunter2"));
}

#[test]
fn java_generated_ec_key_takes_its_point_from_the_certificate() {
    let key = load("java-p384.p12", Some(PASSWORD), None).unwrap();
    assert_eq!(key.algorithm(), Algorithm::Es384);
    assert_eq!(&certificate_public_key(key.certificate_der().unwrap()), key.public_key());
    round_trip(&key);
    let key = load("java-p384.p12", Some(PASSWORD), Some("java-p384")).unwrap();
    assert_eq!(key.algorithm(), Algorithm::Es384);
}

#[test]
fn aliases() {
    let e = load("two-entries.p12", Some(PASSWORD), None).unwrap_err();
    assert_eq!(e.code(), ErrorCode::KeyEntryAmbiguous);
    assert!(e.message().contains("\"first\"") && e.message().contains("\"second\""), "{e}");
    let e = load("two-entries.p12", Some(PASSWORD), Some("third")).unwrap_err();
    assert_eq!(e.code(), ErrorCode::KeyEntryNotFound);
    assert!(e.message().contains("\"first\"") && e.message().contains("\"second\""), "{e}");

    let first = load("two-entries.p12", Some(PASSWORD), Some("first")).unwrap();
    let second = load("two-entries.p12", Some(PASSWORD), Some("second")).unwrap();
    assert_eq!(first.public_key(), load("rsa2048.pkcs8.pem", None, None).unwrap().public_key());
    assert_eq!(second.public_key(), load("p384.pkcs8.pem", None, None).unwrap().public_key());
    assert_eq!(first.certificate_der().unwrap(), pem_certificate_der("rsa2048.crt.pem").as_slice());
    assert_eq!(second.certificate_der().unwrap(), pem_certificate_der("p384.crt.pem").as_slice());
    // The other entry's certificate is not part of this entry's chain.
    assert!(first.certificate_chain_der().is_empty());
    assert!(second.certificate_chain_der().is_empty());
    round_trip(&first);
    round_trip(&second);
    // Java lowercases aliases: a case-only difference still finds the entry.
    let k = load("two-entries.p12", Some(PASSWORD), Some("Second")).unwrap();
    assert_eq!(k.algorithm(), Algorithm::Es384);
    // With one entry, an alias must still match if given.
    assert_eq!(
        load("p384.p12", Some(PASSWORD), Some("p384")).unwrap().algorithm(),
        Algorithm::Es384
    );
    assert_eq!(
        load("p384.p12", Some(PASSWORD), Some("nope")).unwrap_err().code(),
        ErrorCode::KeyEntryNotFound
    );
}

#[test]
fn refused_keys_have_codes_and_advice() {
    let err = |name: &str| load(name, Some(PASSWORD), None).unwrap_err();
    assert_eq!(err("rsa1024.pkcs8.pem").code(), ErrorCode::KeyTooWeak);
    let e = err("ed25519.pkcs8.pem");
    assert_eq!(e.code(), ErrorCode::KeyUnsupported);
    assert!(e.message().contains("Ed25519"), "{e}");
    let e = err("secp256k1.pkcs8.pem");
    assert_eq!(e.code(), ErrorCode::KeyUnsupported);
    assert!(e.message().contains("secp256k1"), "{e}");
    let e = err("rsa2048.legacy-enc.pem");
    assert_eq!(e.code(), ErrorCode::KeyUnsupported);
    assert!(e.message().contains("openssl pkcs8 -topk8"), "{e}");
    for name in ["p256.sec1-nopub.pem", "p384.sec1-nopub.pem"] {
        let e = err(name);
        assert_eq!(e.code(), ErrorCode::KeyMalformed, "{name}");
        assert!(e.message().contains("public key") && e.message().contains("openssl"), "{e}");
    }
    let e = SigningKey::parse(b"hello world", None, None, &rng()).unwrap_err();
    assert_eq!(e.code(), ErrorCode::KeyFormatUnrecognized);
    assert!(e.message().contains("PKCS#12") && e.message().contains("JWK"), "{e}");
    assert_eq!(
        SigningKey::parse(&[], None, None, &rng()).unwrap_err().code(),
        ErrorCode::KeyFormatUnrecognized
    );
    let huge = vec![b'A'; careerpro_fla::MAX_KEY_FILE_LEN + 1];
    assert_eq!(
        SigningKey::parse(&huge, None, None, &rng()).unwrap_err().code(),
        ErrorCode::InputTooLarge
    );
}

#[test]
fn jwk_members() {
    let rng = rng();
    let mut jwk: serde_json::Value = serde_json::from_slice(file("rsa2048.jwk.json")).unwrap();
    // `alg` is honoured when it fits.
    jwk["alg"] = "PS256".into();
    let key = SigningKey::from_jwk(&jwk.to_string(), &rng).unwrap();
    assert_eq!(key.algorithm(), Algorithm::Ps256);
    round_trip(&key);
    jwk["alg"] = "ES384".into();
    assert_eq!(
        SigningKey::from_jwk(&jwk.to_string(), &rng).unwrap_err().code(),
        ErrorCode::KeyAlgorithmMismatch
    );
    jwk["alg"] = "RSA-OAEP".into();
    assert_eq!(
        SigningKey::from_jwk(&jwk.to_string(), &rng).unwrap_err().code(),
        ErrorCode::KeyAlgorithmMismatch
    );
    jwk.as_object_mut().unwrap().remove("alg");
    jwk["use"] = "enc".into();
    assert_eq!(
        SigningKey::from_jwk(&jwk.to_string(), &rng).unwrap_err().code(),
        ErrorCode::KeyUnsupported
    );
    jwk.as_object_mut().unwrap().remove("use");
    // Missing CRT parameters.
    let mut no_crt = jwk.clone();
    no_crt.as_object_mut().unwrap().remove("qi");
    assert_eq!(
        SigningKey::from_jwk(&no_crt.to_string(), &rng).unwrap_err().code(),
        ErrorCode::KeyUnsupported
    );
    // A damaged component is caught by ring's consistency checks.
    let mut bad = jwk.clone();
    bad["dp"] = "AQAB".into();
    assert_eq!(
        SigningKey::from_jwk(&bad.to_string(), &rng).unwrap_err().code(),
        ErrorCode::KeyMalformed
    );

    // Public JWKs are not signing keys.
    for stem in ["rsa2048", "p384", "p521"] {
        let mut public: serde_json::Value =
            serde_json::from_slice(file(&format!("{stem}.jwk.json"))).unwrap();
        public.as_object_mut().unwrap().remove("d");
        let e = SigningKey::from_jwk(&public.to_string(), &rng).unwrap_err();
        assert_eq!(e.code(), ErrorCode::KeyMalformed);
        assert!(e.message().contains("public key"), "{e}");
    }
    // EC with a mismatching public point.
    let mut ec: serde_json::Value = serde_json::from_slice(file("p384.jwk.json")).unwrap();
    let other: serde_json::Value = serde_json::from_slice(file("p256.jwk.json")).unwrap();
    ec["crv"] = "P-256".into();
    assert_eq!(
        SigningKey::from_jwk(&ec.to_string(), &rng).unwrap_err().code(),
        ErrorCode::KeyMalformed
    );
    let mut p521: serde_json::Value = serde_json::from_slice(file("p521.jwk.json")).unwrap();
    let p521_x = p521["x"].clone();
    p521["x"] = p521["y"].clone();
    p521["y"] = p521_x;
    assert_eq!(
        SigningKey::from_jwk(&p521.to_string(), &rng).unwrap_err().code(),
        ErrorCode::KeyMalformed
    );
    let okp = r#"{"kty":"OKP","crv":"Ed25519","x":"AA","d":"AA"}"#;
    assert_eq!(SigningKey::from_jwk(okp, &rng).unwrap_err().code(), ErrorCode::KeyUnsupported);
    assert_eq!(SigningKey::from_jwk("{", &rng).unwrap_err().code(), ErrorCode::KeyMalformed);
    assert_eq!(SigningKey::from_jwk("{}", &rng).unwrap_err().code(), ErrorCode::KeyMalformed);

    // A JWK set: one key loads; several need a kid.
    let set = serde_json::json!({ "keys": [other.clone()] });
    assert_eq!(SigningKey::from_jwk(&set.to_string(), &rng).unwrap().key_id(), Some("p256"));
    let p384: serde_json::Value = serde_json::from_slice(file("p384.jwk.json")).unwrap();
    let set = serde_json::json!({ "keys": [other, p384] }).to_string();
    let e = SigningKey::from_jwk(&set, &rng).unwrap_err();
    assert_eq!(e.code(), ErrorCode::KeyEntryAmbiguous);
    assert!(e.message().contains("\"p384\""), "{e}");
    let k = SigningKey::parse(set.as_bytes(), None, Some("p384"), &rng).unwrap();
    assert_eq!(k.algorithm(), Algorithm::Es384);
    assert_eq!(
        SigningKey::parse(set.as_bytes(), None, Some("x"), &rng).unwrap_err().code(),
        ErrorCode::KeyEntryNotFound
    );
}

#[test]
fn public_jwk_and_thumbprint() {
    for stem in ["rsa2048", "rsa3072", "rsa4096", "p256", "p384", "p521"] {
        let private: serde_json::Value =
            serde_json::from_slice(file(&format!("{stem}.jwk.json"))).unwrap();
        let key = load(&format!("{stem}.pkcs8.der"), None, None).unwrap();
        let public = key.public_key().to_jwk();
        let members: &[&str] =
            if stem.starts_with("rsa") { &["kty", "n", "e"] } else { &["kty", "crv", "x", "y"] };
        for m in members {
            assert_eq!(public[m], private[m], "{stem} {m}");
        }
        assert_eq!(public.as_object().unwrap().len(), members.len(), "{stem}");
        // RFC 7638 §3: SHA-256 over the required members, sorted, no whitespace.
        let canonical = serde_json::to_string(&public).unwrap(); // serde_json sorts keys
        let digest = ring::digest::digest(&ring::digest::SHA256, canonical.as_bytes());
        use base64::Engine as _;
        assert_eq!(
            key.public_key().jwk_thumbprint_sha256(),
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(digest)
        );
    }
}

#[test]
fn spki_parsing() {
    for stem in ["rsa2048", "p256", "p384", "p521"] {
        let cert = pem_certificate_der(&format!("{stem}.crt.pem"));
        let key = load(&format!("{stem}.pkcs8.pem"), None, None).unwrap();
        assert_eq!(&PublicKey::from_certificate_der(&cert).unwrap(), key.public_key());
    }
    assert_eq!(PublicKey::from_spki_der(&[0x30, 0]).unwrap_err().code(), ErrorCode::KeyMalformed);
    assert_eq!(
        PublicKey::from_certificate_der(b"nope").unwrap_err().code(),
        ErrorCode::CertificateMalformed
    );
    assert_eq!(
        PublicKey::from_ec_point(Curve::P384, &[2; 49]).unwrap_err().code(),
        ErrorCode::KeyUnsupported
    );
}

/// DER `ECDSA-Sig-Value` from a raw JWS signature, as KMS APIs return it.
fn raw_to_der(raw: &[u8]) -> Vec<u8> {
    let (r, s) = raw.split_at(raw.len() / 2);
    let int = |v: &[u8]| {
        let v = &v[v.iter().position(|b| *b != 0).unwrap()..];
        let mut out = vec![0x02];
        let pad = v[0] & 0x80 != 0;
        out.push((v.len() + usize::from(pad)) as u8);
        if pad {
            out.push(0);
        }
        out.extend_from_slice(v);
        out
    };
    let body = [int(r), int(s)].concat();
    let mut out = vec![0x30];
    if body.len() >= 128 {
        out.push(0x81);
    }
    out.push(body.len() as u8);
    out.extend(body);
    out
}

#[test]
fn external_signer() {
    let input = b"header.payload";
    for stem in ["p256", "p384", "p521"] {
        let key = load(&format!("{stem}.pkcs8.pem"), None, None).unwrap();
        let alg = key.algorithm();
        let raw = key.sign(input, &rng()).unwrap();
        let der = raw_to_der(&raw);
        assert_eq!(signature_to_jws(alg, &der).unwrap(), raw, "{stem}");
        assert_eq!(signature_to_jws(alg, &raw).unwrap(), raw, "{stem}");
        let external = ExternalKey::new(alg).with_public_key(key.public_key().clone()).unwrap();
        assert_eq!(external.accept_signature(input, &der).unwrap(), raw);
        assert_eq!(
            external.accept_signature(b"other", &der).unwrap_err().code(),
            ErrorCode::ExternalSignatureInvalid
        );
        // Wrong sizes and encodings.
        for bad in [&raw[1..], &der[..der.len() - 1], &[][..], &[0x30, 0][..]] {
            assert_eq!(
                signature_to_jws(alg, bad).unwrap_err().code(),
                ErrorCode::ExternalSignatureInvalid
            );
        }
        // A certificate gives the public key.
        let cert = pem_certificate_der(&format!("{stem}.crt.pem"));
        let external =
            ExternalKey::new(alg).with_key_id("kms-1").with_certificate_der(cert).unwrap();
        assert_eq!(external.public_key.as_ref(), Some(key.public_key()));
        external.accept_signature(input, &raw).unwrap();
    }
    // RSA: size limits, and a KMS key that is not the registered one is caught.
    let rsa = load("rsa2048.pkcs8.pem", None, None).unwrap();
    let sig = rsa.sign(input, &rng()).unwrap();
    assert_eq!(signature_to_jws(Algorithm::Rs256, &sig).unwrap(), sig);
    assert_eq!(
        signature_to_jws(Algorithm::Rs256, &sig[..128]).unwrap_err().code(),
        ErrorCode::ExternalSignatureInvalid
    );
    assert_eq!(
        signature_to_jws(Algorithm::Ps512, &[0; 513]).unwrap_err().code(),
        ErrorCode::ExternalSignatureInvalid
    );
    let other = load("rsa3072.pkcs8.pem", None, None).unwrap();
    let wrong =
        ExternalKey::new(Algorithm::Rs256).with_public_key(other.public_key().clone()).unwrap();
    assert_eq!(
        wrong.accept_signature(input, &sig).unwrap_err().code(),
        ErrorCode::ExternalSignatureInvalid
    );
    // Algorithm and key must fit.
    assert_eq!(
        ExternalKey::new(Algorithm::Es384)
            .with_public_key(rsa.public_key().clone())
            .unwrap_err()
            .code(),
        ErrorCode::KeyAlgorithmMismatch
    );
    assert_eq!(
        verify(rsa.public_key(), Algorithm::Es256, input, &sig).unwrap_err().code(),
        ErrorCode::ExternalSignatureInvalid
    );
}

#[test]
fn debug_is_redacted() {
    let key = load("rsa2048.p12", Some(PASSWORD), None).unwrap();
    assert_eq!(format!("{key:?}"), "SigningKey(RS256, RSA 2048 bits, [redacted])");
    let key = load("p521.jwk.json", None, None).unwrap();
    assert_eq!(format!("{key:?}"), "SigningKey(ES512, EC P-521, [redacted])");
}

/// Every fixture, truncated anywhere and with single bytes changed, gives a result (usually a
/// typed error) and never panics; truncation never yields a key.
#[test]
fn truncated_and_corrupted_fixtures_give_typed_errors() {
    let rng = rng();
    for (name, bytes) in FILES {
        let step = (bytes.len() / 23).max(1);
        for cut in (0..bytes.len()).step_by(step) {
            let r = SigningKey::parse(&bytes[..cut], Some(PASSWORD), None, &rng);
            // A PEM text cut after its END line still holds the whole key.
            if let Ok(k) = &r {
                let end = text_end(bytes);
                assert!(end.is_some_and(|end| cut >= end), "{name} cut at {cut} loaded {k:?}");
            }
        }
        for pos in (0..bytes.len()).step_by(step) {
            let mut corrupted = bytes.to_vec();
            corrupted[pos] ^= 0x5a;
            let _ = SigningKey::parse(&corrupted, Some(PASSWORD), None, &rng);
        }
    }
}

/// Where the last PEM END line of a text fixture ends, if it is PEM.
fn text_end(bytes: &[u8]) -> Option<usize> {
    let text = std::str::from_utf8(bytes).ok()?;
    let start = text.rfind("-----END ")?;
    Some(start + text[start..].find("-----\n").map_or(text.len() - start, |i| i + 5))
}

#[test]
fn corrupted_pkcs12_mac_is_a_password_or_damage_error() {
    for name in ["rsa2048.p12", "p384.legacy.p12", "p384.keytool.p12"] {
        let mut bytes = file(name).to_vec();
        // The last bytes are the MAC's iteration count or salt; the middle is encrypted data.
        let middle = bytes.len() / 2;
        bytes[middle] ^= 1;
        let e = SigningKey::parse(&bytes, Some(PASSWORD), None, &rng()).unwrap_err();
        assert!(
            matches!(e.code(), ErrorCode::KeyPasswordIncorrect | ErrorCode::KeyMalformed),
            "{name}: {e}"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048), pw in proptest::option::of(".{0,8}")) {
        let _ = SigningKey::parse(&bytes, pw.as_deref(), None, &rng());
    }

    #[test]
    fn der_shaped_bytes_never_panic(tail in proptest::collection::vec(any::<u8>(), 0..512)) {
        // Start like DER so the structure parsers, not the format sniffing, see the bytes.
        let mut bytes = vec![0x30, 0x82, (tail.len() >> 8) as u8, tail.len() as u8];
        bytes.extend(tail);
        let _ = SigningKey::parse(&bytes, Some(PASSWORD), None, &rng());
    }

    #[test]
    fn mutated_fixtures_never_panic(
        index in 0..FILES.len(),
        mutations in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..6),
        cut in proptest::option::of(any::<prop::sample::Index>()),
        pw in proptest::option::of(Just(PASSWORD)),
    ) {
        let (_, original) = FILES[index];
        let mut bytes = original.to_vec();
        for (at, value) in mutations {
            let i = at.index(bytes.len());
            bytes[i] = value;
        }
        if let Some(cut) = cut {
            bytes.truncate(cut.index(bytes.len() + 1));
        }
        let _ = SigningKey::parse(&bytes, pw, None, &rng());
        let _ = SigningKey::parse(&bytes, pw, Some("first"), &rng());
    }
}
