//! PKCS#12 (`.pfx`/`.p12`, RFC 7292): the form qualified certificates arrive in.
//!
//! Reads password-integrity files (RFC 7292 §4, `MacData` with the Appendix B KDF and HMAC)
//! as OpenSSL 3 (PBES2/AES-256-CBC, HMAC-SHA-256), `openssl pkcs12 -legacy` and older Windows
//! and Java exports (3DES keys, RC2-40 certificates, HMAC-SHA-1) and Java 17 keytool write them.
//! Bags: `keyBag`, `pkcs8ShroudedKeyBag`, `certBag` (x509Certificate) and nested
//! `safeContentsBag` (§4.2); entries are told apart by `friendlyName` (the alias) and tied to
//! their certificate by `localKeyId` (PKCS#9).
//!
//! Only the chosen key is decrypted. Public-key integrity mode (signed PFX) and enveloped
//! contents are refused as unsupported: no common tool writes them.

use der::asn1::{AnyRef, ObjectIdentifier, OctetStringRef};
use der::{Decode as _, Encode as _, Reader as _, Sequence, Tag, Tagged as _};
use pkcs8::spki::AlgorithmIdentifierRef;
use ring::rand::SecureRandom;
use zeroize::Zeroizing;

use super::encrypted::{self, Budget, Password, Pkcs12Digest};
use super::{PublicKey, SigningKey};
use crate::error::{Error, ErrorCode, Result};

/// Loads the key entry `alias` (or the only one) with its certificate and chain.
pub(super) fn load(
    der_bytes: &[u8],
    password: Option<&str>,
    alias: Option<&str>,
    rng: &dyn SecureRandom,
) -> Result<SigningKey> {
    let pfx =
        Pfx::from_der(der_bytes).map_err(|e| malformed(&format!("not a PKCS#12 file: {e}")))?;
    if pfx.version != 3 {
        return Err(malformed("the PKCS#12 version is not 3"));
    }
    let auth_safe = data_content(&pfx.auth_safe)?;
    let mut budget = Budget::new();

    // The empty password has two encodings (RFC 7292 B.1 vs OpenSSL's "no password"); both are
    // tried when the caller gives none or an empty one.
    let candidates: Vec<Password<'_>> = match password {
        None | Some("") => vec![Password::Absent, Password::Text("")],
        Some(p) => vec![Password::Text(p)],
    };
    let passwords = match &pfx.mac_data {
        Some(mac) => {
            let mut verified = None;
            for candidate in &candidates {
                if verify_mac(mac, *candidate, auth_safe, &mut budget)? {
                    verified = Some(*candidate);
                    break;
                }
            }
            match verified {
                Some(p) => vec![p],
                None if password.is_none() => return Err(password_required()),
                None => return Err(password_incorrect()),
            }
        }
        // No MAC (`openssl pkcs12 -nomac`): nothing proves the password until decryption.
        None => candidates,
    };

    let mut contents = Contents::default();
    for info in elements(AnyRef::from_der(auth_safe).map_err(|e| bad_structure(&e))?)? {
        let info: ContentInfo<'_> = info.decode_as().map_err(|e| bad_structure(&e))?;
        match info.content_type.to_string().as_str() {
            OID_DATA => {
                contents.read_safe_contents(data_content(&info)?, 0)?;
            }
            OID_ENCRYPTED_DATA => {
                let plain = decrypt_encrypted_data(&info, &passwords, password, &mut budget)?;
                contents.read_safe_contents(&plain, 0)?;
            }
            OID_ENVELOPED_DATA => {
                return Err(Error::new(
                    ErrorCode::KeyUnsupported,
                    "the PKCS#12 file is encrypted to a certificate (envelopedData), which is \
                     not supported; export it with a password instead",
                ))
            }
            _ => {}
        }
    }
    contents.into_signing_key(alias, &passwords, password, &mut budget, rng)
}

