//! What loading `data/` yields ([`Dataset`], [`Record`]) and the names both the loader and the
//! checks use: the symptoms file and the `family:code` key.

use qiwi_errors_shared::{Details, EntryData, Family, SymptomData, Text};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// One validated record of a family, with where it stands in its file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// The family, from the file.
    pub family: Family,
    /// What every answer shows.
    pub entry: EntryData,
    /// What developers read.
    pub details: Details,
    /// The file the record is in.
    pub file: String,
    /// The line its object starts on.
    pub line: usize,
    /// The line of its `related` field (its start when absent).
    pub related_line: usize,
}

/// Everything in `data/`, validated.
#[derive(Debug, Clone, Default)]
pub struct Dataset {
    /// Records in family order, then in file order.
    pub records: Vec<Record>,
    /// Family notes, by family.
    pub notes: BTreeMap<Family, Text>,
    /// The code-less problems.
    pub symptoms: Vec<SymptomData>,
    /// Every file read, so that build.rs can ask cargo to watch them.
    pub files: Vec<PathBuf>,
}

/// The name of the file of code-less problems in `data/`.
pub const SYMPTOMS_FILE: &str = "symptoms.json";

/// Splits `family:code` at the first colon (codes may hold dots but never colons).
///
/// # Examples
///
/// ```
/// use qiwi_errors_shared::Family;
///
/// assert_eq!(qiwi_errors_build::parse_key("ps-error:04"), Some((Family::PsError, "04")));
/// assert_eq!(qiwi_errors_build::parse_key("nope:1"), None);
/// ```
pub fn parse_key(key: &str) -> Option<(Family, &str)> {
    let (family, code) = key.split_once(':')?;
    let family = Family::from_name(family)?;
    (!code.is_empty()).then_some((family, code))
}
