//! `qiwi_errors._native`: the Python bindings of `qiwi-errors` (PyO3, abi3).
//!
//! Nothing here decides anything: every answer is the library's (`explain`, `answer`,
//! `search`, `diagnose`, `lookup`) and every retry decision is `RetryPolicy::judge` or
//! `RetryPolicy::repeat_after_check`. This module only converts: Python text in, frozen result
//! objects out, the library's errors as Python exceptions carrying the library's messages.
//!
//! The enums (`Family`, `Api`, `Severity`, `Actor`, `Action`, `Outcome`) are Python
//! `enum.Enum` classes made by the pure-Python package from `vocabularies()` and handed back
//! with `bind_enums()`, so that results carry real enum members.

mod call;
mod convert;
mod diagnosis;
mod entry;
mod errors;
mod explanation;
mod functions;
mod judgment;

use call::PyCall;
use diagnosis::{PyDecision, PyDiagnosis, PyFinding};
use entry::{PyEntry, PySymptom};
use errors::{
    BodyTooLargeError, EmptyQueryError, MalformedBodyError, NotFoundError, NotJsonOrXmlError,
    NotTextError, QiwiErrorsError, QueryTooLongError, UnknownNameError,
};
use explanation::{PyCandidate, PyExplanation};
use functions::{
    answer, bind_enums, diagnose, entries, explain_query, families, judge, lookup, search,
    status_interval, vocabularies, PyFamilyInfo,
};
use judgment::{PyJudgment, PyRetryPolicy};
use pyo3::prelude::*;

/// The native half of `qiwi_errors`.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add_class::<PyEntry>()?;
    m.add_class::<PySymptom>()?;
    m.add_class::<PyCandidate>()?;
    m.add_class::<PyExplanation>()?;
    m.add_class::<PyFinding>()?;
    m.add_class::<PyDiagnosis>()?;
    m.add_class::<PyDecision>()?;
    m.add_class::<PyJudgment>()?;
    m.add_class::<PyRetryPolicy>()?;
    m.add_class::<PyCall>()?;
    m.add_class::<PyFamilyInfo>()?;
    m.add_function(wrap_pyfunction!(answer, m)?)?;
    m.add_function(wrap_pyfunction!(status_interval, m)?)?;
    m.add_function(wrap_pyfunction!(explain_query, m)?)?;
    m.add_function(wrap_pyfunction!(search, m)?)?;
    m.add_function(wrap_pyfunction!(diagnose, m)?)?;
    m.add_function(wrap_pyfunction!(lookup, m)?)?;
    m.add_function(wrap_pyfunction!(families, m)?)?;
    m.add_function(wrap_pyfunction!(entries, m)?)?;
    m.add_function(wrap_pyfunction!(judge, m)?)?;
    m.add_function(wrap_pyfunction!(vocabularies, m)?)?;
    m.add_function(wrap_pyfunction!(bind_enums, m)?)?;
    m.add("QiwiErrorsError", py.get_type::<QiwiErrorsError>())?;
    m.add("EmptyQueryError", py.get_type::<EmptyQueryError>())?;
    m.add("QueryTooLongError", py.get_type::<QueryTooLongError>())?;
    m.add("NotFoundError", py.get_type::<NotFoundError>())?;
    m.add("BodyTooLargeError", py.get_type::<BodyTooLargeError>())?;
    m.add("MalformedBodyError", py.get_type::<MalformedBodyError>())?;
    m.add("NotJsonOrXmlError", py.get_type::<NotJsonOrXmlError>())?;
    m.add("NotTextError", py.get_type::<NotTextError>())?;
    m.add("UnknownNameError", py.get_type::<UnknownNameError>())?;
    m.add("MAX_QUERY_LEN", qiwi_errors::MAX_QUERY_LEN)?;
    m.add("MAX_BODY_LEN", qiwi_errors::MAX_BODY_LEN)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
