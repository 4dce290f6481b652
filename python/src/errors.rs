//! The library's errors as Python exceptions, carrying its messages and its errors as data.

use crate::convert::{lang_name, to_py};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use qiwi_errors::{AnswerError, Api, DiagnoseError, ExplainError, Family, Lang, Words};
use serde::Serialize;

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
pub(crate) fn raise<T: pyo3::PyTypeInfo>(
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

pub(crate) fn explain_error(py: Python<'_>, e: &ExplainError, lang: Lang) -> PyErr {
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

pub(crate) fn diagnose_error(py: Python<'_>, e: &DiagnoseError, lang: Lang) -> PyErr {
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

pub(crate) fn answer_error(py: Python<'_>, e: &AnswerError, lang: Lang) -> PyErr {
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
pub(crate) struct UnknownName<'a> {
    pub(crate) kind: &'static str,
    pub(crate) what: &'static str,
    pub(crate) name: &'a str,
    pub(crate) known: Vec<&'static str>,
}

pub(crate) fn unknown_name(
    py: Python<'_>,
    what: &'static str,
    name: &str,
    known: Vec<&'static str>,
) -> PyErr {
    let message = format!("unknown {what} `{name}`; known: {}", known.join(", "));
    let detail = UnknownName {
        kind: "unknown-name",
        what,
        name,
        known,
    };
    raise::<UnknownNameError>(py, message.clone(), &detail, message, Lang::En)
}

pub(crate) fn bad_argument(py: Python<'_>, message: String) -> PyErr {
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

pub(crate) fn parse_lang(py: Python<'_>, name: &str) -> PyResult<Lang> {
    name.parse()
        .map_err(|_| unknown_name(py, "language", name, vec!["ru", "en"]))
}

pub(crate) fn parse_family(py: Python<'_>, name: &str) -> PyResult<Family> {
    Family::from_name(name.trim()).ok_or_else(|| {
        unknown_name(
            py,
            "family",
            name,
            Family::ALL.iter().map(|f| f.as_str()).collect(),
        )
    })
}

pub(crate) fn parse_api(py: Python<'_>, name: &str) -> PyResult<Api> {
    name.parse().map_err(|_| {
        unknown_name(
            py,
            "API",
            name,
            Api::ALL.iter().map(|a| a.as_str()).collect(),
        )
    })
}
