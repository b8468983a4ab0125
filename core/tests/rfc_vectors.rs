//! RFC 7515 Appendix A.2 and RFC 7520 §4.1 reproduced byte for byte (RS256 is deterministic);
//! RFC 7520 §4.2 (PS384) and §4.3 (ES512) verified, and our own signatures over the same input
//! verified too. The keys are loaded through the JWK loader, so this also pins it.

#![allow(clippy::disallowed_methods)] // tests read files and use the system RNG, as a host would
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)] // test helpers

use base64::Engine as _;
use careerpro_fla::decode_jws as decode;

fn b64url(bytes: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}
use careerpro_fla::verify_signature as verify;
use careerpro_fla::{Algorithm, SigningKey, SystemRandom};
use serde_json::Value;

fn vectors() -> Vec<Value> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/vectors/rfc/jws.json");
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    doc["vectors"].as_array().unwrap().clone()
}

#[test]
fn rfc_jws_examples() {
    let rng = SystemRandom::new();
    let all = vectors();
    assert_eq!(all.len(), 4);
    for v in all {
        let name = v["name"].as_str().unwrap();
        let alg = Algorithm::parse(v["alg"].as_str().unwrap()).unwrap();
        let jwk = serde_json::to_vec(&v["key"]).unwrap();
        let key = SigningKey::parse(&jwk, None, None, &rng).unwrap().with_algorithm(alg).unwrap();
        let signing_input = format!(
            "{}.{}",
            b64url(v["protected_header_json"].as_str().unwrap().as_bytes()),
            b64url(v["payload"].as_str().unwrap().as_bytes())
        );
        let expected = v["compact"].as_str().unwrap();
        assert!(expected.starts_with(&format!("{signing_input}.")), "{name}: signing input");

        // The RFC's signature verifies with our verifier.
        let parts = decode_raw(expected);
        verify(key.public_key(), alg, signing_input.as_bytes(), &parts)
            .unwrap_or_else(|e| panic!("{name}: {e}"));

        // Ours: identical for RS256, verifying for the randomised algorithms.
        let ours = key.sign(signing_input.as_bytes(), &rng).unwrap();
        let compact = format!("{signing_input}.{}", b64url(&ours));
        if v["deterministic"].as_bool().unwrap() {
            assert_eq!(compact, expected, "{name}");
        } else {
            verify(key.public_key(), alg, signing_input.as_bytes(), &ours).unwrap();
            assert_ne!(compact, expected, "{name}: a randomised signature repeated");
        }
        // A flipped bit must not verify.
        let mut bad = ours.clone();
        bad[10] ^= 1;
        assert!(verify(key.public_key(), alg, signing_input.as_bytes(), &bad).is_err(), "{name}");
    }
}

/// The RFC 7515 payload is not a JSON object with sorted members, but it is JSON: the decoder
/// still reads it.
#[test]
fn decoder_reads_rfc_7515_a2() {
    let v = &vectors()[0];
    let parts = decode(v["compact"].as_str().unwrap()).unwrap();
    assert_eq!(parts.header["alg"], "RS256");
    assert_eq!(parts.payload["iss"], "joe");
    assert_eq!(parts.signature.len(), 256);
}

fn decode_raw(compact: &str) -> Vec<u8> {
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(compact.rsplit('.').next().unwrap())
        .unwrap()
}
