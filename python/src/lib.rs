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

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyTuple};
use qiwi_errors::retry::{self, Outcome, Reply, RetryAction, RetryConfig, RetryDecision};
use qiwi_errors::{
    AnswerError, Api, Candidate, DiagnoseError, Diagnosis, Entry, ExplainError, Explanation,
    Family, Finding, Found, Lang, Symptom, Words,
};
use serde::Serialize;
use std::fmt::Write as _;
use std::hash::{Hash, Hasher};
use std::time::{Duration, Instant, SystemTime};

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

pyo3::create_exception!(
    qiwi_errors,
    QiwiErrorsError,
    PyValueError,
    "The base of every error qiwi_errors raises (a ValueError). `str(error)` is the library's message, as the CLI prints it; `error.kind` and `error.detail` (a dict) carry the library's error as data; `error.user_message` is the same problem in the words the widget shows, in the language asked for."
);
pyo3::create_exception!(
    qiwi_errors,
    EmptyQueryError,
    QiwiErrorsError,
    "The query (or the body) holds nothing to look for."
);
pyo3::create_exception!(
    qiwi_errors,
    QueryTooLongError,
    QiwiErrorsError,
    "The query is longer than the library's limit (paste whole responses into diagnose)."
);
pyo3::create_exception!(
    qiwi_errors,
    NotFoundError,
    QiwiErrorsError,
    "Nothing in the knowledge base matches the query."
);
pyo3::create_exception!(
    qiwi_errors,
    BodyTooLargeError,
    QiwiErrorsError,
    "The response body is larger than the library's limit."
);
pyo3::create_exception!(
    qiwi_errors,
    MalformedBodyError,
    QiwiErrorsError,
    "The body is JSON or XML that does not parse (cut short or damaged)."
);
pyo3::create_exception!(
    qiwi_errors,
    NotJsonOrXmlError,
    QiwiErrorsError,
    "The body is neither JSON nor XML."
);
pyo3::create_exception!(
    qiwi_errors,
    NotTextError,
    QiwiErrorsError,
    "The text holds control characters or undecodable bytes."
);
pyo3::create_exception!(
    qiwi_errors,
    UnknownNameError,
    QiwiErrorsError,
    "A family, API or language name the library does not know."
);

/// Raises `T` with the library's message, its error as data and the widget's words for it.
fn raise<T: pyo3::PyTypeInfo>(
    py: Python<'_>,
    message: String,
    detail: &impl Serialize,
    user_message: String,
    lang: Lang,
) -> PyErr {
    let err = PyErr::new::<T, _>(message);
    let value = err.value(py);
    let detail = to_py(py, detail).unwrap_or_else(|_| py.None());
    let kind = detail
        .bind(py)
        .get_item("kind")
        .ok()
        .map_or_else(|| py.None(), Bound::unbind);
    // Setting attributes on a fresh exception instance cannot fail.
    let _ = value.setattr("kind", kind);
    let _ = value.setattr("detail", detail);
    let _ = value.setattr("user_message", user_message);
    let _ = value.setattr("lang", lang_name(lang));
    err
}

fn explain_error(py: Python<'_>, e: &ExplainError, lang: Lang) -> PyErr {
    let words = Words::of(lang);
    let message = e.to_string();
    match e {
        ExplainError::Empty => raise::<EmptyQueryError>(py, message, e, words.nothing.into(), lang),
        ExplainError::TooLong { .. } => {
            raise::<QueryTooLongError>(py, message, e, words.too_long.into(), lang)
        }
        ExplainError::NotFound {
            code: Some(code), ..
        } => {
            let user = words.unknown_code.replace("{code}", code);
            raise::<NotFoundError>(py, message, e, user, lang)
        }
        _ => raise::<NotFoundError>(py, message, e, words.nothing.into(), lang),
    }
}

fn diagnose_error(py: Python<'_>, e: &DiagnoseError, lang: Lang) -> PyErr {
    let words = Words::of(lang);
    let message = e.to_string();
    match e {
        DiagnoseError::Empty => {
            raise::<EmptyQueryError>(py, message, e, words.nothing.into(), lang)
        }
        DiagnoseError::TooLarge { .. } => {
            let kb = (qiwi_errors::MAX_BODY_LEN / 1024).to_string();
            let user = words.too_large.replace("{n}", &kb);
            raise::<BodyTooLargeError>(py, message, e, user, lang)
        }
        DiagnoseError::NotJsonOrXml => {
            raise::<NotJsonOrXmlError>(py, message, e, words.not_response.into(), lang)
        }
        _ => raise::<MalformedBodyError>(py, message, e, words.malformed.into(), lang),
    }
}

