//! The record types: one [`Entry`] per `(Family, code)`, built at compile time.

use crate::kinds::{Actor, Family, Lang, Provenance, Retry, Severity};
use serde::Serialize;
use std::fmt;

/// A text in Russian and English.
///
/// # Examples
///
/// ```
/// use qiwi_errors::{lookup, Family, Lang};
///
/// let title = lookup(Family::WalletError, "220").unwrap().title();
/// assert!(!title.get(Lang::Ru).is_empty());
/// assert_ne!(title.get(Lang::Ru), title.get(Lang::En));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Text {
    /// The Russian text.
    pub ru: &'static str,
    /// The English text.
    pub en: &'static str,
}

impl Text {
    /// The text in `lang`.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::{Lang, Text};
    ///
    /// let t = Text { ru: "да", en: "yes" };
    /// assert_eq!(t.get(Lang::En), "yes");
    /// ```
    pub const fn get(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Ru => self.ru,
            Lang::En => self.en,
        }
    }
}

/// Where a record's facts were found: a seed file or an official repository, and a section.
///
/// # Examples
///
/// ```
/// use qiwi_errors::{lookup, Family};
///
/// let source = &lookup(Family::PsError, "04").unwrap().sources()[0];
/// assert!(source.file.starts_with("002_"));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Source {
    /// The document: a seed file name, or `QIWI-API/repo:path@commit`.
    pub file: &'static str,
    /// The section, heading or anchor in it.
    pub section: &'static str,
    /// A line range, where the document has stable lines.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lines: Option<&'static str>,
}

/// One meaning of a code in one situation (an API section, an operation type).
///
/// # Examples
///
/// ```
/// use qiwi_errors::{lookup, Family};
///
/// let not_found = lookup(Family::WalletHttp, "404").unwrap();
/// assert!(not_found.contexts().len() >= 4);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Context {
    /// The situation.
    pub when: Text,
    /// What the code means in it.
    pub meaning: Text,
}

/// An older or disputed meaning of a code, kept with its sources.
///
/// The [`Entry`] holding it gives the current meaning.
///
/// # Examples
///
/// ```
/// use qiwi_errors::{lookup, Family};
///
/// let entry = lookup(Family::WalletError, "202").unwrap();
/// assert!(!entry.superseded().is_empty());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Superseded {
    /// What the code meant there.
    pub meaning: Text,
    /// Why it is not the current meaning.
    pub note: Text,
    /// Where that meaning was documented.
    pub sources: &'static [Source],
}

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
    pub(crate) family: Family,
    pub(crate) code: &'static str,
    pub(crate) range: Option<(i64, Option<i64>)>,
    pub(crate) title: Text,
    pub(crate) customer: Text,
    pub(crate) developer: Text,
    pub(crate) steps: &'static [Text],
    pub(crate) severity: Severity,
    pub(crate) retry: Retry,
    pub(crate) actors: &'static [Actor],
    pub(crate) is_final: Option<bool>,
    pub(crate) related: &'static [&'static str],
    pub(crate) sensitive: bool,
    pub(crate) provenance: Provenance,
    pub(crate) contexts: &'static [Context],
    pub(crate) superseded: &'static [Superseded],
    pub(crate) sources: &'static [Source],
}

impl Entry {
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
        self.code
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
        self.range
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
        self.title
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
        self.customer
    }

    /// What happened, with the technical detail a developer or support agent needs.
    ///
    /// Empty in a build made with `QIWI_ERRORS_TEXTS=customer`, as the WebAssembly widget is
    /// (see the crate documentation).
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::{lookup, Family, Lang};
    ///
    /// assert!(!lookup(Family::PaymentHttp, "500").unwrap().developer().get(Lang::En).is_empty());
    /// ```
    pub const fn developer(&self) -> Text {
        self.developer
    }

    /// Remediation steps, in order. They address whoever integrates the API, so a build made
    /// with `QIWI_ERRORS_TEXTS=customer` has none.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::{lookup, Family};
    ///
    /// assert!(!lookup(Family::WalletError, "220").unwrap().steps().is_empty());
    /// ```
    pub const fn steps(&self) -> &'static [Text] {
        self.steps
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
        self.severity
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
        self.retry
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
        !matches!(self.retry, Retry::Never)
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
        self.actors
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
        self.is_final
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
        self.related
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
        self.related.iter().filter_map(|key| {
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
        self.sensitive
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
        self.provenance
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
    pub const fn contexts(&self) -> &'static [Context] {
        self.contexts
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
    pub const fn superseded(&self) -> &'static [Superseded] {
        self.superseded
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
    pub const fn sources(&self) -> &'static [Source] {
        self.sources
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
        format!("{}:{}", self.family.as_str(), self.code)
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
                let code = self.0.code;
                match self.0.family {
                    Family::WalletError => write!(f, "QWPRC-{code}"),
                    Family::WalletHttp | Family::PaymentHttp | Family::IdentHttp => {
                        write!(f, "HTTP {code}")
                    }
                    Family::PsError => write!(f, "psErrorCode {code}"),
                    Family::PaymentReason => write!(f, "reasonCode {code}"),
                    Family::IdentError => write!(f, "errorCode {code}"),
                    Family::XmlPaymentResult | Family::XmlRequestResult | Family::TopupResult => {
                        write!(f, "result-code {code}")
                    }
                    Family::BillError => write!(f, "errorCode {code}"),
                    Family::PullError | Family::BillResult => write!(f, "result_code {code}"),
                    Family::QiwipayError => write!(f, "error_code {code}"),
                    Family::XmlPaymentStatus => write!(f, "status {code}"),
                    _ => f.write_str(code),
                }
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
        EntryDisplay { entry: self, lang }
    }
}

