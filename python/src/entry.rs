//! `Entry` and `Symptom`: the knowledge base's records as frozen Python objects.

use crate::convert::{hash_of, lang_name, member, py_str, serde_name, to_py, tuple_of, Vocabulary};
use crate::errors::parse_lang;
use pyo3::prelude::*;
use pyo3::types::PyTuple;
use qiwi_errors::{Entry, Found, Lang, Symptom, Words};

/// One code of one family: what it means, how bad it is, who acts, whether to retry.
///
/// Texts are in the language the entry was asked in (`lang`); `in_lang("en")` gives the same
/// entry in the other language. `str(entry)` is the full explanation, as the CLI prints it.
#[pyclass(frozen, module = "qiwi_errors", name = "Entry")]
pub(crate) struct PyEntry {
    pub(crate) entry: Entry,
    pub(crate) lang: Lang,
}

#[pymethods]
impl PyEntry {
    /// The family (a `Family` member).
    #[getter]
    fn family(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        member(py, Vocabulary::Family, self.entry.family().as_str())
    }
    /// The code as the API writes it (`"04"`, `"220"`, `"INVALID_STATE"`, a range `"0-49"`).
    #[getter]
    fn code(&self) -> &'static str {
        self.entry.code()
    }
    /// `family:code`, unique in the knowledge base (`"wallet-error:220"`).
    #[getter]
    fn key(&self) -> String {
        self.entry.key()
    }
    /// The code as people see it (`"QWPRC-220"`, `"HTTP 404"`, `"psErrorCode 04"`).
    #[getter]
    fn label(&self) -> String {
        self.entry.label().to_string()
    }
    /// `"ru"` or `"en"`: the language of the texts.
    #[getter]
    fn lang(&self) -> &'static str {
        lang_name(self.lang)
    }
    /// A short title.
    #[getter]
    fn title(&self) -> &'static str {
        self.entry.title().get(self.lang)
    }
    /// What to tell the customer.
    #[getter]
    fn customer(&self) -> &'static str {
        self.entry.customer().get(self.lang)
    }
    /// What it means for the developer.
    #[getter]
    fn developer(&self) -> &'static str {
        self.entry.developer().get(self.lang)
    }
    /// What to do, step by step.
    #[getter]
    fn steps<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        tuple_of(py, self.entry.steps().iter().map(|t| t.get(self.lang)))
    }
    /// How bad it is (a `Severity` member).
    #[getter]
    fn severity(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        member(
            py,
            Vocabulary::Severity,
            &serde_name(&self.entry.severity()),
        )
    }
    /// Who must act (a tuple of `Actor` members).
    #[getter]
    fn actors<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let members = self
            .entry
            .actors()
            .iter()
            .map(|a| member(py, Vocabulary::Actor, &serde_name(a)))
            .collect::<PyResult<Vec<_>>>()?;
        tuple_of(py, members)
    }
    /// The documented retry advice's kind: `never`, `now`, `later`, `after`,
    /// `after-user-action`, `check-status` or `limited`.
    #[getter]
    fn retry(&self) -> String {
        serde_name(&self.entry.retry())
    }
    /// The documented advice as a sentence in `lang`.
    #[getter]
    fn retry_advice(&self) -> String {
        Words::of(self.lang).retry_advice(self.entry.retry())
    }
    /// The documented delay in seconds, for `after`.
    #[getter]
    fn retry_seconds(&self) -> Option<u32> {
        match self.entry.retry() {
            qiwi_errors::Retry::After { seconds } => Some(seconds),
            _ => None,
        }
    }
    /// `(max, window_seconds)` of a documented budget, for `limited`.
    #[getter]
    fn retry_limit(&self) -> Option<(u32, u32)> {
        match self.entry.retry() {
            qiwi_errors::Retry::Limited {
                max,
                window_seconds,
            } => Some((max, window_seconds)),
            _ => None,
        }
    }
    /// `True` if the documentation allows repeating the same request.
    #[getter]
    fn is_retryable(&self) -> bool {
        self.entry.is_retryable()
    }
    /// Whether the status is final (`None` where it does not apply).
    #[getter]
    fn is_final(&self) -> Option<bool> {
        self.entry.is_final()
    }
    /// Whether it touches personal or card data.
    #[getter]
    fn sensitive(&self) -> bool {
        self.entry.is_sensitive()
    }
    /// Where the fact comes from: `official`, `community`, `inferred` or `example`.
    #[getter]
    fn provenance(&self) -> String {
        serde_name(&self.entry.provenance())
    }
    /// Keys of related codes (`"ps-error:51"`).
    #[getter]
    fn related<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        tuple_of(py, self.entry.related_keys().iter().copied())
    }
    /// The same entry with its texts in `lang`.
    fn in_lang(&self, py: Python<'_>, lang: &str) -> PyResult<Py<PyEntry>> {
        entry_obj(py, self.entry, parse_lang(py, lang)?)
    }
    /// Every field, both languages, the developer details included (as the CLI's `--json`).
    fn to_dict(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        to_py(py, &self.entry.with_details())
    }
    fn __str__(&self) -> String {
        self.entry.display(self.lang).to_string()
    }
    fn __repr__(&self) -> String {
        format!(
            "Entry(key={}, label={}, title={}, lang={})",
            py_str(&self.entry.key()),
            py_str(&self.entry.label().to_string()),
            py_str(self.entry.title().get(self.lang)),
            py_str(lang_name(self.lang))
        )
    }
    fn __eq__(&self, other: PyRef<'_, PyEntry>) -> bool {
        self.entry == other.entry && self.lang == other.lang
    }
    fn __hash__(&self) -> u64 {
        hash_of(&(self.entry.key(), lang_name(self.lang)))
    }
}

