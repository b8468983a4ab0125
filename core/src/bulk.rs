//! Many records in, many API requests out: a [`BulkSpec`] says which path each record goes to
//! and how its fields are checked; [`build`] validates every row, converts identifiers, dates
//! and CSV text to their wire form, and builds one [`HttpRequest`] per good row. Every bad
//! value is reported ([`RowError`]: row, field, code, message) instead of stopping at the first,
//! so a host can show a data team the whole list at once.
//!
//! Conversions ([`FieldKind::convert`]): SSINs and enterprise numbers become their digits,
//! NSSO numbers an integer, dates `yyyy-MM-dd` (`PLATFORM.md` §6); text from CSV files becomes
//! an integer, number or boolean where the field's kind asks for one (`"12"` → `12`,
//! `"yes"` → `true`). Null is an empty cell (pandas' NaN, once the host mapped it to null), and
//! so is blank text in a field whose kind converts text: both are sent as JSON null, and fail
//! only where a value is needed (a `required` field, a path field).
//!
//! ```
//! use careerpro_fla::{build_bulk as build, BulkSpec};
//! use careerpro_fla::{ErrorCode, SystemRandom};
//! use serde_json::{json, Value};
//!
//! let spec: BulkSpec = serde_json::from_value(json!({
//!     "path": "/employers/{enterpriseNumber}/trainings",
//!     "fields": {"ssin": "ssin", "enterpriseNumber": "enterprise_number", "hours": "integer"},
//! }))
//! .unwrap();
//! let rows = json!([
//!     {"enterpriseNumber": "BE 0884.303.369", "ssin": "85.07.30-033.28", "hours": "14"},
//!     {"enterpriseNumber": "0884303369", "ssin": "85073003329", "hours": "fourteen"},
//! ]);
//! let rows = serde_json::from_value(rows).unwrap();
//! let base = "https://services.socialsecurity.be/REST/federalLearningAccount/v1";
//! let out = build(&spec, rows, base, "access-token", &SystemRandom::new()).unwrap();
//!
//! assert_eq!(out.rows, [0]);
//! assert_eq!(out.requests[0].url, format!("{base}/employers/0884303369/trainings"));
//! let body: Value = serde_json::from_str(out.requests[0].body.as_deref().unwrap()).unwrap();
//! assert_eq!(body, json!({"ssin": "85073003328", "hours": 14}));
//!
//! let report: Vec<_> =
//!     out.errors.iter().map(|e| (e.row, e.field.as_deref(), e.code)).collect();
//! assert_eq!(
//!     report,
//!     [(1, Some("hours"), ErrorCode::InvalidArgument), (1, Some("ssin"), ErrorCode::SsinInvalid)]
//! );
//! ```

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;

use ring::rand::SecureRandom;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Number, Value};

use crate::api::{ApiRequest, BaseUrl};
use crate::error::{Error, ErrorCode, Result};
use crate::http::{percent_encode, HttpRequest, Method};
use crate::ids::{Date, EnterpriseNumber, NssoNumber, Ssin};
use crate::random::uuid_v4_from_bytes;

/// The field → kind mapping used when a spec gives none: the names the FLA examples and the
/// Belgif guide use for identifiers and dates. Other fields are sent as they are.
pub const DEFAULT_FIELDS: &[(&str, FieldKind)] = &[
    ("ssin", FieldKind::Ssin),
    ("enterpriseNumber", FieldKind::EnterpriseNumber),
    ("employerId", FieldKind::NssoNumber),
    ("nssoNumber", FieldKind::NssoNumber),
    ("startDate", FieldKind::Date),
    ("endDate", FieldKind::Date),
    ("date", FieldKind::Date),
    ("birthDate", FieldKind::Date),
];

/// [`DEFAULT_FIELDS`] as a map, the shape [`BulkSpec::fields`] takes.
pub fn default_fields() -> BTreeMap<String, FieldKind> {
    DEFAULT_FIELDS.iter().map(|(name, kind)| ((*name).to_owned(), *kind)).collect()
}

