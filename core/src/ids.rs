//! Belgian identifiers and dates, validated before they are sent (`PLATFORM.md` §6).
//!
//! - [`Ssin`]: the social security identification number (INSZ/NISS) of a worker, a National
//!   Register number or a BIS number.
//! - [`EnterpriseNumber`]: the CBE (KBO/BCE) enterprise number of an employer or provider.
//! - [`NssoNumber`]: the NSSO (RSZ/ONSS) employer number.
//! - [`Date`]: a `yyyy-MM-dd` calendar date, as the platform's APIs exchange them.
//!
//! Each type parses what people type (dots, dashes, spaces, a `BE` prefix) and gives the wire
//! form ([`Ssin::as_str`], …) and the form people read ([`Ssin::formatted`], …). Error messages
//! say what is wrong without repeating the number, since SSINs are personal data.
//!
//! ```
//! use careerpro_fla::{EnterpriseNumber, Ssin};
//! let ssin = Ssin::parse("85.07.30-033.28").unwrap();
//! assert_eq!(ssin.as_str(), "85073003328");
//! assert_eq!(ssin.formatted(), "85.07.30-033.28");
//! assert_eq!(ssin.birth_date(), Some((1985, 7, 30)));
//!
//! let cbe = EnterpriseNumber::parse("BE 0884.303.369").unwrap();
//! assert_eq!(cbe.as_str(), "0884303369");
//! let err = EnterpriseNumber::parse("0884303370").unwrap_err();
//! assert_eq!(err.code().as_str(), "enterprise_number_invalid");
//! ```

use std::fmt;

use crate::error::{Error, ErrorCode, Result};

/// Longest text any parser here looks at; identifiers are short, so more is a mistake.
const MAX_INPUT_CHARS: usize = 64;

// --- SSIN -------------------------------------------------------------------------------------

/// A social security identification number (INSZ in Dutch, NISS in French): 11 digits
/// `YYMMDDSSSCC`, birth date, sequence number, check digits.
///
/// Check digits: `97 − (first nine digits mod 97)`; for people born from 2000 the nine digits
/// are preceded by a `2` (National Register instruction IT000; for BIS numbers the royal decree
/// of 8 February 1991, art. 4). BIS numbers add 20 (sex unknown) or 40 (sex known) to the month
/// (same decree, art. 2). Month `00` and day `00` stand for an unknown birth date, and a number
/// may carry a day that is not a calendar day when a day's sequence numbers ran out (art. 5),
/// so only the ranges are checked: month 0–12 after the BIS offset, day 0–31.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Ssin {
    digits: String,
    from_2000: bool,
}

impl Ssin {
    /// Parses an SSIN as people type it: `85.07.30-033.28`, `850730 033 28`, `85073003328`.
    pub fn parse(text: &str) -> Result<Ssin> {
        let digits = digits_of(text, ErrorCode::SsinInvalid, "an SSIN")?;
        if digits.len() != 11 {
            return Err(Error::new(
                ErrorCode::SsinInvalid,
                format!("an SSIN has 11 digits (YY.MM.DD-SSS.CC); this one has {}", digits.len()),
            ));
        }
        let base = number(digits.get(..9).unwrap_or_default());
        let check = number(digits.get(9..).unwrap_or_default());
        let from_2000 = if 97 - base % 97 == check {
            false
        } else if 97 - (2_000_000_000 + base) % 97 == check {
            true
        } else {
            return Err(Error::new(
                ErrorCode::SsinInvalid,
                "the SSIN's check digits (the last two) do not match the first nine digits; \
                 check for a typing error",
            ));
        };
        let month = number(digits.get(2..4).unwrap_or_default());
        let day = number(digits.get(4..6).unwrap_or_default());
        if !matches!(month, 0..=12 | 20..=32 | 40..=52) {
            return Err(Error::new(
                ErrorCode::SsinInvalid,
                "the SSIN's month digits (the 3rd and 4th) are not a month: 00–12, or 20–32 and \
                 40–52 for BIS numbers",
            ));
        }
        if day > 31 {
            return Err(Error::new(
                ErrorCode::SsinInvalid,
                "the SSIN's day digits (the 5th and 6th) are not a day: 00–31",
            ));
        }
        Ok(Ssin { digits, from_2000 })
    }

