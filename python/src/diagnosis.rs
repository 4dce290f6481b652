//! `Diagnosis`, `Finding` and `Decision`: what `diagnose` read in a response, and the advice.

use crate::convert::{
    action_name, hash_of, lang_name, member, py_str, serde_name, to_py, tuple_of, Vocabulary,
};
use crate::entry::opt_entry;
use crate::entry::PyEntry;
use crate::errors::parse_lang;
use pyo3::prelude::*;
use pyo3::types::PyTuple;
use qiwi_errors::retry::{RetryAction, RetryDecision};
use qiwi_errors::{Diagnosis, Entry, Finding, Lang, Words};
use serde::Serialize;
use std::fmt::Write as _;

/// What retry logic should do after one failure, and why.
#[pyclass(frozen, module = "qiwi_errors", name = "Decision")]
pub(crate) struct PyDecision {
    pub(crate) decision: RetryDecision,
}

#[pymethods]
impl PyDecision {
    /// What to do (an `Action` member): `NEVER`, `NOW`, `AFTER`, `CHECK_STATUS`,
    /// `AFTER_USER_ACTION`.
    #[getter]
    fn action(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        member(py, Vocabulary::Action, action_name(self.decision.action))
    }
    /// The wait before the repeat in seconds, for `AFTER`.
    #[getter]
    fn seconds(&self) -> Option<u64> {
        match self.decision.action {
            RetryAction::After { seconds } => Some(u64::from(seconds)),
            _ => None,
        }
    }
    /// The wait before a repeat in seconds (0.0 for `NOW`); `None` when the request is not
    /// repeated by itself.
    #[getter]
    fn delay(&self) -> Option<f64> {
        self.decision.action.delay().map(|d| d.as_secs_f64())
    }
    /// `True` for `NOW` and `AFTER`: the same request may be sent again by itself.
    #[getter]
    fn is_retry(&self) -> bool {
        self.decision.action.is_retry()
    }
    /// Why, in English, naming the rule that decided.
    #[getter]
    fn reason(&self) -> &str {
        &self.decision.reason
    }
    /// How many attempts have failed so far, this one included.
    #[getter]
    fn attempt(&self) -> u32 {
        self.decision.attempt
    }
    /// The action as a sentence in `lang` (`"ru"` or `"en"`).
    #[pyo3(signature = (lang = "ru"))]
    fn advice(&self, py: Python<'_>, lang: &str) -> PyResult<String> {
        Ok(Words::of(parse_lang(py, lang)?).action_advice(self.decision.action))
    }
    /// Every field as plain data.
    fn to_dict(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        to_py(py, &self.decision)
    }
    fn __str__(&self) -> String {
        format!(
            "{}: {}",
            action_name(self.decision.action),
            self.decision.reason
        )
    }
    fn __repr__(&self) -> String {
        let seconds = match self.decision.action {
            RetryAction::After { seconds } => format!(", seconds={seconds}"),
            _ => String::new(),
        };
        format!(
            "Decision(action={}{seconds}, attempt={}, reason={})",
            py_str(action_name(self.decision.action)),
            self.decision.attempt,
            py_str(&self.decision.reason)
        )
    }
    fn __eq__(&self, other: PyRef<'_, PyDecision>) -> bool {
        self.decision == other.decision
    }
    fn __hash__(&self) -> u64 {
        hash_of(&(
            self.decision.action,
            &self.decision.reason,
            self.decision.attempt,
        ))
    }
}

pub(crate) fn decision_obj(
    py: Python<'_>,
    decision: &Option<RetryDecision>,
) -> PyResult<Option<Py<PyDecision>>> {
    decision
        .as_ref()
        .map(|d| {
            Py::new(
                py,
                PyDecision {
                    decision: d.clone(),
                },
            )
        })
        .transpose()
}

/// One code found in a response body.
#[pyclass(frozen, module = "qiwi_errors", name = "Finding")]
pub(crate) struct PyFinding {
    pub(crate) finding: Finding,
    pub(crate) lang: Lang,
}

#[pymethods]
impl PyFinding {
    /// Where it was: a JSON path (`status.psErrorCode`), an XML path, or `HTTP status`.
    #[getter]
    fn field(&self) -> &str {
        &self.finding.field
    }
    /// The value as found.
    #[getter]
    fn value(&self) -> &str {
        &self.finding.value
    }
    /// The family the value belongs to (a `Family` member).
    #[getter]
    fn family(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        member(py, Vocabulary::Family, self.finding.family.as_str())
    }
    /// The entry, when the knowledge base knows the code.
    #[getter]
    fn entry(&self, py: Python<'_>) -> PyResult<Option<Py<PyEntry>>> {
        opt_entry(py, self.finding.entry, self.lang)
    }
    /// The entry this one must be read with (a psErrorCode's reasonCode), when known.
    #[getter]
    fn read_with(&self, py: Python<'_>) -> PyResult<Option<Py<PyEntry>>> {
        opt_entry(py, self.finding.with, self.lang)
    }
    /// A remark on the context, in English.
    #[getter]
    fn note(&self) -> Option<&str> {
        self.finding.note.as_deref()
    }
    /// Every field as plain data.
    fn to_dict(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        to_py(py, &self.finding)
    }
    fn __repr__(&self) -> String {
        format!(
            "Finding(field={}, value={}, entry={})",
            py_str(&self.finding.field),
            py_str(&self.finding.value),
            self.finding
                .entry
                .map_or_else(|| "None".to_string(), |e| py_str(&e.key()))
        )
    }
    fn __eq__(&self, other: PyRef<'_, PyFinding>) -> bool {
        self.finding == other.finding && self.lang == other.lang
    }
}

