//! Password-based decryption of private keys and PKCS#12 contents.
//!
//! - PBES2 (RFC 8018 §6.2): PBKDF2 (§5.2) with HMAC-SHA-1/256/384/512, then AES-128/192/256-CBC
//!   or DES-EDE3-CBC. What OpenSSL 3, Java 17 and current Windows write.
//! - The PKCS#12 PBE schemes (RFC 7292 Appendix C): `pbeWithSHAAnd3-KeyTripleDES-CBC`,
//!   `…2-KeyTripleDES-CBC`, `…128BitRC2-CBC`, `…40BitRC2-CBC`, keyed by the PKCS#12 KDF
//!   (Appendix B) with SHA-1. What `openssl pkcs12 -legacy`, older Java and Windows exports
//!   write.
//!
//! PBKDF2 and HMAC come from *ring*; the CBC ciphers from RustCrypto (*ring* has no CBC).
//! Every derived key and every plaintext lives in a [`Zeroizing`] buffer. Iteration counts are
//! capped per derivation and per file ([`Budget`]) so hostile input cannot make a load hang.

use std::num::NonZeroU32;

use cbc::cipher::block_padding::Pkcs7;
use cbc::cipher::{BlockCipher, BlockDecryptMut, InnerIvInit, KeyInit};
use der::asn1::{AnyRef, OctetStringRef};
use der::{Decode as _, Sequence};
use pkcs8::spki::AlgorithmIdentifierRef;
use zeroize::Zeroizing;

use crate::error::{Error, ErrorCode, Result};

/// Most iterations one key derivation may ask for. RFC 8018 §4.2 calls 10 000 000 appropriate
/// "for especially critical keys"; real files use 2 048 (OpenSSL) to 600 000.
pub(crate) const MAX_ITERATIONS: u32 = 10_000_000;

/// Most iterations all derivations of one file may ask for together (a PKCS#12 file derives
/// a MAC key, then a key and an IV per encrypted part).
pub(crate) const MAX_TOTAL_ITERATIONS: u64 = 3 * MAX_ITERATIONS as u64;

/// The work a file may still cause, in KDF iterations.
#[derive(Debug)]
pub(crate) struct Budget {
    left: u64,
}

impl Budget {
    pub(crate) fn new() -> Budget {
        Budget { left: MAX_TOTAL_ITERATIONS }
    }

    pub(crate) fn spend(&mut self, iterations: u32) -> Result<()> {
        if iterations > MAX_ITERATIONS || u64::from(iterations) > self.left {
            return Err(Error::new(
                ErrorCode::InputTooLarge,
                format!(
                    "the key file asks for {iterations} key-derivation iterations; at most \
                     {MAX_ITERATIONS} per derivation and {MAX_TOTAL_ITERATIONS} per file are \
                     accepted"
                ),
            ));
        }
        self.left -= u64::from(iterations);
        Ok(())
    }
}

/// How a password becomes bytes. PBES2 takes the UTF-8 bytes; the PKCS#12 KDF takes a
/// BMPString with two zero bytes at the end (RFC 7292 Appendix B.1) — except when there is
/// no password at all, which OpenSSL encodes as zero bytes. Both empty forms are tried.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Password<'a> {
    /// A password, possibly empty.
    Text(&'a str),
    /// No password (OpenSSL's `NULL`): empty input to every KDF.
    Absent,
}

impl std::fmt::Debug for Password<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Password::Text(_) => "Password([redacted])",
            Password::Absent => "Password(absent)",
        })
    }
}

