//! The module's functions (`answer`, `explain_query`, `search`, `diagnose`, `lookup`,
//! `families`, `entries`, `judge`, `status_interval`) and the enums' binding.

use crate::convert::{
    action_name, hash_of, lang_name, member, outcome_name, py_str, serde_name, tuple_of, Enums,
    Vocabulary, ENUMS,
};
use crate::diagnosis::PyDiagnosis;
use crate::entry::PyEntry;
use crate::entry::{entry_obj, opt_entry};
use crate::errors::{answer_error, diagnose_error, explain_error};
use crate::errors::{parse_api, parse_family, parse_lang};
use crate::explanation::{PyCandidate, PyExplanation};
use crate::judgment::{body_text, judge_with, PyJudgment};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple};
use qiwi_errors::retry::{self, Outcome, RetryAction};
use qiwi_errors::{Api, Diagnosis, Explanation, Family, Lang, Words};
use std::time::Duration;

/// Every family with its labels and its number of codes.
#[pyclass(frozen, module = "qiwi_errors", name = "FamilyInfo")]
pub(crate) struct PyFamilyInfo {
    pub(crate) family: Family,
    pub(crate) lang: Lang,
}

#[pymethods]
impl PyFamilyInfo {
    /// The family (a `Family` member).
    #[getter]
    fn family(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        member(py, Vocabulary::Family, self.family.as_str())
    }
    /// The family's name (`"wallet-error"`).
    #[getter]
    fn name(&self) -> &'static str {
        self.family.as_str()
    }
    /// A short human name in `lang`.
    #[getter]
    fn label(&self) -> &'static str {
        self.family.label(self.lang)
    }
    /// The API whose answers carry these codes (an `Api` member).
    #[getter]
    fn api(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        member(py, Vocabulary::Api, self.family.api().as_str())
    }
    /// How many codes the family has.
    #[getter]
    fn entries(&self) -> usize {
        qiwi_errors::family_entries(self.family).count()
    }
    /// Every field as plain data.
    fn to_dict(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let dict = PyDict::new(py);
        dict.set_item("family", self.family.as_str())?;
        dict.set_item("label_ru", self.family.label(Lang::Ru))?;
        dict.set_item("label_en", self.family.label(Lang::En))?;
        dict.set_item("api", self.family.api().as_str())?;
        dict.set_item("entries", self.entries())?;
        Ok(dict.into_any().unbind())
    }
    fn __repr__(&self) -> String {
        format!(
            "FamilyInfo(name={}, label={}, entries={})",
            py_str(self.family.as_str()),
            py_str(self.family.label(self.lang)),
            self.entries()
        )
    }
    fn __eq__(&self, other: PyRef<'_, PyFamilyInfo>) -> bool {
        self.family == other.family && self.lang == other.lang
    }
    fn __hash__(&self) -> u64 {
        hash_of(&(self.family.as_str(), lang_name(self.lang)))
    }
}

pub(crate) fn explanation_obj(
    py: Python<'_>,
    explanation: Explanation,
    lang: Lang,
) -> PyResult<Py<PyAny>> {
    Ok(Py::new(py, PyExplanation { explanation, lang })?.into_any())
}

pub(crate) fn diagnosis_obj(
    py: Python<'_>,
    diagnosis: Diagnosis,
    lang: Lang,
) -> PyResult<Py<PyAny>> {
    Ok(Py::new(py, PyDiagnosis { diagnosis, lang })?.into_any())
}

/// Whatever was pasted, answered as the CLI's `explain` does: a response or a piece of one is
/// diagnosed (`Diagnosis`), anything else explained (`Explanation`).
#[pyfunction]
#[pyo3(signature = (text, lang = "ru"))]
pub(crate) fn answer(py: Python<'_>, text: &str, lang: &str) -> PyResult<Py<PyAny>> {
    let lang = parse_lang(py, lang)?;
    match qiwi_errors::answer(text) {
        Ok(qiwi_errors::Answer::Explanation(e)) => explanation_obj(py, e, lang),
        Ok(qiwi_errors::Answer::Diagnosis(d)) => diagnosis_obj(py, d, lang),
        Err(e) => Err(answer_error(py, &e, lang)),
    }
}

/// A code or a phrase explained (never diagnosed as a body).
#[pyfunction]
#[pyo3(signature = (query, lang = "ru"))]
pub(crate) fn explain_query(py: Python<'_>, query: &str, lang: &str) -> PyResult<Py<PyAny>> {
    let lang = parse_lang(py, lang)?;
    match qiwi_errors::explain(query) {
        Ok(e) => explanation_obj(py, e, lang),
        Err(e) => Err(explain_error(py, &e, lang)),
    }
}

/// Free-text search in Russian and English, best first (empty when nothing matches).
#[pyfunction]
#[pyo3(signature = (text, lang = "ru"))]
pub(crate) fn search<'py>(
    py: Python<'py>,
    text: &str,
    lang: &str,
) -> PyResult<Bound<'py, PyTuple>> {
    let lang = parse_lang(py, lang)?;
    let items = qiwi_errors::search(text)
        .into_iter()
        .map(|candidate| Py::new(py, PyCandidate { candidate, lang }))
        .collect::<PyResult<Vec<_>>>()?;
    tuple_of(py, items)
}

