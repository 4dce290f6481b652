//! QIWI payment-API error codes: what they mean, who must act and whether to retry, in Russian
//! and English.
//!
//! Every code is keyed by its [`Family`] and the code as the API writes it, because the same
//! number means different things in different APIs. The tables live in `data/` and are compiled
//! into perfect-hash maps at build time: lookups cost no start-up work and do not allocate.
//!
//! # Examples
//!
//! A typed lookup:
//!
//! ```
//! use qiwi_errors::{lookup, Family, Lang, Retry};
//!
//! let entry = lookup(Family::WalletError, "220").unwrap();
//! assert_eq!(entry.retry(), Retry::AfterUserAction);
//! println!("{}", entry.display(Lang::En));
//! ```
//!
//! What a person typed:
//!
//! ```
//! use qiwi_errors::{explain, Family};
//!
//! let answer = explain("QWPRC-220").unwrap();
//! assert_eq!(answer.entry().unwrap().family(), Family::WalletError);
//!
//! // A bare number is ambiguous: every family that has it, ranked.
//! let answer = explain("404").unwrap();
//! assert!(answer.is_ambiguous());
//! assert!(answer.candidates().len() >= 3);
//! ```
//!
//! # Features
//!
//! - `diagnose` (default): [`diagnose`] reads whole JSON and XML responses.
//! - `search` (default): free-text search with Snowball stemming, also used by [`explain`].
//! - `backon`: an adapter for the backon retry crate.
//!
//! The data has one layout on every target: statics compiled in, the search index included.
//! What only developers read ([`Entry::details`], [`family_note`]) lives in tables of its own,
//! so a program that never reads it, like the WebAssembly widget, does not carry it.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

#[cfg(feature = "diagnose")]
mod answer;
#[cfg(feature = "diagnose")]
mod diagnose;
mod display;
mod entry;
mod explain;
mod fuzzy;
mod hints;
mod kinds;
mod query;
mod rank;
#[cfg(feature = "search")]
mod respell;
pub mod retry;
#[cfg(feature = "search")]
mod search;
mod symptom;
mod words;

#[cfg(feature = "diagnose")]
pub use answer::{answer, is_response, Answer, AnswerError};
#[cfg(feature = "diagnose")]
pub use diagnose::{diagnose, BodyFormat, DiagnoseError, Diagnosis, Finding, MAX_BODY_LEN};
pub use display::{EntryDisplay, SymptomDisplay};
pub use entry::{Entry, WithDetails};
pub use explain::{explain, Candidate, CodeHow, ExplainError, Explanation, Found, MatchReason};
pub use kinds::{
    Actor, Api, Family, Lang, Provenance, Retry, Severity, UnknownApi, UnknownFamily, UnknownLang,
};
pub use qiwi_errors_shared::{Context, Details, Keywords, Source, Superseded, SymptomData, Text};
pub use query::MAX_QUERY_LEN;
#[cfg(feature = "search")]
pub use search::{search, MAX_RESULTS};
pub use symptom::Symptom;
pub use words::{SiteWords, Words};

/// The tables `build.rs` writes from `data/` (see `qiwi-errors-build`): data only.
mod generated {
    #![allow(clippy::all, clippy::pedantic, missing_docs, dead_code, unused_imports)]
    use crate::entry::Entry;
    use crate::symptom::Symptom;
    include!(concat!(env!("OUT_DIR"), "/codes.rs"));
}

/// Finds the entry for `code` in `family`.
///
/// `code` is matched exactly as the API writes it (`"04"` is not `"4"`); a number that falls
/// into a documented range row (XML payment status `23` is in `0-49`) finds that row. Never
/// allocates.
///
/// # Examples
///
/// ```
/// use qiwi_errors::{lookup, Family};
///
/// assert_eq!(lookup(Family::PsError, "04").unwrap().code(), "04");
/// assert!(lookup(Family::PsError, "4").is_none());
/// assert_eq!(lookup(Family::XmlPaymentStatus, "23").unwrap().code(), "0-49");
/// assert!(lookup(Family::WalletError, "not a code").is_none());
/// ```
pub fn lookup(family: Family, code: &str) -> Option<&'static Entry> {
    exact(family, code).or_else(|| in_range(family, code))
}