/// What `diagnose` found in a whole response: every code, the API's messages, the advice.
///
/// `str(diagnosis)` is what the CLI's `diagnose` prints.
#[pyclass(frozen, module = "qiwi_errors", name = "Diagnosis")]
pub(crate) struct PyDiagnosis {
    pub(crate) diagnosis: Diagnosis,
    pub(crate) lang: Lang,
}

#[pymethods]
impl PyDiagnosis {
    /// `"json"`, `"xml"` or `"empty"`.
    #[getter]
    fn format(&self) -> String {
        serde_name(&self.diagnosis.format)
    }
    /// The HTTP status, when one was given.
    #[getter]
    fn http_status(&self) -> Option<u16> {
        self.diagnosis.http_status
    }
    /// Every code found, in document order (the HTTP status first).
    #[getter]
    fn findings<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let items = self
            .diagnosis
            .findings
            .iter()
            .map(|f| {
                Py::new(
                    py,
                    PyFinding {
                        finding: f.clone(),
                        lang: self.lang,
                    },
                )
            })
            .collect::<PyResult<Vec<_>>>()?;
        tuple_of(py, items)
    }
    /// The most serious finding with a known entry: the answer to read first.
    #[getter]
    fn main(&self, py: Python<'_>) -> PyResult<Option<Py<PyEntry>>> {
        opt_entry(py, self.diagnosis.main(), self.lang)
    }
    /// Messages the body carried itself (`description`, `userMessage`, ...).
    #[getter]
    fn messages<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        tuple_of(py, self.diagnosis.messages.iter().map(String::as_str))
    }
    /// The XML protocol's `fatal` flag, when the body carried one.
    #[getter]
    fn fatal(&self) -> Option<bool> {
        self.diagnosis.fatal
    }
    /// What retry logic should do when something failed (a fresh operation's advice).
    #[getter]
    fn advice(&self, py: Python<'_>) -> PyResult<Option<Py<PyDecision>>> {
        decision_obj(py, &self.diagnosis.advice)
    }
    /// `"ru"` or `"en"`.
    #[getter]
    fn lang(&self) -> &'static str {
        lang_name(self.lang)
    }
    /// Every field as plain data, with the main entry's key and the entries' details.
    fn to_dict(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        #[derive(Serialize)]
        struct WithMain<'a> {
            kind: &'static str,
            #[serde(flatten)]
            diagnosis: &'a Diagnosis,
            main: Option<String>,
            details: std::collections::BTreeMap<String, &'static qiwi_errors::Details>,
        }
        to_py(
            py,
            &WithMain {
                kind: "diagnosis",
                diagnosis: &self.diagnosis,
                main: self.diagnosis.main().map(Entry::key),
                details: self
                    .diagnosis
                    .findings
                    .iter()
                    .filter_map(|f| f.entry)
                    .map(|e| (e.key(), e.details()))
                    .collect(),
            },
        )
    }
    fn __str__(&self) -> String {
        let lang = self.lang;
        let words = Words::of(lang);
        let d = &self.diagnosis;
        let mut out = String::new();
        if d.findings.is_empty() {
            out.push_str(words.nothing);
            out.push('\n');
        }
        for f in &d.findings {
            let _ = writeln!(out, "{} = {}", f.field, f.value);
            if let Some(e) = f.entry {
                let _ = writeln!(out, "{}", e.display(lang));
                if let Some(with) = f.with {
                    let _ = writeln!(
                        out,
                        "{}: {} — {}",
                        words.read_with,
                        with.label(),
                        with.title().get(lang)
                    );
                }
            }
            if let Some(note) = &f.note {
                let _ = writeln!(out, "  ({note})");
            }
            out.push('\n');
        }
        for m in &d.messages {
            let _ = writeln!(out, "> {m}");
        }
        if let Some(advice) = &d.advice {
            let _ = writeln!(
                out,
                "{}: {} ({})",
                words.advice,
                words.action_advice(advice.action),
                advice.reason
            );
        }
        out.trim_end().to_string()
    }
    fn __repr__(&self) -> String {
        let keys: Vec<String> = self
            .diagnosis
            .findings
            .iter()
            .map(|f| {
                py_str(
                    &f.entry
                        .map_or_else(|| format!("{}={}", f.field, f.value), Entry::key),
                )
            })
            .collect();
        format!(
            "Diagnosis(format={}, http_status={}, findings=[{}], advice={})",
            py_str(&serde_name(&self.diagnosis.format)),
            self.diagnosis
                .http_status
                .map_or_else(|| "None".to_string(), |s| s.to_string()),
            keys.join(", "),
            self.diagnosis
                .advice
                .as_ref()
                .map_or_else(|| "None".to_string(), |a| py_str(action_name(a.action)))
        )
    }
    fn __eq__(&self, other: PyRef<'_, PyDiagnosis>) -> bool {
        self.diagnosis == other.diagnosis && self.lang == other.lang
    }
}
