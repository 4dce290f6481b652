//! `Explanation` and `Candidate`: what `explain` and `search` found.

use crate::convert::{found_key, lang_name, py_str, to_py, tuple_of};
use crate::entry::PyEntry;
use crate::entry::{entry_obj, found_obj, opt_entry};
use pyo3::prelude::*;
use pyo3::types::PyTuple;
use qiwi_errors::{Candidate, Explanation, Found, Lang, Words};
use serde::Serialize;
use std::fmt::Write as _;

/// One ranked answer of `explain` or `search`.
#[pyclass(frozen, module = "qiwi_errors", name = "Candidate")]
pub(crate) struct PyCandidate {
    pub(crate) candidate: Candidate,
    pub(crate) lang: Lang,
}

#[pymethods]
impl PyCandidate {
    /// What matched: an `Entry` or a `Symptom`.
    #[getter]
    fn found(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        found_obj(py, self.candidate.found, self.lang)
    }
    /// 0–100, higher is better; exact typed matches score 80 and above.
    #[getter]
    fn score(&self) -> u8 {
        self.candidate.score
    }
    /// Why it matched, in English (`"code 220 (exact)"`, `"words: ..."`).
    #[getter]
    fn reason(&self) -> String {
        self.candidate.reason.to_string()
    }
    /// Every field as plain data.
    fn to_dict(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        to_py(py, &self.candidate)
    }
    fn __repr__(&self) -> String {
        format!(
            "Candidate(found={}, score={}, reason={})",
            py_str(&found_key(self.candidate.found)),
            self.candidate.score,
            py_str(&self.candidate.reason.to_string())
        )
    }
    fn __eq__(&self, other: PyRef<'_, PyCandidate>) -> bool {
        self.candidate == other.candidate && self.lang == other.lang
    }
}

/// What `explain` found for a code or a phrase: ranked candidates, best first.
///
/// `str(explanation)` is what the CLI prints: the best answer in full (and the others in a
/// line), or the candidates of an ambiguous bare number.
#[pyclass(frozen, module = "qiwi_errors", name = "Explanation")]
pub(crate) struct PyExplanation {
    pub(crate) explanation: Explanation,
    pub(crate) lang: Lang,
}

#[pymethods]
impl PyExplanation {
    /// Every candidate, best first.
    #[getter]
    fn candidates<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let items = self
            .explanation
            .candidates()
            .iter()
            .map(|c| {
                Py::new(
                    py,
                    PyCandidate {
                        candidate: c.clone(),
                        lang: self.lang,
                    },
                )
            })
            .collect::<PyResult<Vec<_>>>()?;
        tuple_of(py, items)
    }
    /// The best candidate's entry or symptom.
    #[getter]
    fn best(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        found_obj(py, self.explanation.best().found, self.lang)
    }
    /// The best candidate's entry (`None` when the best is a symptom).
    #[getter]
    fn entry(&self, py: Python<'_>) -> PyResult<Option<Py<PyEntry>>> {
        opt_entry(py, self.explanation.entry(), self.lang)
    }
    /// The candidates that are entries, best first.
    #[getter]
    fn entries<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let items = self
            .explanation
            .entries()
            .map(|e| entry_obj(py, e, self.lang))
            .collect::<PyResult<Vec<_>>>()?;
        tuple_of(py, items)
    }
    /// `True` when the code exists with equal standing in several families (a bare `404`):
    /// show the candidates, not one answer.
    #[getter]
    fn ambiguous(&self) -> bool {
        self.explanation.is_ambiguous()
    }
    /// The code the query names when no family has it (the candidates are then close ones).
    #[getter]
    fn unknown_code(&self) -> Option<String> {
        self.explanation.unknown_code().map(str::to_string)
    }
    /// `"ru"` or `"en"`.
    #[getter]
    fn lang(&self) -> &'static str {
        lang_name(self.lang)
    }
    /// Every field as plain data, with the details of the entries it names (as `--json`).
    fn to_dict(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        #[derive(Serialize)]
        struct WithDetails<'a> {
            kind: &'static str,
            #[serde(flatten)]
            answer: &'a Explanation,
            details: std::collections::BTreeMap<String, &'static qiwi_errors::Details>,
        }
        to_py(
            py,
            &WithDetails {
                kind: "explanation",
                answer: &self.explanation,
                details: self
                    .explanation
                    .entries()
                    .map(|e| (e.key(), e.details()))
                    .collect(),
            },
        )
    }
    fn __str__(&self) -> String {
        let lang = self.lang;
        let words = Words::of(lang);
        let mut out = String::new();
        if self.explanation.is_ambiguous() {
            let _ = writeln!(out, "{}\n", words.ambiguous);
            for c in self.explanation.candidates() {
                if let Found::Entry(e) = c.found {
                    let _ = writeln!(
                        out,
                        "  {:>3}  {:<24} {} — {}",
                        c.score,
                        e.label().to_string(),
                        e.family().label(lang),
                        e.title().get(lang)
                    );
                }
            }
            return out.trim_end().to_string();
        }
        match self.explanation.best().found {
            Found::Entry(e) => out.push_str(&e.display(lang).to_string()),
            Found::Symptom(s) => out.push_str(&s.display(lang).to_string()),
        }
        let others: Vec<String> = self
            .explanation
            .candidates()
            .iter()
            .skip(1)
            .take(8)
            .map(|c| match c.found {
                Found::Entry(e) => format!("{} ({})", e.label(), e.title().get(lang)),
                Found::Symptom(s) => s.title().get(lang).to_string(),
            })
            .collect();
        if !others.is_empty() {
            let _ = write!(out, "\n\n{}: {}", words.also, others.join("; "));
        }
        out.trim_end().to_string()
    }
    fn __repr__(&self) -> String {
        format!(
            "Explanation(best={}, candidates={}, ambiguous={})",
            py_str(&found_key(self.explanation.best().found)),
            self.explanation.candidates().len(),
            if self.explanation.is_ambiguous() {
                "True"
            } else {
                "False"
            }
        )
    }
    fn __eq__(&self, other: PyRef<'_, PyExplanation>) -> bool {
        self.explanation == other.explanation && self.lang == other.lang
    }
}
