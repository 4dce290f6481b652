//! Conversions between the library's values and Python's: plain data, names, enum members.

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyTuple;
use qiwi_errors::retry::{Outcome, RetryAction};
use qiwi_errors::{Found, Lang};
use serde::Serialize;
use std::fmt::Write as _;
use std::hash::{Hash, Hasher};

pub(crate) static JSON_LOADS: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// A serialisable value as plain Python data (dicts, lists, str, int, bool, None), through
/// its JSON text: the same shape as the CLI's `--json` and the widget's objects.
pub(crate) fn to_py(py: Python<'_>, value: &impl Serialize) -> PyResult<Py<PyAny>> {
    let text = serde_json::to_string(value)
        .map_err(|e| PyValueError::new_err(format!("cannot convert the answer: {e}")))?;
    let loads = JSON_LOADS.get_or_try_init(py, || -> PyResult<Py<PyAny>> {
        Ok(py.import("json")?.getattr("loads")?.unbind())
    })?;
    loads.call1(py, (text,))
}

/// The kebab-case name serde gives a unit variant (`"after-user-action"`).
pub(crate) fn serde_name(value: &impl Serialize) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(serde_json::Value::Object(map)) => map
            .values()
            .next()
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_string(),
        _ => String::new(),
    }
}

pub(crate) fn action_name(action: RetryAction) -> &'static str {
    match action {
        RetryAction::Never => "never",
        RetryAction::Now => "now",
        RetryAction::After { .. } => "after",
        RetryAction::CheckStatus => "check-status",
        RetryAction::AfterUserAction => "after-user-action",
    }
}

pub(crate) fn outcome_name(outcome: Outcome) -> String {
    serde_name(&outcome)
}

pub(crate) fn lang_name(lang: Lang) -> &'static str {
    match lang {
        Lang::Ru => "ru",
        Lang::En => "en",
    }
}

/// The Python enum classes, bound by the package at import.
pub(crate) struct Enums {
    pub(crate) family: Py<PyAny>,
    pub(crate) api: Py<PyAny>,
    pub(crate) severity: Py<PyAny>,
    pub(crate) actor: Py<PyAny>,
    pub(crate) action: Py<PyAny>,
    pub(crate) outcome: Py<PyAny>,
}

pub(crate) static ENUMS: PyOnceLock<Enums> = PyOnceLock::new();

#[derive(Clone, Copy)]
pub(crate) enum Vocabulary {
    Family,
    Api,
    Severity,
    Actor,
    Action,
    Outcome,
}

/// The enum member named `value`; the plain string when the enums are not bound (the native
/// module imported on its own).
pub(crate) fn member(py: Python<'_>, which: Vocabulary, value: &str) -> PyResult<Py<PyAny>> {
    let Some(enums) = ENUMS.get(py) else {
        return Ok(value.into_pyobject(py)?.into_any().unbind());
    };
    let class = match which {
        Vocabulary::Family => &enums.family,
        Vocabulary::Api => &enums.api,
        Vocabulary::Severity => &enums.severity,
        Vocabulary::Actor => &enums.actor,
        Vocabulary::Action => &enums.action,
        Vocabulary::Outcome => &enums.outcome,
    };
    class.call1(py, (value,))
}

pub(crate) fn tuple_of<'py, T>(
    py: Python<'py>,
    items: impl IntoIterator<Item = T>,
) -> PyResult<Bound<'py, PyTuple>>
where
    T: IntoPyObject<'py>,
{
    PyTuple::new(py, items.into_iter().collect::<Vec<T>>())
}

pub(crate) fn found_key(found: Found) -> String {
    match found {
        Found::Entry(e) => e.key(),
        Found::Symptom(s) => format!("symptom:{}", s.id()),
    }
}

pub(crate) fn hash_of(value: &impl Hash) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    value.hash(&mut h);
    h.finish()
}

pub(crate) fn py_str(s: &str) -> String {
    // Python's repr of a str, without calling back into Python.
    let mut out = String::from("'");
    for c in s.chars() {
        match c {
            '\'' => out.push_str("\\'"),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}
