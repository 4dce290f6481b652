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
//! # Features and build settings
//!
//! - `diagnose` (default): [`diagnose`] reads whole JSON and XML responses.
//! - `search` (default): free-text search with Snowball stemming, also used by [`explain`].
//! - `compact`: the texts ship compressed and are unpacked once, at first use.
//! - `backon`: an adapter for the backon retry crate.
//!
//! The environment variable `QIWI_ERRORS_TEXTS=customer`, read at build time, leaves out what
//! only developers read: [`Entry::developer`], [`Entry::steps`], [`Entry::contexts`],
//! [`Entry::superseded`] and the family notes come out empty. Every code, title, customer text,
//! verdict, related code and source stays. The WebAssembly widget is built this way to stay
//! small. It is a variable and not a feature because features are unified across a build, and
//! a feature that removes data would reach every other crate using this one.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod case;
#[cfg(feature = "diagnose")]
mod diagnose;
mod entry;
mod explain;
mod kinds;
mod query;
pub mod retry;
#[cfg(feature = "search")]
mod search;
#[cfg(feature = "search")]
mod tokens;
mod words;

#[cfg(feature = "diagnose")]
pub use diagnose::{diagnose, BodyFormat, DiagnoseError, Diagnosis, Finding, MAX_BODY_LEN};
pub use entry::{Context, Entry, EntryDisplay, Source, Superseded, Symptom, SymptomDisplay, Text};
pub use explain::{explain, Candidate, CodeHow, ExplainError, Explanation, Found, MatchReason};
pub use kinds::{Actor, Family, Lang, Provenance, Retry, Severity, UnknownFamily, UnknownLang};
pub use query::MAX_QUERY_LEN;
#[cfg(feature = "search")]
pub use search::{search, MAX_RESULTS};

mod generated {
    #![allow(clippy::all, clippy::pedantic, missing_docs, dead_code, unused_imports)]
    use crate::entry::{Context, Entry, Source, Superseded, Symptom, Text};
    use crate::kinds::{Actor, Family, Provenance, Retry, Severity};
    include!(concat!(env!("OUT_DIR"), "/codes.rs"));
}

#[cfg(feature = "compact")]
mod compact;
#[cfg(feature = "compact")]
mod packed;

/// Where the data lives: statics compiled in (default), or unpacked once at first use
/// (`compact`). Everything else reads it through these functions.
mod store {
    use crate::entry::{Entry, Symptom, Text};
    use crate::kinds::Family;

    #[cfg(not(feature = "compact"))]
    pub(crate) fn entries() -> &'static [Entry] {
        &crate::generated::ENTRIES
    }

    #[cfg(not(feature = "compact"))]
    pub(crate) fn symptoms() -> &'static [Symptom] {
        &crate::generated::SYMPTOMS
    }

    #[cfg(not(feature = "compact"))]
    pub(crate) fn notes() -> &'static [(Family, Text)] {
        &crate::generated::NOTES
    }

    #[cfg(all(feature = "search", not(feature = "compact")))]
    pub(crate) fn postings(term: &str) -> Option<&'static [(u16, u8)]> {
        crate::generated::TERMS.get(term).copied()
    }

    #[cfg(feature = "compact")]
    pub(crate) fn entries() -> &'static [Entry] {
        crate::compact::STORE.entries
    }

    #[cfg(feature = "compact")]
    pub(crate) fn symptoms() -> &'static [Symptom] {
        crate::compact::STORE.symptoms
    }

    #[cfg(feature = "compact")]
    pub(crate) fn notes() -> &'static [(Family, Text)] {
        &crate::compact::STORE.notes
    }

    #[cfg(all(feature = "search", feature = "compact"))]
    pub(crate) fn postings(term: &str) -> Option<&'static [(u16, u8)]> {
        crate::search::postings_in(&crate::compact::STORE.terms, term)
    }
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
    let index = *generated::family_map(family).get(code)?;
    store::entries().get(usize::from(index))
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
        .map(|(_, _, _, index)| &store::entries()[usize::from(*index)])
}

/// The entries at these positions.
pub(crate) fn entries_at(
    positions: &'static [u16],
) -> impl Iterator<Item = &'static Entry> + Clone {
    let all = store::entries();
    positions.iter().map(move |&i| &all[usize::from(i)])
}

/// The positions of the entries whose code is exactly `code`: one probe, to iterate many times.
pub(crate) fn positions_of(code: &str) -> &'static [u16] {
    generated::BY_CODE.get(code).copied().unwrap_or(&[])
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
    store::entries()
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
    store::notes()
        .iter()
        .find(|(f, _)| *f == family)
        .map(|(_, t)| *t)
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
    store::symptoms()
}
