//! [`Symptom`]: a problem people search for without a code.

use crate::kinds::Lang;
use crate::tables;
use qiwi_errors_shared::{Keywords, Source, SymptomData, Text};
use serde::Serialize;
use std::fmt;

/// A problem people search for without a code ("SMS code does not arrive"), with causes, steps
/// and when to contact support.
///
/// Like [`Entry`](crate::Entry), a `Symptom` is a small `Copy` handle on a row of the compiled
/// tables, read through its accessors. Found by [`search`](crate::search()) and listed by
/// [`symptoms`].
///
/// # Examples
///
/// ```
/// use qiwi_errors::symptoms;
///
/// assert!(symptoms().any(|s| s.id().contains("sms")));
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Symptom {
    /// The row's position in the generated tables.
    at: u16,
}

/// The code-less problems of the troubleshooting base ("SMS code does not arrive"), in the
/// order of `data/symptoms.json`.
///
/// # Examples
///
/// ```
/// use qiwi_errors::symptoms;
///
/// assert!(symptoms().len() >= 10);
/// ```
pub fn symptoms() -> impl DoubleEndedIterator<Item = Symptom> + ExactSizeIterator + Clone {
    (0..tables::SYMPTOM_COUNT as u16).map(Symptom::at)
}

impl Symptom {
    /// The symptom at position `at` of the generated tables.
    pub(crate) const fn at(at: u16) -> Symptom {
        Symptom { at }
    }

    /// The row this handle names.
    fn data(self) -> &'static SymptomData {
        tables::symptom(self.at)
    }

    /// A stable kebab-case identifier.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::symptoms;
    ///
    /// let first = symptoms().next().unwrap();
    /// assert!(first.id().chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'));
    /// ```
    pub fn id(self) -> &'static str {
        self.data().id
    }

    /// A short name.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::{symptoms, Lang};
    ///
    /// assert!(symptoms().all(|s| !s.title().get(Lang::En).is_empty()));
    /// ```
    pub fn title(self) -> Text {
        self.data().title
    }

    /// What is going on.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::{symptoms, Lang};
    ///
    /// assert!(symptoms().all(|s| !s.summary().get(Lang::Ru).is_empty()));
    /// ```
    pub fn summary(self) -> Text {
        self.data().summary
    }

    /// Phrases people type.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::symptoms;
    ///
    /// assert!(symptoms().all(|s| !s.keywords().ru.is_empty()));
    /// ```
    pub fn keywords(self) -> Keywords {
        self.data().keywords
    }

    /// Likely causes, most likely first.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::symptoms;
    ///
    /// assert!(symptoms().all(|s| !s.causes().is_empty()));
    /// ```
    pub fn causes(self) -> &'static [Text] {
        self.data().causes
    }

    /// What to do, in order.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::symptoms;
    ///
    /// assert!(symptoms().all(|s| !s.steps().is_empty()));
    /// ```
    pub fn steps(self) -> &'static [Text] {
        self.data().steps
    }

    /// When and how to contact support.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::{symptoms, Lang};
    ///
    /// assert!(symptoms().all(|s| !s.contact_support().get(Lang::En).is_empty()));
    /// ```
    pub fn contact_support(self) -> Text {
        self.data().contact_support
    }

    /// Related codes as `family:code` keys.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::symptoms;
    ///
    /// assert!(symptoms().flat_map(|s| s.related_keys()).all(|k| k.contains(':')));
    /// ```
    pub fn related_keys(self) -> &'static [&'static str] {
        self.data().related
    }

    /// Where the facts come from.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::symptoms;
    ///
    /// assert!(symptoms().all(|s| !s.sources().is_empty()));
    /// ```
    pub fn sources(self) -> &'static [Source] {
        self.data().sources
    }
}

/// The serialized form: the record's fields, as `data/symptoms.json` declares them.
impl Serialize for Symptom {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.data().serialize(serializer)
    }
}

/// The symptom's id and title in the default language (Russian), on one line; the whole guide
/// is [`display`](Symptom::display).
///
/// # Examples
///
/// ```
/// use qiwi_errors::symptoms;
///
/// let first = symptoms().next().unwrap();
/// assert!(first.to_string().starts_with(first.id()));
/// ```
impl fmt::Display for Symptom {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} — {}", self.id(), self.title().get(Lang::default()))
    }
}

/// The symptom's id, not its position.
impl fmt::Debug for Symptom {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Symptom").field("id", &self.id()).finish()
    }
}
