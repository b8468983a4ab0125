//! Many records in, many API requests out: the loop, the validation and the JSON encoding run
//! in Rust (without the GIL once the rows are read), and every bad value is reported with its
//! row and field instead of stopping at the first.

use std::collections::HashMap;

use careerpro_fla::api::ApiRequest;
use careerpro_fla::{ids, Error, ErrorCode, SecureRandom as _};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyFloat, PyString};
use serde_json::{Map, Value};

use crate::api::{base_url_arg, method_arg, token_arg};
use crate::error::{invalid_argument, OrRaise};
use crate::host::{self, py_repr, type_name};
use crate::http::Request;
use crate::json::py_to_json;

/// The field → kind mapping used when the caller gives none: the names the FLA examples and
/// the Belgif guide use for identifiers and dates.
pub const DEFAULT_FIELDS: &[(&str, &str)] = &[
    ("ssin", "ssin"),
    ("enterpriseNumber", "enterprise_number"),
    ("employerId", "nsso_number"),
    ("nssoNumber", "nsso_number"),
    ("startDate", "date"),
    ("endDate", "date"),
    ("date", "date"),
    ("birthDate", "date"),
];

/// The kinds a field can be checked against.
pub const KINDS: &[&str] = &[
    "ssin",
    "enterprise_number",
    "nsso_number",
    "date",
    "string",
    "integer",
    "number",
    "boolean",
    "any",
];

/// One bad value: the row (0-based position in the input), the field, the error code and
/// message (as the exception for that code would carry them).
#[pyclass(module = "careerpro_fla._native", frozen)]
#[derive(Debug, Clone)]
pub struct RowError {
    row: usize,
    field: Option<String>,
    code: &'static str,
    message: String,
}

#[pymethods]
impl RowError {
    #[getter]
    fn row(&self) -> usize {
        self.row
    }
    #[getter]
    fn field(&self) -> Option<&str> {
        self.field.as_deref()
    }
    #[getter]
    fn code(&self) -> &'static str {
        self.code
    }
    #[getter]
    fn message(&self) -> &str {
        &self.message
    }
    /// The exception class name the code maps to (`ValidationError`, …).
    #[getter]
    fn exception(&self, py: Python<'_>) -> PyResult<String> {
        crate::error::class_for(py, self.code)?.getattr("__name__")?.extract()
    }
    /// `{"row", "field", "code", "message"}`, for a DataFrame.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("row", self.row)?;
        d.set_item("field", self.field.as_deref())?;
        d.set_item("code", self.code)?;
        d.set_item("message", &self.message)?;
        Ok(d)
    }
    fn __repr__(&self) -> String {
        format!(
            "RowError(row={}, field={}, code={})",
            self.row,
            host::py_repr_opt(self.field.as_deref()),
            py_repr(self.code)
        )
    }
}

/// What `build_requests` produced: `requests[i]` is for input row `rows[i]`; `errors` lists
/// every bad value of the rows that got no request.
#[pyclass(module = "careerpro_fla._native", frozen)]
#[derive(Debug)]
pub struct BulkResult {
    requests: Vec<Py<Request>>,
    rows: Vec<usize>,
    errors: Vec<RowError>,
}

#[pymethods]
impl BulkResult {
    #[getter]
    fn requests(&self, py: Python<'_>) -> Vec<Py<Request>> {
        self.requests.iter().map(|r| r.clone_ref(py)).collect()
    }
    #[getter]
    fn rows(&self) -> Vec<usize> {
        self.rows.clone()
    }
    #[getter]
    fn errors(&self) -> Vec<RowError> {
        self.errors.clone()
    }
    /// The errors as dicts (`pandas.DataFrame(result.error_dicts())`).
    fn error_dicts<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyDict>>> {
        self.errors.iter().map(|e| e.to_dict(py)).collect()
    }
    /// Whether every row gave a request.
    #[getter]
    fn ok(&self) -> bool {
        self.errors.is_empty()
    }
    fn __len__(&self) -> usize {
        self.requests.len()
    }
    fn __repr__(&self) -> String {
        format!("BulkResult(requests={}, errors={})", self.requests.len(), self.errors.len())
    }
}

/// The default field → kind mapping, as a dict.
#[pyfunction]
pub fn default_bulk_fields() -> HashMap<&'static str, &'static str> {
    DEFAULT_FIELDS.iter().copied().collect()
}

