//! The typed keys of the lookup maps.
//!
//! A perfect-hash map hashes its whole key on every probe. Most codes are plain numbers, so a
//! key holds a number where the code is one: hashing a family and a `u32` costs less than
//! hashing `"wallet-error:220"`, and parsing the number is cheaper than either.

use crate::kinds::Family;
use core::fmt;
use phf_shared::{FmtConst, PhfBorrow, PhfHash};

/// A code as a lookup key: a number where the API's spelling is a plain number (`"220"`),
/// the spelling itself otherwise (`"04"`, `"CB"`, `"INVALID_STATE"`, `"0-49"`).
///
/// A number with leading zeros stays a string, because `psErrorCode` `"04"` is not `"4"`.
///
/// # Examples
///
/// ```
/// use qiwi_errors_shared::Code;
///
/// assert_eq!(Code::parse("220"), Code::Num(220));
/// assert_eq!(Code::parse("0"), Code::Num(0));
/// assert_eq!(Code::parse("04"), Code::Str("04"));
/// assert_eq!(Code::parse("CB"), Code::Str("CB"));
/// assert_eq!(Code::parse("9999999999"), Code::Str("9999999999"));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Code<'a> {
    /// A plain decimal number of at most nine digits, without leading zeros.
    Num(u32),
    /// Any other spelling.
    Str(&'a str),
}

impl<'a> Code<'a> {
    /// The key of `code` as the API spells it.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors_shared::Code;
    ///
    /// assert_eq!(Code::parse("8001"), Code::Num(8001));
    /// ```
    pub fn parse(code: &'a str) -> Code<'a> {
        let bytes = code.as_bytes();
        let canonical = match bytes {
            [] => false,
            [b'0'] => true,
            [first, ..] => *first != b'0' && bytes.len() <= 9,
        };
        if canonical && bytes.iter().all(u8::is_ascii_digit) {
            let n = bytes.iter().fold(0u32, |n, b| n * 10 + u32::from(b - b'0'));
            Code::Num(n)
        } else {
            Code::Str(code)
        }
    }
}

impl PhfHash for Code<'_> {
    fn phf_hash<H: core::hash::Hasher>(&self, state: &mut H) {
        match self {
            Code::Num(n) => state.write_u32(*n),
            // The 0xFF after a string's bytes keeps it apart from every number: a four-byte
            // string would end in 0xFF where a number of at most nine digits has a smaller top
            // byte, and any other length differs anyway.
            Code::Str(s) => {
                s.phf_hash(state);
                state.write_u8(0xFF);
            }
        }
    }
}

impl<'a, 'b: 'a> PhfBorrow<Code<'a>> for Code<'b> {
    fn borrow(&self) -> &Code<'a> {
        self
    }
}

impl FmtConst for Code<'_> {
    fn fmt_const(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Code::Num(n) => write!(f, "qiwi_errors_shared::Code::Num({n})"),
            Code::Str(s) => write!(f, "qiwi_errors_shared::Code::Str({s:?})"),
        }
    }
}

/// A code of one family: the key of the knowledge base.
///
/// # Examples
///
/// ```
/// use qiwi_errors_shared::{Code, Family, Key};
///
/// let key = Key::new(Family::WalletError, "220");
/// assert_eq!(key.code, Code::Num(220));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Key<'a> {
    /// The family.
    pub family: Family,
    /// The code in it.
    pub code: Code<'a>,
}

impl<'a> Key<'a> {
    /// The key of `code` in `family`.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors_shared::{Code, Family, Key};
    ///
    /// assert_eq!(Key::new(Family::PsError, "04").code, Code::Str("04"));
    /// ```
    pub fn new(family: Family, code: &'a str) -> Key<'a> {
        Key {
            family,
            code: Code::parse(code),
        }
    }
}

impl PhfHash for Key<'_> {
    fn phf_hash<H: core::hash::Hasher>(&self, state: &mut H) {
        match self.code {
            // One eight-byte write: SipHash takes it as a single block, with no tail to buffer.
            Code::Num(n) => state.write_u64(u64::from(self.family as u8) << 32 | u64::from(n)),
            Code::Str(s) => {
                state.write_u8(self.family as u8);
                s.phf_hash(state);
                state.write_u8(0xFF);
            }
        }
    }
}

impl<'a, 'b: 'a> PhfBorrow<Key<'a>> for Key<'b> {
    fn borrow(&self) -> &Key<'a> {
        self
    }
}

impl FmtConst for Key<'_> {
    fn fmt_const(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "qiwi_errors_shared::Key {{ family: qiwi_errors_shared::Family::{:?}, code: ",
            self.family
        )?;
        self.code.fmt_const(f)?;
        f.write_str(" }")
    }
}