/// Entries are equal when their keys are: a family never holds two entries with one code.
impl PartialEq for Entry {
    fn eq(&self, other: &Self) -> bool {
        self.family == other.family && self.code == other.code
    }
}

impl Eq for Entry {}

impl std::hash::Hash for Entry {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.family.hash(state);
        self.code.hash(state);
    }
}

/// The serialized form carries the `label` people see (`QWPRC-220`) beside the raw key, and
/// leaves out empty optional parts.
impl Serialize for Entry {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("Entry", 19)?;
        s.serialize_field("family", &self.family)?;
        s.serialize_field("code", self.code)?;
        s.serialize_field("label", &self.label().to_string())?;
        match self.range {
            Some(range) => s.serialize_field("range", &range)?,
            None => s.skip_field("range")?,
        }
        s.serialize_field("title", &self.title)?;
        s.serialize_field("customer", &self.customer)?;
        // Both are empty only in a build made with `QIWI_ERRORS_TEXTS=customer`.
        if self.developer.ru.is_empty() {
            s.skip_field("developer")?;
        } else {
            s.serialize_field("developer", &self.developer)?;
        }
        s.serialize_field("steps", self.steps)?;
        s.serialize_field("severity", &self.severity)?;
        s.serialize_field("retry", &self.retry)?;
        s.serialize_field("actors", self.actors)?;
        s.serialize_field("final", &self.is_final)?;
        s.serialize_field("related", self.related)?;
        s.serialize_field("sensitive", &self.sensitive)?;
        s.serialize_field("provenance", &self.provenance)?;
        if self.contexts.is_empty() {
            s.skip_field("contexts")?;
        } else {
            s.serialize_field("contexts", self.contexts)?;
        }
        if self.superseded.is_empty() {
            s.skip_field("superseded")?;
        } else {
            s.serialize_field("superseded", self.superseded)?;
        }
        s.serialize_field("sources", self.sources)?;
        s.end()
    }
}

impl fmt::Display for Entry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.display(Lang::Ru).fmt(f)
    }
}

/// An [`Entry`] rendered as text in one language; made by [`Entry::display`].
///
/// # Examples
///
/// ```
/// use qiwi_errors::{lookup, Family, Lang};
///
/// let shown = lookup(Family::PsError, "04").unwrap().display(Lang::Ru).to_string();
/// assert!(shown.contains("psErrorCode 04"));
/// ```
#[derive(Clone, Copy, Debug)]
pub struct EntryDisplay<'a> {
    entry: &'a Entry,
    lang: Lang,
}