/// Validates `records` (an iterable of dicts: `df.to_dict("records")`, Polars `to_dicts()`)
/// and builds one API request per good row. `path` is a template whose `{field}`s are filled
/// from the row (validated, percent-encoded, and left out of the body unless
/// `keep_path_fields`); `fields` maps field names to kinds (`ssin`, `enterprise_number`,
/// `nsso_number`, `date`, `string`, `integer`, `number`, `boolean`, `any`; default:
/// `default_bulk_fields()`); identifiers and dates are sent in their wire form. `required`
/// fields must be present and not null. `None` and NaN are JSON null.
#[pyfunction]
#[pyo3(signature = (
    records, *, path, base_url, access_token, method = "POST", fields = None, required = None,
    keep_path_fields = false
))]
#[allow(clippy::too_many_arguments)] // mirrors the keyword arguments Python callers see
pub fn build_requests(
    py: Python<'_>,
    records: &Bound<'_, PyAny>,
    path: String,
    base_url: &Bound<'_, PyAny>,
    access_token: &Bound<'_, PyAny>,
    method: &str,
    fields: Option<HashMap<String, String>>,
    required: Option<Vec<String>>,
    keep_path_fields: bool,
) -> PyResult<BulkResult> {
    let method = method_arg(method)?;
    let base = base_url_arg(base_url)?;
    let token = token_arg(access_token)?;
    let fields: HashMap<String, Kind> = match fields {
        Some(f) => {
            f.into_iter().map(|(k, v)| Ok((k, Kind::parse(&v)?))).collect::<PyResult<_>>()?
        }
        None => DEFAULT_FIELDS
            .iter()
            .map(|(k, v)| Ok(((*k).to_owned(), Kind::parse(v)?)))
            .collect::<PyResult<_>>()?,
    };
    let template = Template::parse(&path)?;
    let required = required.unwrap_or_default();

    // Phase 1, with the GIL: read the rows into JSON values.
    let mut rows: Vec<ReadRow> = Vec::new();
    for (i, record) in records.try_iter()?.enumerate() {
        rows.push(read_row(i, &record?));
    }

    // Phase 2, without it: validate, fill the path, encode, build — in parallel chunks.
    let base = careerpro_fla::api::BaseUrl::parse(&base).or_raise()?;
    let job = Job {
        template: &template,
        fields: &fields,
        required: &required,
        keep_path_fields,
        method,
        base: &base,
        token: &token,
    };
    let chunks = py.detach(|| build_chunks(rows, &job))?;

    // Phase 3, with the GIL: the Python objects, once (the getters hand out references).
    let mut requests = Vec::new();
    let mut ok_rows = Vec::new();
    let mut errors = Vec::new();
    for chunk in chunks {
        for (row, request) in chunk.requests {
            requests.push(Py::new(py, Request(request))?);
            ok_rows.push(row);
        }
        errors.extend(chunk.errors);
    }
    Ok(BulkResult { requests, rows: ok_rows, errors })
}

/// A row read from Python: its JSON object, or why it could not be read.
type ReadRow = Result<Map<String, Value>, RowError>;

/// What every row of one bulk call shares.
struct Job<'a> {
    template: &'a Template,
    fields: &'a HashMap<String, Kind>,
    required: &'a [String],
    keep_path_fields: bool,
    method: careerpro_fla::Method,
    base: &'a careerpro_fla::api::BaseUrl,
    token: &'a str,
}

/// The requests (with their row numbers) and the errors of one chunk of rows.
struct ChunkOut {
    requests: Vec<(usize, careerpro_fla::HttpRequest)>,
    errors: Vec<RowError>,
}

/// Below this many rows a second thread costs more than it saves.
const PARALLEL_MIN_ROWS: usize = 4096;

fn build_chunks(
    rows: Vec<Result<Map<String, Value>, RowError>>,
    job: &Job<'_>,
) -> PyResult<Vec<ChunkOut>> {
    // One draw from the OS for every trace id of the batch, not one system call per row.
    let mut entropy = vec![0u8; rows.len().saturating_mul(16)];
    host::rng()
        .fill(&mut entropy)
        .map_err(|_| invalid_argument("the system random source failed"))?;
    let threads = if rows.len() < PARALLEL_MIN_ROWS {
        1
    } else {
        std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 8)
    };
    let per_chunk = rows.len().div_ceil(threads).max(1);
    let mut owned = Vec::new();
    let mut it = rows.into_iter().enumerate();
    loop {
        let chunk: Vec<_> = it.by_ref().take(per_chunk).collect();
        if chunk.is_empty() {
            break;
        }
        owned.push(chunk);
    }
    let entropy = &entropy;
    std::thread::scope(|scope| {
        let handles: Vec<_> = owned
            .into_iter()
            .map(|chunk| scope.spawn(move || build_chunk(chunk, entropy, job)))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().map_err(|_| invalid_argument("a bulk worker thread failed")))
            .collect()
    })
}