    /// The 11 digits, as sent on the wire.
    pub fn as_str(&self) -> &str {
        &self.digits
    }

    /// `YY.MM.DD-SSS.CC`, as printed on documents.
    pub fn formatted(&self) -> String {
        let part = |r: std::ops::Range<usize>| self.digits.get(r).unwrap_or_default();
        format!("{}.{}.{}-{}.{}", part(0..2), part(2..4), part(4..6), part(6..9), part(9..11))
    }

    /// Whether this is a BIS number (month + 20 or + 40): a person not in the National Register.
    pub fn is_bis(&self) -> bool {
        self.raw_month() >= 20
    }

    /// Whether the check digits follow the rule for people born from 2000 (the `2` prefix).
    pub fn born_from_2000(&self) -> bool {
        self.from_2000
    }

    /// Year of birth: the two digits, in the century the check digits indicate.
    pub fn birth_year(&self) -> i32 {
        let yy = i32::try_from(number(self.digits.get(..2).unwrap_or_default())).unwrap_or(0);
        yy + if self.from_2000 { 2000 } else { 1900 }
    }

    /// Date of birth `(year, month, day)`, when the number encodes a real calendar date (not
    /// for unknown months or days, nor for placeholder days).
    pub fn birth_date(&self) -> Option<(i32, u32, u32)> {
        let month = self.raw_month() % 20;
        let day = u32::try_from(number(self.digits.get(4..6).unwrap_or_default())).ok()?;
        let month = u32::try_from(month).ok()?;
        Date::new(self.birth_year(), month, day).ok().map(|d| (d.year, d.month, d.day))
    }

    fn raw_month(&self) -> u64 {
        number(self.digits.get(2..4).unwrap_or_default())
    }
}

impl fmt::Display for Ssin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.formatted())
    }
}

impl fmt::Debug for Ssin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Ssin({})", self.formatted())
    }
}

// --- enterprise number ------------------------------------------------------------------------

/// A CBE (KBO/BCE) enterprise number: 10 digits starting with 0 or 1, the last two being
/// `97 − (first eight mod 97)`.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EnterpriseNumber {
    digits: String,
}

impl EnterpriseNumber {
    /// Parses `BE 0884.303.369`, `0884.303.369`, `0884303369`, or the nine digits of an older
    /// number without its leading 0 (`884303369`).
    pub fn parse(text: &str) -> Result<EnterpriseNumber> {
        let trimmed = text.trim_start();
        let without_prefix = match trimmed.get(..2) {
            Some(p) if p.eq_ignore_ascii_case("BE") => trimmed.get(2..).unwrap_or_default(),
            _ => trimmed,
        };
        let code = ErrorCode::EnterpriseNumberInvalid;
        let mut digits = digits_of(without_prefix, code, "an enterprise number")?;
        if digits.len() == 9 {
            // Numbers from before 2005 had nine digits; a 0 was put in front of them.
            digits.insert(0, '0');
        }
        if digits.len() != 10 {
            return Err(Error::new(
                code,
                format!(
                    "an enterprise number has 10 digits (0123.456.789); this one has {}",
                    digits.len()
                ),
            ));
        }
        if !(digits.starts_with('0') || digits.starts_with('1')) {
            return Err(Error::new(code, "an enterprise number starts with 0 or 1"));
        }
        let base = number(digits.get(..8).unwrap_or_default());
        let check = number(digits.get(8..).unwrap_or_default());
        if 97 - base % 97 != check {
            return Err(Error::new(
                code,
                "the enterprise number's check digits (the last two) do not match the first \
                 eight digits; check for a typing error",
            ));
        }
        Ok(EnterpriseNumber { digits })
    }

    /// The 10 digits, as sent on the wire.
    pub fn as_str(&self) -> &str {
        &self.digits
    }