impl Password<'_> {
    /// The UTF-8 form, for PBKDF2.
    pub(crate) fn pbkdf2_bytes(&self) -> &[u8] {
        match self {
            Password::Text(t) => t.as_bytes(),
            Password::Absent => &[],
        }
    }

    /// The BMPString form with its terminator, for the PKCS#12 KDF (RFC 7292 Appendix B.1).
    pub(crate) fn bmp_bytes(&self) -> Result<Zeroizing<Vec<u8>>> {
        let mut out = Zeroizing::new(Vec::new());
        if let Password::Text(t) = self {
            for c in t.chars() {
                // BMPString holds the Basic Multilingual Plane only (UCS-2, no surrogates).
                let code = u16::try_from(u32::from(c)).map_err(|_| {
                    Error::new(
                        ErrorCode::KeyPasswordIncorrect,
                        "the password has a character outside the Basic Multilingual Plane, \
                         which PKCS#12 cannot encode",
                    )
                })?;
                out.extend_from_slice(&code.to_be_bytes());
            }
            out.extend_from_slice(&[0, 0]);
        }
        Ok(out)
    }
}

/// `EncryptedPrivateKeyInfo` (RFC 5958 §3).
#[derive(Sequence)]
struct EncryptedPrivateKeyInfo<'a> {
    encryption_algorithm: AlgorithmIdentifierRef<'a>,
    encrypted_data: OctetStringRef<'a>,
}

/// Decrypts an `EncryptedPrivateKeyInfo` to the PKCS#8 `PrivateKeyInfo` DER inside.
pub(crate) fn decrypt_pkcs8(
    der_bytes: &[u8],
    password: Password<'_>,
    budget: &mut Budget,
) -> Result<Zeroizing<Vec<u8>>> {
    let info = EncryptedPrivateKeyInfo::from_der(der_bytes).map_err(|e| {
        Error::new(ErrorCode::KeyMalformed, format!("not an encrypted PKCS#8 key: {e}"))
    })?;
    decrypt(&info.encryption_algorithm, password, info.encrypted_data.as_bytes(), budget)
        .map_err(wrong_password_if_padding)
}

/// A padding failure after decryption means the key was wrong: with no MAC to check first,
/// that is how a wrong password shows.
fn wrong_password_if_padding(e: Error) -> Error {
    if e.message() == PADDING_MESSAGE {
        Error::new(
            ErrorCode::KeyPasswordIncorrect,
            "the password does not open the encrypted private key (or the file is damaged)",
        )
    } else {
        e
    }
}

const PADDING_MESSAGE: &str = "the decrypted data has bad padding";

const OID_PBES2: &str = "1.2.840.113549.1.5.13";
const OID_PBKDF2: &str = "1.2.840.113549.1.5.12";
const OID_SCRYPT: &str = "1.3.6.1.4.1.11591.4.11";
const OID_HMAC_SHA1: &str = "1.2.840.113549.2.7";
const OID_HMAC_SHA256: &str = "1.2.840.113549.2.9";
const OID_HMAC_SHA384: &str = "1.2.840.113549.2.10";
const OID_HMAC_SHA512: &str = "1.2.840.113549.2.11";
const OID_AES128_CBC: &str = "2.16.840.1.101.3.4.1.2";
const OID_AES192_CBC: &str = "2.16.840.1.101.3.4.1.22";
const OID_AES256_CBC: &str = "2.16.840.1.101.3.4.1.42";
const OID_DES_EDE3_CBC: &str = "1.2.840.113549.3.7";
const OID_PKCS12_3DES: &str = "1.2.840.113549.1.12.1.3";
const OID_PKCS12_2DES: &str = "1.2.840.113549.1.12.1.4";
const OID_PKCS12_RC2_128: &str = "1.2.840.113549.1.12.1.5";
const OID_PKCS12_RC2_40: &str = "1.2.840.113549.1.12.1.6";

/// Decrypts `data` with the scheme `algorithm` names. Fails with `KeyMalformed` and
/// [`PADDING_MESSAGE`] when the plaintext's padding is wrong (a wrong key, usually).
pub(crate) fn decrypt(
    algorithm: &AlgorithmIdentifierRef<'_>,
    password: Password<'_>,
    data: &[u8],
    budget: &mut Budget,
) -> Result<Zeroizing<Vec<u8>>> {
    let oid = algorithm.oid.to_string();
    match oid.as_str() {
        OID_PBES2 => pbes2(params(algorithm)?, password, data, budget),
        OID_PKCS12_3DES | OID_PKCS12_2DES | OID_PKCS12_RC2_128 | OID_PKCS12_RC2_40 => {
            pkcs12_pbe(&oid, params(algorithm)?, password, data, budget)
        }
        other => Err(Error::new(
            ErrorCode::KeyUnsupported,
            format!(
                "the key is encrypted with {}, which is not supported; re-encrypt it with \
                 `openssl pkcs8 -topk8 -v2 aes-256-cbc` (or `openssl pkcs12 -export` for .p12)",
                scheme_name(other)
            ),
        )),
    }
}

