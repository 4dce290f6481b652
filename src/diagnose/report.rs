//! What [`diagnose`](super::diagnose) reports ([`Diagnosis`], [`Finding`], [`DiagnoseError`])
//! and the limits every reader of a body keeps: the bottom of `diagnose/`.

use crate::entry::Entry;
use crate::kinds::{Family, Severity};
use crate::retry_rules::{Failure, RetryDecision};
use serde::Serialize;
use std::fmt;

/// The largest body [`diagnose`](super::diagnose) reads, in bytes.
///
/// # Examples
///
/// ```
/// use qiwi_errors::{diagnose, DiagnoseError, MAX_BODY_LEN};
///
/// let big = " ".repeat(MAX_BODY_LEN + 1);
/// assert!(matches!(diagnose(&big), Err(DiagnoseError::TooLarge { .. })));
/// ```
pub const MAX_BODY_LEN: usize = 1 << 20;

/// The deepest nesting read; deeper parts of a document are skipped.
pub(super) const MAX_DEPTH: usize = 64;

/// The most findings reported for one body.
pub(super) const MAX_FINDINGS: usize = 64;

/// The kind of body that was read.
///
/// # Examples
///
/// ```
/// use qiwi_errors::{diagnose, BodyFormat};
///
/// assert_eq!(diagnose(r#"{"errorCode": 220}"#).unwrap().format, BodyFormat::Json);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum BodyFormat {
    /// A JSON document.
    Json,
    /// An XML document.
    Xml,
    /// No body (an HTTP response with an empty body).
    Empty,
}

/// One code found in a body.
///
/// # Examples
///
/// ```
/// use qiwi_errors::diagnose;
///
/// let d = diagnose(r#"{"code": "QWPRC-220", "errorCode": 220}"#).unwrap();
/// assert_eq!(d.findings[0].field, "code");
/// assert_eq!(d.findings[0].entry.unwrap().code(), "220");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Finding {
    /// Where it was: a JSON path (`status.psErrorCode`) or an XML path (`response/result-code`).
    pub field: String,
    /// The value as found.
    pub value: String,
    /// The family the field's value belongs to.
    pub family: Family,
    /// The entry, when the knowledge base knows the code.
    pub entry: Option<Entry>,
    /// An entry this one must be read with (a psErrorCode's reasonCode), when known.
    pub with: Option<Entry>,
    /// A remark on the context, in English (a mismatch, a lost leading zero, an unknown code).
    pub note: Option<String>,
}

/// What [`diagnose`](super::diagnose) found in a body.
///
/// # Examples
///
/// ```
/// use qiwi_errors::diagnose;
/// use qiwi_errors::retry::RetryAction;
///
/// let body = r#"{"status": {"value": "DECLINED", "reasonCode": "REATTEMPT_NOT_PERMITTED_BY_PS",
///                "psErrorCode": "04"}}"#;
/// let d = diagnose(body).unwrap();
/// assert_eq!(d.findings.len(), 3);
/// assert_eq!(d.advice.unwrap().action, RetryAction::Never);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Diagnosis {
    /// The body's format.
    pub format: BodyFormat,
    /// The HTTP status, if a status line was pasted with the body.
    pub http_status: Option<u16>,
    /// Every code found, in document order (the HTTP status first).
    pub findings: Vec<Finding>,
    /// Human-readable messages the body carried (`description`, `userMessage`, `message`).
    pub messages: Vec<String>,
    /// The XML protocol's `fatal` / `fatal-error` flag, when the body carried one.
    pub fatal: Option<bool>,
    /// What retry logic should do, when something failed.
    pub advice: Option<RetryDecision>,
}

impl Diagnosis {
    /// The most serious finding with a known entry.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::diagnose;
    ///
    /// let d = diagnose(r#"{"status": {"value": "DECLINE", "reasonCode": "ACQUIRING_INSUFFICIENT_FUNDS"}}"#).unwrap();
    /// assert_eq!(d.main().unwrap().code(), "ACQUIRING_INSUFFICIENT_FUNDS");
    /// ```
    pub fn main(&self) -> Option<Entry> {
        main_finding(&self.findings).and_then(|f| f.entry)
    }

