//! The records as the library hands them out: [`Entry`] (one per `(Family, code)`) and
//! [`Symptom`], built at compile time from `data/`.

use crate::kinds::{Actor, Family, Lang, Provenance, Retry, Severity};
use crate::tables;
use qiwi_errors_shared::{Context, Details, EntryData, Source, Superseded, Text};
use serde::Serialize;
use std::fmt;

/// Everything the knowledge base knows about one code of one family.
///
/// An `Entry` is a small `Copy` handle, like `http::StatusCode`: it names one row of the tables
/// compiled into the library, and its accessors read that row. [`lookup`](crate::lookup) and
/// [`explain`](crate::explain) hand entries out without allocating. Two entries are equal when
/// they are the same row, that is when their [`key`](Self::key)s are; they order as the data
/// files list them.
///
/// # Examples
///
/// ```
/// use qiwi_errors::{lookup, Family, Lang, Retry};
///
/// let entry = lookup(Family::WalletError, "220").unwrap();
/// assert_eq!(entry.family(), Family::WalletError);
/// assert_eq!(entry.code(), "220");
/// assert_eq!(entry.retry(), Retry::AfterUserAction);
/// println!("{}", entry.display(Lang::En));
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Entry {
    /// The row's position in the generated tables.
    at: u16,
}

impl Entry {
    /// The entry at position `at` of the generated tables.
    pub(crate) const fn at(at: u16) -> Entry {
        Entry { at }
    }

    /// The entry for `code` in `family`: the exact code, else the range row that holds it.
    pub(crate) fn find(family: Family, code: &str) -> Option<Entry> {
        tables::exact(family, code)
            .or_else(|| tables::in_range(family, code))
            .map(Entry::at)
    }

    /// Every entry, in the order of the data files.
    pub(crate) fn all() -> impl DoubleEndedIterator<Item = Entry> + ExactSizeIterator + Clone {
        (0..tables::ENTRY_COUNT as u16).map(Entry::at)
    }