const OID_DATA: &str = "1.2.840.113549.1.7.1";
const OID_SIGNED_DATA: &str = "1.2.840.113549.1.7.2";
const OID_ENVELOPED_DATA: &str = "1.2.840.113549.1.7.3";
const OID_ENCRYPTED_DATA: &str = "1.2.840.113549.1.7.6";
const OID_KEY_BAG: &str = "1.2.840.113549.1.12.10.1.1";
const OID_SHROUDED_KEY_BAG: &str = "1.2.840.113549.1.12.10.1.2";
const OID_CERT_BAG: &str = "1.2.840.113549.1.12.10.1.3";
const OID_SAFE_CONTENTS_BAG: &str = "1.2.840.113549.1.12.10.1.6";
const OID_X509_CERTIFICATE: &str = "1.2.840.113549.1.9.22.1";
const OID_FRIENDLY_NAME: &str = "1.2.840.113549.1.9.20";
const OID_LOCAL_KEY_ID: &str = "1.2.840.113549.1.9.21";
const OID_SHA1: &str = "1.3.14.3.2.26";
const OID_SHA256: &str = "2.16.840.1.101.3.4.2.1";
const OID_SHA384: &str = "2.16.840.1.101.3.4.2.2";
const OID_SHA512: &str = "2.16.840.1.101.3.4.2.3";
const OID_PBMAC1: &str = "1.2.840.113549.1.5.14";

/// Nested `safeContentsBag`s deeper than this are refused (real files nest none).
const MAX_DEPTH: usize = 4;
/// Bags beyond this many are refused (real files hold a few).
const MAX_BAGS: usize = 1000;

/// `PFX` (RFC 7292 §4).
#[derive(Sequence)]
struct Pfx<'a> {
    version: u8,
    auth_safe: ContentInfo<'a>,
    #[asn1(optional = "true")]
    mac_data: Option<MacData<'a>>,
}

/// `ContentInfo` (RFC 5652 §3).
#[derive(Sequence)]
struct ContentInfo<'a> {
    content_type: ObjectIdentifier,
    #[asn1(context_specific = "0", tag_mode = "EXPLICIT", optional = "true")]
    content: Option<AnyRef<'a>>,
}

/// `MacData` (RFC 7292 §4); `iterations` defaults to 1.
#[derive(Sequence)]
struct MacData<'a> {
    mac: DigestInfo<'a>,
    mac_salt: OctetStringRef<'a>,
    #[asn1(optional = "true")]
    iterations: Option<u32>,
}

/// `DigestInfo` (RFC 8017 §9.2).
#[derive(Sequence)]
struct DigestInfo<'a> {
    algorithm: AlgorithmIdentifierRef<'a>,
    digest: OctetStringRef<'a>,
}

/// `EncryptedData` (RFC 5652 §8).
#[derive(Sequence)]
struct EncryptedData<'a> {
    version: u8,
    encrypted_content_info: EncryptedContentInfo<'a>,
}

/// `EncryptedContentInfo` (RFC 5652 §6.1).
#[derive(Sequence)]
struct EncryptedContentInfo<'a> {
    content_type: ObjectIdentifier,
    content_encryption_algorithm: AlgorithmIdentifierRef<'a>,
    #[asn1(context_specific = "0", tag_mode = "IMPLICIT", optional = "true")]
    encrypted_content: Option<OctetStringRef<'a>>,
}

/// `SafeBag` (RFC 7292 §4.2).
#[derive(Sequence)]
struct SafeBag<'a> {
    bag_id: ObjectIdentifier,
    #[asn1(context_specific = "0", tag_mode = "EXPLICIT")]
    bag_value: AnyRef<'a>,
    #[asn1(optional = "true")]
    bag_attributes: Option<AnyRef<'a>>,
}

/// `CertBag` (RFC 7292 §4.2.3).
#[derive(Sequence)]
struct CertBag<'a> {
    cert_id: ObjectIdentifier,
    #[asn1(context_specific = "0", tag_mode = "EXPLICIT")]
    cert_value: OctetStringRef<'a>,
}