fn scheme_name(oid: &str) -> String {
    let name = match oid {
        "1.2.840.113549.1.12.1.1" => "pbeWithSHAAnd128BitRC4",
        "1.2.840.113549.1.12.1.2" => "pbeWithSHAAnd40BitRC4",
        "1.2.840.113549.1.5.3" => "PBES1 pbeWithMD5AndDES-CBC",
        "1.2.840.113549.1.5.6" => "PBES1 pbeWithMD5AndRC2-CBC",
        "1.2.840.113549.1.5.10" => "PBES1 pbeWithSHA1AndDES-CBC",
        "1.2.840.113549.1.5.11" => "PBES1 pbeWithSHA1AndRC2-CBC",
        _ => return oid.to_owned(),
    };
    format!("{name} ({oid})")
}

fn params<'a>(algorithm: &AlgorithmIdentifierRef<'a>) -> Result<AnyRef<'a>> {
    algorithm.parameters.ok_or_else(|| malformed("the encryption parameters are missing"))
}

fn malformed(what: &str) -> Error {
    Error::new(ErrorCode::KeyMalformed, what.to_owned())
}

/// `PBES2-params` (RFC 8018 §A.4).
#[derive(Sequence)]
struct Pbes2Params<'a> {
    key_derivation_func: AlgorithmIdentifierRef<'a>,
    encryption_scheme: AlgorithmIdentifierRef<'a>,
}

/// `PBKDF2-params` (RFC 8018 §A.2); the salt's `otherSource` choice is unused in practice.
#[derive(Sequence)]
struct Pbkdf2Params<'a> {
    salt: OctetStringRef<'a>,
    iteration_count: u32,
    #[asn1(optional = "true")]
    key_length: Option<u32>,
    #[asn1(optional = "true")]
    prf: Option<AlgorithmIdentifierRef<'a>>,
}