    /// `0884.303.369`, as the Crossroads Bank for Enterprises prints it.
    pub fn formatted(&self) -> String {
        let part = |r: std::ops::Range<usize>| self.digits.get(r).unwrap_or_default();
        format!("{}.{}.{}", part(0..4), part(4..7), part(7..10))
    }
}

impl fmt::Display for EnterpriseNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.formatted())
    }
}

impl fmt::Debug for EnterpriseNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "EnterpriseNumber({})", self.formatted())
    }
}

// --- NSSO number ------------------------------------------------------------------------------

/// An NSSO (RSZ/ONSS) employer number, definitive or provisional.
///
/// The rules are Belgif's `EmployerId` (github.com/belgif/openapi-employment-identifier,
/// `employment-identifier-v1.yaml`): an integer from 197 to 5999999999, with the note that
/// "provisional NSSO numbers start with 5, definitive numbers are maximum 9 digits long". So a
/// number is accepted when it is 197 to 999999999 (definitive) or 5000000000 to 5999999999
/// (provisional).
///
/// Belgif documents no check digits for it, so none are checked: a typing error that stays in
/// range is not caught here. (Third-party code describes a modulo-97 check on the last two
/// digits of definitive numbers; without an official source it is not applied.)
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NssoNumber {
    value: u64,
}

const NSSO_MIN: u64 = 197;
const NSSO_DEFINITIVE_MAX: u64 = 999_999_999;
const NSSO_PROVISIONAL: std::ops::RangeInclusive<u64> = 5_000_000_000..=5_999_999_999;

impl NssoNumber {
    /// Parses the number as people type it (`123-4567-89`, `012345678`, `5 123 456 789`).
    pub fn parse(text: &str) -> Result<NssoNumber> {
        let digits = digits_of(text, ErrorCode::NssoNumberInvalid, "an NSSO number")?;
        let significant = digits.trim_start_matches('0');
        if significant.len() > 10 {
            return Err(Error::new(
                ErrorCode::NssoNumberInvalid,
                format!("an NSSO number has at most 10 digits; this one has {}", significant.len()),
            ));
        }
        NssoNumber::from_u64(number(significant))
    }

    /// Checks a number given as an integer (the form the API exchanges).
    pub fn from_u64(value: u64) -> Result<NssoNumber> {
        if (NSSO_MIN..=NSSO_DEFINITIVE_MAX).contains(&value) || NSSO_PROVISIONAL.contains(&value) {
            return Ok(NssoNumber { value });
        }
        let why = if value < NSSO_MIN {
            "is below 197, the smallest NSSO number"
        } else if value > *NSSO_PROVISIONAL.end() {
            "is above 5999999999, the largest NSSO number"
        } else {
            "has 10 digits without starting with 5: definitive numbers have at most 9 digits \
             and provisional ones start with 5"
        };
        Err(Error::new(ErrorCode::NssoNumberInvalid, format!("the NSSO number {why}")))
    }

    /// The number, as an integer.
    pub fn value(&self) -> u64 {
        self.value
    }

    /// The number in decimal without leading zeros, as sent on the wire.
    pub fn as_str(&self) -> String {
        self.value.to_string()
    }

    /// Whether this is a provisional number (10 digits starting with 5).
    pub fn is_provisional(&self) -> bool {
        NSSO_PROVISIONAL.contains(&self.value)
    }
}

impl fmt::Display for NssoNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.value)
    }
}

impl fmt::Debug for NssoNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "NssoNumber({})", self.value)
    }
}

// --- dates ------------------------------------------------------------------------------------

/// A calendar date (proleptic Gregorian), exchanged as `yyyy-MM-dd` (RFC 3339 `full-date`,
/// which the Belgif REST guide prescribes).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Date {
    year: i32,
    month: u32,
    day: u32,
}

impl Date {
    /// A date from its parts; fails unless it is a real calendar day (29 February only in leap
    /// years) in years 0 to 9999.
    pub fn new(year: i32, month: u32, day: u32) -> Result<Date> {
        if !(0..=9999).contains(&year) {
            return Err(date_error(format!("the year {year} is outside 0000–9999")));
        }
        if !(1..=12).contains(&month) {
            return Err(date_error(format!("the month {month} is not 01–12")));
        }
        let last = days_in_month(year, month);
        if day < 1 || day > last {
            return Err(date_error(format!(
                "{year:04}-{month:02} has days 01–{last:02}, not {day:02}"
            )));
        }
        Ok(Date { year, month, day })
    }

