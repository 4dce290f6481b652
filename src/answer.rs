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
/// assert_eq!(answer("\u{89}PNG\r\n\u{1a}\n\0\0").unwrap_err(), AnswerError::NotText);
///
/// // Serialised, it is the inner error's `kind` and fields (what the widget maps to words).
/// let json = serde_json::to_value(answer("{ not json").unwrap_err()).unwrap();
/// assert_eq!(json["kind"], "json");
/// assert_eq!(serde_json::to_value(AnswerError::NotText).unwrap()["kind"], "not-text");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum AnswerError {
    /// The text was read as a query.
    Explain(ExplainError),
    /// The text was read as a response.
    Diagnose(DiagnoseError),
    /// The text holds control characters or undecodable bytes: a file's bytes, not text.
    NotText,
}

impl fmt::Display for AnswerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AnswerError::Explain(e) => e.fmt(f),
            AnswerError::Diagnose(e) => e.fmt(f),
            AnswerError::NotText => {
                f.write_str("the text holds control characters or undecodable bytes")
            }
        }
    }
}

impl Serialize for AnswerError {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            AnswerError::Explain(e) => e.serialize(serializer),
            AnswerError::Diagnose(e) => e.serialize(serializer),
            AnswerError::NotText => {
                use serde::ser::SerializeMap;
                let mut map = serializer.serialize_map(Some(1))?;
                map.serialize_entry("kind", "not-text")?;
                map.end()
            }
        }
    }
}

/// Whether `text` holds what no typed or pasted text does: control characters other than tab
/// and line breaks, or U+FFFD, what undecodable bytes become.
fn is_binary(text: &str) -> bool {
    text.chars()
        .any(|c| c == '\u{fffd}' || (c.is_control() && !matches!(c, '\t' | '\n' | '\r')))
}

impl std::error::Error for AnswerError {}

/// Whether `text` is a response (or a piece of one) rather than a query: it starts (after
/// white space) with `{`, `<` or an HTTP status line; or it is a fragment of one, such as
/// `"errorCode": 220` (a quoted field name and a colon), a log line carrying a body
/// (`ERROR payment failed: {"errorCode":705}`), or a status line after a request.
///
/// # Examples
///
/// ```
/// use qiwi_errors::is_response;
///
/// assert!(is_response("  {\"errorCode\": 220}"));
/// assert!(is_response("HTTP/1.1 500 Internal Server Error"));
/// assert!(is_response("\"errorCode\": 220"));
/// assert!(is_response("12:00 ERROR qiwi: {\"errorCode\":705}"));
/// assert!(is_response("> GET /partner/payin/v1/sites HTTP/1.1\n< HTTP/1.1 401 Unauthorized"));
/// assert!(!is_response("HTTP 500"));
/// assert!(!is_response("QWPRC-220"));
/// assert!(!is_response("errorCode=220"));
/// assert!(is_response("level=error status=400 errorCode=validation.error"));
/// ```
pub fn is_response(text: &str) -> bool {
    let trimmed = text.trim_start();
    trimmed.starts_with(['{', '<'])
        || trimmed
            .get(..5)
            .is_some_and(|p| p.eq_ignore_ascii_case("http/"))
        || is_fragment(trimmed)
}

/// `"field": value`, `'field': value`, a body after other text (`{"`, `{'`, `{:`, `{ ` or a
/// tag), an HTTP status line on a later line, or `key=value` fields that name a code or a
/// status.
fn is_fragment(text: &str) -> bool {
    let quoted_field = |t: &str| {
        let Some(q) = t.chars().next().filter(|c| matches!(c, '"' | '\'')) else {
            return false;
        };
        let rest = &t[1..];
        rest.find(q).is_some_and(|end| {
            let name = &rest[..end];
            !name.is_empty()
                && name
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.')
                && rest[end + 1..].trim_start().starts_with([':', '='])
        })
    };
    let body_inside = ["{\"", "{'", "{:", "={", "{ "]
        .iter()
        .any(|opening| text.contains(opening));
    quoted_field(text)
        || body_inside
        || crate::diagnose::has_fields(text)
        || text.lines().skip(1).any(|l| {
            // `curl -v` marks the response's lines with `< `.
            let l = l.trim_start();
            l.strip_prefix("< ")
                .unwrap_or(l)
                .get(..5)
                .is_some_and(|p| p.eq_ignore_ascii_case("http/"))
        })
}

/// Answers whatever was pasted: [`diagnose`] for a response or a piece of one
/// ([`is_response`]), [`explain`] for anything else. A piece of text that looked like a body
/// but holds no known code is explained as a query instead.
///
/// # Errors
///
/// [`AnswerError::NotText`] for bytes that are not text (control characters, U+FFFD); else
/// what [`explain`] or [`diagnose`] says of the text.
///
/// # Examples
///
/// ```
/// use qiwi_errors::{answer, Answer};
///
/// let Answer::Explanation(e) = answer("psErrorCode 04").unwrap() else { panic!() };
/// assert_eq!(e.entry().unwrap().code(), "04");
///
/// let Answer::Diagnosis(d) = answer("{'errorCode': 220, 'description': None}").unwrap() else { panic!() };
/// assert_eq!(d.main().unwrap().code(), "220");
/// ```
pub fn answer(text: &str) -> Result<Answer, AnswerError> {
    if is_binary(text) {
        return Err(AnswerError::NotText);
    }
    if !is_response(text) {
        return explain(text)
            .map(Answer::Explanation)
            .map_err(AnswerError::Explain);
    }
    let whole = {
        let t = text.trim_start();
        t.starts_with(['{', '<']) || t.get(..5).is_some_and(|p| p.eq_ignore_ascii_case("http/"))
    };
    match diagnose(text) {
        Ok(d) if whole || d.main().is_some() => Ok(Answer::Diagnosis(d)),
        Err(e) if whole => Err(AnswerError::Diagnose(e)),
        diagnosed => match explain(text) {
            Ok(e) => Ok(Answer::Explanation(e)),
            Err(_) => diagnosed
                .map(Answer::Diagnosis)
                .map_err(AnswerError::Diagnose),
        },
    }
}