/// What a field is checked and converted as (see [`FieldKind::convert`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum FieldKind {
    /// An SSIN (INSZ/NISS), sent as its 11 digits.
    Ssin,
    /// A CBE enterprise number, sent as its 10 digits.
    EnterpriseNumber,
    /// An NSSO employer number, sent as an integer.
    NssoNumber,
    /// A calendar date, sent as `yyyy-MM-dd`.
    Date,
    /// Text, sent as it is.
    String,
    /// A whole number.
    Integer,
    /// Any finite number.
    Number,
    /// `true` or `false`.
    Boolean,
    /// Anything, sent as it is (the kind of fields the spec does not name).
    Any,
}

impl FieldKind {
    /// Every kind, in declaration order.
    pub const ALL: [FieldKind; 9] = [
        FieldKind::Ssin,
        FieldKind::EnterpriseNumber,
        FieldKind::NssoNumber,
        FieldKind::Date,
        FieldKind::String,
        FieldKind::Integer,
        FieldKind::Number,
        FieldKind::Boolean,
        FieldKind::Any,
    ];

    /// The snake_case name, identical in every language.
    pub const fn as_str(self) -> &'static str {
        match self {
            FieldKind::Ssin => "ssin",
            FieldKind::EnterpriseNumber => "enterprise_number",
            FieldKind::NssoNumber => "nsso_number",
            FieldKind::Date => "date",
            FieldKind::String => "string",
            FieldKind::Integer => "integer",
            FieldKind::Number => "number",
            FieldKind::Boolean => "boolean",
            FieldKind::Any => "any",
        }
    }

    /// The kind with this name (exact, snake_case).
    ///
    /// Errors: [`ErrorCode::InvalidArgument`] for another name; the message lists the kinds.
    pub fn parse(name: &str) -> Result<FieldKind> {
        FieldKind::ALL.into_iter().find(|k| k.as_str() == name).ok_or_else(|| {
            let names: Vec<&str> = FieldKind::ALL.iter().map(|k| k.as_str()).collect();
            Error::new(
                ErrorCode::InvalidArgument,
                format!("unknown field kind {name:?}: use one of {}", names.join(", ")),
            )
        })
    }

    /// The value in its wire form.
    ///
    /// - Null stays null, for every kind.
    /// - `ssin`, `enterprise_number`: text as people type it, or a whole number (a spreadsheet
    ///   column of digits) → the digits. `nsso_number`: text or a whole number → the integer.
    ///   `date`: `yyyy-MM-dd`, also followed by a midnight time (`T00:00:00` from ISO
    ///   timestamps, ` 00:00:00` from pandas and spreadsheet exports) → `yyyy-MM-dd`.
    /// - `integer`: a whole number, or text of one (`"12"`, `" -7 "`). A float without a
    ///   fraction (`14.0`) counts as whole: pandas turns an integer column with an empty cell
    ///   into floats.
    /// - `number`: a number, or text of a finite decimal (`"1.5"`, `"2e3"`; `"12"` gives the
    ///   integer 12).
    /// - `boolean`: `true`/`false`, the numbers 0 and 1, or the text `true`, `false`, `1`,
    ///   `0`, `yes`, `no` (any case).
    /// - Blank text (empty or spaces) in a field of one of the kinds above is an empty CSV
    ///   cell: it becomes null, as pandas' NaN does.
    /// - `string` takes text only, kept as it is (blank included): a number there is refused
    ///   rather than turned into text, since the leading zeros of a code are already lost.
    /// - `any` keeps every value as it is.
    ///
    /// Errors: the identifier's or date's own code ([`ErrorCode::SsinInvalid`], …) when the
    /// text is not one; [`ErrorCode::InvalidArgument`] for a value of the wrong type or text
    /// that does not convert.
    pub fn convert(self, value: Value) -> Result<Value> {
        match (self, value) {
            (_, Value::Null) => Ok(Value::Null),
            (FieldKind::Any, v) => Ok(v),
            (FieldKind::String, v @ Value::String(_)) => Ok(v),
            (FieldKind::String, v) => Err(wrong_type("text", &v)),
            // Every kind that reaches here converts text, so blank text can only be an empty
            // cell: no SSIN, date or number is blank.
            (_, Value::String(s)) if s.trim().is_empty() => Ok(Value::Null),
            (FieldKind::Ssin, v) => {
                let text = identifier_text(&v).ok_or_else(|| wrong_type("an SSIN", &v))?;
                Ok(Value::String(Ssin::parse(&text)?.as_str().to_owned()))
            }
            (FieldKind::EnterpriseNumber, v) => {
                let text =
                    identifier_text(&v).ok_or_else(|| wrong_type("an enterprise number", &v))?;
                Ok(Value::String(EnterpriseNumber::parse(&text)?.as_str().to_owned()))
            }
            (FieldKind::NssoNumber, v) => {
                let number = match &v {
                    Value::String(s) => NssoNumber::parse(s)?,
                    Value::Number(n) => match whole_number(n).and_then(|w| w.as_u64()) {
                        Some(u) => NssoNumber::from_u64(u)?,
                        None => return Err(wrong_type("an NSSO number", &v)),
                    },
                    _ => return Err(wrong_type("an NSSO number", &v)),
                };
                Ok(Value::Number(number.value().into()))
            }
            (FieldKind::Date, Value::String(s)) => {
                let text = s.trim();
                let day = text
                    .strip_suffix("T00:00:00")
                    .or_else(|| text.strip_suffix(" 00:00:00"))
                    .unwrap_or(text);
                Ok(Value::String(Date::parse(day)?.to_string()))
            }
            (FieldKind::Date, v) => Err(wrong_type("a yyyy-MM-dd date", &v)),
            (FieldKind::Integer, Value::Number(n)) => {
                whole_number(&n).map(Value::Number).ok_or_else(|| {
                    invalid("expected an integer, got a number with a fraction or beyond 2^53")
                })
            }
            (FieldKind::Integer, Value::String(s)) => {
                integer_text(s.trim()).map(Value::Number).ok_or_else(|| {
                    invalid(
                        "expected an integer, got text that is not one (digits, optionally signed)",
                    )
                })
            }
            (FieldKind::Integer, v) => Err(wrong_type("an integer", &v)),
            (FieldKind::Number, v @ Value::Number(_)) => Ok(v),
            (FieldKind::Number, Value::String(s)) => number_text(s.trim()).map(Value::Number),
            (FieldKind::Number, v) => Err(wrong_type("a number", &v)),
            (FieldKind::Boolean, v @ Value::Bool(_)) => Ok(v),
            (FieldKind::Boolean, Value::Number(n)) => match n.as_f64() {
                Some(0.0) => Ok(Value::Bool(false)),
                Some(1.0) => Ok(Value::Bool(true)),
                _ => Err(invalid("expected true or false, got a number other than 0 and 1")),
            },
            (FieldKind::Boolean, Value::String(s)) => boolean_text(s.trim()).map(Value::Bool),
            (FieldKind::Boolean, v) => Err(wrong_type("true or false", &v)),
        }
    }
}

