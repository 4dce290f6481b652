//! The ways into the tables by family and code: [`lookup`], [`entries`], [`family_entries`],
//! [`family_note`] and [`family_details`].

use crate::entry::Entry;
use crate::kinds::Family;
use crate::tables;
use qiwi_errors_shared::{Details, Text};

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
pub fn lookup(family: Family, code: &str) -> Option<Entry> {
    Entry::find(family, code)
}

/// The range rows of every family that hold `n`.
pub(crate) fn ranges_holding(n: i64) -> impl Iterator<Item = Entry> {
    tables::ranges_holding(n).map(Entry::at)
}

/// The entries at these positions.
pub(crate) fn entries_at(positions: &'static [u16]) -> impl Iterator<Item = Entry> + Clone {
    positions.iter().map(|&at| Entry::at(at))
}

/// The positions of the entries whose code is exactly `code`: one probe, to iterate many times.
pub(crate) fn positions_of(code: &str) -> &'static [u16] {
    tables::positions_of(code)
}

/// Every entry of the knowledge base, family by family, in the order of the data files.
///
/// # Examples
///
/// ```
/// use qiwi_errors::{entries, Family};
///
/// let ps_errors = entries().filter(|e| e.family() == Family::PsError).count();
/// assert!(ps_errors >= 29);
/// assert!(entries().len() > 400);
/// ```
pub fn entries() -> impl DoubleEndedIterator<Item = Entry> + ExactSizeIterator + Clone {
    Entry::all()
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
pub fn family_entries(family: Family) -> impl Iterator<Item = Entry> + Clone {
    entries().filter(move |e| e.family() == family)
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
    tables::note(family)
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
#[non_exhaustive]
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
