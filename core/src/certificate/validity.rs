//! Validity dates before 1970.
//!
//! RFC 5280 §4.1.2.5.1 encodes years 1950–2049 as UTCTime, so a certificate valid from, say,
//! 1950 is perfectly valid (PKITS test 4.2.3, `Validpre2000UTCnotBeforeDateTest3EE`). The
//! `der` crate's time types start at 1970 and refuse to decode it. This module finds the two
//! validity times in the DER, reads them itself, and gives the decoder a copy in which any time
//! before 1970 is replaced by a same-length stand-in; the certificate keeps its original bytes
//! and reports the true dates.

use crate::calendar::days_from_civil;

/// The true `(not_before, not_after)` in Unix seconds and the DER to decode, when a validity
/// time lies before 1970; `None` when the decoder can read the certificate as it is (or when
/// its structure is not what the walk expects: the decoder then reports the problem).
pub(super) fn pre_1970(der: &[u8]) -> Option<(i64, i64, Vec<u8>)> {
    let (cert, _) = tlv(der, 0x30)?;
    let (tbs, _) = tlv(cert, 0x30)?;
    let mut rest = tbs;
    if rest.first() == Some(&0xa0) {
        rest = skip(rest)?; // version
    }
    for _ in 0..3 {
        rest = skip(rest)?; // serial, signature algorithm, issuer
    }
    let (validity, _) = tlv(rest, 0x30)?;
    let validity_at = offset_in(der, validity)?;
    let (first, after_first) = time(validity)?;
    let (second, _) = time(after_first)?;
    if first.seconds >= 0 && second.seconds >= 0 {
        return None;
    }
    let mut patched = der.to_vec();
    for t in [&first, &second] {
        if t.seconds < 0 {
            // 1970-01-01T00:00:00Z in the same encoding and length as the original.
            let stand_in: &[u8] = if t.generalized { b"19700101000000Z" } else { b"700101000000Z" };
            let at = validity_at.checked_add(t.offset)?;
            patched.get_mut(at..at.checked_add(stand_in.len())?)?.copy_from_slice(stand_in);
        }
    }
    Some((first.seconds, second.seconds, patched))
}

struct Time {
    /// Unix seconds.
    seconds: i64,
    /// Where the value (after tag and length) starts, from the start of the validity content.
    offset: usize,
    generalized: bool,
}

/// Reads a UTCTime (`YYMMDDHHMMSSZ`) or GeneralizedTime (`YYYYMMDDHHMMSSZ`), the DER forms
/// RFC 5280 §4.1.2.5 allows, from the start of `input`; answers it and what follows.
fn time(input: &[u8]) -> Option<(Time, &[u8])> {
    let tag = *input.first()?;
    let (value, rest) = match tag {
        0x17 => tlv(input, 0x17)?,
        0x18 => tlv(input, 0x18)?,
        _ => return None,
    };
    let header = input.len().checked_sub(rest.len())?.checked_sub(value.len())?;
    let digits = value.strip_suffix(b"Z")?;
    if !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let number = |range: std::ops::Range<usize>| -> Option<i64> {
        digits.get(range)?.iter().try_fold(0i64, |n, d| Some(n * 10 + i64::from(d - b'0')))
    };
    let (year, tail) = match (tag, digits.len()) {
        (0x17, 12) => {
            let yy = number(0..2)?;
            (if yy >= 50 { 1900 + yy } else { 2000 + yy }, 2)
        }
        (0x18, 14) => (number(0..4)?, 4),
        _ => return None,
    };
    let (month, day) = (number(tail..tail + 2)?, number(tail + 2..tail + 4)?);
    let (h, m, s) =
        (number(tail + 4..tail + 6)?, number(tail + 6..tail + 8)?, number(tail + 8..tail + 10)?);
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || h > 23 || m > 59 || s > 59 {
        return None;
    }
    let seconds = days_from_civil(year, month, day) * 86_400 + h * 3600 + m * 60 + s;
    Some((Time { seconds, offset: header, generalized: tag == 0x18 }, rest))
}

/// The content of the TLV with `tag` at the start of `input`, and what follows it.
fn tlv(input: &[u8], tag: u8) -> Option<(&[u8], &[u8])> {
    if *input.first()? != tag {
        return None;
    }
    let first = *input.get(1)?;
    let (len, header) = if first < 0x80 {
        (usize::from(first), 2)
    } else {
        let n = usize::from(first & 0x7f);
        if n == 0 || n > 3 {
            return None;
        }
        let len = input.get(2..2 + n)?.iter().fold(0usize, |l, b| (l << 8) | usize::from(*b));
        (len, 2 + n)
    };
    let end = header.checked_add(len)?;
    Some((input.get(header..end)?, input.get(end..)?))
}

/// What follows the TLV at the start of `input`, whatever its tag.
fn skip(input: &[u8]) -> Option<&[u8]> {
    tlv(input, *input.first()?).map(|(_, rest)| rest)
}

/// Where `part` (a sub-slice of `whole`) starts in `whole`.
fn offset_in(whole: &[u8], part: &[u8]) -> Option<usize> {
    (part.as_ptr() as usize).checked_sub(whole.as_ptr() as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_both_time_forms() {
        let (t, rest) = time(b"\x17\x0d500101000000Z\x05\x00").unwrap();
        assert_eq!(t.seconds, -631_152_000);
        assert_eq!(rest, b"\x05\x00");
        let (t, _) = time(b"\x17\x0d491231235959Z").unwrap();
        assert_eq!(t.seconds, 2_524_607_999);
        let (t, _) = time(b"\x18\x0f19691231235959Z").unwrap();
        assert_eq!(t.seconds, -1);
        assert!(time(b"\x17\x0d5001010000Z").is_none());
        assert!(time(b"\x17\x0d501301000000Z").is_none());
    }

    #[test]
    fn ignores_what_it_does_not_understand() {
        assert!(pre_1970(b"").is_none());
        assert!(pre_1970(b"\x30\x03\x02\x01\x00").is_none());
        assert!(pre_1970(&[0x30, 0x84, 0xff, 0xff, 0xff, 0xff]).is_none());
    }
}

#[cfg(test)]
mod fixture {
    #[test]
    #[allow(clippy::unwrap_used)]
    fn the_1950_certificate_parses() {
        let pem = include_bytes!("../../../tests/keys/certificates/pre2000-utctime.pem");
        let c = crate::certificate::Certificate::parse(pem).unwrap();
        assert_eq!(c.not_before(), crate::UnixTime::from_secs(-631_152_000));
        assert_eq!(c.not_after(), crate::UnixTime::from_secs(2_524_607_999));
    }
}
