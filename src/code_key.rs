//! [`CodeKey`]: the `family:code` key the data, the exports and [`Entry::key`] write.

use crate::entry::Entry;
use crate::kinds::Family;
use std::fmt;
use std::str::FromStr;

/// A code of a family as one value: `ps-error:91`, the form of `related` keys in `data/`, of
/// the exports and of [`Entry::key`]. It parses from that text and prints back to it; the code
/// need not be one the knowledge base has ([`entry`](Self::entry) says whether it is).
///
/// # Examples
///
/// ```
/// use qiwi_errors::{CodeKey, Family};
///
/// let key: CodeKey = "ps-error:91".parse().unwrap();
/// assert_eq!(key.family(), Family::PsError);
/// assert_eq!(key.code(), "91");
/// assert_eq!(key.to_string(), "ps-error:91");
/// assert_eq!(key.entry().unwrap().key(), "ps-error:91");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CodeKey {
    family: Family,
    code: String,
}

impl CodeKey {
    /// The key of `code` in `family`.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::{CodeKey, Family};
    ///
    /// assert_eq!(CodeKey::new(Family::WalletError, "220").to_string(), "wallet-error:220");
    /// ```
    pub fn new(family: Family, code: impl Into<String>) -> CodeKey {
        CodeKey {
            family,
            code: code.into(),
        }
    }

    /// The family.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::{CodeKey, Family};
    ///
    /// assert_eq!(CodeKey::new(Family::PsError, "04").family(), Family::PsError);
    /// ```
    pub fn family(&self) -> Family {
        self.family
    }

    /// The code, as the API writes it.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::{CodeKey, Family};
    ///
    /// assert_eq!(CodeKey::new(Family::PsError, "04").code(), "04");
    /// ```
    pub fn code(&self) -> &str {
        &self.code
    }

    /// The entry of this key, as [`lookup`](crate::lookup) finds it (a number inside a range
    /// row finds that row).
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::{CodeKey, Family};
    ///
    /// assert!(CodeKey::new(Family::PsError, "04").entry().is_some());
    /// assert!(CodeKey::new(Family::PsError, "4").entry().is_none());
    /// ```
    pub fn entry(&self) -> Option<Entry> {
        Entry::find(self.family, &self.code)
    }
}

/// The key of an entry.
///
/// # Examples
///
/// ```
/// use qiwi_errors::{lookup, CodeKey, Family};
///
/// let entry = lookup(Family::PsError, "04").unwrap();
/// assert_eq!(CodeKey::from(entry).to_string(), entry.key());
/// ```
impl From<Entry> for CodeKey {
    fn from(entry: Entry) -> CodeKey {
        CodeKey::new(entry.family(), entry.code())
    }
}

/// `family:code`.
impl fmt::Display for CodeKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.family.as_str(), self.code)
    }
}

/// Parses `family:code`: a family's name exactly as [`Family::as_str`] writes it, a colon,
/// and a code that is not empty (it may hold further colons).
///
/// # Errors
///
/// [`ParseKeyError`] when there is no colon, the family is unknown or the code is empty.
///
/// # Examples
///
/// ```
/// use qiwi_errors::CodeKey;
///
/// assert!("ps-error:04".parse::<CodeKey>().is_ok());
/// assert!("ps-error".parse::<CodeKey>().is_err());
/// assert!("nope:04".parse::<CodeKey>().is_err());
/// assert!("ps-error:".parse::<CodeKey>().is_err());
/// ```
impl FromStr for CodeKey {
    type Err = ParseKeyError;

    fn from_str(s: &str) -> Result<CodeKey, ParseKeyError> {
        let error = || ParseKeyError {
            input: s.to_string(),
        };
        let (family, code) = s.split_once(':').ok_or_else(error)?;
        let family = Family::from_name(family).ok_or_else(error)?;
        if code.is_empty() {
            return Err(error());
        }
        Ok(CodeKey::new(family, code))
    }
}

/// The error of parsing a [`CodeKey`] from text that is not `family:code`; it keeps the input.
///
/// # Examples
///
/// ```
/// use qiwi_errors::CodeKey;
///
/// let err = "ps-error".parse::<CodeKey>().unwrap_err();
/// assert_eq!(err.input(), "ps-error");
/// assert!(err.to_string().contains("`ps-error`"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ParseKeyError {
    input: String,
}

impl ParseKeyError {
    /// The text that is not a key, as given.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::CodeKey;
    ///
    /// assert_eq!("x".parse::<CodeKey>().unwrap_err().input(), "x");
    /// ```
    pub fn input(&self) -> &str {
        &self.input
    }
}

impl fmt::Display for ParseKeyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}` is not a `family:code` key (a family name from `Family::ALL`, a colon, a code)",
            self.input
        )
    }
}

impl std::error::Error for ParseKeyError {}