fn pbes2(
    params: AnyRef<'_>,
    password: Password<'_>,
    data: &[u8],
    budget: &mut Budget,
) -> Result<Zeroizing<Vec<u8>>> {
    let p: Pbes2Params<'_> =
        params.decode_as().map_err(|e| malformed(&format!("bad PBES2 parameters: {e}")))?;
    let kdf_oid = p.key_derivation_func.oid.to_string();
    if kdf_oid == OID_SCRYPT {
        return Err(Error::new(
            ErrorCode::KeyUnsupported,
            "keys encrypted with scrypt are not supported; re-encrypt with \
             `openssl pkcs8 -topk8 -v2 aes-256-cbc`",
        ));
    }
    if kdf_oid != OID_PBKDF2 {
        return Err(Error::new(
            ErrorCode::KeyUnsupported,
            format!("the PBES2 key derivation {kdf_oid} is not supported; PBKDF2 is"),
        ));
    }
    let kdf: Pbkdf2Params<'_> = params_of(&p.key_derivation_func)?
        .decode_as()
        .map_err(|e| malformed(&format!("bad PBKDF2 parameters: {e}")))?;
    let prf = match kdf.prf.map(|a| a.oid.to_string()).as_deref() {
        None | Some(OID_HMAC_SHA1) => ring::pbkdf2::PBKDF2_HMAC_SHA1,
        Some(OID_HMAC_SHA256) => ring::pbkdf2::PBKDF2_HMAC_SHA256,
        Some(OID_HMAC_SHA384) => ring::pbkdf2::PBKDF2_HMAC_SHA384,
        Some(OID_HMAC_SHA512) => ring::pbkdf2::PBKDF2_HMAC_SHA512,
        Some(other) => {
            return Err(Error::new(
                ErrorCode::KeyUnsupported,
                format!("the PBKDF2 function {other} is not supported; HMAC-SHA-1/256/384/512 are"),
            ))
        }
    };
    let enc_oid = p.encryption_scheme.oid.to_string();
    let key_len = match enc_oid.as_str() {
        OID_AES128_CBC => 16,
        OID_AES192_CBC => 24,
        OID_AES256_CBC => 32,
        OID_DES_EDE3_CBC => 24,
        other => {
            return Err(Error::new(
                ErrorCode::KeyUnsupported,
                format!(
                    "the PBES2 cipher {other} is not supported; AES-128/192/256-CBC and \
                     DES-EDE3-CBC are"
                ),
            ))
        }
    };
    if kdf.key_length.is_some_and(|l| l != key_len) {
        return Err(malformed("the PBKDF2 key length does not fit the cipher"));
    }
    let iv: OctetStringRef<'_> = params_of(&p.encryption_scheme)?
        .decode_as()
        .map_err(|_| malformed("the cipher's IV is missing or malformed"))?;
    let iterations = NonZeroU32::new(kdf.iteration_count)
        .ok_or_else(|| malformed("the PBKDF2 iteration count is zero"))?;
    budget.spend(iterations.get())?;
    let mut key = Zeroizing::new(vec![0u8; usize::try_from(key_len).unwrap_or(32)]);
    ring::pbkdf2::derive(prf, iterations, kdf.salt.as_bytes(), password.pbkdf2_bytes(), &mut key);
    let iv = iv.as_bytes();
    match enc_oid.as_str() {
        OID_AES128_CBC => cbc_decrypt(aes::Aes128::new_from_slice(&key).ok(), iv, data),
        OID_AES192_CBC => cbc_decrypt(aes::Aes192::new_from_slice(&key).ok(), iv, data),
        OID_AES256_CBC => cbc_decrypt(aes::Aes256::new_from_slice(&key).ok(), iv, data),
        _ => cbc_decrypt(des::TdesEde3::new_from_slice(&key).ok(), iv, data),
    }
}

fn params_of<'a>(algorithm: &AlgorithmIdentifierRef<'a>) -> Result<AnyRef<'a>> {
    params(algorithm)
}

/// `pkcs-12PbeParams` (RFC 7292 Appendix C).
#[derive(Sequence)]
struct Pkcs12PbeParams<'a> {
    salt: OctetStringRef<'a>,
    iterations: u32,
}

fn pkcs12_pbe(
    oid: &str,
    params: AnyRef<'_>,
    password: Password<'_>,
    data: &[u8],
    budget: &mut Budget,
) -> Result<Zeroizing<Vec<u8>>> {
    let p: Pkcs12PbeParams<'_> =
        params.decode_as().map_err(|e| malformed(&format!("bad PKCS#12 PBE parameters: {e}")))?;
    let (key_len, iv_len) = match oid {
        OID_PKCS12_3DES => (24, 8),
        OID_PKCS12_2DES => (16, 8),
        OID_PKCS12_RC2_128 => (16, 8),
        _ => (5, 8),
    };
    let salt = p.salt.as_bytes();
    let key = pkcs12_kdf(
        Pkcs12Digest::Sha1,
        password,
        salt,
        pkcs12::kdf::Pkcs12KeyType::EncryptionKey,
        p.iterations,
        key_len,
        budget,
    )?;
    let iv = pkcs12_kdf(
        Pkcs12Digest::Sha1,
        password,
        salt,
        pkcs12::kdf::Pkcs12KeyType::Iv,
        p.iterations,
        iv_len,
        budget,
    )?;
    match oid {
        OID_PKCS12_3DES => cbc_decrypt(des::TdesEde3::new_from_slice(&key).ok(), &iv, data),
        OID_PKCS12_2DES => cbc_decrypt(des::TdesEde2::new_from_slice(&key).ok(), &iv, data),
        OID_PKCS12_RC2_128 => {
            cbc_decrypt(Some(rc2::Rc2::new_with_eff_key_len(&key, 128)), &iv, data)
        }
        _ => cbc_decrypt(Some(rc2::Rc2::new_with_eff_key_len(&key, 40)), &iv, data),
    }
}