/// `PKCS12Attribute` (RFC 7292 §4.2).
#[derive(Sequence)]
struct Attribute<'a> {
    attr_id: ObjectIdentifier,
    attr_values: AnyRef<'a>,
}

/// The bytes inside a `data` ContentInfo's OCTET STRING.
fn data_content<'a>(info: &ContentInfo<'a>) -> Result<&'a [u8]> {
    match info.content_type.to_string().as_str() {
        OID_DATA => {}
        OID_SIGNED_DATA => {
            return Err(Error::new(
                ErrorCode::KeyUnsupported,
                "the PKCS#12 file uses public-key integrity mode (signedData), which is not \
                 supported; export it with a password instead",
            ))
        }
        other => return Err(malformed(&format!("unexpected PKCS#12 content type {other}"))),
    }
    let content = info.content.ok_or_else(|| malformed("a PKCS#12 content is empty"))?;
    let octets: OctetStringRef<'a> = content.decode_as().map_err(|e| bad_structure(&e))?;
    Ok(octets.as_bytes())
}

/// The elements of a SEQUENCE or SET, without requiring DER's SET ordering (Java and Windows
/// do not always sort attributes).
fn elements(any: AnyRef<'_>) -> Result<Vec<AnyRef<'_>>> {
    if !matches!(any.tag(), Tag::Sequence | Tag::Set) {
        return Err(malformed("a PKCS#12 structure is not a SEQUENCE or SET"));
    }
    let mut reader = der::SliceReader::new(any.value()).map_err(|e| bad_structure(&e))?;
    let mut out = Vec::new();
    while !reader.is_finished() {
        if out.len() >= MAX_BAGS {
            return Err(Error::new(
                ErrorCode::InputTooLarge,
                format!("the PKCS#12 file has more than {MAX_BAGS} elements in one structure"),
            ));
        }
        out.push(AnyRef::decode(&mut reader).map_err(|e| bad_structure(&e))?);
    }
    Ok(out)
}

/// Checks the MAC over the authenticated safe (RFC 7292 §5.1, Appendix B with ID 3).
/// `Ok(false)` means the password is wrong.
fn verify_mac(
    mac: &MacData<'_>,
    password: Password<'_>,
    auth_safe: &[u8],
    budget: &mut Budget,
) -> Result<bool> {
    let (digest, hmac_alg) = match mac.mac.algorithm.oid.to_string().as_str() {
        OID_SHA1 => (Pkcs12Digest::Sha1, ring::hmac::HMAC_SHA1_FOR_LEGACY_USE_ONLY),
        OID_SHA256 => (Pkcs12Digest::Sha256, ring::hmac::HMAC_SHA256),
        OID_SHA384 => (Pkcs12Digest::Sha384, ring::hmac::HMAC_SHA384),
        OID_SHA512 => (Pkcs12Digest::Sha512, ring::hmac::HMAC_SHA512),
        OID_PBMAC1 => {
            return Err(Error::new(
                ErrorCode::KeyUnsupported,
                "the PKCS#12 MAC is PBMAC1 (RFC 9579), which is not supported yet; export with \
                 `openssl pkcs12 -export -macalg sha256` (the OpenSSL 3 default)",
            ))
        }
        other => {
            return Err(Error::new(
                ErrorCode::KeyUnsupported,
                format!("the PKCS#12 MAC digest {other} is not supported; SHA-1/256/384/512 are"),
            ))
        }
    };
    let key = encrypted::pkcs12_kdf(
        digest,
        password,
        mac.mac_salt.as_bytes(),
        pkcs12::kdf::Pkcs12KeyType::Mac,
        mac.iterations.unwrap_or(1),
        digest.output_len(),
        budget,
    )?;
    let key = ring::hmac::Key::new(hmac_alg, &key);
    Ok(ring::hmac::verify(&key, auth_safe, mac.mac.digest.as_bytes()).is_ok())
}

/// Decrypts an `encryptedData` ContentInfo with the first password that yields valid padding.
fn decrypt_encrypted_data(
    info: &ContentInfo<'_>,
    passwords: &[Password<'_>],
    given: Option<&str>,
    budget: &mut Budget,
) -> Result<Zeroizing<Vec<u8>>> {
    let content = info.content.ok_or_else(|| malformed("a PKCS#12 content is empty"))?;
    let data: EncryptedData<'_> = content.decode_as().map_err(|e| bad_structure(&e))?;
    let eci = data.encrypted_content_info;
    let ciphertext = eci.encrypted_content.map_or(&[][..], |o| o.as_bytes());
    with_passwords(passwords, given, |p| {
        encrypted::decrypt(&eci.content_encryption_algorithm, p, ciphertext, budget)
    })
}

/// Runs `f` with each candidate password until one does not fail on padding; maps the
/// all-failed case to "password required" or "password incorrect".
fn with_passwords<T>(
    passwords: &[Password<'_>],
    given: Option<&str>,
    mut f: impl FnMut(Password<'_>) -> Result<T>,
) -> Result<T> {
    for p in passwords {
        match f(*p) {
            Err(e)
                if encrypted::is_padding_error(&e)
                    || e.code() == ErrorCode::KeyPasswordIncorrect => {}
            other => return other,
        }
    }
    Err(if given.is_none() { password_required() } else { password_incorrect() })
}

/// What the bags hold: key entries (still encrypted) and certificates.
#[derive(Default)]
struct Contents {
    keys: Vec<KeyItem>,
    certificates: Vec<CertItem>,
}

struct KeyItem {
    alias: Option<String>,
    local_key_id: Option<Vec<u8>>,
    shrouded: bool,
    der: Zeroizing<Vec<u8>>,
}

struct CertItem {
    alias: Option<String>,
    local_key_id: Option<Vec<u8>>,
    der: Vec<u8>,
}

impl Contents {
    fn read_safe_contents(&mut self, bytes: &[u8], depth: usize) -> Result<()> {
        let seq = AnyRef::from_der(bytes).map_err(|e| bad_structure(&e))?;
        self.read_bags(seq, depth)
    }

    fn read_bags(&mut self, seq: AnyRef<'_>, depth: usize) -> Result<()> {
        if depth > MAX_DEPTH {
            return Err(malformed("the PKCS#12 bags are nested too deeply"));
        }
        for bag in elements(seq)? {
            if self.keys.len() + self.certificates.len() >= MAX_BAGS {
                return Err(Error::new(
                    ErrorCode::InputTooLarge,
                    format!("the PKCS#12 file holds more than {MAX_BAGS} bags"),
                ));
            }
            let bag: SafeBag<'_> = bag.decode_as().map_err(|e| bad_structure(&e))?;
            let (alias, local_key_id) = attributes(bag.bag_attributes)?;
            match bag.bag_id.to_string().as_str() {
                id @ (OID_KEY_BAG | OID_SHROUDED_KEY_BAG) => {
                    let der =
                        Zeroizing::new(bag.bag_value.to_der().map_err(|e| bad_structure(&e))?);
                    self.keys.push(KeyItem {
                        alias,
                        local_key_id,
                        shrouded: id == OID_SHROUDED_KEY_BAG,
                        der,
                    });
                }
                OID_CERT_BAG => {
                    let cert: CertBag<'_> =
                        bag.bag_value.decode_as().map_err(|e| bad_structure(&e))?;
                    if cert.cert_id.to_string() == OID_X509_CERTIFICATE {
                        self.certificates.push(CertItem {
                            alias,
                            local_key_id,
                            der: cert.cert_value.as_bytes().to_vec(),
                        });
                    }
                }
                OID_SAFE_CONTENTS_BAG => self.read_bags(bag.bag_value, depth + 1)?,
                // CRL and secret bags carry nothing a signing key needs.
                _ => {}
            }
        }
        Ok(())
    }

    fn into_signing_key(
        self,
        alias: Option<&str>,
        passwords: &[Password<'_>],
        given: Option<&str>,
        budget: &mut Budget,
        rng: &dyn SecureRandom,
    ) -> Result<SigningKey> {
        let index = self.choose(alias)?;
        let Some(item) = self.keys.get(index) else {
            return Err(malformed("internal: no key entry"));
        };
        let pkcs8 = if item.shrouded {
            with_passwords(passwords, given, |p| encrypted::decrypt_pkcs8(&item.der, p, budget))?
        } else {
            item.der.clone()
        };

        // The entry's certificate: tied by localKeyId, else by alias, else any certificate.
        let related = |c: &CertItem| {
            (item.local_key_id.is_some() && c.local_key_id == item.local_key_id)
                || (item.alias.is_some() && c.alias == item.alias)
        };
        let mut order: Vec<usize> = (0..self.certificates.len())
            .filter(|i| self.certificates.get(*i).is_some_and(related))
            .collect();
        order.extend(
            (0..self.certificates.len())
                .filter(|i| !self.certificates.get(*i).is_some_and(related)),
        );
        let public_keys: Vec<Option<PublicKey>> = self
            .certificates
            .iter()
            .map(|c| PublicKey::from_certificate_der(&c.der).ok())
            .collect();
        let hints: Vec<PublicKey> =
            order.iter().filter_map(|i| public_keys.get(*i).cloned().flatten()).collect();

        let key = SigningKey::from_pkcs8_der_with_hint(&pkcs8, &hints, rng)?;
        let chosen = order
            .iter()
            .copied()
            .find(|i| public_keys.get(*i).and_then(Option::as_ref) == Some(key.public_key()))
            .or_else(|| {
                order.first().copied().filter(|i| self.certificates.get(*i).is_some_and(related))
            });

        // The chain: every other certificate not tied to another key entry.
        let other_ids: Vec<&Vec<u8>> = self
            .keys
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != index)
            .filter_map(|(_, k)| k.local_key_id.as_ref())
            .collect();
        let mut leaf = None;
        let mut chain = Vec::new();
        for (i, cert) in self.certificates.into_iter().enumerate() {
            if Some(i) == chosen {
                leaf = Some(cert.der);
            } else if !cert.local_key_id.as_ref().is_some_and(|id| other_ids.contains(&id)) {
                chain.push(cert.der);
            }
        }
        Ok(match leaf {
            Some(der) => key.with_certificate_der(der).with_certificate_chain_der(chain),
            None => key.with_certificate_chain_der(chain),
        })
    }

    /// The index of the key entry to load.
    fn choose(&self, alias: Option<&str>) -> Result<usize> {
        let aliases = || {
            let names: Vec<String> = self
                .keys
                .iter()
                .map(|k| k.alias.as_ref().map_or("(no alias)".to_owned(), |a| format!("\"{a}\"")))
                .collect();
            names.join(", ")
        };
        if self.keys.is_empty() {
            return Err(Error::new(
                ErrorCode::KeyEntryNotFound,
                format!(
                    "the PKCS#12 file holds no private key, only {} certificate(s); export it \
                     with the private key",
                    self.certificates.len()
                ),
            ));
        }
        match alias {
            None if self.keys.len() == 1 => Ok(0),
            None => Err(Error::new(
                ErrorCode::KeyEntryAmbiguous,
                format!(
                    "the PKCS#12 file holds {} keys; choose one by alias: {}",
                    self.keys.len(),
                    aliases()
                ),
            )),
            Some(wanted) => {
                let exact = self.keys.iter().position(|k| k.alias.as_deref() == Some(wanted));
                // Java keytool lowercases aliases; accept a case-only difference if unique.
                let folded = || {
                    let matches: Vec<usize> = self
                        .keys
                        .iter()
                        .enumerate()
                        .filter(|(_, k)| {
                            k.alias.as_deref().is_some_and(|a| a.eq_ignore_ascii_case(wanted))
                        })
                        .map(|(i, _)| i)
                        .collect();
                    match matches.as_slice() {
                        [one] => Some(*one),
                        _ => None,
                    }
                };
                exact.or_else(folded).ok_or_else(|| {
                    Error::new(
                        ErrorCode::KeyEntryNotFound,
                        format!(
                            "no key entry has the alias \"{wanted}\"; the file has: {}",
                            aliases()
                        ),
                    )
                })
            }
        }
    }
}

/// `friendlyName` (a BMPString) and `localKeyId` (an OCTET STRING) from a bag's attributes.
fn attributes(set: Option<AnyRef<'_>>) -> Result<(Option<String>, Option<Vec<u8>>)> {
    let mut alias = None;
    let mut local_key_id = None;
    let Some(set) = set else { return Ok((alias, local_key_id)) };
    for attribute in elements(set)? {
        let attribute: Attribute<'_> = attribute.decode_as().map_err(|e| bad_structure(&e))?;
        let first = elements(attribute.attr_values)?.into_iter().next();
        match (attribute.attr_id.to_string().as_str(), first) {
            (OID_FRIENDLY_NAME, Some(value)) if value.tag() == Tag::BmpString => {
                let units: Vec<u16> = value
                    .value()
                    .chunks_exact(2)
                    .map(|c| {
                        u16::from_be_bytes([
                            c.first().copied().unwrap_or(0),
                            c.get(1).copied().unwrap_or(0),
                        ])
                    })
                    .collect();
                alias = Some(
                    char::decode_utf16(units)
                        .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
                        .collect(),
                );
            }
            (OID_LOCAL_KEY_ID, Some(value)) if value.tag() == Tag::OctetString => {
                local_key_id = Some(value.value().to_vec());
            }
            _ => {}
        }
    }
    Ok((alias, local_key_id))
}

fn malformed(what: &str) -> Error {
    Error::new(ErrorCode::KeyMalformed, what.to_owned())
}

fn bad_structure(e: &der::Error) -> Error {
    Error::new(ErrorCode::KeyMalformed, format!("the PKCS#12 file is damaged: {e}"))
}

fn password_required() -> Error {
    Error::new(
        ErrorCode::KeyPasswordRequired,
        "the PKCS#12 file is protected by a password; pass it",
    )
}

fn password_incorrect() -> Error {
    Error::new(
        ErrorCode::KeyPasswordIncorrect,
        "the password does not open the PKCS#12 file (its integrity check failed)",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const PASSWORD: &str = "correct horse battery staple";

    /// The decrypted PKCS#8 of a fixture's only key entry.
    fn only_key(file: &[u8]) -> Zeroizing<Vec<u8>> {
        let pfx = Pfx::from_der(file).unwrap();
        let mut contents = Contents::default();
        let auth_safe = data_content(&pfx.auth_safe).unwrap();
        let mut budget = Budget::new();
        for info in elements(AnyRef::from_der(auth_safe).unwrap()).unwrap() {
            let info: ContentInfo<'_> = info.decode_as().unwrap();
            if info.content_type.to_string() == OID_DATA {
                contents.read_safe_contents(data_content(&info).unwrap(), 0).unwrap();
            }
        }
        assert_eq!(contents.keys.len(), 1);
        encrypted::decrypt_pkcs8(&contents.keys[0].der, Password::Text(PASSWORD), &mut budget)
            .unwrap()
    }

    #[test]
    fn java_ec_keys_lack_the_point_and_load_through_the_certificate() {
        let file = include_bytes!("../../../tests/keys/java-p384.p12");
        let pkcs8 = only_key(file);
        let info = pkcs8::PrivateKeyInfo::from_der(&pkcs8).unwrap();
        let ec = ::sec1::EcPrivateKey::from_der(info.private_key).unwrap();
        assert!(ec.public_key.is_none(), "Java now writes the point: this test is moot");
        #[allow(clippy::disallowed_methods)] // test randomness
        let rng = ring::rand::SystemRandom::new();
        let e = SigningKey::from_pkcs8_der(&pkcs8, &rng).unwrap_err();
        assert_eq!(e.code(), ErrorCode::KeyMalformed);
        let key = load(file, Some(PASSWORD), None, &rng).unwrap();
        assert_eq!(key.algorithm(), crate::Algorithm::Es384);
    }
}
