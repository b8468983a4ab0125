//! Identifiers drawn from the caller's random source: `jti` values and `BelGov-Trace-Id`s.
//!
//! ```
//! use careerpro_fla::uuid_v4_from_bytes;
//! assert_eq!(uuid_v4_from_bytes([0; 16]), "00000000-0000-4000-8000-000000000000");
//! ```

use ring::rand::SecureRandom;

use crate::error::{Error, ErrorCode, Result};

/// A random UUID version 4 (RFC 9562 §5.4): 122 random bits, lowercase, 36 characters.
pub fn uuid_v4(rng: &dyn SecureRandom) -> Result<String> {
    let mut bytes = [0u8; 16];
    rng.fill(&mut bytes)
        .map_err(|_| Error::new(ErrorCode::InvalidArgument, "the random source failed"))?;
    Ok(uuid_v4_from_bytes(bytes))
}

/// Formats 16 bytes as a version 4 UUID, setting the version and variant bits.
pub fn uuid_v4_from_bytes(mut bytes: [u8; 16]) -> String {
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let mut out = String::with_capacity(36);
    for (i, b) in bytes.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            out.push('-');
        }
        out.push_str(&format!("{b:02x}"));
    }
    out
}

/// A random `u64` (for jitter seeds and the like).
pub fn u64(rng: &dyn SecureRandom) -> Result<u64> {
    let mut bytes = [0u8; 8];
    rng.fill(&mut bytes)
        .map_err(|_| Error::new(ErrorCode::InvalidArgument, "the random source failed"))?;
    Ok(u64::from_le_bytes(bytes))
}
