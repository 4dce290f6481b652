//! The records of the knowledge base, declared once.
//!
//! A field added to a data file is added here, with its serde attributes: the build step reads
//! it with these derives, writes it back out with `databake`, and the library serialises it
//! with the same derives. Only the library's accessor is written by hand.
//!
//! The fields are `'static` because the records are statics compiled into the library; the
//! build step reads them through the leaking deserializers of [`crate::leak`].

use crate::kinds::{Actor, Provenance, Retry, Severity};
#[cfg(feature = "build")]
use serde::Deserialize;
use serde::Serialize;

/// `&'static str` under another name. serde's derive borrows every field spelled `&str` from
/// the input, which would tie the records to one input's lifetime; the build step leaks its
/// strings instead (see [`crate::leak`]), and the alias keeps the derive from seeing a `&str`.
type StaticStr = &'static str;

/// A text in Russian and English.
///
/// # Examples
///
/// ```
/// use qiwi_errors_shared::{Lang, Text};
///
/// let t = Text { ru: "да", en: "yes" };
/// assert_eq!(t.get(Lang::En), "yes");
/// assert_eq!(serde_json::to_string(&t).unwrap(), r#"{"ru":"да","en":"yes"}"#);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(
    feature = "build",
    derive(Deserialize, databake::Bake),
    databake(path = qiwi_errors_shared),
    serde(deny_unknown_fields)
)]
pub struct Text {
    /// The Russian text.
    #[serde(deserialize_with = "crate::leak::str")]
    pub ru: StaticStr,
    /// The English text.
    #[serde(deserialize_with = "crate::leak::str")]
    pub en: StaticStr,
}

impl Text {
    /// The text in `lang`.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors_shared::{Lang, Text};
    ///
    /// assert_eq!(Text { ru: "да", en: "yes" }.get(Lang::Ru), "да");
    /// ```
    pub const fn get(&self, lang: crate::Lang) -> &'static str {
        match lang {
            crate::Lang::Ru => self.ru,
            crate::Lang::En => self.en,
        }
    }
}

/// Where facts come from: a public page a person can open, and where in it.
///
/// # Examples
///
/// ```
/// use qiwi_errors_shared::Source;
///
/// let s = Source { file: "002_9a27a85263fb548a.txt", section: "reason codes", lines: None,
///                  url: None, title: None, docs: None };
/// assert_eq!(serde_json::to_string(&s).unwrap(),
///            r#"{"file":"002_9a27a85263fb548a.txt","section":"reason codes"}"#);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(
    feature = "build",
    derive(Deserialize, databake::Bake),
    databake(path = qiwi_errors_shared),
    serde(deny_unknown_fields)
)]
pub struct Source {
    /// The document: a seed file name (secondary provenance), or `QIWI-API/repo:path@commit`.
    #[serde(deserialize_with = "crate::leak::str")]
    pub file: StaticStr,
    /// The section, heading or anchor in it.
    #[serde(deserialize_with = "crate::leak::str")]
    pub section: StaticStr,
    /// A line range, where the document has stable lines.
    #[serde(
        default,
        deserialize_with = "crate::leak::opt_str",
        skip_serializing_if = "Option::is_none"
    )]
    pub lines: Option<StaticStr>,
    /// A link a person can open: the file on GitHub at a commit.
    #[serde(
        default,
        deserialize_with = "crate::leak::opt_str",
        skip_serializing_if = "Option::is_none"
    )]
    pub url: Option<StaticStr>,
    /// A short human title of the source.
    #[serde(
        default,
        deserialize_with = "crate::leak::opt_str",
        skip_serializing_if = "Option::is_none"
    )]
    pub title: Option<StaticStr>,
    /// The published documentation page, where there is one.
    #[serde(
        default,
        deserialize_with = "crate::leak::opt_str",
        skip_serializing_if = "Option::is_none"
    )]
    pub docs: Option<StaticStr>,
}

/// One meaning of a code in one situation (an API section, an operation type).
///
/// # Examples
///
/// ```
/// use qiwi_errors_shared::{Context, Text};
///
/// let c = Context { when: Text { ru: "счета", en: "invoices" }, meaning: Text { ru: "нет", en: "none" } };
/// assert_eq!(c.when.en, "invoices");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(
    feature = "build",
    derive(Deserialize, databake::Bake),
    databake(path = qiwi_errors_shared),
    serde(deny_unknown_fields)
)]
pub struct Context {
    /// The situation.
    pub when: Text,
    /// What the code means in it.
    pub meaning: Text,
}

