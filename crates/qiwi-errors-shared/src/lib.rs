//! What the `qiwi-errors` build step and library share: the vocabularies ([`Family`],
//! [`Severity`], [`Retry`], ...), the record types as the data declares them, the typed keys
//! of the lookup maps, the search terms and the layout of the search index.
//!
//! Each is declared once here. The build step (`qiwi-errors-build`) reads `data/` into these
//! very types and writes them back out as Rust statics; the library (`qiwi-errors`) compiles
//! those statics and re-exports what its users see. This crate is an implementation detail of
//! both: use `qiwi-errors`.
//!
//! # Features
//!
//! - `terms`: search terms (Snowball stemming).
//! - `build`: what the build step needs: records read from JSON, written out as Rust
//!   expressions (`databake`), the index's writer.

#![deny(unsafe_code)]
#![warn(missing_docs)]

mod case;
pub mod index;
mod key;
mod kinds;
#[cfg(feature = "build")]
#[allow(unsafe_code)] // The fuzz target's arena (`leak::scope`), and nowhere else.
pub mod leak;
mod record;
#[cfg(feature = "terms")]
pub mod terms;

pub use case::lowercase;
pub use key::{Code, Key};
pub use kinds::{
    Actor, Api, Family, Lang, ParseApiError, ParseFamilyError, ParseLangError, Provenance, Retry,
    Severity,
};
pub use record::{
    Conflict, Context, Details, EntryData, Keywords, Pairing, Source, Superseded, SymptomData, Text,
};