fn answer_error(py: Python<'_>, e: &AnswerError, lang: Lang) -> PyErr {
    match e {
        AnswerError::Explain(e) => explain_error(py, e, lang),
        AnswerError::Diagnose(e) => diagnose_error(py, e, lang),
        _ => {
            let words = Words::of(lang);
            raise::<NotTextError>(py, e.to_string(), e, words.not_text.into(), lang)
        }
    }
}

#[derive(Serialize)]
struct UnknownName<'a> {
    kind: &'static str,
    what: &'static str,
    name: &'a str,
    known: Vec<&'static str>,
}

fn unknown_name(py: Python<'_>, what: &'static str, name: &str, known: Vec<&'static str>) -> PyErr {
    let message = format!("unknown {what} `{name}`; known: {}", known.join(", "));
    let detail = UnknownName {
        kind: "unknown-name",
        what,
        name,
        known,
    };
    raise::<UnknownNameError>(py, message.clone(), &detail, message, Lang::En)
}

fn bad_argument(py: Python<'_>, message: String) -> PyErr {
    #[derive(Serialize)]
    struct Bad<'a> {
        kind: &'static str,
        message: &'a str,
    }
    let detail = Bad {
        kind: "bad-argument",
        message: &message,
    };
    raise::<QiwiErrorsError>(py, message.clone(), &detail, message.clone(), Lang::En)
}

// ---------------------------------------------------------------------------------------------
// Conversions
// ---------------------------------------------------------------------------------------------

static JSON_LOADS: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// A serialisable value as plain Python data (dicts, lists, str, int, bool, None), through
/// its JSON text: the same shape as the CLI's `--json` and the widget's objects.
fn to_py(py: Python<'_>, value: &impl Serialize) -> PyResult<Py<PyAny>> {
    let text = serde_json::to_string(value)
        .map_err(|e| PyValueError::new_err(format!("cannot convert the answer: {e}")))?;
    let loads = JSON_LOADS.get_or_try_init(py, || -> PyResult<Py<PyAny>> {
        Ok(py.import("json")?.getattr("loads")?.unbind())
    })?;
    loads.call1(py, (text,))
}

/// The kebab-case name serde gives a unit variant (`"after-user-action"`).
fn serde_name(value: &impl Serialize) -> String {
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

fn action_name(action: RetryAction) -> &'static str {
    match action {
        RetryAction::Never => "never",
        RetryAction::Now => "now",
        RetryAction::After { .. } => "after",
        RetryAction::CheckStatus => "check-status",
        RetryAction::AfterUserAction => "after-user-action",
    }
}

fn outcome_name(outcome: Outcome) -> String {
    serde_name(&outcome)
}

fn lang_name(lang: Lang) -> &'static str {
    match lang {
        Lang::Ru => "ru",
        Lang::En => "en",
    }
}

fn parse_lang(py: Python<'_>, name: &str) -> PyResult<Lang> {
    name.parse()
        .map_err(|_| unknown_name(py, "language", name, vec!["ru", "en"]))
}

fn parse_family(py: Python<'_>, name: &str) -> PyResult<Family> {
    Family::from_name(name.trim()).ok_or_else(|| {
        unknown_name(
            py,
            "family",
            name,
            Family::ALL.iter().map(|f| f.as_str()).collect(),
        )
    })
}

fn parse_api(py: Python<'_>, name: &str) -> PyResult<Api> {
    name.parse().map_err(|_| {
        unknown_name(
            py,
            "API",
            name,
            Api::ALL.iter().map(|a| a.as_str()).collect(),
        )
    })
}

/// The Python enum classes, bound by the package at import.
struct Enums {
    family: Py<PyAny>,
    api: Py<PyAny>,
    severity: Py<PyAny>,
    actor: Py<PyAny>,
    action: Py<PyAny>,
    outcome: Py<PyAny>,
}

static ENUMS: PyOnceLock<Enums> = PyOnceLock::new();

#[derive(Clone, Copy)]
enum Vocabulary {
    Family,
    Api,
    Severity,
    Actor,
    Action,
    Outcome,
}