fn build_chunk(rows: Vec<(usize, ReadRow)>, entropy: &[u8], job: &Job<'_>) -> ChunkOut {
    let mut out = ChunkOut { requests: Vec::with_capacity(rows.len()), errors: Vec::new() };
    for (i, row) in rows {
        let row = match row {
            Ok(r) => r,
            Err(e) => {
                out.errors.push(e);
                continue;
            }
        };
        let mut bytes = [0u8; 16];
        if let Some(chunk) = entropy.get(i * 16..i * 16 + 16) {
            bytes.copy_from_slice(chunk);
        }
        let trace_id = careerpro_fla::random::uuid_v4_from_bytes(bytes);
        match build_row(
            i,
            row,
            job.template,
            job.fields,
            job.required,
            job.keep_path_fields,
            job.method,
        ) {
            Ok(request) => match request.build_on(job.base, job.token, &trace_id) {
                Ok(r) => out.requests.push((i, r)),
                Err(e) => out.errors.push(row_error(i, None, &e)),
            },
            Err(mut errs) => out.errors.append(&mut errs),
        }
    }
    out
}

#[derive(Clone, Copy, Debug)]
enum Kind {
    Ssin,
    EnterpriseNumber,
    NssoNumber,
    Date,
    String,
    Integer,
    Number,
    Boolean,
    Any,
}

impl Kind {
    fn parse(name: &str) -> PyResult<Kind> {
        Ok(match name {
            "ssin" => Kind::Ssin,
            "enterprise_number" => Kind::EnterpriseNumber,
            "nsso_number" => Kind::NssoNumber,
            "date" => Kind::Date,
            "string" => Kind::String,
            "integer" => Kind::Integer,
            "number" => Kind::Number,
            "boolean" => Kind::Boolean,
            "any" => Kind::Any,
            other => {
                return Err(invalid_argument(format!(
                    "unknown field kind {other:?}: use one of {}",
                    KINDS.join(", ")
                )))
            }
        })
    }

    /// The value in its wire form, or the error.
    fn check(self, value: &Value) -> Result<Value, Error> {
        let text = |v: &Value| match v {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        };
        let wrong = |what: &str| {
            Error::new(
                ErrorCode::InvalidArgument,
                format!("expected {what}, got {}", json_kind(value)),
            )
        };
        match self {
            Kind::Ssin => {
                let t = text(value).ok_or_else(|| wrong("an SSIN"))?;
                Ok(Value::String(ids::Ssin::parse(&t)?.as_str().to_owned()))
            }
            Kind::EnterpriseNumber => {
                let t = text(value).ok_or_else(|| wrong("an enterprise number"))?;
                Ok(Value::String(ids::EnterpriseNumber::parse(&t)?.as_str().to_owned()))
            }
            Kind::NssoNumber => {
                let n = match value {
                    Value::Number(n) => match n.as_u64() {
                        Some(u) => ids::NssoNumber::from_u64(u)?,
                        None => return Err(wrong("an NSSO number")),
                    },
                    Value::String(s) => ids::NssoNumber::parse(s)?,
                    _ => return Err(wrong("an NSSO number")),
                };
                Ok(Value::Number(n.value().into()))
            }
            Kind::Date => {
                let t = match value {
                    Value::String(s) => s.strip_suffix("T00:00:00").unwrap_or(s).to_owned(),
                    _ => return Err(wrong("a yyyy-MM-dd date")),
                };
                Ok(Value::String(ids::Date::parse(&t)?.to_string()))
            }
            Kind::String if value.is_string() => Ok(value.clone()),
            Kind::String => Err(wrong("a string")),
            Kind::Integer if value.is_i64() || value.is_u64() => Ok(value.clone()),
            Kind::Integer => Err(wrong("an integer")),
            Kind::Number if value.is_number() => Ok(value.clone()),
            Kind::Number => Err(wrong("a number")),
            Kind::Boolean if value.is_boolean() => Ok(value.clone()),
            Kind::Boolean => Err(wrong("true or false")),
            Kind::Any => Ok(value.clone()),
        }
    }
}

fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// A path with `{field}` placeholders.
#[derive(Debug)]
struct Template {
    parts: Vec<Part>,
}

#[derive(Debug)]
enum Part {
    Text(String),
    Field(String),
}