impl fmt::Display for FieldKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What to build for each row. Deserialises from `{"path": …}` with the other members
/// optional (absent and null mean the default); unknown members are refused.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct BulkSpec {
    /// The HTTP method, case-insensitive (default `POST`). `GET`, `DELETE` and `HEAD` send no
    /// body: their rows only fill the path.
    #[serde(default = "post", deserialize_with = "method_or_post")]
    pub method: String,
    /// The path under the API base URL, with `{field}` placeholders filled from each row
    /// (the value percent-encoded, `/` included). `{` and `}` serve only as delimiters.
    pub path: String,
    /// Field name → kind; `None` means [`DEFAULT_FIELDS`]. Fields not named are sent as they
    /// are ([`FieldKind::Any`]).
    #[serde(default)]
    pub fields: Option<BTreeMap<String, FieldKind>>,
    /// Fields every row must have, not null and not blank.
    #[serde(default, deserialize_with = "null_as_default")]
    pub required: Vec<String>,
    /// Whether the fields that fill the path stay in the body too (default: they are left
    /// out, since the path carries them).
    #[serde(default, deserialize_with = "null_as_default")]
    pub keep_path_fields: bool,
}

impl BulkSpec {
    /// A `POST` spec for `path`, with the default fields, nothing required, path fields left
    /// out of the body.
    pub fn new(path: impl Into<String>) -> BulkSpec {
        BulkSpec {
            method: post(),
            path: path.into(),
            fields: None,
            required: Vec::new(),
            keep_path_fields: false,
        }
    }