impl fmt::Display for EntryDisplay<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (e, lang) = (self.entry, self.lang);
        let words = crate::words::Words::of(lang);
        writeln!(f, "{} — {}", e.label(), e.title.get(lang))?;
        writeln!(f, "[{}: {}]", words.family, e.family.label(lang))?;
        writeln!(f)?;
        writeln!(f, "{}", e.customer.get(lang))?;
        writeln!(f)?;
        if !e.developer.get(lang).is_empty() {
            writeln!(f, "{}: {}", words.details, e.developer.get(lang))?;
        }
        for c in e.contexts {
            writeln!(f, "  • {}: {}", c.when.get(lang), c.meaning.get(lang))?;
        }
        if !e.steps.is_empty() {
            writeln!(f, "{}:", words.steps)?;
            for (i, step) in e.steps.iter().enumerate() {
                writeln!(f, "  {}. {}", i + 1, step.get(lang))?;
            }
        }
        writeln!(f, "{}: {}", words.severity, words.severity_name(e.severity))?;
        writeln!(f, "{}: {}", words.retry, words.retry_advice(e.retry))?;
        if !e.actors.is_empty() {
            let actors: Vec<&str> = e.actors.iter().map(|a| words.actor(*a)).collect();
            writeln!(f, "{}: {}", words.actors, actors.join(", "))?;
        }
        if let Some(is_final) = e.is_final {
            writeln!(f, "{}: {}", words.final_status, words.yes_no(is_final))?;
        }
        if e.sensitive {
            writeln!(f, "{}", words.sensitive)?;
        }
        if e.provenance != Provenance::Official {
            writeln!(
                f,
                "{}: {}",
                words.provenance,
                words.provenance_name(e.provenance)
            )?;
        }
        if let Some(note) = crate::family_note(e.family) {
            writeln!(f, "{}: {}", words.family_note, note.get(lang))?;
        }
        for s in e.superseded {
            writeln!(
                f,
                "{}: {} ({})",
                words.superseded,
                s.meaning.get(lang),
                s.note.get(lang)
            )?;
        }
        if !e.related.is_empty() {
            let related: Vec<String> = e.related().map(|r| r.label().to_string()).collect();
            writeln!(f, "{}: {}", words.related, related.join(", "))?;
        }
        let sources: Vec<String> = e
            .sources
            .iter()
            .map(|s| match s.lines {
                Some(lines) => format!("{} § {} ({lines})", s.file, s.section),
                None => format!("{} § {}", s.file, s.section),
            })
            .collect();
        write!(f, "{}: {}", words.sources, sources.join("; "))
    }
}

/// A problem people search for without a code ("SMS code does not arrive"), with causes, steps
/// and when to contact support.
///
/// Found by [`search`](crate::search()) and listed by [`symptoms`](crate::symptoms).
///
/// # Examples
///
/// ```
/// use qiwi_errors::symptoms;
///
/// assert!(symptoms().iter().any(|s| s.id.contains("sms")));
/// ```
#[derive(Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Symptom {
    /// A stable kebab-case identifier.
    pub id: &'static str,
    /// A short name.
    pub title: Text,
    /// What is going on.
    pub summary: Text,
    /// Phrases people type, in Russian.
    pub keywords_ru: &'static [&'static str],
    /// Phrases people type, in English.
    pub keywords_en: &'static [&'static str],
    /// Likely causes, most likely first.
    pub causes: &'static [Text],
    /// What to do, in order.
    pub steps: &'static [Text],
    /// When and how to contact support.
    pub contact_support: Text,
    /// Related codes as `family:code` keys.
    pub related: &'static [&'static str],
    /// Where the facts come from.
    pub sources: &'static [Source],
}

impl Symptom {
    /// A human-readable guide in `lang`: what is going on, causes, steps, when to call support.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::{symptoms, Lang};
    ///
    /// let text = symptoms()[0].display(Lang::En).to_string();
    /// assert!(text.contains("What to do:"));
    /// ```
    pub fn display(&self, lang: Lang) -> SymptomDisplay<'_> {
        SymptomDisplay {
            symptom: self,
            lang,
        }
    }
}

/// A [`Symptom`] rendered as text in one language; made by [`Symptom::display`].
///
/// # Examples
///
/// ```
/// use qiwi_errors::{symptoms, Lang};
///
/// assert!(!symptoms()[0].display(Lang::Ru).to_string().is_empty());
/// ```
#[derive(Clone, Copy, Debug)]
pub struct SymptomDisplay<'a> {
    symptom: &'a Symptom,
    lang: Lang,
}

impl fmt::Display for SymptomDisplay<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (s, lang) = (self.symptom, self.lang);
        let words = crate::words::Words::of(lang);
        writeln!(f, "{}", s.title.get(lang))?;
        writeln!(f)?;
        writeln!(f, "{}", s.summary.get(lang))?;
        writeln!(f)?;
        writeln!(f, "{}:", words.causes)?;
        for cause in s.causes {
            writeln!(f, "  • {}", cause.get(lang))?;
        }
        writeln!(f, "{}:", words.steps)?;
        for (i, step) in s.steps.iter().enumerate() {
            writeln!(f, "  {}. {}", i + 1, step.get(lang))?;
        }
        write!(f, "{}: {}", words.support, s.contact_support.get(lang))
    }
}