impl Template {
    fn parse(path: &str) -> PyResult<Template> {
        let mut parts = Vec::new();
        let mut rest = path;
        while let Some(open) = rest.find('{') {
            let (text, after) = rest.split_at(open);
            if text.contains('}') {
                return Err(invalid_argument(format!(
                    "the path template {path:?} has a stray '}}'"
                )));
            }
            parts.push(Part::Text(text.to_owned()));
            let after = after.get(1..).unwrap_or("");
            let close = after.find('}').ok_or_else(|| {
                invalid_argument(format!("the path template {path:?} has an unclosed '{{'"))
            })?;
            let (name, tail) = after.split_at(close);
            if name.is_empty() || name.contains('{') {
                return Err(invalid_argument(format!(
                    "the path template {path:?} has an empty or nested placeholder"
                )));
            }
            parts.push(Part::Field(name.to_owned()));
            rest = tail.get(1..).unwrap_or("");
        }
        if rest.contains('}') {
            return Err(invalid_argument(format!("the path template {path:?} has a stray '}}'")));
        }
        parts.push(Part::Text(rest.to_owned()));
        Ok(Template { parts })
    }

    fn fields(&self) -> impl Iterator<Item = &str> {
        self.parts.iter().filter_map(|p| match p {
            Part::Field(f) => Some(f.as_str()),
            Part::Text(_) => None,
        })
    }
}

fn read_row(i: usize, record: &Bound<'_, PyAny>) -> Result<Map<String, Value>, RowError> {
    let dict = record.cast::<PyDict>().map_err(|_| RowError {
        row: i,
        field: None,
        code: ErrorCode::InvalidArgument.as_str(),
        message: format!("the row is a {}, not a dict", type_name(record)),
    })?;
    let mut map = Map::new();
    let mut first_error = None;
    for (k, v) in dict.iter() {
        let Some(key) =
            k.cast::<PyString>().ok().and_then(|s| s.to_cow().ok().map(|c| c.into_owned()))
        else {
            first_error.get_or_insert(RowError {
                row: i,
                field: None,
                code: ErrorCode::InvalidArgument.as_str(),
                message: "the row has a key that is not a string".to_owned(),
            });
            continue;
        };
        // pandas fills missing cells with NaN: that is a null, not a number.
        let is_nan = v.cast::<PyFloat>().is_ok_and(|f| f.value().is_nan());
        let value =
            // The row error names the field; a per-field context string would cost an
            // allocation for every cell of every row.
            if is_nan { Ok(Value::Null) } else { py_to_json(&v, "the value") };
        match value {
            Ok(value) => {
                map.insert(key, value);
            }
            Err(e) => {
                let message = Python::attach(|py| {
                    e.value(py).str().map(|s| s.to_string()).unwrap_or_default()
                });
                first_error.get_or_insert(RowError {
                    row: i,
                    field: Some(key),
                    code: ErrorCode::InvalidArgument.as_str(),
                    message: message
                        .strip_prefix("invalid_argument: ")
                        .unwrap_or(&message)
                        .to_owned(),
                });
            }
        }
    }
    match first_error {
        Some(e) => Err(e),
        None => Ok(map),
    }
}

fn build_row(
    i: usize,
    mut row: Map<String, Value>,
    template: &Template,
    fields: &HashMap<String, Kind>,
    required: &[String],
    keep_path_fields: bool,
    method: careerpro_fla::Method,
) -> Result<ApiRequest, Vec<RowError>> {
    let mut errors = Vec::new();
    for name in required.iter().map(String::as_str).chain(template.fields()) {
        if row.get(name).is_none_or(Value::is_null) {
            errors.push(RowError {
                row: i,
                field: Some(name.to_owned()),
                code: ErrorCode::InvalidArgument.as_str(),
                message: format!("{name} is missing or null"),
            });
        }
    }
    for (name, value) in row.iter_mut() {
        if value.is_null() {
            continue;
        }
        let kind = fields.get(name).copied().unwrap_or(Kind::Any);
        match kind.check(value) {
            Ok(v) => *value = v,
            Err(e) => errors.push(row_error(i, Some(name), &e)),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut path = String::new();
    for part in &template.parts {
        match part {
            Part::Text(t) => path.push_str(t),
            Part::Field(f) => {
                let text = match row.get(f) {
                    Some(Value::String(s)) => s.clone(),
                    Some(other) => other.to_string(),
                    None => String::new(),
                };
                path.push_str(&careerpro_fla::http::percent_encode(&text));
            }
        }
    }
    if !keep_path_fields {
        for f in template.fields() {
            row.remove(f);
        }
    }
    let mut request = ApiRequest::new(method, path);
    if !matches!(
        method,
        careerpro_fla::Method::Get | careerpro_fla::Method::Delete | careerpro_fla::Method::Head
    ) {
        request = request.json(&Value::Object(row));
    }
    Ok(request)
}

fn row_error(row: usize, field: Option<&str>, e: &Error) -> RowError {
    RowError {
        row,
        field: field.map(str::to_owned),
        code: e.code().as_str(),
        message: e.message().to_owned(),
    }
}