    /// Checks the spec once for all rows.
    ///
    /// Errors: [`ErrorCode::InvalidArgument`] for an unknown method or a malformed template
    /// (stray `}`, unclosed `{`, empty or nested placeholder); [`ErrorCode::PathInvalid`] when
    /// the template's own text cannot be a path under a base URL (`..`, `//`, a fragment, …).
    /// A template that is an absolute URL is checked against the base URL by [`build`].
    pub fn compile(&self) -> Result<CompiledSpec> {
        let method = Method::parse(&self.method).ok_or_else(|| {
            Error::new(
                ErrorCode::InvalidArgument,
                format!(
                    "unknown HTTP method {:?}: use one of GET, POST, PUT, PATCH, DELETE, HEAD",
                    self.method
                ),
            )
        })?;
        let template = Template::parse(&self.path)?;
        // Any base URL judges a relative path alike: the base only matters for absolute URLs.
        let probe = BaseUrl::parse(PROBE_BASE)?;
        if !template.sample.contains("://") {
            probe.join(&template.sample, &[], &[])?;
        }
        let mut needed: Vec<Needed> =
            Vec::with_capacity(self.required.len() + template.fields.len());
        for name in &self.required {
            if !needed.iter().any(|n| n.name == *name) {
                needed.push(Needed { name: name.clone(), why: "it is required" });
            }
        }
        for field in &template.fields {
            if !needed.iter().any(|n| n.name == field.name) {
                needed.push(Needed { name: field.name.clone(), why: "it fills the path" });
            }
        }
        Ok(CompiledSpec {
            method,
            template,
            fields: self.fields.clone().unwrap_or_else(default_fields),
            needed,
            keep_path_fields: self.keep_path_fields,
            probe,
        })
    }
}

/// A [`BulkSpec`] checked once, applied to each row.
#[derive(Clone, Debug)]
pub struct CompiledSpec {
    method: Method,
    template: Template,
    fields: BTreeMap<String, FieldKind>,
    /// The required fields, then the path fields, each once (so a required path field is
    /// reported once when missing).
    needed: Vec<Needed>,
    keep_path_fields: bool,
    probe: BaseUrl,
}

/// A row that passed: the filled path and the body in wire form.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ValidRow {
    /// The path with its placeholders filled (values percent-encoded).
    pub path: String,
    /// The row's fields in wire form (path fields left out unless `keep_path_fields`).
    pub body: Map<String, Value>,
}

/// One bad value, or a row that could not be read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct RowError {
    /// The row's 0-based position in the input.
    pub row: usize,
    /// The field, when the error is about one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// The code the same failure has everywhere else (`ssin_invalid`, `invalid_argument`, …).
    #[serde(serialize_with = "code_as_str")]
    pub code: ErrorCode,
    /// What is wrong, for people (the value itself is not repeated: it may be personal data).
    pub message: String,
}

impl RowError {
    /// A row error from its parts (for hosts that report rows they could not read).
    pub fn new(row: usize, field: Option<String>, code: ErrorCode, message: String) -> RowError {
        RowError { row, field, code, message }
    }

    fn from_error(row: usize, field: Option<&str>, error: &Error) -> RowError {
        RowError::new(row, field.map(str::to_owned), error.code(), error.message().to_owned())
    }
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.field {
            Some(field) => write!(f, "row {}, {field}: {}: {}", self.row, self.code, self.message),
            None => write!(f, "row {}: {}: {}", self.row, self.code, self.message),
        }
    }
}