/// A problem people describe without a code ("SMS code does not arrive"): causes, steps and
/// when to contact support.
#[pyclass(frozen, module = "qiwi_errors", name = "Symptom")]
pub(crate) struct PySymptom {
    pub(crate) symptom: Symptom,
    pub(crate) lang: Lang,
}

#[pymethods]
impl PySymptom {
    /// The symptom's identifier.
    #[getter]
    fn id(&self) -> &'static str {
        self.symptom.id()
    }
    /// `"ru"` or `"en"`.
    #[getter]
    fn lang(&self) -> &'static str {
        lang_name(self.lang)
    }
    /// A short title.
    #[getter]
    fn title(&self) -> &'static str {
        self.symptom.title().get(self.lang)
    }
    /// What is going on.
    #[getter]
    fn summary(&self) -> &'static str {
        self.symptom.summary().get(self.lang)
    }
    /// Likely causes.
    #[getter]
    fn causes<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        tuple_of(py, self.symptom.causes().iter().map(|t| t.get(self.lang)))
    }
    /// What to do.
    #[getter]
    fn steps<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        tuple_of(py, self.symptom.steps().iter().map(|t| t.get(self.lang)))
    }
    /// When to contact support.
    #[getter]
    fn contact_support(&self) -> &'static str {
        self.symptom.contact_support().get(self.lang)
    }
    /// Keys of related codes.
    #[getter]
    fn related<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        tuple_of(py, self.symptom.related_keys().iter().copied())
    }
    /// Every field, both languages.
    fn to_dict(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        to_py(py, &self.symptom)
    }
    fn __str__(&self) -> String {
        self.symptom.display(self.lang).to_string()
    }
    fn __repr__(&self) -> String {
        format!(
            "Symptom(id={}, title={})",
            py_str(self.symptom.id()),
            py_str(self.symptom.title().get(self.lang))
        )
    }
    fn __eq__(&self, other: PyRef<'_, PySymptom>) -> bool {
        self.symptom == other.symptom && self.lang == other.lang
    }
    fn __hash__(&self) -> u64 {
        hash_of(&(self.symptom.id(), lang_name(self.lang)))
    }
}

pub(crate) fn entry_obj(py: Python<'_>, entry: Entry, lang: Lang) -> PyResult<Py<PyEntry>> {
    Py::new(py, PyEntry { entry, lang })
}

pub(crate) fn opt_entry(
    py: Python<'_>,
    entry: Option<Entry>,
    lang: Lang,
) -> PyResult<Option<Py<PyEntry>>> {
    entry.map(|e| entry_obj(py, e, lang)).transpose()
}

pub(crate) fn found_obj(py: Python<'_>, found: Found, lang: Lang) -> PyResult<Py<PyAny>> {
    Ok(match found {
        Found::Entry(entry) => entry_obj(py, entry, lang)?.into_any(),
        Found::Symptom(symptom) => Py::new(py, PySymptom { symptom, lang })?.into_any(),
    })
}
