//! What a search box does with whatever was pasted: a whole response is diagnosed, anything
//! else (a code, a message, a phrase) explained. The CLI and the widget both ask here.

use crate::diagnose::{diagnose, DiagnoseError, Diagnosis};
use crate::explain::{explain, ExplainError, Explanation};
use serde::Serialize;
use std::fmt;

/// The answer to a pasted text; made by [`answer`].
///
/// # Examples
///
/// ```
/// use qiwi_errors::{answer, Answer};
///
/// assert!(matches!(answer("QWPRC-220").unwrap(), Answer::Explanation(_)));
/// assert!(matches!(answer(r#"{"errorCode": 220}"#).unwrap(), Answer::Diagnosis(_)));
/// ```
#[derive(Debug, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Answer {
    /// A code, a message or a phrase, explained.
    Explanation(Explanation),
    /// A whole response (JSON or XML, with or without its HTTP status line), diagnosed.
    Diagnosis(Diagnosis),
}

/// Why [`answer`] has no answer.
///
/// # Examples
///
/// ```
/// use qiwi_errors::{answer, AnswerError};
///
/// assert!(matches!(answer("   "), Err(AnswerError::Explain(_))));
/// assert!(matches!(answer("{ not json"), Err(AnswerError::Diagnose(_))));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AnswerError {
    /// The text was read as a query.
    Explain(ExplainError),
    /// The text was read as a response.
    Diagnose(DiagnoseError),
}

impl fmt::Display for AnswerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AnswerError::Explain(e) => e.fmt(f),
            AnswerError::Diagnose(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for AnswerError {}

/// Whether `text` is a whole response rather than a query: it starts (after white space) with
/// `{`, `<` or an HTTP status line.
///
/// # Examples
///
/// ```
/// use qiwi_errors::is_response;
///
/// assert!(is_response("  {\"errorCode\": 220}"));
/// assert!(is_response("HTTP/1.1 500 Internal Server Error"));
/// assert!(!is_response("HTTP 500"));
/// assert!(!is_response("QWPRC-220"));
/// ```
pub fn is_response(text: &str) -> bool {
    let trimmed = text.trim_start();
    trimmed.starts_with(['{', '<'])
        || trimmed
            .get(..5)
            .is_some_and(|p| p.eq_ignore_ascii_case("http/"))
}

/// Answers whatever was pasted: [`diagnose`] for a whole response ([`is_response`]),
/// [`explain`] for anything else.
///
/// # Errors
///
/// What [`explain`] or [`diagnose`] says of the text.
///
/// # Examples
///
/// ```
/// use qiwi_errors::{answer, Answer};
///
/// let Answer::Explanation(e) = answer("psErrorCode 04").unwrap() else { panic!() };
/// assert_eq!(e.entry().unwrap().code(), "04");
/// ```
pub fn answer(text: &str) -> Result<Answer, AnswerError> {
    if is_response(text) {
        diagnose(text)
            .map(Answer::Diagnosis)
            .map_err(AnswerError::Diagnose)
    } else {
        explain(text)
            .map(Answer::Explanation)
            .map_err(AnswerError::Explain)
    }
}