/// What [`build`] produced: `requests[i]` is for input row `rows[i]` (ascending); `errors`
/// lists every bad value of the rows that got no request, by row. Each input row is in
/// exactly one of `rows` and the `row`s of `errors`.
#[derive(Clone, Debug, Serialize)]
#[non_exhaustive]
pub struct BulkOutput {
    /// One request per good row, in input order.
    pub requests: Vec<HttpRequest>,
    /// The input position of each request.
    pub rows: Vec<usize>,
    /// Every bad value (a row can have several), ordered by row.
    pub errors: Vec<RowError>,
}

impl BulkOutput {
    /// Whether every row gave a request.
    pub fn is_ok(&self) -> bool {
        self.errors.is_empty()
    }
}

/// Compiles `spec` and builds one request per good row ([`CompiledSpec::build`]).
///
/// Errors: those of [`BulkSpec::compile`] and [`CompiledSpec::build`]; bad rows are not
/// errors but [`BulkOutput::errors`].
pub fn build(
    spec: &BulkSpec,
    rows: Vec<Map<String, Value>>,
    base_url: &str,
    access_token: &str,
    rng: &dyn SecureRandom,
) -> Result<BulkOutput> {
    spec.compile()?.build(rows, base_url, access_token, rng)
}

/// A row from a JSON value: its object, or a [`RowError`] (`invalid_argument`, no field) for
/// anything else, so that hosts reading JSON arrays report a stray value at its position.
pub fn read_row(row: usize, value: Value) -> Result<Map<String, Value>, RowError> {
    match value {
        Value::Object(map) => Ok(map),
        other => Err(RowError::new(
            row,
            None,
            ErrorCode::InvalidArgument,
            format!("the row is {}, not an object", json_kind(&other)),
        )),
    }
}

impl CompiledSpec {
    /// The method every request uses.
    pub fn method(&self) -> Method {
        self.method
    }

    /// The kind a field is checked as ([`FieldKind::Any`] for fields the spec does not name).
    pub fn kind(&self, field: &str) -> FieldKind {
        self.fields.get(field).copied().unwrap_or(FieldKind::Any)
    }

