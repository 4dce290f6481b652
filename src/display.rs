//! Explanations as text for terminals and logs, in either language.

use crate::entry::Entry;
use crate::kinds::{Lang, Provenance};
use crate::lookup::lookup;
use crate::symptom::Symptom;
use crate::words::Words;
use std::fmt;

impl Entry {
    /// A human-readable explanation in `lang`, for terminals and logs: the label and title,
    /// what to tell the customer, the details, the steps, the retry advice and the sources.
    ///
    /// `Entry`'s own `Display` is one line; this is the whole rendering.
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
    pub fn display(self, lang: Lang) -> EntryDisplay {
        EntryDisplay { entry: self, lang }
    }
}

impl Symptom {
    /// A human-readable guide in `lang`: what is going on, causes, steps, when to call support.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::{symptoms, Lang};
    ///
    /// let text = symptoms().next().unwrap().display(Lang::En).to_string();
    /// assert!(text.contains("What to do:"));
    /// ```
    pub fn display(self, lang: Lang) -> SymptomDisplay {
        SymptomDisplay {
            symptom: self,
            lang,
        }
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
pub struct EntryDisplay {
    entry: Entry,
    lang: Lang,
}

impl fmt::Display for EntryDisplay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (e, lang) = (self.entry, self.lang);
        let details = e.details();
        let words = Words::of(lang);
        writeln!(f, "{} — {}", e.label(), e.title().get(lang))?;
        writeln!(f, "[{}: {}]", words.family, e.family().label(lang))?;
        writeln!(f)?;
        writeln!(f, "{}", e.customer().get(lang))?;
        writeln!(f)?;
        if !details.developer.get(lang).is_empty() {
            writeln!(f, "{}: {}", words.details, details.developer.get(lang))?;
        }
        for c in details.contexts {
            writeln!(f, "  • {}: {}", c.when.get(lang), c.meaning.get(lang))?;
        }
        if !details.steps.is_empty() {
            writeln!(f, "{}:", words.steps)?;
            for (i, step) in details.steps.iter().enumerate() {
                writeln!(f, "  {}. {}", i + 1, step.get(lang))?;
            }
        }
        writeln!(
            f,
            "{}: {}",
            words.severity,
            words.severity_name(e.severity())
        )?;
        writeln!(f, "{}: {}", words.retry, words.entry_retry_advice(e))?;
        if !e.actors().is_empty() {
            let actors: Vec<&str> = e.actors().iter().map(|a| words.actor(*a)).collect();
            writeln!(f, "{}: {}", words.actors, actors.join(", "))?;
        }
        if let Some(is_final) = e.is_final() {
            writeln!(f, "{}: {}", words.final_status, words.yes_no(is_final))?;
        }
        if e.is_sensitive() {
            writeln!(f, "{}", words.sensitive)?;
        }
        if e.provenance() != Provenance::Official {
            writeln!(
                f,
                "{}: {}",
                words.provenance,
                words.provenance_name(e.provenance())
            )?;
        }
        if let Some(note) = crate::lookup::family_note(e.family()) {
            writeln!(f, "{}: {}", words.family_note, note.get(lang))?;
        }
        for s in details.superseded {
            let edition = [s.edition, s.date]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>();
            let edition = if edition.is_empty() {
                String::new()
            } else {
                format!(" [{}]", edition.join(", "))
            };
            writeln!(
                f,
                "{}{edition}: {} ({})",
                words.superseded,
                s.meaning.get(lang),
                s.note.get(lang)
            )?;
        }
        for p in details.pairings {
            let with = p
                .with
                .split_once(':')
                .and_then(|(family, code)| lookup(family.parse().ok()?, code))
                .map_or_else(|| p.with.to_string(), |e| e.label().to_string());
            writeln!(
                f,
                "{}: {with} ({}, {})",
                words.paired_with, p.edition, p.date
            )?;
        }
        for c in details.conflicts {
            writeln!(
                f,
                "{}: {} {}",
                words.conflict,
                c.about.get(lang),
                c.followed.get(lang)
            )?;
        }
        if !e.related_keys().is_empty() {
            let related: Vec<String> = e.related().map(|r| r.label().to_string()).collect();
            writeln!(f, "{}: {}", words.related, related.join(", "))?;
        }
        let sources: Vec<String> = e.sources().iter().map(source_line).collect();
        write!(f, "{}: {}", words.sources, sources.join("; "))
    }
}

/// A source as a person reads it: its title and link where the data has them, else the
/// document and section it names.
fn source_line(s: &qiwi_errors_shared::Source) -> String {
    match (s.title, s.url) {
        (Some(title), Some(url)) => format!("{title} <{url}>"),
        (None, Some(url)) => url.to_string(),
        _ => match s.lines {
            Some(lines) => format!("{} § {} ({lines})", s.file, s.section),
            None => format!("{} § {}", s.file, s.section),
        },
    }
}

/// A [`Symptom`] rendered as text in one language; made by [`Symptom::display`].
///
/// # Examples
///
/// ```
/// use qiwi_errors::{symptoms, Lang};
///
/// assert!(!symptoms().next().unwrap().display(Lang::Ru).to_string().is_empty());
/// ```
#[derive(Clone, Copy, Debug)]
pub struct SymptomDisplay {
    symptom: Symptom,
    lang: Lang,
}

impl fmt::Display for SymptomDisplay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (s, lang) = (self.symptom, self.lang);
        let words = Words::of(lang);
        writeln!(f, "{}", s.title().get(lang))?;
        writeln!(f)?;
        writeln!(f, "{}", s.summary().get(lang))?;
        writeln!(f)?;
        writeln!(f, "{}:", words.causes)?;
        for cause in s.causes() {
            writeln!(f, "  • {}", cause.get(lang))?;
        }
        writeln!(f, "{}:", words.steps)?;
        for (i, step) in s.steps().iter().enumerate() {
            writeln!(f, "  {}. {}", i + 1, step.get(lang))?;
        }
        write!(f, "{}: {}", words.support, s.contact_support().get(lang))
    }
}