    /// The failure this response reports, for a [`RetryPolicy`](crate::retry::RetryPolicy) that keeps one operation's
    /// budgets across attempts; `None` when nothing failed. [`advice`](Self::advice) is this
    /// failure decided by a fresh policy.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::diagnose;
    /// use qiwi_errors::retry::{RetryAction, RetryPolicy};
    /// use std::time::Duration;
    ///
    /// let d = diagnose("HTTP/1.1 500 Internal Server Error\r\n\r\n").unwrap();
    /// let failure = d.failure().unwrap();
    /// assert_eq!(failure.empty_body, Some(true));
    /// let mut policy = RetryPolicy::new();
    /// assert_eq!(policy.decide(&failure, Duration::ZERO).action, RetryAction::Now);
    /// assert!(diagnose(r#"{"errorCode": 0}"#).unwrap().failure().is_none());
    /// ```
    pub fn failure(&self) -> Option<Failure> {
        let main = main_finding(&self.findings);
        // A field that carries an error code says something failed even when the code is not
        // one the knowledge base knows: such a body is never read as a success.
        let unknown_error = self.findings.iter().any(is_unknown_error);
        let failed = main.is_some_and(|f| f.entry.is_some_and(|e| e.severity() > Severity::Info))
            || self.http_status.is_some_and(|s| s >= 400)
            || unknown_error;
        if !failed {
            return None;
        }
        let mut failure = main
            .filter(|f| !unknown_error || f.entry.is_some_and(|e| e.severity() > Severity::Info))
            .and_then(|f| f.entry)
            .map(Failure::entry)
            .unwrap_or_default();
        failure.paired = main
            .and_then(|f| f.with)
            .filter(|w| Some(*w) != failure.entry);
        if let Some(status) = self.http_status {
            let family = self
                .findings
                .iter()
                .find(|f| f.field == "HTTP status")
                .map_or_else(|| default_http_family(self), |f| f.family);
            failure.http_status = Some(status);
            failure.http_family = Some(family);
            failure.api = Some(family.api());
            failure.empty_body = Some(self.format == BodyFormat::Empty);
            if main.is_none() && !unknown_error {
                failure.entry = crate::lookup::lookup(family, &status.to_string());
            }
        }
        failure.fatal = self.fatal;
        failure.payment_status = self
            .findings
            .iter()
            .filter(|f| f.family == Family::XmlPaymentStatus)
            .find_map(|f| f.value.parse().ok());
        Some(failure)
    }
}

/// A field whose family holds error codes, with a value the family does not have (and that
/// is not a success `0`).
fn is_unknown_error(f: &Finding) -> bool {
    f.entry.is_none()
        && f.value != "0"
        && !f.family.is_http()
        && (f.family.specificity() >= 3 || f.family == Family::XmlRequestResult)
}

/// Why [`diagnose`](super::diagnose) could not read a body.
///
/// # Examples
///
/// ```
/// use qiwi_errors::{diagnose, DiagnoseError};
///
/// assert_eq!(diagnose("  "), Err(DiagnoseError::Empty));
/// assert!(matches!(diagnose("{\"errorCode\": "), Err(DiagnoseError::Json { .. })));
/// assert_eq!(diagnose("hello"), Err(DiagnoseError::NotJsonOrXml));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum DiagnoseError {
    /// Nothing was given.
    Empty,
    /// The body is larger than [`MAX_BODY_LEN`].
    TooLarge {
        /// The body's length in bytes.
        len: usize,
    },
    /// The text is neither JSON nor XML (nor an HTTP response holding one).
    NotJsonOrXml,
    /// The JSON is malformed.
    Json {
        /// 1-based line of the problem.
        line: usize,
        /// 1-based column of the problem.
        column: usize,
        /// What the parser said.
        message: String,
    },
    /// The XML is malformed.
    Xml {
        /// Byte offset of the problem.
        position: u64,
        /// What the parser said.
        message: String,
    },
}

impl fmt::Display for DiagnoseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DiagnoseError::Empty => f.write_str("the body is empty"),
            DiagnoseError::TooLarge { len } => {
                write!(f, "the body is {len} bytes; the limit is {MAX_BODY_LEN}")
            }
            DiagnoseError::NotJsonOrXml => f.write_str(
                "the body is neither JSON nor XML (for a code or a phrase, use `explain`)",
            ),
            DiagnoseError::Json {
                line,
                column,
                message,
            } => {
                write!(
                    f,
                    "malformed JSON at line {line}, column {column}: {message}"
                )
            }
            DiagnoseError::Xml { position, message } => {
                write!(f, "malformed XML at byte {position}: {message}")
            }
        }
    }
}

impl std::error::Error for DiagnoseError {}

/// The finding that decides: a failing code before the HTTP status, then the most specific
/// family ([`Family::specificity`]), then the most severe; a success code (`0`) last.
pub(crate) fn main_finding(findings: &[Finding]) -> Option<&Finding> {
    let rank = |f: &Finding| {
        let specific = if f.value == "0" {
            0
        } else {
            f.family.specificity()
        };
        f.entry.map(|e| {
            (
                e.severity() > Severity::Info && !f.family.is_http(),
                specific,
                e.severity(),
            )
        })
    };
    findings
        .iter()
        .filter(|f| f.entry.is_some())
        .max_by_key(|f| rank(f))
}

pub(super) fn parse_bool(text: &str) -> Option<bool> {
    match text.trim() {
        "true" | "1" => Some(true),
        "false" | "0" => Some(false),
        _ => None,
    }
}

/// The HTTP status family of a body whose API is not known: the wallet's when the body holds
/// a wallet `errorCode`, else the payment protocol's.
pub(super) fn default_http_family(d: &Diagnosis) -> Family {
    if d.findings.iter().any(|f| f.family == Family::WalletError) {
        Family::WalletHttp
    } else {
        Family::PaymentHttp
    }
}