pub(crate) fn exact(family: Family, code: &str) -> Option<&'static Entry> {
    let index = *generated::CODES.get(&qiwi_errors_shared::Key::new(family, code))?;
    generated::ENTRIES.get(usize::from(index))
}

pub(crate) fn in_range(family: Family, code: &str) -> Option<&'static Entry> {
    if code.len() > 18 {
        return None;
    }
    ranges_holding(code.parse().ok()?).find(|e| e.family() == family)
}

/// The range rows of every family that hold `n`.
pub(crate) fn ranges_holding(n: i64) -> impl Iterator<Item = &'static Entry> {
    generated::RANGES
        .iter()
        .filter(move |(_, lo, hi, _)| n >= *lo && hi.is_none_or(|hi| n <= hi))
        .map(|(_, _, _, index)| &generated::ENTRIES[usize::from(*index)])
}

/// The entries at these positions.
pub(crate) fn entries_at(
    positions: &'static [u16],
) -> impl Iterator<Item = &'static Entry> + Clone {
    positions
        .iter()
        .map(|&i| &generated::ENTRIES[usize::from(i)])
}

/// The positions of the entries whose code is exactly `code`: one probe, to iterate many times.
pub(crate) fn positions_of(code: &str) -> &'static [u16] {
    generated::BY_CODE
        .get(&qiwi_errors_shared::Code::parse(code))
        .copied()
        .unwrap_or(&[])
}

/// Every entry of the knowledge base, family by family, in the order of the data files.
///
/// # Examples
///
/// ```
/// use qiwi_errors::{entries, Family};
///
/// let ps_errors = entries().iter().filter(|e| e.family() == Family::PsError).count();
/// assert!(ps_errors >= 29);
/// ```
pub fn entries() -> &'static [Entry] {
    &generated::ENTRIES
}

/// The entries of one family, in the order of its data file.
///
/// # Examples
///
/// ```
/// use qiwi_errors::{family_entries, Family};
///
/// assert!(family_entries(Family::PaymentReason).any(|e| e.code() == "INVALID_STATE"));
/// ```
pub fn family_entries(family: Family) -> impl Iterator<Item = &'static Entry> {
    entries().iter().filter(move |e| e.family() == family)
}

/// A note that holds for a whole family (for `wallet-error`: how `QWPRC-N` maps to it).
///
/// # Examples
///
/// ```
/// use qiwi_errors::{family_note, Family, Lang};
///
/// assert!(family_note(Family::WalletError).unwrap().get(Lang::En).contains("QWPRC"));
/// ```
pub fn family_note(family: Family) -> Option<Text> {
    generated::NOTES
        .iter()
        .find(|(f, _)| *f == family)
        .map(|(_, t)| *t)
}

/// What the widget fetches when a family's "Details for developers" open: the family's note and
/// each code's [`Details`], by code; made by [`family_details`].
///
/// # Examples
///
/// ```
/// use qiwi_errors::{family_details, Family};
///
/// let json = serde_json::to_value(family_details(Family::WalletError)).unwrap();
/// assert!(json["note"]["en"].as_str().unwrap().contains("QWPRC"));
/// assert!(json["entries"]["220"]["steps"].as_array().unwrap().len() > 0);
/// ```
#[derive(Debug, serde::Serialize)]
pub struct FamilyDetails {
    /// The family's note, if it has one.
    pub note: Option<Text>,
    /// Each code's details, by code, in code order.
    pub entries: std::collections::BTreeMap<&'static str, &'static Details>,
}

/// The note and every code's details of `family`.
///
/// # Examples
///
/// ```
/// use qiwi_errors::{family_details, family_entries, Family};
///
/// let details = family_details(Family::PsError);
/// assert_eq!(details.entries.len(), family_entries(Family::PsError).count());
/// ```
pub fn family_details(family: Family) -> FamilyDetails {
    FamilyDetails {
        note: family_note(family),
        entries: family_entries(family)
            .map(|e| (e.code(), e.details()))
            .collect(),
    }
}

/// The code-less problems of the troubleshooting base ("SMS code does not arrive").
///
/// # Examples
///
/// ```
/// use qiwi_errors::symptoms;
///
/// assert!(symptoms().len() >= 10);
/// ```
pub fn symptoms() -> &'static [Symptom] {
    &generated::SYMPTOMS
}