/// An older or disputed meaning of a code, kept with its sources; the entry holding it gives
/// the current meaning.
///
/// # Examples
///
/// ```
/// use qiwi_errors_shared::{Superseded, Text};
///
/// let old = Superseded { meaning: Text { ru: "а", en: "a" }, note: Text { ru: "б", en: "b" },
///                        edition: Some("2020"), date: Some("2020-07-01"), sources: &[] };
/// assert!(old.sources.is_empty());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(
    feature = "build",
    derive(Deserialize, databake::Bake),
    databake(path = qiwi_errors_shared),
    serde(deny_unknown_fields)
)]
pub struct Superseded {
    /// What the code meant there.
    pub meaning: Text,
    /// Why it is not the current meaning.
    pub note: Text,
    /// The edition of the documentation that gave it (`"payments-docs 2023"`).
    #[serde(
        default,
        deserialize_with = "crate::leak::opt_str",
        skip_serializing_if = "Option::is_none"
    )]
    pub edition: Option<StaticStr>,
    /// The date of that edition's commit, `YYYY-MM-DD`.
    #[serde(
        default,
        deserialize_with = "crate::leak::opt_str",
        skip_serializing_if = "Option::is_none"
    )]
    pub date: Option<StaticStr>,
    /// Where that meaning was documented.
    #[serde(deserialize_with = "crate::leak::slice")]
    pub sources: &'static [Source],
}

/// Two sources that disagree about a code (the English and Russian pages, two editions): both
/// claims, and which one the record follows and why.
///
/// # Examples
///
/// ```
/// use qiwi_errors_shared::{Conflict, Text};
///
/// let c = Conflict { about: Text { ru: "а", en: "a" }, followed: Text { ru: "б", en: "b" }, sources: &[] };
/// assert_eq!(c.followed.en, "b");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(
    feature = "build",
    derive(Deserialize, databake::Bake),
    databake(path = qiwi_errors_shared),
    serde(deny_unknown_fields)
)]
pub struct Conflict {
    /// What the sources say, each of them.
    pub about: Text,
    /// Which claim the record follows, and why.
    pub followed: Text,
    /// The sources that disagree.
    #[serde(deserialize_with = "crate::leak::slice")]
    pub sources: &'static [Source],
}

/// A code this one comes with in one edition of the documentation: a `psErrorCode` and the
/// `reasonCode` it is sent with, which changed between editions.
///
/// # Examples
///
/// ```
/// use qiwi_errors_shared::Pairing;
///
/// let p = Pairing { with: "payment-reason:ACQUIRING_INSUFFICIENT_FUNDS", edition: "payments-docs 2024",
///                   date: "2024-07-25", sources: &[] };
/// assert!(p.with.starts_with("payment-reason:"));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(
    feature = "build",
    derive(Deserialize, databake::Bake),
    databake(path = qiwi_errors_shared),
    serde(deny_unknown_fields)
)]
pub struct Pairing {
    /// The other code, as a `family:code` key.
    #[serde(deserialize_with = "crate::leak::str")]
    pub with: StaticStr,
    /// The edition that pairs them (`"payments-docs 2024"`).
    #[serde(deserialize_with = "crate::leak::str")]
    pub edition: StaticStr,
    /// The date of that edition's commit, `YYYY-MM-DD`.
    #[serde(deserialize_with = "crate::leak::str")]
    pub date: StaticStr,
    /// Where the pairing is documented.
    #[serde(deserialize_with = "crate::leak::slice")]
    pub sources: &'static [Source],
}

/// The part of a code's record that every answer shows: what it is, what to tell the customer,
/// the verdicts and related codes. The family is the data file's, not the record's.
///
/// The library wraps it as `qiwi_errors::Entry`; the technical rest is [`Details`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(
    feature = "build",
    derive(Deserialize, databake::Bake),
    databake(path = qiwi_errors_shared)
)]
pub struct EntryData {
    /// The code exactly as the API documents it (`"04"`, `"INVALID_STATE"`, `"0-49"`).
    #[serde(deserialize_with = "crate::leak::str")]
    pub code: StaticStr,
    /// For a row standing for numeric codes, its inclusive bounds (`None` above: open-ended).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub range: Option<(i64, Option<i64>)>,
    /// A short name.
    pub title: Text,
    /// What to tell the customer, in plain words.
    pub customer: Text,
    /// How bad it is.
    pub severity: Severity,
    /// Whether and when the request may be repeated.
    pub retry: Retry,
    /// Who has to act, in order.
    #[serde(deserialize_with = "crate::leak::slice")]
    pub actors: &'static [Actor],
    /// Whether the operation's state is final; `None` where that does not apply. The data
    /// file must say it, `null` included.
    #[serde(rename = "final", deserialize_with = "Option::deserialize")]
    pub is_final: Option<bool>,
    /// Related codes as `family:code` keys.
    #[serde(default, deserialize_with = "crate::leak::strs")]
    pub related: &'static [StaticStr],
    /// An internal reason that must not be shown to customers as it is.
    #[serde(default)]
    pub sensitive: bool,
    /// Where the facts come from: an official table, a community list, our inference.
    #[serde(default)]
    pub provenance: Provenance,
    /// The customer text is written for every code that shares it, not for this one alone.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub generic: bool,
}