/// The digests the PKCS#12 KDF runs with here.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Pkcs12Digest {
    Sha1,
    Sha256,
    Sha384,
    Sha512,
}

impl Pkcs12Digest {
    pub(crate) fn output_len(self) -> usize {
        match self {
            Pkcs12Digest::Sha1 => 20,
            Pkcs12Digest::Sha256 => 32,
            Pkcs12Digest::Sha384 => 48,
            Pkcs12Digest::Sha512 => 64,
        }
    }
}

/// The PKCS#12 KDF (RFC 7292 Appendix B.2), counted against the budget.
pub(crate) fn pkcs12_kdf(
    digest: Pkcs12Digest,
    password: Password<'_>,
    salt: &[u8],
    id: pkcs12::kdf::Pkcs12KeyType,
    iterations: u32,
    len: usize,
    budget: &mut Budget,
) -> Result<Zeroizing<Vec<u8>>> {
    if iterations == 0 {
        return Err(malformed("the PKCS#12 iteration count is zero"));
    }
    budget.spend(iterations)?;
    let rounds = i32::try_from(iterations).map_err(|_| malformed("iteration count too large"))?;
    let pass = password.bmp_bytes()?;
    use pkcs12::kdf::derive_key;
    Ok(Zeroizing::new(match digest {
        Pkcs12Digest::Sha1 => derive_key::<sha1::Sha1>(&pass, salt, id, rounds, len),
        Pkcs12Digest::Sha256 => derive_key::<sha2::Sha256>(&pass, salt, id, rounds, len),
        Pkcs12Digest::Sha384 => derive_key::<sha2::Sha384>(&pass, salt, id, rounds, len),
        Pkcs12Digest::Sha512 => derive_key::<sha2::Sha512>(&pass, salt, id, rounds, len),
    }))
}

/// CBC decryption with PKCS#7 padding (RFC 8018 §6.1.1 step 4 / RFC 5652 §6.3).
fn cbc_decrypt<C>(cipher: Option<C>, iv: &[u8], data: &[u8]) -> Result<Zeroizing<Vec<u8>>>
where
    C: BlockDecryptMut + BlockCipher,
{
    let cipher = cipher.ok_or_else(|| malformed("the derived key has the wrong length"))?;
    let decryptor = cbc::Decryptor::<C>::inner_iv_slice_init(cipher, iv)
        .map_err(|_| malformed("the cipher's IV has the wrong length"))?;
    let mut buf = Zeroizing::new(data.to_vec());
    let len = decryptor
        .decrypt_padded_mut::<Pkcs7>(&mut buf)
        .map_err(|_| malformed(PADDING_MESSAGE))?
        .len();
    buf.truncate(len);
    Ok(buf)
}

/// Whether an error is the "bad padding" a wrong key causes.
pub(crate) fn is_padding_error(e: &Error) -> bool {
    e.code() == ErrorCode::KeyMalformed && e.message() == PADDING_MESSAGE
}

#[cfg(test)]
mod tests {
    use der::Encode as _;

    use super::*;

