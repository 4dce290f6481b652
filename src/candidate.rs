//! [`Candidate`]: one ranked answer, what it points at ([`Found`]) and why ([`MatchReason`]);
//! what [`explain`](crate::explain()) and [`search`](crate::search()) both hand out.

use crate::entry::Entry;
use crate::query::CodeMatch;
use crate::symptom::Symptom;
use serde::Serialize;
use std::fmt;

/// What a candidate points at: a code's entry or a code-less symptom.
///
/// # Examples
///
/// ```
/// use qiwi_errors::{explain, Found};
///
/// let answer = explain("QWPRC-220").unwrap();
/// assert!(matches!(answer.best().found, Found::Entry(_)));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Found {
    /// A code of a family.
    Entry(Entry),
    /// A problem without a code.
    Symptom(Symptom),
}

impl Found {
    /// The entry, if this is one.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::explain;
    ///
    /// assert_eq!(explain("QWPRC-220").unwrap().best().found.entry().unwrap().code(), "220");
    /// ```
    pub const fn entry(self) -> Option<Entry> {
        match self {
            Found::Entry(e) => Some(e),
            Found::Symptom(_) => None,
        }
    }

    /// The symptom, if this is one.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::explain;
    ///
    /// assert!(explain("QWPRC-220").unwrap().best().found.symptom().is_none());
    /// ```
    pub const fn symptom(self) -> Option<Symptom> {
        match self {
            Found::Symptom(s) => Some(s),
            Found::Entry(_) => None,
        }
    }
}

/// Why a candidate matched the query.
///
/// # Examples
///
/// ```
/// use qiwi_errors::{explain, MatchReason};
///
/// let answer = explain("psErrorCode 04").unwrap();
/// assert!(matches!(answer.best().reason, MatchReason::Code { hinted: true, .. }));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum MatchReason {
    /// The code matched a key.
    Code {
        /// The code as read from the query.
        code: String,
        /// `true` if the query named this family (`QWPRC-`, `psErrorCode`, `HTTP`, ...).
        hinted: bool,
        /// How the code matched the key.
        how: CodeHow,
    },
    /// Words of the query matched the entry's or symptom's texts.
    Text {
        /// The query words that matched.
        words: Vec<String>,
    },
}

/// How a code matched a key; see [`MatchReason::Code`].
///
/// # Examples
///
/// ```
/// use qiwi_errors::{explain, CodeHow, MatchReason};
///
/// let answer = explain("XML status 23").unwrap();
/// assert!(matches!(answer.best().reason, MatchReason::Code { how: CodeHow::Range, .. }));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum CodeHow {
    /// The key itself.
    Exact,
    /// A number inside a documented range row.
    Range,
    /// The other spelling of leading zeros (`4` typed, `04` documented): a different key,
    /// offered only as a weak candidate.
    LeadingZeros,
    /// No key is the code: a key one typo away (`ACQUIRING_INSUFICIENT_FUNDS`), or a real
    /// code next to an unknown number.
    Near,
}

impl fmt::Display for MatchReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MatchReason::Code { code, hinted, how } => {
                let how = match how {
                    CodeHow::Exact => "exact code",
                    CodeHow::Range => "inside a documented range",
                    CodeHow::LeadingZeros => "same digits, other leading zeros",
                    CodeHow::Near => "no such code; a close one",
                };
                let named = if *hinted {
                    ", family named in the query"
                } else {
                    ""
                };
                write!(f, "{how} `{code}`{named}")
            }
            MatchReason::Text { words } => write!(f, "words: {}", words.join(", ")),
        }
    }
}

/// One ranked answer to a query.
///
/// # Examples
///
/// ```
/// use qiwi_errors::explain;
///
/// let best = explain("QWPRC-220").unwrap().best().clone();
/// assert_eq!(best.score, 100);
/// println!("{} ({})", best.found.entry().unwrap().label(), best.reason);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Candidate {
    /// What matched.
    pub found: Found,
    /// 0–100; higher is better. Exact typed matches score 80 and above.
    pub score: u8,
    /// Why it matched.
    pub reason: MatchReason,
}

impl From<CodeMatch> for CodeHow {
    fn from(how: CodeMatch) -> Self {
        match how {
            CodeMatch::Exact => CodeHow::Exact,
            CodeMatch::Range => CodeHow::Range,
            CodeMatch::LeadingZeros => CodeHow::LeadingZeros,
        }
    }
}