/// What a code's answer shows on request: the technical explanation, the steps, the meanings
/// per situation, the superseded meanings and the sources.
///
/// Kept apart from [`EntryData`] so that a program that never reads them (the WebAssembly
/// widget, which fetches them on demand) does not carry them.
///
/// # Examples
///
/// ```
/// use qiwi_errors_shared::{Details, Text};
///
/// let d = Details { developer: Text { ru: "а", en: "a" }, steps: &[], contexts: &[], superseded: &[],
///                   sources: &[], retry_source: None, pairings: &[], keywords: None, wording: None,
///                   conflicts: &[] };
/// assert_eq!(serde_json::to_string(&d).unwrap(), r#"{"developer":{"ru":"а","en":"a"},"steps":[],"sources":[]}"#);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(
    feature = "build",
    derive(Deserialize, databake::Bake),
    databake(path = qiwi_errors_shared)
)]
pub struct Details {
    /// What happened, with the technical detail.
    pub developer: Text,
    /// What to do, in order.
    #[serde(deserialize_with = "crate::leak::slice")]
    pub steps: &'static [Text],
    /// What the code means per situation, where that differs.
    #[serde(
        default,
        deserialize_with = "crate::leak::slice",
        skip_serializing_if = "<[_]>::is_empty"
    )]
    pub contexts: &'static [Context],
    /// Older or disputed meanings.
    #[serde(
        default,
        deserialize_with = "crate::leak::slice",
        skip_serializing_if = "<[_]>::is_empty"
    )]
    pub superseded: &'static [Superseded],
    /// Where the facts were found.
    #[serde(deserialize_with = "crate::leak::slice")]
    pub sources: &'static [Source],
    /// Where the retry figure (a delay, a cap) is stated; every figure needs one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_source: Option<Source>,
    /// The codes this one comes with, per edition of the documentation.
    #[serde(
        default,
        deserialize_with = "crate::leak::slice",
        skip_serializing_if = "<[_]>::is_empty"
    )]
    pub pairings: &'static [Pairing],
    /// Phrases people use for this code in their own words (ours, not official), per
    /// language; searched like a symptom's keywords so that a paraphrase finds the code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keywords: Option<Keywords>,
    /// The distinctive words of the official message users see for this code (facts about
    /// the wording, not the sentence), per language; searched with high weight so that a
    /// pasted message finds its code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wording: Option<Keywords>,
    /// Where sources disagree, both claims and which one is followed.
    #[serde(
        default,
        deserialize_with = "crate::leak::slice",
        skip_serializing_if = "<[_]>::is_empty"
    )]
    pub conflicts: &'static [Conflict],
}

/// Phrases people type for a symptom or a code, per language.
///
/// # Examples
///
/// ```
/// use qiwi_errors_shared::Keywords;
///
/// let k = Keywords { ru: &["не приходит смс"], en: &["sms not received"] };
/// assert_eq!(k.ru.len(), 1);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(
    feature = "build",
    derive(Deserialize, databake::Bake),
    databake(path = qiwi_errors_shared),
    serde(deny_unknown_fields)
)]
pub struct Keywords {
    /// In Russian.
    #[serde(deserialize_with = "crate::leak::strs")]
    pub ru: &'static [StaticStr],
    /// In English.
    #[serde(deserialize_with = "crate::leak::strs")]
    pub en: &'static [StaticStr],
}

/// A problem people search for without a code ("SMS code does not arrive"). The library wraps
/// it as `qiwi_errors::Symptom`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(
    feature = "build",
    derive(Deserialize, databake::Bake),
    databake(path = qiwi_errors_shared),
    serde(deny_unknown_fields)
)]
pub struct SymptomData {
    /// A stable kebab-case identifier.
    #[serde(deserialize_with = "crate::leak::str")]
    pub id: StaticStr,
    /// A short name.
    pub title: Text,
    /// What is going on.
    pub summary: Text,
    /// Phrases people type.
    pub keywords: Keywords,
    /// Likely causes, most likely first.
    #[serde(deserialize_with = "crate::leak::slice")]
    pub causes: &'static [Text],
    /// What to do, in order.
    #[serde(deserialize_with = "crate::leak::slice")]
    pub steps: &'static [Text],
    /// When and how to contact support.
    pub contact_support: Text,
    /// Related codes as `family:code` keys.
    #[serde(default, deserialize_with = "crate::leak::strs")]
    pub related: &'static [StaticStr],
    /// Where the facts come from.
    #[serde(deserialize_with = "crate::leak::slice")]
    pub sources: &'static [Source],
}