    /// Parses `yyyy-MM-dd` exactly (surrounding spaces aside).
    pub fn parse(text: &str) -> Result<Date> {
        let t = text.trim();
        let b = t.as_bytes();
        let shape_ok = b.len() == 10
            && b.iter().enumerate().all(|(i, c)| match i {
                4 | 7 => *c == b'-',
                _ => c.is_ascii_digit(),
            });
        if !shape_ok {
            return Err(date_error(if t.chars().count() > MAX_INPUT_CHARS {
                "the date is not of the form yyyy-MM-dd (e.g. 2026-03-31)".to_owned()
            } else {
                format!("\"{t}\" is not of the form yyyy-MM-dd (e.g. 2026-03-31)")
            }));
        }
        let part = |r: std::ops::Range<usize>| number(t.get(r).unwrap_or_default());
        let year = i32::try_from(part(0..4)).unwrap_or(i32::MAX);
        let month = u32::try_from(part(5..7)).unwrap_or(u32::MAX);
        let day = u32::try_from(part(8..10)).unwrap_or(u32::MAX);
        Date::new(year, month, day)
    }

    /// The year.
    pub fn year(&self) -> i32 {
        self.year
    }

    /// The month, 1 to 12.
    pub fn month(&self) -> u32 {
        self.month
    }

    /// The day of the month, from 1.
    pub fn day(&self) -> u32 {
        self.day
    }

    /// Days since 1970-01-01 (negative before).
    pub fn days_since_epoch(&self) -> i64 {
        crate::calendar::days_from_civil(
            i64::from(self.year),
            i64::from(self.month),
            i64::from(self.day),
        )
    }

    /// The date (UTC) of a Unix time in seconds.
    pub fn from_unix(at: crate::time::UnixTime) -> Result<Date> {
        let seconds = at.as_secs();
        let (y, m, d) = crate::calendar::civil_from_days(seconds.div_euclid(86_400));
        let year = i32::try_from(y).map_err(|_| date_error("the time is out of range"))?;
        let month = u32::try_from(m).map_err(|_| date_error("the time is out of range"))?;
        let day = u32::try_from(d).map_err(|_| date_error("the time is out of range"))?;
        Date::new(year, month, day)
    }
}

pub(crate) use crate::calendar::is_leap_year;

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if is_leap_year(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl fmt::Debug for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Date({self})")
    }
}

fn date_error(message: impl Into<String>) -> Error {
    Error::new(ErrorCode::DateInvalid, message)
}

// --- shared -----------------------------------------------------------------------------------

/// The digits of `text`, dropping the separators people type (spaces, `.`, `-`, `/`).
fn digits_of(text: &str, code: ErrorCode, what: &str) -> Result<String> {
    if text.chars().count() > MAX_INPUT_CHARS {
        return Err(Error::new(code, format!("{what} is far shorter than this text")));
    }
    let mut digits = String::with_capacity(text.len());
    for (position, c) in text.chars().enumerate() {
        match c {
            '0'..='9' => digits.push(c),
            '.' | '-' | '/' => {}
            c if c.is_whitespace() => {}
            c => {
                let shown = if c.is_control() {
                    "a control character".to_owned()
                } else {
                    format!("'{c}'")
                };
                return Err(Error::new(
                    code,
                    format!(
                        "{what} has only digits (with dots, dashes or spaces between); \
                         character {} is {shown}",
                        position + 1
                    ),
                ));
            }
        }
    }
    if digits.is_empty() {
        return Err(Error::new(code, format!("{what} is empty")));
    }
    Ok(digits)
}

/// The value of a string of ASCII digits (at most 19, so it fits).
fn number(digits: &str) -> u64 {
    digits
        .bytes()
        .fold(0u64, |n, b| n.saturating_mul(10).saturating_add(u64::from(b.wrapping_sub(b'0'))))
}