    /// Checks and converts one row (`row` is its position, for the report): required and path
    /// fields present, not null and not blank; every other value converted by its kind
    /// ([`FieldKind::convert`]); path fields text, numbers or booleans that neither are nor
    /// hold between slashes a `.` or `..` (also percent-encoded: servers that decode `%2F`
    /// would see the segment) and hold no control characters.
    ///
    /// Errors: every bad value of the row, not just the first.
    pub fn validate_row(
        &self,
        row: usize,
        mut values: Map<String, Value>,
    ) -> Result<ValidRow, Vec<RowError>> {
        let mut errors = Vec::new();
        for needed in &self.needed {
            if values.get(&needed.name).map_or(true, is_blank) {
                errors.push(RowError::new(
                    row,
                    Some(needed.name.clone()),
                    ErrorCode::InvalidArgument,
                    format!("{} is missing, null or blank, and {}", needed.name, needed.why),
                ));
            }
        }
        for (name, value) in values.iter_mut() {
            let kind = self.kind(name);
            if kind == FieldKind::Any || value.is_null() {
                continue;
            }
            // Moved, not cloned: the row is dropped when any value fails, so a failed value
            // need not be put back.
            match kind.convert(std::mem::take(value)) {
                Ok(converted) => *value = converted,
                Err(e) => errors.push(RowError::from_error(row, Some(name), &e)),
            }
        }
        let mut segments: Vec<String> = Vec::with_capacity(self.template.fields.len());
        for field in &self.template.fields {
            let text: Cow<'_, str> = match values.get(&field.name) {
                // Reported above: missing, blank, or a value that failed to convert.
                None | Some(Value::Null) => Cow::Borrowed(""),
                Some(Value::String(s)) if s.trim().is_empty() => Cow::Borrowed(""),
                Some(Value::String(s)) => Cow::Borrowed(s.as_str()),
                Some(Value::Number(n)) => Cow::Owned(n.to_string()),
                Some(Value::Bool(b)) => Cow::Borrowed(if *b { "true" } else { "false" }),
                Some(other) => {
                    errors.push(RowError::new(
                        row,
                        Some(field.name.clone()),
                        ErrorCode::InvalidArgument,
                        format!(
                            "{} fills the path, so it must be text, a number or a boolean, not {}",
                            field.name,
                            json_kind(other)
                        ),
                    ));
                    Cow::Borrowed("")
                }
            };
            let segment = percent_encode(&text);
            // The base URL refuses dot segments even once percent-decoded, and encoded control
            // characters and backslashes; ask it here, so the report names the field. Only text
            // with a `.`, `%`, `\` or control character can be refused, so most values skip it.
            if field.in_path
                && text.chars().any(|c| matches!(c, '.' | '%' | '\\') || c.is_control())
                && self.probe.join(&segment, &[], &[]).is_err()
            {
                errors.push(RowError::new(
                    row,
                    Some(field.name.clone()),
                    ErrorCode::PathInvalid,
                    format!(
                        "{} fills the path, so it cannot be '.' or '..', hold one between slashes \
                         or backslashes (also percent-encoded), nor hold backslashes or control \
                         characters",
                        field.name
                    ),
                ));
            }
            segments.push(segment);
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let filled: usize = segments.iter().map(String::len).sum();
        let mut path = String::with_capacity(self.template.text_len + filled);
        for part in &self.template.parts {
            match part {
                Part::Text(text) => path.push_str(text),
                Part::Field(i) => path.push_str(segments.get(*i).map_or("", String::as_str)),
            }
        }
        if !self.keep_path_fields {
            for field in &self.template.fields {
                values.remove(&field.name);
            }
        }
        Ok(ValidRow { path, body: values })
    }

    /// The API request for a valid row: the body is sent unless the method is `GET`, `DELETE`
    /// or `HEAD`.
    pub fn request(&self, row: ValidRow) -> ApiRequest {
        let request = ApiRequest::new(self.method, row.path);
        if matches!(self.method, Method::Get | Method::Delete | Method::Head) {
            request
        } else {
            request.json(&Value::Object(row.body))
        }
    }

    /// Validates every row and builds one request per good row, with a fresh UUIDv4
    /// `BelGov-Trace-Id` each (all drawn from `rng` at once).
    ///
    /// Errors (for the whole batch, not per row): [`ErrorCode::UrlInvalid`] (base URL),
    /// [`ErrorCode::PathInvalid`] (an absolute template outside the base URL),
    /// [`ErrorCode::InvalidArgument`] / [`ErrorCode::HeaderInvalid`] (empty or malformed
    /// access token), [`ErrorCode::InvalidArgument`] (the random source failed).
    pub fn build(
        &self,
        rows: Vec<Map<String, Value>>,
        base_url: &str,
        access_token: &str,
        rng: &dyn SecureRandom,
    ) -> Result<BulkOutput> {
        self.build_rows(rows.into_iter().map(Ok), base_url, access_token, rng)
    }

    /// [`CompiledSpec::build`] for rows the host read itself, some of which it could not
    /// read ([`read_row`], or its own [`RowError`]s): those are reported as given, and every
    /// row keeps its position.
    pub fn build_read(
        &self,
        rows: Vec<Result<Map<String, Value>, RowError>>,
        base_url: &str,
        access_token: &str,
        rng: &dyn SecureRandom,
    ) -> Result<BulkOutput> {
        self.build_rows(rows.into_iter(), base_url, access_token, rng)
    }

