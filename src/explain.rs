//! [`explain`]: from what a person typed to ranked candidates.

use crate::candidate::{Candidate, CodeHow, MatchReason};
use crate::entry::Entry;
use crate::kinds::Family;
use crate::query::{self, MAX_QUERY_LEN};
use crate::rank::Ranked;
use serde::Serialize;
use std::fmt;

/// The answer of [`explain`]: at least one candidate, best first.
///
/// # Examples
///
/// ```
/// use qiwi_errors::{explain, Family};
///
/// let answer = explain("220").unwrap();
/// assert!(answer.is_ambiguous());
/// let families: Vec<Family> = answer.entries().map(|e| e.family()).collect();
/// assert!(families.contains(&Family::WalletError));
/// assert!(families.contains(&Family::XmlPaymentResult));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Explanation {
    candidates: Vec<Candidate>,
    ambiguous: bool,
    /// The code the query names when no family has it (the candidates are then close ones).
    unknown: Option<String>,
}

impl Explanation {
    /// The best candidate.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::explain;
    ///
    /// assert_eq!(explain("INVALID_STATE").unwrap().best().found.entry().unwrap().code(), "INVALID_STATE");
    /// ```
    pub fn best(&self) -> &Candidate {
        &self.candidates[0]
    }

    /// The best candidate's entry, unless the best candidate is a symptom.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::explain;
    ///
    /// assert_eq!(explain("qwprc 220").unwrap().entry().unwrap().code(), "220");
    /// ```
    pub fn entry(&self) -> Option<Entry> {
        self.best().found.entry()
    }

    /// All candidates, best first.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::explain;
    ///
    /// let answer = explain("404").unwrap();
    /// assert!(answer.candidates().windows(2).all(|w| w[0].score >= w[1].score));
    /// ```
    pub fn candidates(&self) -> &[Candidate] {
        &self.candidates
    }

    /// The candidates that are entries, best first.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::explain;
    ///
    /// assert!(explain("404").unwrap().entries().count() >= 3);
    /// ```
    pub fn entries(&self) -> impl Iterator<Item = Entry> + '_ {
        self.candidates.iter().filter_map(|c| c.found.entry())
    }

    /// `true` if the code exists with equal standing in several families, so the caller should
    /// show the candidates rather than one answer (a bare `404`, `HTTP 404` across APIs).
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::explain;
    ///
    /// assert!(explain("300").unwrap().is_ambiguous());
    /// assert!(!explain("QWPRC-300").unwrap().is_ambiguous());
    /// ```
    pub fn is_ambiguous(&self) -> bool {
        self.ambiguous
    }

    /// The code the query names when no family has it: the candidates are then the closest
    /// real codes, never a range row the query did not ask for.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::explain;
    ///
    /// let answer = explain("код ошибки 8199").unwrap();
    /// assert_eq!(answer.unknown_code(), Some("8199"));
    /// assert!(answer.entries().all(|e| !e.code().contains(['>', '-'])));
    /// assert_eq!(explain("QWPRC-220").unwrap().unknown_code(), None);
    /// ```
    pub fn unknown_code(&self) -> Option<&str> {
        self.unknown.as_deref()
    }
}

/// Why [`explain`] has no answer.
///
/// # Examples
///
/// ```
/// use qiwi_errors::{explain, ExplainError};
///
/// assert_eq!(explain("   "), Err(ExplainError::Empty));
/// assert!(matches!(explain("QWPRC-99999"), Err(ExplainError::NotFound { .. })));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum ExplainError {
    /// The query holds nothing to look for.
    Empty,
    /// The query is longer than [`MAX_QUERY_LEN`] bytes.
    TooLong {
        /// The query's length in bytes.
        len: usize,
    },
    /// Nothing in the knowledge base matches.
    NotFound {
        /// The code read from the query, if any.
        code: Option<String>,
        /// The families the query named, if any.
        families: Vec<Family>,
    },
}

impl fmt::Display for ExplainError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExplainError::Empty => f.write_str("the query is empty"),
            ExplainError::TooLong { len } => write!(
                f,
                "the query is {len} bytes long; the limit is {MAX_QUERY_LEN} (paste whole responses into `diagnose`)"
            ),
            ExplainError::NotFound { code: Some(code), families } if !families.is_empty() => {
                let names: Vec<&str> = families.iter().map(|f| f.as_str()).collect();
                write!(f, "no code `{code}` in {}", names.join(", "))
            }
            ExplainError::NotFound { code: Some(code), .. } => {
                write!(f, "no family has the code `{code}`")
            }
            ExplainError::NotFound { code: None, .. } => {
                f.write_str("nothing in the knowledge base matches the query")
            }
        }
    }
}

impl std::error::Error for ExplainError {}

/// Explains what a person typed or pasted: a code in any common spelling (`QWPRC-220`,
/// `qwprc 220`, `errorCode 220`, `HTTP 429`, `429 Too Many Requests`, `psErrorCode 04`,
/// `INVALID_STATE`, `ps-error:04`, `ошибка QWPRC-1021 при переводе`).
///
/// The answer is a ranked list: codes in the families the query names first, then the same
/// code in other families. A bare number that several families use gives every one of them
/// and [`Explanation::is_ambiguous`] says so; nothing is guessed silently.
///
/// # Errors
///
/// [`ExplainError::Empty`] for a blank query, [`ExplainError::TooLong`] above
/// [`MAX_QUERY_LEN`] bytes, [`ExplainError::NotFound`] when nothing matches.
///
/// # Examples
///
/// ```
/// use qiwi_errors::{explain, Family};
///
/// let answer = explain("psErrorCode 04").unwrap();
/// assert_eq!(answer.entry().unwrap().family(), Family::PsError);
///
/// let answer = explain("4").unwrap();
/// assert_eq!(answer.entry().unwrap().family(), Family::WalletError);
/// ```
pub fn explain(query: &str) -> Result<Explanation, ExplainError> {
    if query.len() > MAX_QUERY_LEN {
        return Err(ExplainError::TooLong { len: query.len() });
    }
    let normalised = query::normalise(query);
    if normalised.trim().is_empty() {
        return Err(ExplainError::Empty);
    }
    let reading = query::read(&normalised);
    let Ranked {
        candidates,
        unknown,
        named,
    } = crate::rank::rank(&reading);
    if candidates.is_empty() {
        return Err(ExplainError::NotFound {
            code: reading.code.map(|c| c.into_owned()),
            families: named,
        });
    }
    let ambiguous = match candidates.as_slice() {
        [first, second, ..] => matches!((tier(first), tier(second)), (Some(a), Some(b)) if a == b),
        _ => false,
    };
    Ok(Explanation {
        candidates,
        ambiguous,
        unknown,
    })
}

/// Candidates of one tier have equal standing: both named by the query, or both not, and both
/// a direct (exact or range) match.
fn tier(c: &Candidate) -> Option<bool> {
    match c.reason {
        MatchReason::Code {
            hinted,
            how: CodeHow::Exact | CodeHow::Range,
            ..
        } => Some(hinted),
        _ => None,
    }
}
