//! `Retry-After` (RFC 9110 §10.2.3) against a `now` the caller passes, and the HTTP dates
//! (RFC 9110 §5.6.7) it may hold; the calendar arithmetic itself is in `crate::calendar`.
//!
//! ```
//! use careerpro_fla::{retry_after_seconds, UnixTime};
//! assert_eq!(retry_after_seconds("120", UnixTime::EPOCH).unwrap(), 120);
//! let now = UnixTime::from_secs(784111777);
//! assert_eq!(retry_after_seconds("Sun, 06 Nov 1994 08:50:37 GMT", now).unwrap(), 60);
//! ```

use crate::error::{Error, ErrorCode, Result};
use crate::time::UnixTime;

use crate::calendar::http_date_secs;

/// Seconds to wait from `now` per a `Retry-After` value: delta-seconds or an HTTP-date (a date
/// in the past means zero).
pub fn retry_after_seconds(value: &str, now: UnixTime) -> Result<u64> {
    let now = now.as_secs();
    let v = value.trim();
    if !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()) {
        // Absurdly long delta-seconds saturate rather than fail: the caller caps them anyway.
        return Ok(v.parse::<u64>().unwrap_or(u64::MAX));
    }
    match http_date_secs(v) {
        Some(at) => Ok(u64::try_from(at.saturating_sub(now)).unwrap_or(0)),
        None => Err(Error::new(
            ErrorCode::RetryAfterInvalid,
            format!(
                "Retry-After {:?} is neither a number of seconds nor an HTTP-date",
                v.chars().take(64).collect::<String>()
            ),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::{format_http_date, http_date_secs as parse_http_date};

    #[test]
    fn three_forms_agree() {
        let want = Some(784_111_777);
        assert_eq!(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"), want);
        assert_eq!(parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT"), want);
        assert_eq!(parse_http_date("Sun Nov  6 08:49:37 1994"), want);
    }

    #[test]
    fn format_round_trips() {
        for t in [0, 784_111_777, 1_767_225_600, 1_795_000_000, 4_102_444_799] {
            assert_eq!(
                parse_http_date(&format_http_date(UnixTime::from_secs(t))),
                Some(t),
                "{}",
                format_http_date(UnixTime::from_secs(t))
            );
        }
        assert_eq!(
            format_http_date(UnixTime::from_secs(784_111_777)),
            "Sun, 06 Nov 1994 08:49:37 GMT"
        );
    }

    #[test]
    fn retry_after_forms_and_garbage() {
        assert_eq!(retry_after_seconds(" 7 ", UnixTime::from_secs(0)).unwrap(), 7);
        assert_eq!(
            retry_after_seconds("99999999999999999999999", UnixTime::from_secs(0)).unwrap(),
            u64::MAX
        );
        assert_eq!(
            retry_after_seconds("Sun, 06 Nov 1994 08:49:37 GMT", UnixTime::from_secs(784_111_800))
                .unwrap(),
            0
        );
        for bad in [
            "",
            "-1",
            "1.5",
            "soon",
            "Sun, 32 Nov 1994 08:49:37 GMT",
            "Sun, 06 Foo 1994 08:49:37 GMT",
        ] {
            assert_eq!(
                retry_after_seconds(bad, UnixTime::from_secs(0)).unwrap_err().code(),
                ErrorCode::RetryAfterInvalid,
                "{bad}"
            );
        }
    }
}
