//! Belgian identifiers and dates: parse what people type, validate, format for the wire.

use careerpro_fla::ids;
use pyo3::prelude::*;

use crate::error::OrRaise;

/// An SSIN (INSZ/NISS), validated: `Ssin("85073003328")`, `Ssin("85.07.30-033.28")`.
#[pyclass(module = "careerpro_fla._native", frozen, eq, ord, hash)]
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Ssin(pub ids::Ssin);

#[pymethods]
impl Ssin {
    #[new]
    fn new(text: &str) -> PyResult<Ssin> {
        ids::Ssin::parse(text).or_raise().map(Ssin)
    }

    /// The 11 digits, as the wire wants them.
    #[getter]
    fn value(&self) -> &str {
        self.0.as_str()
    }

    /// `YY.MM.DD-XXX.CC`, as people read it.
    fn formatted(&self) -> String {
        self.0.formatted()
    }

    /// Whether this is a BIS number (month + 20 or + 40).
    #[getter]
    fn is_bis(&self) -> bool {
        self.0.is_bis()
    }

    /// The birth year (the check digits tell the century).
    #[getter]
    fn birth_year(&self) -> i32 {
        self.0.birth_year()
    }

    /// The birth date, when the number carries a full one.
    #[getter]
    fn birth_date(&self) -> Option<Date> {
        let (y, m, d) = self.0.birth_date()?;
        ids::Date::new(y, m, d).ok().map(Date)
    }

    fn __str__(&self) -> &str {
        self.0.as_str()
    }

    fn __repr__(&self) -> String {
        format!("Ssin({})", crate::host::py_repr(self.0.as_str()))
    }
}

/// A CBE (KBO/BCE) enterprise number, validated: `EnterpriseNumber("0403.170.701")`.
#[pyclass(module = "careerpro_fla._native", frozen, eq, ord, hash)]
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EnterpriseNumber(pub ids::EnterpriseNumber);

#[pymethods]
impl EnterpriseNumber {
    #[new]
    fn new(text: &str) -> PyResult<EnterpriseNumber> {
        ids::EnterpriseNumber::parse(text).or_raise().map(EnterpriseNumber)
    }

    /// The 10 digits, as the wire wants them.
    #[getter]
    fn value(&self) -> &str {
        self.0.as_str()
    }

    /// `0403.170.701`, as people read it.
    fn formatted(&self) -> String {
        self.0.formatted()
    }

    fn __str__(&self) -> &str {
        self.0.as_str()
    }

    fn __repr__(&self) -> String {
        format!("EnterpriseNumber({})", crate::host::py_repr(self.0.as_str()))
    }
}

/// An NSSO (RSZ/ONSS) employer number, validated.
#[pyclass(module = "careerpro_fla._native", frozen, eq, ord, hash)]
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NssoNumber(pub ids::NssoNumber);

#[pymethods]
impl NssoNumber {
    /// Parses text or takes an int.
    #[new]
    fn new(value: &Bound<'_, PyAny>) -> PyResult<NssoNumber> {
        if let Ok(n) = value.extract::<u64>() {
            return ids::NssoNumber::from_u64(n).or_raise().map(NssoNumber);
        }
        let text: String = value.extract().map_err(|_| {
            crate::error::invalid_argument(format!(
                "an NSSO number must be str or int, not {}",
                crate::host::type_name(value)
            ))
        })?;
        ids::NssoNumber::parse(&text).or_raise().map(NssoNumber)
    }

    /// The number as an int.
    #[getter]
    fn value(&self) -> u64 {
        self.0.value()
    }

    /// Whether the number is a provisional one.
    #[getter]
    fn is_provisional(&self) -> bool {
        self.0.is_provisional()
    }

    fn __str__(&self) -> String {
        self.0.as_str()
    }

    fn __int__(&self) -> u64 {
        self.0.value()
    }

    fn __repr__(&self) -> String {
        format!("NssoNumber({})", crate::host::py_repr(&self.0.as_str()))
    }
}

/// A calendar date as the API sends it (`yyyy-MM-dd`), validated.
#[pyclass(module = "careerpro_fla._native", frozen, eq, ord, hash)]
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Date(pub ids::Date);

#[pymethods]
impl Date {
    /// Parses `yyyy-MM-dd`.
    #[new]
    fn new(text: &str) -> PyResult<Date> {
        ids::Date::parse(text).or_raise().map(Date)
    }

    /// A date from its parts.
    #[staticmethod]
    fn from_ymd(year: i32, month: u32, day: u32) -> PyResult<Date> {
        ids::Date::new(year, month, day).or_raise().map(Date)
    }

    /// The UTC date of a Unix time.
    #[staticmethod]
    fn from_unix(seconds: i64) -> PyResult<Date> {
        ids::Date::from_unix(seconds).or_raise().map(Date)
    }

    /// Year.
    #[getter]
    fn year(&self) -> i32 {
        self.0.year()
    }

    /// Month, 1 to 12.
    #[getter]
    fn month(&self) -> u32 {
        self.0.month()
    }

    /// Day of the month.
    #[getter]
    fn day(&self) -> u32 {
        self.0.day()
    }

    /// Days since 1970-01-01.
    fn days_since_epoch(&self) -> i64 {
        self.0.days_since_epoch()
    }

    /// `yyyy-MM-dd`.
    fn isoformat(&self) -> String {
        self.0.to_string()
    }

    fn __str__(&self) -> String {
        self.0.to_string()
    }

    fn __repr__(&self) -> String {
        format!("Date({})", crate::host::py_repr(&self.0.to_string()))
    }
}

/// Whether `year` is a leap year in the Gregorian calendar.
#[pyfunction]
pub fn is_leap_year(year: i32) -> bool {
    ids::is_leap_year(year)
}
