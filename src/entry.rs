//! The records as the library hands them out: [`Entry`] (one per `(Family, code)`) and
//! [`Symptom`], built at compile time from `data/`.

use crate::display::EntryDisplay;
use crate::kinds::{Actor, Family, Lang, Provenance, Retry, Severity};
use qiwi_errors_shared::{Context, Details, EntryData, Source, Superseded, Text};
use serde::Serialize;
use std::fmt;

/// Everything the knowledge base knows about one code of one family.
///
/// Entries are static: [`lookup`](crate::lookup) and [`explain`](crate::explain) hand out
/// `&'static Entry` without allocating.
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
#[derive(Debug)]
pub struct Entry {
    family: Family,
    data: EntryData,
}

impl Entry {
    /// The record of `code` in `family`; the generated tables call it.
    pub(crate) const fn new(family: Family, data: EntryData) -> Entry {
        Entry { family, data }
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
    pub fn details(&self) -> &'static Details {
        &crate::generated::DETAILS[self.position()]
    }

    /// The entry's position in the generated tables: entries and details are two statics in
    /// the same order, and the position is the distance from the first entry.
    fn position(&self) -> usize {
        let first = crate::generated::ENTRIES.as_ptr() as usize;
        (self as *const Entry as usize).wrapping_sub(first) / std::mem::size_of::<Entry>()
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
    pub fn cap(&self) -> Option<(Retry, &'static Entry)> {
        let at = self.position();
        if let Retry::Limited { .. } = self.data.retry {
            return Some((self.data.retry, &crate::generated::ENTRIES[at]));
        }
        let (_, capped) = crate::generated::PAIRED_CAPS
            .iter()
            .find(|(code, _)| usize::from(*code) == at)?;
        let capped = &crate::generated::ENTRIES[usize::from(*capped)];
        Some((capped.data.retry, capped))
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
    pub fn with_details(&self) -> WithDetails<'_> {
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
    pub const fn family(&self) -> Family {
        self.family
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
    pub const fn code(&self) -> &'static str {
        self.data.code
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
    pub const fn range(&self) -> Option<(i64, Option<i64>)> {
        self.data.range
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
    pub const fn title(&self) -> Text {
        self.data.title
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
    pub const fn customer(&self) -> Text {
        self.data.customer
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
    pub fn developer(&self) -> Text {
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
    pub fn steps(&self) -> &'static [Text] {
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
    pub const fn severity(&self) -> Severity {
        self.data.severity
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
    pub const fn retry(&self) -> Retry {
        self.data.retry
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
    pub const fn is_retryable(&self) -> bool {
        !matches!(self.data.retry, Retry::Never)
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
    pub const fn actors(&self) -> &'static [Actor] {
        self.data.actors
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
    pub const fn is_final(&self) -> Option<bool> {
        self.data.is_final
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
    pub const fn related_keys(&self) -> &'static [&'static str] {
        self.data.related
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
    pub fn related(&self) -> impl Iterator<Item = &'static Entry> {
        self.data.related.iter().filter_map(|key| {
            let (family, code) = key.split_once(':')?;
            crate::lookup(Family::from_name(family)?, code)
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
    pub const fn is_sensitive(&self) -> bool {
        self.data.sensitive
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
    pub const fn provenance(&self) -> Provenance {
        self.data.provenance
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
    pub fn contexts(&self) -> &'static [Context] {
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
    pub fn superseded(&self) -> &'static [Superseded] {
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
    pub fn sources(&self) -> &'static [Source] {
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
    pub fn key(&self) -> String {
        format!("{}:{}", self.family.as_str(), self.data.code)
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
    pub fn label(&self) -> impl fmt::Display + '_ {
        struct Label<'a>(&'a Entry);
        impl fmt::Display for Label<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                let family = self.0.family;
                write!(f, "{}{}", family.label_prefix(), self.0.data.code)
            }
        }
        Label(self)
    }

    /// A human-readable explanation in `lang`, for terminals and logs.
    ///
    /// `Entry`'s own `Display` is this in Russian.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::{lookup, Family, Lang};
    ///
    /// let text = lookup(Family::WalletError, "220").unwrap().display(Lang::En).to_string();
    /// assert!(text.starts_with("QWPRC-220"));
    /// assert!(text.contains("Retry:"));
    /// ```
    pub fn display(&self, lang: Lang) -> EntryDisplay<'_> {
        EntryDisplay::new(self, lang)
    }
}

/// Entries are equal when their keys are: a family never holds two entries with one code.
impl PartialEq for Entry {
    fn eq(&self, other: &Self) -> bool {
        self.family == other.family && self.data.code == other.data.code
    }
}

impl Eq for Entry {}

impl std::hash::Hash for Entry {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.family.hash(state);
        self.data.code.hash(state);
    }
}

/// The serialized form: the family, the `label` people see (`QWPRC-220`) and the record's
/// fields, without the [`details`](Entry::details).
impl Serialize for Entry {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        Card {
            family: self.family,
            label: self.label(),
            data: &self.data,
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
pub struct WithDetails<'a> {
    #[serde(flatten)]
    entry: &'a Entry,
    #[serde(flatten)]
    details: &'static Details,
}

impl fmt::Display for Entry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.display(Lang::Ru).fmt(f)
    }
}