    fn build_rows(
        &self,
        rows: impl ExactSizeIterator<Item = Result<Map<String, Value>, RowError>>,
        base_url: &str,
        access_token: &str,
        rng: &dyn SecureRandom,
    ) -> Result<BulkOutput> {
        let base = BaseUrl::parse(base_url)?;
        // One probe request checks the token and the template against this base, so a bad
        // token is one error for the batch, not the same error on every row.
        ApiRequest::new(self.method, self.template.sample.as_str()).build(
            &base,
            access_token,
            PROBE_TRACE_ID,
        )?;
        let mut valid = Vec::with_capacity(rows.len());
        let mut errors = Vec::new();
        for (i, row) in rows.enumerate() {
            match row.map_err(|e| vec![e]).and_then(|values| self.validate_row(i, values)) {
                Ok(v) => valid.push((i, v)),
                Err(mut e) => errors.append(&mut e),
            }
        }
        // One draw for every trace id of the batch, not one call into the host per row.
        let mut entropy = vec![0u8; valid.len().saturating_mul(16)];
        if !entropy.is_empty() {
            rng.fill(&mut entropy)
                .map_err(|_| Error::new(ErrorCode::InvalidArgument, "the random source failed"))?;
        }
        let mut out = BulkOutput {
            requests: Vec::with_capacity(valid.len()),
            rows: Vec::with_capacity(valid.len()),
            errors,
        };
        let mut late_errors = false;
        for ((i, row), bytes) in valid.into_iter().zip(entropy.chunks_exact(16)) {
            let trace_id = uuid_v4_from_bytes(<[u8; 16]>::try_from(bytes).unwrap_or_default());
            // Path, token and body were checked above; what remains is a path whose filled
            // segments are only refused together (`{a}{b}` giving `..`).
            match self.request(row).build(&base, access_token, &trace_id) {
                Ok(request) => {
                    out.requests.push(request);
                    out.rows.push(i);
                }
                Err(e) => {
                    out.errors.push(RowError::from_error(i, None, &e));
                    late_errors = true;
                }
            }
        }
        if late_errors {
            // Stable: a row's own errors keep their order.
            out.errors.sort_by_key(|e| e.row);
        }
        Ok(out)
    }
}

/// A base URL for checking relative paths before the real one is known.
const PROBE_BASE: &str = "https://localhost";

/// The trace id of the probe request that checks the token and template; never sent.
const PROBE_TRACE_ID: &str = "00000000-0000-4000-8000-000000000000";

/// A field a row must have, and why (for the message).
#[derive(Clone, Debug)]
struct Needed {
    name: String,
    why: &'static str,
}

/// A path with `{field}` placeholders.
#[derive(Clone, Debug)]
struct Template {
    parts: Vec<Part>,
    /// Each placeholder's field once, in order of first appearance.
    fields: Vec<PathField>,
    /// The template with `x` in each placeholder, to check its text as a path.
    sample: String,
    /// The length of the literal text.
    text_len: usize,
}

#[derive(Clone, Debug)]
enum Part {
    Text(String),
    /// An index into [`Template::fields`].
    Field(usize),
}

#[derive(Clone, Debug)]
struct PathField {
    name: String,
    /// Whether it appears before the `?` (a query value may be `.`).
    in_path: bool,
}

impl Template {
    fn parse(path: &str) -> Result<Template> {
        let bad = |why: &str| {
            Error::new(ErrorCode::InvalidArgument, format!("the path template {path:?} {why}"))
        };
        let mut template =
            Template { parts: Vec::new(), fields: Vec::new(), sample: String::new(), text_len: 0 };
        let mut in_query = false;
        let mut rest = path;
        loop {
            let (text, placeholder) = match rest.split_once('{') {
                Some((text, after)) => (text, Some(after)),
                None => (rest, None),
            };
            if text.contains('}') {
                return Err(bad("has a '}' without a '{'"));
            }
            template.push_text(text);
            in_query |= text.contains('?');
            let Some(after) = placeholder else { break };
            let Some((name, tail)) = after.split_once('}') else {
                return Err(bad("has a '{' without a '}'"));
            };
            if name.is_empty() || name.contains('{') {
                return Err(bad("has an empty or nested placeholder"));
            }
            let index = match template.fields.iter().position(|f| f.name == name) {
                Some(i) => i,
                None => {
                    template.fields.push(PathField { name: name.to_owned(), in_path: false });
                    template.fields.len() - 1
                }
            };
            if let Some(field) = template.fields.get_mut(index) {
                field.in_path |= !in_query;
            }
            template.parts.push(Part::Field(index));
            template.sample.push('x');
            rest = tail;
        }
        Ok(template)
    }

