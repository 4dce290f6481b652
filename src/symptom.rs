//! [`Symptom`]: a problem people search for without a code.

use crate::display::SymptomDisplay;
use crate::kinds::Lang;
use qiwi_errors_shared::SymptomData;
use serde::Serialize;

/// A problem people search for without a code ("SMS code does not arrive"), with causes, steps
/// and when to contact support. Its fields are those of [`SymptomData`], read through `Deref`.
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
#[serde(transparent)]
pub struct Symptom(SymptomData);

impl Symptom {
    /// The symptom of this record; the generated tables call it.
    pub(crate) const fn new(data: SymptomData) -> Symptom {
        Symptom(data)
    }

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
        SymptomDisplay::new(self, lang)
    }
}

impl std::ops::Deref for Symptom {
    type Target = SymptomData;

    fn deref(&self) -> &SymptomData {
        &self.0
    }
}