    /// The row this handle names.
    fn data(self) -> &'static EntryData {
        tables::record(self.at).1
    }

    /// What only developers read about this code: the technical explanation, the steps, the
    /// meanings per situation and the superseded meanings.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::{lookup, Family, Lang};
    ///
    /// let details = lookup(Family::WalletError, "220").unwrap().details();
    /// assert!(!details.developer.get(Lang::En).is_empty());
    /// assert!(!details.steps.is_empty());
    /// ```
    pub fn details(self) -> &'static Details {
        tables::details(self.at)
    }

    /// The per-window reattempt cap this code carries, and the code it comes from: its own
    /// ([`Retry::Limited`]), or, for a code that the newest edition pairs only with capped
    /// codes, the strictest of theirs. A reasonCode read alone (from a notification or a log
    /// line) keeps the cap of the psErrorCodes it always arrives with.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::{lookup, Family, Retry};
    ///
    /// let reason = lookup(Family::PaymentReason, "ACQUIRING_ISSUER_NOT_AVAILABLE").unwrap();
    /// let (cap, from) = reason.cap().unwrap();
    /// assert_eq!(cap, Retry::Limited { max: 1, window_seconds: 86400 });
    /// assert_eq!(from.key(), "ps-error:91");
    /// let ps = lookup(Family::PsError, "51").unwrap();
    /// assert_eq!(ps.cap().unwrap().1, ps);
    /// assert!(lookup(Family::PsError, "04").unwrap().cap().is_none());
    /// ```
    pub fn cap(self) -> Option<(Retry, Entry)> {
        if let Retry::Limited { .. } = self.retry() {
            return Some((self.retry(), self));
        }
        let capped = Entry::at(tables::paired_cap(self.at)?);
        Some((capped.retry(), capped))
    }

    /// Everything about this code, the [`details`](Self::details) included, as one value to
    /// serialise; an `Entry` itself serialises what every answer shows.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::{lookup, Family};
    ///
    /// let entry = lookup(Family::WalletError, "220").unwrap();
    /// let full = serde_json::to_value(entry.with_details()).unwrap();
    /// assert!(full["developer"]["en"].is_string());
    /// assert!(serde_json::to_value(entry).unwrap().get("developer").is_none());
    /// ```
    pub fn with_details(self) -> WithDetails {
        WithDetails {
            entry: self,
            details: self.details(),
        }
    }

    /// The family the code belongs to.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::{lookup, Family};
    ///
    /// assert_eq!(lookup(Family::PsError, "04").unwrap().family(), Family::PsError);
    /// ```
    pub fn family(self) -> Family {
        tables::record(self.at).0
    }

    /// The code exactly as the API documents it (`"04"`, `"INVALID_STATE"`, `"0-49"`).
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::{lookup, Family};
    ///
    /// assert_eq!(lookup(Family::PsError, "04").unwrap().code(), "04");
    /// ```
    pub fn code(self) -> &'static str {
        self.data().code
    }

    /// For a row that stands for a range of numeric codes, its bounds (inclusive; `None` above
    /// means open-ended).
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::{lookup, Family};
    ///
    /// let in_progress = lookup(Family::XmlPaymentStatus, "23").unwrap();
    /// assert_eq!(in_progress.range(), Some((0, Some(49))));
    /// ```
    pub fn range(self) -> Option<(i64, Option<i64>)> {
        self.data().range
    }

    /// A short name of the code.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::{lookup, Family, Lang};
    ///
    /// assert!(!lookup(Family::WalletError, "0").unwrap().title().get(Lang::En).is_empty());
    /// ```
    pub fn title(self) -> Text {
        self.data().title
    }

    /// What to tell the customer, in plain words (neutral for [`is_sensitive`](Self::is_sensitive) codes).
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::{lookup, Family, Lang};
    ///
    /// assert!(!lookup(Family::WalletError, "220").unwrap().customer().get(Lang::Ru).is_empty());
    /// ```
    pub fn customer(self) -> Text {
        self.data().customer
    }

    /// What happened, with the technical detail a developer or support agent needs (part of
    /// the [`details`](Self::details)).
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::{lookup, Family, Lang};
    ///
    /// assert!(!lookup(Family::PaymentHttp, "500").unwrap().developer().get(Lang::En).is_empty());
    /// ```
    pub fn developer(self) -> Text {
        self.details().developer
    }

    /// Remediation steps, in order, addressed to whoever integrates the API (part of the
    /// [`details`](Self::details)).
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::{lookup, Family};
    ///
    /// assert!(!lookup(Family::WalletError, "220").unwrap().steps().is_empty());
    /// ```
    pub fn steps(self) -> &'static [Text] {
        self.details().steps
    }

    /// How bad the code is.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::{lookup, Family, Severity};
    ///
    /// assert_eq!(lookup(Family::XmlPaymentStatus, "60").unwrap().severity(), Severity::Info);
    /// ```
    pub fn severity(self) -> Severity {
        self.data().severity
    }

    /// The documented retry advice.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::{lookup, Family, Retry};
    ///
    /// assert_eq!(lookup(Family::PsError, "04").unwrap().retry(), Retry::Never);
    /// ```
    pub fn retry(self) -> Retry {
        self.data().retry
    }

    /// Whether the advice allows any repeat at all (everything but [`Retry::Never`]).
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::{lookup, Family};
    ///
    /// assert!(lookup(Family::XmlRequestResult, "13").unwrap().is_retryable());
    /// assert!(!lookup(Family::PsError, "04").unwrap().is_retryable());
    /// ```
    pub fn is_retryable(self) -> bool {
        !matches!(self.data().retry, Retry::Never)
    }

    /// Who must act, most important first.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::{lookup, Actor, Family};
    ///
    /// assert!(lookup(Family::PsError, "04").unwrap().actors().contains(&Actor::Customer));
    /// ```
    pub fn actors(self) -> &'static [Actor] {
        self.data().actors
    }

    /// `Some(true)` if the operation's state will not change any more, `Some(false)` if it
    /// may, `None` where finality does not apply (HTTP statuses, request errors).
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::{lookup, Family};
    ///
    /// assert_eq!(lookup(Family::XmlPaymentStatus, "60").unwrap().is_final(), Some(true));
    /// assert_eq!(lookup(Family::XmlPaymentStatus, "50").unwrap().is_final(), Some(false));
    /// ```
    pub fn is_final(self) -> Option<bool> {
        self.data().is_final
    }

    /// Related codes as `family:code` keys; resolve them with [`related`](Self::related).
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::{lookup, Family};
    ///
    /// let keys = lookup(Family::PsError, "04").unwrap().related_keys();
    /// assert!(keys.contains(&"payment-reason:REATTEMPT_NOT_PERMITTED_BY_PS"));
    /// ```
    pub fn related_keys(self) -> &'static [&'static str] {
        self.data().related
    }

    /// The related entries.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::{lookup, Family};
    ///
    /// let reason = lookup(Family::PsError, "04").unwrap().related().next().unwrap();
    /// assert_eq!(reason.family(), Family::PaymentReason);
    /// ```
    pub fn related(self) -> impl Iterator<Item = Entry> {
        self.data().related.iter().filter_map(|key| {
            let (family, code) = key.split_once(':')?;
            Entry::find(Family::from_name(family)?, code)
        })
    }

    /// `true` for reasons that must not be shown to customers as they are (fraud checks,
    /// restriction lists); show [`customer`](Self::customer) instead.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::{lookup, Family};
    ///
    /// assert!(lookup(Family::PaymentReason, "DECLINED_BY_FRAUD").unwrap().is_sensitive());
    /// ```
    pub fn is_sensitive(self) -> bool {
        self.data().sensitive
    }

    /// Whether the record comes from an official table, a community list or our reading.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::{lookup, Family, Provenance};
    ///
    /// assert_eq!(lookup(Family::WalletError, "1021").unwrap().provenance(), Provenance::Community);
    /// ```
    pub fn provenance(self) -> Provenance {
        self.data().provenance
    }

    /// Meanings that depend on the API section or operation type.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::{lookup, Family};
    ///
    /// assert!(lookup(Family::WalletError, "220").unwrap().contexts().is_empty());
    /// ```
    pub fn contexts(self) -> &'static [Context] {
        self.details().contexts
    }

    /// Older or disputed meanings, with their sources.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::{lookup, Family};
    ///
    /// assert!(lookup(Family::WalletError, "220").unwrap().superseded().is_empty());
    /// ```
    pub fn superseded(self) -> &'static [Superseded] {
        self.details().superseded
    }

    /// Where the facts come from.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::{lookup, Family};
    ///
    /// assert!(!lookup(Family::WalletError, "220").unwrap().sources().is_empty());
    /// ```
    pub fn sources(self) -> &'static [Source] {
        self.details().sources
    }

    /// The key `family:code`, as used by [`related_keys`](Self::related_keys).
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::{lookup, Family};
    ///
    /// assert_eq!(lookup(Family::PsError, "04").unwrap().key(), "ps-error:04");
    /// ```
    pub fn key(self) -> String {
        format!("{}:{}", self.family().as_str(), self.data().code)
    }

    /// The code as people see it: `QWPRC-220` for wallet errors, `HTTP 404`, `psErrorCode 04`.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::{lookup, Family};
    ///
    /// assert_eq!(lookup(Family::WalletError, "220").unwrap().label().to_string(), "QWPRC-220");
    /// assert_eq!(lookup(Family::PsError, "04").unwrap().label().to_string(), "psErrorCode 04");
    /// ```
    pub fn label(self) -> impl fmt::Display {
        struct Label(Entry);
        impl fmt::Display for Label {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                let family = self.0.family();
                write!(f, "{}{}", family.label_prefix(), self.0.code())
            }
        }
        Label(self)
    }
}