/// Every code in a whole response (JSON or XML), with `status` read as its HTTP status line.
#[pyfunction]
#[pyo3(signature = (body, status = None, lang = "ru"))]
pub(crate) fn diagnose(
    py: Python<'_>,
    body: &Bound<'_, PyAny>,
    status: Option<u16>,
    lang: &str,
) -> PyResult<Py<PyAny>> {
    let lang = parse_lang(py, lang)?;
    let text = body_text(body)?;
    let pasted;
    let input = match status {
        // The form the library's own judgment pastes an answer in.
        Some(status) => {
            pasted = format!("HTTP/1.1 {status} \r\n\r\n{text}");
            &pasted
        }
        None => &text,
    };
    match qiwi_errors::diagnose(input) {
        Ok(d) => diagnosis_obj(py, d, lang),
        Err(e) => Err(diagnose_error(py, &e, lang)),
    }
}

/// The entry of `code` in `family`, or `None`.
#[pyfunction]
#[pyo3(signature = (family, code, lang = "ru"))]
pub(crate) fn lookup(
    py: Python<'_>,
    family: &str,
    code: &str,
    lang: &str,
) -> PyResult<Option<Py<PyEntry>>> {
    let lang = parse_lang(py, lang)?;
    let family = parse_family(py, family)?;
    opt_entry(py, qiwi_errors::lookup(family, code), lang)
}

/// Every entry of the knowledge base, or of one family, in the order of the data files.
#[pyfunction]
#[pyo3(signature = (family = None, lang = "ru"))]
pub(crate) fn entries<'py>(
    py: Python<'py>,
    family: Option<&str>,
    lang: &str,
) -> PyResult<Bound<'py, PyTuple>> {
    let lang = parse_lang(py, lang)?;
    let family = family.map(|f| parse_family(py, f)).transpose()?;
    let items = qiwi_errors::entries()
        .filter(|e| family.is_none_or(|f| e.family() == f))
        .map(|e| entry_obj(py, e, lang))
        .collect::<PyResult<Vec<_>>>()?;
    tuple_of(py, items)
}

/// Every family, in the order of the data files.
#[pyfunction]
#[pyo3(signature = (lang = "ru"))]
pub(crate) fn families<'py>(py: Python<'py>, lang: &str) -> PyResult<Bound<'py, PyTuple>> {
    let lang = parse_lang(py, lang)?;
    let items = Family::ALL
        .iter()
        .map(|&family| Py::new(py, PyFamilyInfo { family, lang }))
        .collect::<PyResult<Vec<_>>>()?;
    tuple_of(py, items)
}

/// The least number of seconds between two status queries of one operation that the API's
/// documentation asks for (the XML protocol: 600, "no more than once in 10 minutes"); `None`
/// where it sets none.
#[pyfunction]
pub(crate) fn status_interval(py: Python<'_>, api: &str) -> PyResult<Option<f64>> {
    let api = parse_api(py, api)?;
    Ok(api.status_interval_seconds().map(f64::from))
}

/// One answer judged on its own, as the CLI and the widget give advice (a fresh policy).
#[pyfunction]
#[pyo3(signature = (status, body = None, api = None, retry_after = None, *, truncated = false, lang = "ru"))]
pub(crate) fn judge(
    py: Python<'_>,
    status: Option<u16>,
    body: Option<&Bound<'_, PyAny>>,
    api: Option<String>,
    retry_after: Option<&Bound<'_, PyAny>>,
    truncated: bool,
    lang: &str,
) -> PyResult<PyJudgment> {
    let lang = parse_lang(py, lang)?;
    let none = py.None().into_bound(py);
    judge_with(
        py,
        &mut retry::RetryPolicy::new(),
        status,
        body.unwrap_or(&none),
        api.as_deref(),
        retry_after,
        truncated,
        Duration::ZERO,
        lang,
    )
}

/// The names of every closed vocabulary, for the package's enums.
#[pyfunction]
pub(crate) fn vocabularies(py: Python<'_>) -> PyResult<Py<PyDict>> {
    let dict = PyDict::new(py);
    let words = Words::of(Lang::En);
    dict.set_item(
        "family",
        Family::ALL.iter().map(|f| f.as_str()).collect::<Vec<_>>(),
    )?;
    dict.set_item(
        "api",
        Api::ALL.iter().map(|a| a.as_str()).collect::<Vec<_>>(),
    )?;
    dict.set_item(
        "severity",
        words
            .severities
            .iter()
            .map(|(s, _)| serde_name(s))
            .collect::<Vec<_>>(),
    )?;
    dict.set_item(
        "actor",
        words
            .actor_names
            .iter()
            .map(|(a, _)| serde_name(a))
            .collect::<Vec<_>>(),
    )?;
    let actions = [
        RetryAction::Never,
        RetryAction::Now,
        RetryAction::After { seconds: 0 },
        RetryAction::CheckStatus,
        RetryAction::AfterUserAction,
    ];
    dict.set_item(
        "action",
        actions.iter().map(|a| action_name(*a)).collect::<Vec<_>>(),
    )?;
    dict.set_item(
        "outcome",
        [Outcome::Succeeded, Outcome::Failed, Outcome::Unknown]
            .iter()
            .map(|o| outcome_name(*o))
            .collect::<Vec<_>>(),
    )?;
    Ok(dict.unbind())
}

/// Binds the package's enum classes, so that results carry their members.
#[pyfunction]
pub(crate) fn bind_enums(
    py: Python<'_>,
    family: Py<PyAny>,
    api: Py<PyAny>,
    severity: Py<PyAny>,
    actor: Py<PyAny>,
    action: Py<PyAny>,
    outcome: Py<PyAny>,
) {
    let _ = ENUMS.set(
        py,
        Enums {
            family,
            api,
            severity,
            actor,
            action,
            outcome,
        },
    );
}
