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
mod call;
mod candidate;
mod code_key;
#[cfg(feature = "diagnose")]
mod diagnose;
mod display;
mod entry;
mod explain;
mod fuzzy;
mod hints;
#[cfg(feature = "diagnose")]
mod judge;
mod kinds;
mod lookup;
mod query;
mod rank;
#[cfg(feature = "search")]
mod respell;
mod retry_rules;
#[cfg(feature = "search")]
mod search;
mod symptom;
mod tables;
mod words;

pub mod retry {
    //! Retry decisions: may a failed request be repeated, now, later, or only after checking the
    //! operation's status?
    //!
    //! The knowledge base stores the documented advice per code ([`Retry`](crate::Retry)). A
    //! [`RetryPolicy`], kept by the client for one operation, combines that advice with what the
    //! response said (HTTP status and whether the body was empty, the XML protocol's `fatal` flag
    //! and payment status) and with the operation's history (attempts so far, their times), and
    //! answers with a [`RetryDecision`] that never exceeds a documented budget.
    //!
    //! A client that repeats requests also keeps a `Call` per call (with the `diagnose` feature): what
    //! the call's answers and status queries leave open, and so how it may honestly end.
    //!
    //! Time is passed in, never read: `now` is any monotonic clock as a
    //! [`Duration`](std::time::Duration) (an `Instant`'s elapsed time since the operation began, or
    //! milliseconds in JavaScript). That keeps decisions testable and lets the same code run in
    //! WebAssembly.
    //!
    //! # Examples
    //!
    //! A retry loop for one payment:
    //!
    //! ```
    //! use qiwi_errors::retry::{Failure, RetryAction, RetryPolicy};
    //! use qiwi_errors::Family;
    //! use std::time::Duration;
    //!
    //! # fn send_payment(attempt: u32) -> Result<(), Failure> {
    //! #     match attempt { 0 => Err(Failure::http(Family::PaymentHttp, 500).empty_body(true)),
    //! #                     1 => Err(Failure::code(Family::XmlRequestResult, "13")),
    //! #                     _ => Ok(()) }
    //! # }
    //! let mut policy = RetryPolicy::new();
    //! let mut clock = Duration::ZERO; // use Instant::now().duration_since(start) in real code
    //! let mut attempt = 0;
    //! loop {
    //!     match send_payment(attempt) {
    //!         Ok(()) => break,
    //!         Err(failure) => {
    //!             let decision = policy.decide(&failure, clock);
    //!             println!("attempt {attempt}: {}", decision.reason);
    //!             match decision.action {
    //!                 RetryAction::Now => {}
    //!                 RetryAction::After { seconds } => clock += Duration::from_secs(seconds.into()), // sleep
    //!                 RetryAction::CheckStatus => { /* query the payment's status, then decide */ break }
    //!                 RetryAction::AfterUserAction | RetryAction::Never => break,
    //!             }
    //!         }
    //!     }
    //!     attempt += 1;
    //! }
    //! assert_eq!(attempt, 2);
    //! assert_eq!(clock, Duration::from_secs(60));
    //! ```

    #[cfg(feature = "diagnose")]
    pub use crate::call::{Call, StatusAnswer, DEFAULT_SETTLE_DELAY};
    #[cfg(feature = "diagnose")]
    pub use crate::judge::{judge, Judgment, Outcome, Reply};
    pub use crate::retry_rules::{
        Failure, FailureInput, FailureInputError, RetryAction, RetryConfig, RetryDecision,
        RetryPolicy,
    };
}

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
