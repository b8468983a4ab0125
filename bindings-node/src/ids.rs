//! Belgian identifiers and calendar dates, parsed from the forms people type. `toString()`
//! and `toJSON()` give the wire form, so they can go straight into request bodies.

use careerpro_fla::ids;
use napi::bindgen_prelude::Either;
use napi::Env;
use napi_derive::napi;

use crate::error::OrThrow;

/// An SSIN (INSZ/NISS): `85.07.30-033.28`, `85073003328`, … Throws `ValidationError`
/// (`ssin_invalid`) for anything else.
#[napi]
#[derive(Debug)]
pub struct Ssin {
    inner: ids::Ssin,
}

#[napi]
impl Ssin {
    /// Parses an SSIN as people type it.
    #[napi(constructor)]
    pub fn new(env: Env, text: String) -> napi::Result<Ssin> {
        ids::Ssin::parse(&text).map(|inner| Ssin { inner }).or_throw(&env)
    }

    /// The 11 digits.
    #[napi(getter)]
    pub fn value(&self) -> String {
        self.inner.as_str().to_owned()
    }

    /// `YY.MM.DD-SSS.CC`.
    #[napi(getter)]
    pub fn formatted(&self) -> String {
        self.inner.formatted()
    }

    /// Whether this is a BIS number.
    #[napi(getter)]
    pub fn is_bis(&self) -> bool {
        self.inner.is_bis()
    }

    /// Year of birth.
    #[napi(getter)]
    pub fn birth_year(&self) -> i32 {
        self.inner.birth_year()
    }

    /// Date of birth, when the number encodes a real calendar date.
    #[napi(getter)]
    pub fn birth_date(&self) -> Option<CalendarDate> {
        let (y, m, d) = self.inner.birth_date()?;
        ids::Date::new(y, m, d).ok().map(|inner| CalendarDate { inner })
    }

    /// The 11 digits.
    #[napi]
    #[allow(clippy::inherent_to_string)] // JS's toString, not Rust's Display
    pub fn to_string(&self) -> String {
        self.inner.as_str().to_owned()
    }

    /// The 11 digits (for `JSON.stringify`).
    #[napi(js_name = "toJSON")]
    pub fn to_json(&self) -> String {
        self.inner.as_str().to_owned()
    }
}

/// A CBE (KBO/BCE) enterprise number: `BE 0884.303.369`, `0884303369`, … Throws
/// `ValidationError` (`enterprise_number_invalid`) for anything else.
#[napi]
#[derive(Debug)]
pub struct EnterpriseNumber {
    inner: ids::EnterpriseNumber,
}

#[napi]
impl EnterpriseNumber {
    /// Parses an enterprise number as people type it.
    #[napi(constructor)]
    pub fn new(env: Env, text: String) -> napi::Result<EnterpriseNumber> {
        ids::EnterpriseNumber::parse(&text).map(|inner| EnterpriseNumber { inner }).or_throw(&env)
    }

    /// The 10 digits.
    #[napi(getter)]
    pub fn value(&self) -> String {
        self.inner.as_str().to_owned()
    }

    /// `0884.303.369`.
    #[napi(getter)]
    pub fn formatted(&self) -> String {
        self.inner.formatted()
    }

    /// The 10 digits.
    #[napi]
    #[allow(clippy::inherent_to_string)] // JS's toString, not Rust's Display
    pub fn to_string(&self) -> String {
        self.inner.as_str().to_owned()
    }

    /// The 10 digits (for `JSON.stringify`).
    #[napi(js_name = "toJSON")]
    pub fn to_json(&self) -> String {
        self.inner.as_str().to_owned()
    }
}

/// An NSSO (RSZ/ONSS) employer number. Throws `ValidationError` (`nsso_number_invalid`).
#[napi]
#[derive(Debug)]
pub struct NssoNumber {
    inner: ids::NssoNumber,
}

#[napi]
impl NssoNumber {
    /// Parses the number as people type it (`123-4567-89`), or takes it as an integer.
    #[napi(constructor)]
    pub fn new(env: Env, value: Either<String, i64>) -> napi::Result<NssoNumber> {
        let parsed = match value {
            Either::A(text) => ids::NssoNumber::parse(&text),
            Either::B(n) => match u64::try_from(n) {
                Ok(n) => ids::NssoNumber::from_u64(n),
                Err(_) => ids::NssoNumber::parse(&n.to_string()),
            },
        };
        parsed.map(|inner| NssoNumber { inner }).or_throw(&env)
    }

    /// The number.
    #[napi(getter)]
    pub fn value(&self) -> i64 {
        crate::host::as_i64(self.inner.value())
    }

    /// Whether it is a provisional number (5 000 000 000–5 999 999 999).
    #[napi(getter)]
    pub fn is_provisional(&self) -> bool {
        self.inner.is_provisional()
    }

    /// The wire form.
    #[napi]
    #[allow(clippy::inherent_to_string)] // JS's toString, not Rust's Display
    pub fn to_string(&self) -> String {
        self.inner.as_str()
    }

    /// The wire form (for `JSON.stringify`).
    #[napi(js_name = "toJSON")]
    pub fn to_json(&self) -> String {
        self.inner.as_str()
    }
}

/// A calendar date exchanged as `yyyy-MM-dd` (the core's `Date`; named so that it does not
/// shadow JavaScript's `Date`). Throws `ValidationError` (`date_invalid`).
#[napi]
#[derive(Debug)]
pub struct CalendarDate {
    inner: ids::Date,
}

#[napi]
impl CalendarDate {
    /// Parses `yyyy-MM-dd` exactly.
    #[napi(constructor)]
    pub fn new(env: Env, text: String) -> napi::Result<CalendarDate> {
        ids::Date::parse(&text).map(|inner| CalendarDate { inner }).or_throw(&env)
    }

    /// A date from its parts (a real calendar day, years 0–9999).
    #[napi(factory)]
    pub fn from_ymd(env: Env, year: i32, month: u32, day: u32) -> napi::Result<CalendarDate> {
        ids::Date::new(year, month, day).map(|inner| CalendarDate { inner }).or_throw(&env)
    }

    /// The UTC day of a Unix time in seconds.
    #[napi(factory)]
    pub fn from_unix(env: Env, seconds: i64) -> napi::Result<CalendarDate> {
        ids::Date::from_unix(seconds).map(|inner| CalendarDate { inner }).or_throw(&env)
    }

    /// The year.
    #[napi(getter)]
    pub fn year(&self) -> i32 {
        self.inner.year()
    }

    /// The month, 1–12.
    #[napi(getter)]
    pub fn month(&self) -> u32 {
        self.inner.month()
    }

    /// The day, 1–31.
    #[napi(getter)]
    pub fn day(&self) -> u32 {
        self.inner.day()
    }

    /// Days since 1970-01-01.
    #[napi(getter)]
    pub fn days_since_epoch(&self) -> i64 {
        self.inner.days_since_epoch()
    }

    /// `yyyy-MM-dd`.
    #[napi]
    #[allow(clippy::inherent_to_string)] // JS's toString, not Rust's Display
    pub fn to_string(&self) -> String {
        self.inner.to_string()
    }

    /// `yyyy-MM-dd` (for `JSON.stringify`).
    #[napi(js_name = "toJSON")]
    pub fn to_json(&self) -> String {
        self.inner.to_string()
    }
}

/// Whether `year` is a leap year (proleptic Gregorian).
#[napi]
pub fn is_leap_year(year: i32) -> bool {
    ids::is_leap_year(year)
}
