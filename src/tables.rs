//! The generated tables and the few reads every other module makes of them, by position: the
//! bottom of the crate, built from the shared crate's record types alone.
//!
//! A position is an entry's index in `ENTRIES` (and `DETAILS`, in the same order) or a
//! symptom's in `SYMPTOMS`; [`Entry`](crate::Entry) and [`Symptom`](crate::Symptom) are handles
//! that hold one.

use crate::kinds::Family;
use qiwi_errors_shared::{Details, EntryData, SymptomData, Text};

/// The tables `build.rs` writes from `data/` (see `qiwi-errors-build`): data only.
pub(crate) mod generated {
    #![allow(clippy::all, clippy::pedantic, missing_docs, dead_code, unused_imports)]
    include!(concat!(env!("OUT_DIR"), "/codes.rs"));
}

/// How many entries the tables hold.
pub(crate) const ENTRY_COUNT: usize = generated::ENTRIES.len();

/// How many symptoms the tables hold.
pub(crate) const SYMPTOM_COUNT: usize = generated::SYMPTOMS.len();

// Positions are `u16` (the generated maps store them so), and the search index numbers entries
// and symptoms in one sequence.
const _: () = assert!(ENTRY_COUNT + SYMPTOM_COUNT <= u16::MAX as usize);

/// The family and record at `at`.
pub(crate) fn record(at: u16) -> (Family, &'static EntryData) {
    let (family, data) = &generated::ENTRIES[usize::from(at)];
    (*family, data)
}

/// The details of the entry at `at`.
pub(crate) fn details(at: u16) -> &'static Details {
    &generated::DETAILS[usize::from(at)]
}

/// The symptom record at `at`.
pub(crate) fn symptom(at: u16) -> &'static SymptomData {
    &generated::SYMPTOMS[usize::from(at)]
}

/// The position of the capped code that the entry at `at` only ever arrives with (the
/// strictest one), if it is such an entry.
pub(crate) fn paired_cap(at: u16) -> Option<u16> {
    generated::PAIRED_CAPS
        .iter()
        .find(|(code, _)| *code == at)
        .map(|(_, capped)| *capped)
}

/// The position of `code` in `family`, matched exactly.
pub(crate) fn exact(family: Family, code: &str) -> Option<u16> {
    generated::CODES
        .get(&qiwi_errors_shared::Key::new(family, code))
        .copied()
}

/// The position of the range row of `family` that holds the number `code`.
pub(crate) fn in_range(family: Family, code: &str) -> Option<u16> {
    if code.len() > 18 {
        return None;
    }
    let n = code.parse().ok()?;
    ranges_holding(n).find(|&at| record(at).0 == family)
}

/// The positions of the range rows of every family that hold `n`.
pub(crate) fn ranges_holding(n: i64) -> impl Iterator<Item = u16> {
    generated::RANGES
        .iter()
        .filter(move |(_, lo, hi, _)| n >= *lo && hi.is_none_or(|hi| n <= hi))
        .map(|(_, _, _, at)| *at)
}

/// The positions of the entries whose code is exactly `code`: one probe, to iterate many times.
pub(crate) fn positions_of(code: &str) -> &'static [u16] {
    generated::BY_CODE
        .get(&qiwi_errors_shared::Code::parse(code))
        .copied()
        .unwrap_or(&[])
}

/// The note of `family`, if it has one.
pub(crate) fn note(family: Family) -> Option<Text> {
    generated::NOTES
        .iter()
        .find(|(f, _)| *f == family)
        .map(|(_, t)| *t)
}