/// The enum member named `value`; the plain string when the enums are not bound (the native
/// module imported on its own).
fn member(py: Python<'_>, which: Vocabulary, value: &str) -> PyResult<Py<PyAny>> {
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

fn tuple_of<'py, T>(
    py: Python<'py>,
    items: impl IntoIterator<Item = T>,
) -> PyResult<Bound<'py, PyTuple>>
where
    T: IntoPyObject<'py>,
{
    PyTuple::new(py, items.into_iter().collect::<Vec<T>>())
}

fn entry_obj(py: Python<'_>, entry: Entry, lang: Lang) -> PyResult<Py<PyEntry>> {
    Py::new(py, PyEntry { entry, lang })
}

fn opt_entry(py: Python<'_>, entry: Option<Entry>, lang: Lang) -> PyResult<Option<Py<PyEntry>>> {
    entry.map(|e| entry_obj(py, e, lang)).transpose()
}

fn found_obj(py: Python<'_>, found: Found, lang: Lang) -> PyResult<Py<PyAny>> {
    Ok(match found {
        Found::Entry(entry) => entry_obj(py, entry, lang)?.into_any(),
        Found::Symptom(symptom) => Py::new(py, PySymptom { symptom, lang })?.into_any(),
    })
}

fn found_key(found: Found) -> String {
    match found {
        Found::Entry(e) => e.key(),
        Found::Symptom(s) => format!("symptom:{}", s.id()),
    }
}

fn hash_of(value: &impl Hash) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    value.hash(&mut h);
    h.finish()
}