/// The serialized form: the family, the `label` people see (`QWPRC-220`) and the record's
/// fields, without the [`details`](Entry::details).
impl Serialize for Entry {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        Card {
            family: self.family(),
            label: self.label(),
            data: self.data(),
        }
        .serialize(serializer)
    }
}

#[derive(Serialize)]
struct Card<'a, L: fmt::Display> {
    family: Family,
    #[serde(serialize_with = "serialize_display")]
    label: L,
    #[serde(flatten)]
    data: &'a EntryData,
}

fn serialize_display<S: serde::Serializer>(
    value: &impl fmt::Display,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.collect_str(value)
}

/// An [`Entry`] with its [`Details`], serialised as one object; made by [`Entry::with_details`].
///
/// # Examples
///
/// ```
/// use qiwi_errors::{lookup, Family};
///
/// let full = lookup(Family::PsError, "04").unwrap().with_details();
/// assert!(serde_json::to_string(&full).unwrap().contains("\"steps\""));
/// ```
#[derive(Clone, Copy, Debug, Serialize)]
pub struct WithDetails {
    #[serde(flatten)]
    entry: Entry,
    #[serde(flatten)]
    details: &'static Details,
}

/// One line: the [`key`](Entry::key) and the title in the default language (Russian), as
/// `ps-error:91 — …`. The whole explanation, in either language, is
/// [`display`](Entry::display).
///
/// # Examples
///
/// ```
/// use qiwi_errors::{lookup, Family};
///
/// let entry = lookup(Family::PsError, "91").unwrap();
/// let line = entry.to_string();
/// assert!(line.starts_with("ps-error:91 — "));
/// assert!(!line.contains('\n'));
/// ```
impl fmt::Display for Entry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let title = self.title().get(Lang::default());
        write!(f, "{}:{} — {title}", self.family().as_str(), self.code())
    }
}

/// The entry's family and code, not its position.
impl fmt::Debug for Entry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Entry")
            .field("family", &self.family())
            .field("code", &self.code())
            .finish()
    }
}
