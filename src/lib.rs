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
mod candidate;
mod code_key;
#[cfg(feature = "diagnose")]
mod diagnose;
mod display;
mod entry;
mod explain;
mod fuzzy;
mod hints;
mod kinds;
mod lookup;
mod query;
mod rank;
#[cfg(feature = "search")]
mod respell;
pub mod retry;
#[cfg(feature = "search")]
mod search;
mod symptom;
mod tables;
mod words;

#[cfg(feature = "diagnose")]
pub use answer::{answer, is_response, Answer, AnswerError};
pub use candidate::{Candidate, CodeHow, Found, MatchReason};
pub use code_key::{CodeKey, ParseKeyError};
#[cfg(feature = "diagnose")]
pub use diagnose::{diagnose, BodyFormat, DiagnoseError, Diagnosis, Finding, MAX_BODY_LEN};
pub use display::{EntryDisplay, SymptomDisplay};
pub use entry::{Entry, WithDetails};
pub use explain::{explain, ExplainError, Explanation};
pub use kinds::{
    Actor, Api, Family, Lang, ParseApiError, ParseFamilyError, ParseLangError, Provenance, Retry,
    Severity,
};
pub use lookup::{entries, family_details, family_entries, family_note, lookup, FamilyDetails};
pub use qiwi_errors_shared::{
    Conflict, Context, Details, Keywords, Pairing, Source, Superseded, Text,
};
pub use query::MAX_QUERY_LEN;
#[cfg(feature = "search")]
pub use search::{search, MAX_RESULTS};
pub use symptom::{symptoms, Symptom};
pub use words::{SiteWords, Words};