    fn push_text(&mut self, text: &str) {
        if !text.is_empty() {
            self.parts.push(Part::Text(text.to_owned()));
            self.sample.push_str(text);
            self.text_len += text.len();
        }
    }
}

/// Null, or text that is empty or only spaces.
fn is_blank(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        _ => false,
    }
}

/// The largest integer every float below it represents exactly (2^53).
const MAX_EXACT_FLOAT: f64 = 9_007_199_254_740_992.0;

/// The number as an integer, if it is whole: integers as they are, floats without a fraction
/// within ±2^53.
fn whole_number(n: &Number) -> Option<Number> {
    if n.is_i64() || n.is_u64() {
        return Some(n.clone());
    }
    let f = n.as_f64()?;
    if f.fract() == 0.0 && f.abs() <= MAX_EXACT_FLOAT {
        #[allow(clippy::cast_possible_truncation)] // whole and within ±2^53: exact
        let whole = f as i64;
        Some(Number::from(whole))
    } else {
        None
    }
}

/// The text of an identifier given as text or as a whole number.
fn identifier_text(value: &Value) -> Option<Cow<'_, str>> {
    match value {
        Value::String(s) => Some(Cow::Borrowed(s)),
        Value::Number(n) => whole_number(n).map(|w| Cow::Owned(w.to_string())),
        _ => None,
    }
}

/// Decimal integer text with an optional sign.
fn integer_text(text: &str) -> Option<Number> {
    text.parse::<i64>().map(Number::from).or_else(|_| text.parse::<u64>().map(Number::from)).ok()
}

/// Decimal number text; integers stay integers (`"12"` → `12`, not `12.0`).
fn number_text(text: &str) -> Result<Number> {
    if let Some(n) = integer_text(text) {
        return Ok(n);
    }
    // Rust also reads `inf`, `NaN` and `infinity`, which JSON cannot carry: only digits,
    // sign, point and exponent are let through.
    let decimal =
        text.bytes().all(|b| b.is_ascii_digit() || matches!(b, b'+' | b'-' | b'.' | b'e' | b'E'));
    let parsed = if decimal { text.parse::<f64>().ok().and_then(Number::from_f64) } else { None };
    parsed.ok_or_else(|| {
        invalid(if text.contains(',') {
            "expected a number, got text that is not one; use a point as the decimal separator \
             (1.5, not 1,5)"
        } else {
            "expected a number, got text that is not a finite decimal number"
        })
    })
}

/// `true`, `false`, `1`, `0`, `yes`, `no`, in any case.
fn boolean_text(text: &str) -> Result<bool> {
    const TRUE: [&str; 3] = ["true", "1", "yes"];
    const FALSE: [&str; 3] = ["false", "0", "no"];
    if TRUE.iter().any(|t| text.eq_ignore_ascii_case(t)) {
        Ok(true)
    } else if FALSE.iter().any(|t| text.eq_ignore_ascii_case(t)) {
        Ok(false)
    } else {
        Err(invalid("expected true or false, got text other than true, false, 1, 0, yes, no"))
    }
}

fn invalid(message: &str) -> Error {
    Error::new(ErrorCode::InvalidArgument, message)
}

fn wrong_type(expected: &str, got: &Value) -> Error {
    Error::new(ErrorCode::InvalidArgument, format!("expected {expected}, got {}", json_kind(got)))
}

fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

fn post() -> String {
    Method::Post.as_str().to_owned()
}

/// Absent and null both mean `POST`, as in every binding.
fn method_or_post<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    Ok(Option::<String>::deserialize(deserializer)?.unwrap_or_else(post))
}

/// Null means the default, as absent does (Python's `None`, JavaScript's `null`).
fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

fn code_as_str<S: Serializer>(code: &ErrorCode, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(code.as_str())
}
