//! JSON values between Python and the core: `serde_json::Value` ⇄ dict, list, str, int, float,
//! bool, None. Dates (`datetime.date`, `datetime.datetime`) become ISO 8601 strings, so rows
//! straight from pandas or Polars convert without a pass in Python.

use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use serde_json::{Map, Number, Value};

use crate::error::invalid_argument;

/// Nesting deeper than this is refused (guards the stack against hostile input).
const MAX_DEPTH: usize = 64;

/// A Python object for a JSON value.
pub fn json_to_py<'py>(py: Python<'py>, value: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match value {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                PyInt::new(py, i).into_any()
            } else if let Some(u) = n.as_u64() {
                PyInt::new(py, u).into_any()
            } else {
                PyFloat::new(py, n.as_f64().unwrap_or(f64::NAN)).into_any()
            }
        }
        Value::String(s) => PyString::new(py, s).into_any(),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(json_to_py(py, item)?)?;
            }
            list.into_any()
        }
        Value::Object(map) => {
            let dict = PyDict::new(py);
            for (k, v) in map {
                dict.set_item(k, json_to_py(py, v)?)?;
            }
            dict.into_any()
        }
    })
}

/// A JSON value for a Python object; `what` names it in error messages.
pub fn py_to_json(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<Value> {
    convert(obj, what, 0)
}

fn convert(obj: &Bound<'_, PyAny>, what: &str, depth: usize) -> PyResult<Value> {
    if depth > MAX_DEPTH {
        return Err(invalid_argument(format!("{what} is nested deeper than {MAX_DEPTH} levels")));
    }
    if obj.is_none() {
        return Ok(Value::Null);
    }
    if let Ok(b) = obj.cast::<PyBool>() {
        return Ok(Value::Bool(b.is_true()));
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(Value::String(s.to_cow()?.into_owned()));
    }
    if obj.is_instance_of::<PyInt>() {
        if let Ok(i) = obj.extract::<i64>() {
            return Ok(Value::Number(i.into()));
        }
        if let Ok(u) = obj.extract::<u64>() {
            return Ok(Value::Number(u.into()));
        }
        return Err(invalid_argument(format!("{what} holds an integer beyond 64 bits")));
    }
    if let Ok(f) = obj.cast::<PyFloat>() {
        return Number::from_f64(f.value()).map(Value::Number).ok_or_else(|| {
            invalid_argument(format!("{what} holds NaN or infinity, which JSON cannot carry"))
        });
    }
    if let Ok(d) = obj.cast::<PyDict>() {
        let mut map = Map::new();
        for (k, v) in d.iter() {
            let key = k
                .cast::<PyString>()
                .map_err(|_| invalid_argument(format!("{what} has a key that is not a string")))?;
            map.insert(key.to_cow()?.into_owned(), convert(&v, what, depth + 1)?);
        }
        return Ok(Value::Object(map));
    }
    if obj.is_instance_of::<PyList>() || obj.is_instance_of::<PyTuple>() {
        let mut items = Vec::new();
        for item in obj.try_iter()? {
            items.push(convert(&item?, what, depth + 1)?);
        }
        return Ok(Value::Array(items));
    }
    // datetime.date / datetime.datetime (and pandas Timestamp): ISO 8601 text.
    if obj.hasattr("isoformat")? && obj.hasattr("year")? {
        let text = obj.call_method0("isoformat")?;
        return Ok(Value::String(text.cast::<PyString>()?.to_cow()?.into_owned()));
    }
    Err(invalid_argument(format!(
        "{what} holds a {} that JSON cannot carry (use dict, list, str, int, float, bool, None or a date)",
        obj.get_type().name().map(|n| n.to_string()).unwrap_or_else(|_| "value".to_owned())
    )))
}