fn py_str(s: &str) -> String {
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

// ---------------------------------------------------------------------------------------------
// Entry and Symptom
// ---------------------------------------------------------------------------------------------

/// One code of one family: what it means, how bad it is, who acts, whether to retry.
///
/// Texts are in the language the entry was asked in (`lang`); `in_lang("en")` gives the same
/// entry in the other language. `str(entry)` is the full explanation, as the CLI prints it.
#[pyclass(frozen, module = "qiwi_errors", name = "Entry")]
struct PyEntry {
    entry: Entry,
    lang: Lang,
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
struct PySymptom {
    symptom: Symptom,
    lang: Lang,
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

// ---------------------------------------------------------------------------------------------
// Explanation, Candidate
// ---------------------------------------------------------------------------------------------

/// One ranked answer of `explain` or `search`.
#[pyclass(frozen, module = "qiwi_errors", name = "Candidate")]
struct PyCandidate {
    candidate: Candidate,
    lang: Lang,
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
struct PyExplanation {
    explanation: Explanation,
    lang: Lang,
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

// ---------------------------------------------------------------------------------------------
// Diagnosis, Finding, Decision
// ---------------------------------------------------------------------------------------------

/// What retry logic should do after one failure, and why.
#[pyclass(frozen, module = "qiwi_errors", name = "Decision")]
struct PyDecision {
    decision: RetryDecision,
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

fn decision_obj(
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
struct PyFinding {
    finding: Finding,
    lang: Lang,
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
struct PyDiagnosis {
    diagnosis: Diagnosis,
    lang: Lang,
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

// ---------------------------------------------------------------------------------------------
// Judgment and RetryPolicy
// ---------------------------------------------------------------------------------------------

/// One answer judged by the library's one retry judgment: what it means for the operation
/// (`outcome`), the failure it reports, and what to do next (`decision`).
#[pyclass(frozen, module = "qiwi_errors", name = "Judgment")]
struct PyJudgment {
    judgment: retry::Judgment,
    lang: Lang,
}

#[pymethods]
impl PyJudgment {
    /// An `Outcome` member: `SUCCEEDED`, `FAILED` (a definite statement that the operation did
    /// not go through) or `UNKNOWN` (it may have gone through: query its status).
    #[getter]
    fn outcome(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        member(
            py,
            Vocabulary::Outcome,
            &outcome_name(self.judgment.outcome),
        )
    }
    /// `True` when the outcome is `UNKNOWN`: never treat the operation as declined.
    #[getter]
    fn may_have_gone_through(&self) -> bool {
        self.judgment.outcome == Outcome::Unknown
    }
    /// What to do next; `None` when nothing failed.
    #[getter]
    fn decision(&self, py: Python<'_>) -> PyResult<Option<Py<PyDecision>>> {
        decision_obj(py, &self.judgment.decision)
    }
    /// The decision's action (an `Action` member), `None` when nothing failed.
    #[getter]
    fn action(&self, py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
        self.judgment
            .decision
            .as_ref()
            .map(|d| member(py, Vocabulary::Action, action_name(d.action)))
            .transpose()
    }
    /// The failure's main entry (the most specific code), when known.
    #[getter]
    fn entry(&self, py: Python<'_>) -> PyResult<Option<Py<PyEntry>>> {
        opt_entry(
            py,
            self.judgment.failure.as_ref().and_then(|f| f.entry),
            self.lang,
        )
    }
    /// The code the main one came with (a psErrorCode's reasonCode), when known.
    #[getter]
    fn paired(&self, py: Python<'_>) -> PyResult<Option<Py<PyEntry>>> {
        opt_entry(
            py,
            self.judgment.failure.as_ref().and_then(|f| f.paired),
            self.lang,
        )
    }
    /// The diagnosis of the body, when there was one that could be read.
    #[getter]
    fn diagnosis(&self, py: Python<'_>) -> PyResult<Option<Py<PyDiagnosis>>> {
        self.judgment
            .diagnosis
            .as_ref()
            .map(|d| {
                Py::new(
                    py,
                    PyDiagnosis {
                        diagnosis: d.clone(),
                        lang: self.lang,
                    },
                )
            })
            .transpose()
    }
    /// The wait the answer asked for with `Retry-After`, in seconds.
    #[getter]
    fn retry_after(&self) -> Option<f64> {
        self.judgment.retry_after.map(|d| d.as_secs_f64())
    }
    /// The failure as the library reads it (plain data), `None` when nothing failed.
    #[getter]
    fn failure(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        to_py(py, &self.judgment.failure)
    }
    /// Every field as plain data.
    fn to_dict(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        to_py(py, &self.judgment)
    }
    fn __repr__(&self) -> String {
        let j = &self.judgment;
        format!(
            "Judgment(outcome={}, action={}, entry={})",
            py_str(&outcome_name(j.outcome)),
            j.decision
                .as_ref()
                .map_or_else(|| "None".to_string(), |d| py_str(action_name(d.action))),
            j.failure
                .as_ref()
                .and_then(|f| f.entry)
                .map_or_else(|| "None".to_string(), |e| py_str(&e.key()))
        )
    }
    fn __str__(&self) -> String {
        let j = &self.judgment;
        match &j.decision {
            Some(d) => format!(
                "{}: {}: {}",
                outcome_name(j.outcome),
                action_name(d.action),
                d.reason
            ),
            None => outcome_name(j.outcome),
        }
    }
    fn __eq__(&self, other: PyRef<'_, PyJudgment>) -> bool {
        self.judgment == other.judgment && self.lang == other.lang
    }
}

/// The body as text: `str` as it is, `bytes` decoded as UTF-8 (undecodable bytes replaced).
fn body_text(body: &Bound<'_, PyAny>) -> PyResult<String> {
    if let Ok(bytes) = body.cast::<pyo3::types::PyBytes>() {
        return Ok(String::from_utf8_lossy(bytes.as_bytes()).into_owned());
    }
    if body.is_none() {
        return Ok(String::new());
    }
    body.extract::<String>()
}

/// `Retry-After` as the header's text: a `str` as it is, a number of seconds written out.
fn retry_after_text(py: Python<'_>, value: &Bound<'_, PyAny>) -> PyResult<String> {
    if let Ok(text) = value.extract::<String>() {
        return Ok(text);
    }
    if let Ok(seconds) = value.extract::<u64>() {
        return Ok(seconds.to_string());
    }
    match value.extract::<f64>() {
        Ok(seconds) if seconds.is_finite() && seconds >= 0.0 => {
            Ok(format!("{}", seconds.ceil() as u64))
        }
        _ => Err(bad_argument(
            py,
            "retry_after must be the header's text or a number of seconds".into(),
        )),
    }
}

fn duration(py: Python<'_>, what: &str, seconds: f64) -> PyResult<Duration> {
    Duration::try_from_secs_f64(seconds).map_err(|_| {
        bad_argument(
            py,
            format!("{what} must be a finite number of seconds, 0 or more; got {seconds}"),
        )
    })
}

/// Reads one answer into the library's `Reply` and judges it with `policy`.
#[allow(clippy::too_many_arguments)]
fn judge_with(
    py: Python<'_>,
    policy: &mut retry::RetryPolicy,
    status: Option<u16>,
    body: &Bound<'_, PyAny>,
    api: Option<&str>,
    retry_after: Option<&Bound<'_, PyAny>>,
    truncated: bool,
    now: Duration,
    lang: Lang,
) -> PyResult<PyJudgment> {
    let text = body_text(body)?;
    let mut reply = match status {
        Some(status) => Reply::new(status, &text),
        None => Reply::none(),
    };
    if let Some(api) = api {
        reply = reply.api(parse_api(py, api)?);
    }
    if let Some(value) = retry_after.filter(|v| !v.is_none()) {
        reply = reply.retry_after(&retry_after_text(py, value)?, SystemTime::now());
    }
    if truncated {
        reply = reply.truncated();
    }
    Ok(PyJudgment {
        judgment: policy.judge(&reply, now),
        lang,
    })
}

/// The retry state of one operation (one payment, one payout): keep one per operation and
/// ask it after every answer with `judge(...)`; after a status check that found no such
/// operation, ask `repeat_after_check()` before sending the request again.
///
/// Time is the operation's own clock in seconds (`now`); by default, seconds since the policy
/// was made. Limits beyond the documented ones: `max_attempts` (the first included),
/// `base_backoff` and `max_backoff` (seconds, for 429/423), `later` (seconds, qiwi-errors'
/// wait where the documentation says "later"), and `trust_idempotence` (set it to `False`
/// when you have a status probe: then a request that may have been processed is never
/// repeated before the status says it was not).
#[pyclass(module = "qiwi_errors", name = "RetryPolicy")]
struct PyRetryPolicy {
    policy: retry::RetryPolicy,
    start: Instant,
}

impl PyRetryPolicy {
    fn now(&self, py: Python<'_>, now: Option<f64>) -> PyResult<Duration> {
        match now {
            Some(seconds) => duration(py, "now", seconds),
            None => Ok(self.start.elapsed()),
        }
    }
}

#[pymethods]
impl PyRetryPolicy {
    #[new]
    #[pyo3(signature = (*, max_attempts = None, base_backoff = None, max_backoff = None, later = None, trust_idempotence = None))]
    fn new(
        py: Python<'_>,
        max_attempts: Option<u32>,
        base_backoff: Option<f64>,
        max_backoff: Option<f64>,
        later: Option<f64>,
        trust_idempotence: Option<bool>,
    ) -> PyResult<Self> {
        let mut config = RetryConfig::default();
        if let Some(n) = max_attempts {
            config.max_attempts = n;
        }
        if let Some(s) = base_backoff {
            config.base_backoff = duration(py, "base_backoff", s)?;
        }
        if let Some(s) = max_backoff {
            config.max_backoff = duration(py, "max_backoff", s)?;
        }
        if let Some(s) = later {
            config.later = duration(py, "later", s)?;
        }
        if let Some(t) = trust_idempotence {
            config.trust_idempotence = t;
        }
        Ok(PyRetryPolicy {
            policy: retry::RetryPolicy::with_config(config),
            start: Instant::now(),
        })
    }

    /// Judges one answer of this operation: records the failure at `now` and decides, never
    /// before the answer's `Retry-After`. `status=None` means no answer at all (a timeout, a
    /// dropped connection); `truncated=True` a body that could not be read whole.
    #[pyo3(signature = (status, body = None, api = None, retry_after = None, *, truncated = false, now = None, lang = "ru"))]
    #[allow(clippy::too_many_arguments)]
    fn judge(
        &mut self,
        py: Python<'_>,
        status: Option<u16>,
        body: Option<&Bound<'_, PyAny>>,
        api: Option<String>,
        retry_after: Option<&Bound<'_, PyAny>>,
        truncated: bool,
        now: Option<f64>,
        lang: &str,
    ) -> PyResult<PyJudgment> {
        let lang = parse_lang(py, lang)?;
        let now = self.now(py, now)?;
        let none = py.None().into_bound(py);
        let body = body.unwrap_or(&none);
        judge_with(
            py,
            &mut self.policy,
            status,
            body,
            api.as_deref(),
            retry_after,
            truncated,
            now,
            lang,
        )
    }

    /// After a `CHECK_STATUS` decision, the status check found no such operation: may the
    /// same request be sent again? `NOW` (or `AFTER` a pending `Retry-After`), unless the
    /// attempt limit or a capped decline's budget says `NEVER`. The repeat counts against
    /// the same budgets.
    #[pyo3(signature = (now = None))]
    fn repeat_after_check(&mut self, py: Python<'_>, now: Option<f64>) -> PyResult<PyDecision> {
        let now = self.now(py, now)?;
        Ok(PyDecision {
            decision: self.policy.repeat_after_check(now),
        })
    }

    /// How many failed attempts this policy has seen.
    #[getter]
    fn attempts(&self) -> u32 {
        self.policy.attempts()
    }

    /// The most attempts of one operation, the first included.
    #[getter]
    fn max_attempts(&self) -> u32 {
        self.policy.config().max_attempts
    }

    /// Whether the documented repeat after an empty HTTP 500 is advised at once.
    #[getter]
    fn trust_idempotence(&self) -> bool {
        self.policy.config().trust_idempotence
    }

    fn __repr__(&self) -> String {
        let c = self.policy.config();
        format!(
            "RetryPolicy(attempts={}, max_attempts={}, trust_idempotence={})",
            self.policy.attempts(),
            c.max_attempts,
            if c.trust_idempotence { "True" } else { "False" }
        )
    }
}

// ---------------------------------------------------------------------------------------------
// Functions
// ---------------------------------------------------------------------------------------------

/// Every family with its labels and its number of codes.
#[pyclass(frozen, module = "qiwi_errors", name = "FamilyInfo")]
struct PyFamilyInfo {
    family: Family,
    lang: Lang,
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

fn explanation_obj(py: Python<'_>, explanation: Explanation, lang: Lang) -> PyResult<Py<PyAny>> {
    Ok(Py::new(py, PyExplanation { explanation, lang })?.into_any())
}

fn diagnosis_obj(py: Python<'_>, diagnosis: Diagnosis, lang: Lang) -> PyResult<Py<PyAny>> {
    Ok(Py::new(py, PyDiagnosis { diagnosis, lang })?.into_any())
}

/// Whatever was pasted, answered as the CLI's `explain` does: a response or a piece of one is
/// diagnosed (`Diagnosis`), anything else explained (`Explanation`).
#[pyfunction]
#[pyo3(signature = (text, lang = "ru"))]
fn answer(py: Python<'_>, text: &str, lang: &str) -> PyResult<Py<PyAny>> {
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
fn explain_query(py: Python<'_>, query: &str, lang: &str) -> PyResult<Py<PyAny>> {
    let lang = parse_lang(py, lang)?;
    match qiwi_errors::explain(query) {
        Ok(e) => explanation_obj(py, e, lang),
        Err(e) => Err(explain_error(py, &e, lang)),
    }
}

/// Free-text search in Russian and English, best first (empty when nothing matches).
#[pyfunction]
#[pyo3(signature = (text, lang = "ru"))]
fn search<'py>(py: Python<'py>, text: &str, lang: &str) -> PyResult<Bound<'py, PyTuple>> {
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
fn diagnose(
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
fn lookup(py: Python<'_>, family: &str, code: &str, lang: &str) -> PyResult<Option<Py<PyEntry>>> {
    let lang = parse_lang(py, lang)?;
    let family = parse_family(py, family)?;
    opt_entry(py, qiwi_errors::lookup(family, code), lang)
}

/// Every entry of the knowledge base, or of one family, in the order of the data files.
#[pyfunction]
#[pyo3(signature = (family = None, lang = "ru"))]
fn entries<'py>(
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
fn families<'py>(py: Python<'py>, lang: &str) -> PyResult<Bound<'py, PyTuple>> {
    let lang = parse_lang(py, lang)?;
    let items = Family::ALL
        .iter()
        .map(|&family| Py::new(py, PyFamilyInfo { family, lang }))
        .collect::<PyResult<Vec<_>>>()?;
    tuple_of(py, items)
}

/// One answer judged on its own, as the CLI and the widget give advice (a fresh policy).
/// The least number of seconds between two status queries of one operation that the API's
/// documentation asks for (the XML protocol: 600, "no more than once in 10 minutes"); `None`
/// where it sets none.
#[pyfunction]
fn status_interval(py: Python<'_>, api: &str) -> PyResult<Option<f64>> {
    let api = parse_api(py, api)?;
    Ok(api.status_interval_seconds().map(f64::from))
}

#[pyfunction]
#[pyo3(signature = (status, body = None, api = None, retry_after = None, *, truncated = false, lang = "ru"))]
fn judge(
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
fn vocabularies(py: Python<'_>) -> PyResult<Py<PyDict>> {
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
fn bind_enums(
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