    /// An `EncryptedPrivateKeyInfo` (PBES2, PBKDF2-HMAC-SHA256, AES-256-CBC) over garbage.
    fn pbes2_info(iterations: u32) -> Vec<u8> {
        let oid = |s: &str| der::asn1::ObjectIdentifier::new(s).unwrap();
        let salt = [1u8; 8];
        let iv = [2u8; 16];
        let kdf = Pbkdf2Params {
            salt: OctetStringRef::new(&salt).unwrap(),
            iteration_count: iterations,
            key_length: None,
            prf: Some(AlgorithmIdentifierRef {
                oid: oid(OID_HMAC_SHA256),
                parameters: Some(AnyRef::NULL),
            }),
        }
        .to_der()
        .unwrap();
        let iv = OctetStringRef::new(&iv).unwrap().to_der().unwrap();
        let params = Pbes2Params {
            key_derivation_func: AlgorithmIdentifierRef {
                oid: oid(OID_PBKDF2),
                parameters: Some(AnyRef::from_der(&kdf).unwrap()),
            },
            encryption_scheme: AlgorithmIdentifierRef {
                oid: oid(OID_AES256_CBC),
                parameters: Some(AnyRef::from_der(&iv).unwrap()),
            },
        }
        .to_der()
        .unwrap();
        EncryptedPrivateKeyInfo {
            encryption_algorithm: AlgorithmIdentifierRef {
                oid: oid(OID_PBES2),
                parameters: Some(AnyRef::from_der(&params).unwrap()),
            },
            encrypted_data: OctetStringRef::new(&[7u8; 32]).unwrap(),
        }
        .to_der()
        .unwrap()
    }

    #[test]
    fn hostile_iteration_counts_are_refused_before_any_work() {
        let mut budget = Budget::new();
        let info = pbes2_info(MAX_ITERATIONS + 1);
        let e = decrypt_pkcs8(&info, Password::Text("pw"), &mut budget).unwrap_err();
        assert_eq!(e.code(), ErrorCode::InputTooLarge);
        let e =
            decrypt_pkcs8(&pbes2_info(u32::MAX), Password::Text("pw"), &mut budget).unwrap_err();
        assert_eq!(e.code(), ErrorCode::InputTooLarge);
        let e = decrypt_pkcs8(&pbes2_info(0), Password::Text("pw"), &mut budget).unwrap_err();
        assert_eq!(e.code(), ErrorCode::KeyMalformed);
        // A sane count runs; the garbage then fails as a wrong password would, or decrypts to
        // something that is no key (the caller reports that as a wrong password too).
        match decrypt_pkcs8(&pbes2_info(10), Password::Text("pw"), &mut budget) {
            Err(e) => assert_eq!(e.code(), ErrorCode::KeyPasswordIncorrect),
            Ok(plain) => assert!(plain.len() < 32),
        }
    }

    #[test]
    fn budget_caps_each_derivation_and_the_file() {
        let mut budget = Budget::new();
        assert_eq!(budget.spend(MAX_ITERATIONS + 1).unwrap_err().code(), ErrorCode::InputTooLarge);
        for _ in 0..3 {
            budget.spend(MAX_ITERATIONS).unwrap();
        }
        assert_eq!(budget.spend(1).unwrap_err().code(), ErrorCode::InputTooLarge);
    }

    #[test]
    fn password_debug_is_redacted() {
        assert_eq!(format!("{:?}", Password::Text("secret")), "Password([redacted])");
    }

    #[test]
    fn password_encodings() {
        // RFC 7292 Appendix B.1: BMPString, big-endian, with a two-byte terminator.
        assert_eq!(*Password::Text("ab").bmp_bytes().unwrap(), [0, 0x61, 0, 0x62, 0, 0]);
        assert_eq!(*Password::Text("é").bmp_bytes().unwrap(), [0, 0xe9, 0, 0]);
        assert_eq!(*Password::Text("").bmp_bytes().unwrap(), [0, 0]);
        assert!(Password::Absent.bmp_bytes().unwrap().is_empty());
        assert_eq!(Password::Text("ab").pbkdf2_bytes(), b"ab");
        assert!(Password::Absent.pbkdf2_bytes().is_empty());
        let e = Password::Text("🔑").bmp_bytes().unwrap_err();
        assert!(!e.message().contains('🔑'));
    }

    #[test]
    fn unknown_schemes_are_unsupported() {
        let alg = AlgorithmIdentifierRef {
            oid: der::asn1::ObjectIdentifier::new("1.2.840.113549.1.12.1.1").unwrap(),
            parameters: None,
        };
        let e = decrypt(&alg, Password::Absent, &[], &mut Budget::new()).unwrap_err();
        assert_eq!(e.code(), ErrorCode::KeyUnsupported);
        assert!(e.message().contains("RC4"), "{e}");
    }
}
